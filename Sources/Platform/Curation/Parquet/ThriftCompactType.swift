/// The type nibbles of the Thrift compact protocol, as field headers and list headers carry them.
///
/// See the Thrift compact protocol specification (`doc/specs/thrift-compact-protocol.md` in apache/thrift).
enum ThriftCompactType: UInt8, Sendable {
    case stop = 0
    case booleanTrue = 1
    case booleanFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case structure = 12
}
