/// The `Contracts` module: the JSON value and parser, the JSON-Schema validator, the event envelope model,
/// the contract registry over `contracts/` and the schema review tool. It is pure Swift and imports no
/// other Sluice module, so both the platform and the emulators can depend on it.
public enum Contracts {}
