import Contracts
import Platform

/// A query's answer from Trino: the column names and the rows, each value as Trino's JSON gives it.
struct TrinoResult: Sendable {
    let columns: [String]
    let rows: [[JSONValue]]
}

/// Trino's REST client protocol, as the compose day-6 checks need it: `POST /v1/statement` with the SQL,
/// then `GET` each `nextUri` until the answer has none, collecting columns and data on the way.
struct TrinoStatementClient: Sendable {
    /// Trino's base URL, e.g. `http://localhost:8080` (`TRINO_URL` of the `.env`).
    let baseURL: String
    /// The user the statements run as (`TRINO_USER`).
    let user: String
    /// How long one query may take, polling included.
    var timeoutSeconds: Double = 120

    /// Runs `sql` and returns every row; a query Trino fails throws its error name and message.
    func query(_ sql: String) throws -> TrinoResult {
        let http = CurlHTTPClient(timeoutMilliseconds: 30_000)
        let headers = [(name: "X-Trino-User", value: user), (name: "Content-Type", value: "text/plain")]
        var response = try http.perform(
            HTTPRequest(method: "POST", url: baseURL + "/v1/statement", headers: headers, body: Array(sql.utf8)))
        var columns: [String] = []
        var rows: [[JSONValue]] = []
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        while true {
            guard response.status == 200 else {
                throw SmokeFailure("Trino answered HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
            }
            let page = try JSONParser.parse(response.body)
            if let error = page["error"] {
                let name = error["errorName"]?.stringValue ?? "error"
                throw SmokeFailure("Trino \(name): \(error["message"]?.stringValue ?? "no message") (SQL: \(sql.prefix(120)))")
            }
            if columns.isEmpty, let described = page["columns"]?.arrayValue {
                columns = described.compactMap { $0["name"]?.stringValue }
            }
            rows += (page["data"]?.arrayValue ?? []).compactMap(\.arrayValue)
            guard let next = page["nextUri"]?.stringValue else { return TrinoResult(columns: columns, rows: rows) }
            guard ContinuousClock.now < deadline else { throw SmokeFailure("Trino query still running after \(Int(timeoutSeconds)) s") }
            response = try http.perform(HTTPRequest(method: "GET", url: next, headers: [(name: "X-Trino-User", value: user)]))
        }
    }
}

extension TrinoStatementClient {
    /// Reads `columns` of table `name` as a ``CanonicalTable`` in canonical text (NULL empty, numbers as Trino
    /// prints them, timestamps and dates as Trino's JSON gives them). `missing` is added to the failure
    /// when Trino does not know the table, saying how it comes to exist.
    func table(_ name: String, header columns: [String], missing hint: String? = nil) throws -> CanonicalTable {
        let result: TrinoResult
        do {
            result = try query("SELECT \(columns.joined(separator: ", ")) FROM \(name)")
        } catch let failure as SmokeFailure where failure.description.contains("TABLE_NOT_FOUND") && hint != nil {
            throw SmokeFailure("\(failure.description); \(hint!)")
        }
        return CanonicalTable(header: columns, rows: result.rows.map { $0.map(Self.text) })
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.description
        case .string(let text): text
        case .array, .object: JSONSerializer.string(value)
        }
    }
}
