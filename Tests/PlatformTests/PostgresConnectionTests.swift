import Platform
import Testing

/// libpq against a real throw-away cluster: parameters, typed rows, SQLSTATE in errors, PostGIS.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PostgresConnectionTests {
    @Test func postgisLoadsAndReportsItsVersion() throws {
        let cluster = try TemporaryPostgresCluster.start()
        defer { try? cluster.stop() }
        let connection = try PostgresConnection(connectionString: cluster.connectionString)

        try connection.query("CREATE EXTENSION postgis")
        let version = try connection.query("SELECT postgis_full_version() AS version")[0].decode("version", as: String.self)

        #expect(version?.contains("POSTGIS=\"3.") == true)
        #expect(connection.serverVersion / 10_000 == 15)
    }

    @Test func parametersTravelApartFromTheSQLText() throws {
        let cluster = try TemporaryPostgresCluster.start()
        defer { try? cluster.stop() }
        let connection = try PostgresConnection(connectionString: cluster.connectionString)
        try connection.execute(script: "CREATE TABLE notes (id int PRIMARY KEY, body text, done boolean)")

        let inserted = try connection.query(
            "INSERT INTO notes VALUES ($1, $2, $3), ($4, $5, $6)",
            ["1", "it's; DROP TABLE notes; --", "true", "2", nil, "false"])
        let rows = try connection.query("SELECT id, body, done FROM notes ORDER BY id")

        #expect(inserted.affectedRows == 2)
        #expect(rows.count == 2)
        #expect(try rows[0].decode("id", as: Int.self) == 1)
        #expect(try rows[0].decode("body", as: String.self) == "it's; DROP TABLE notes; --")
        #expect(try rows[0].decode("done", as: Bool.self) == true)
        #expect(try rows[1].decode("body", as: String.self) == nil)
        #expect(try rows[1].decode("done", as: Bool.self) == false)
    }

    @Test func serverErrorsCarryTheirSQLState() throws {
        let cluster = try TemporaryPostgresCluster.start()
        defer { try? cluster.stop() }
        let connection = try PostgresConnection(connectionString: cluster.connectionString)
        try connection.execute(script: "CREATE TABLE keys (id int PRIMARY KEY); INSERT INTO keys VALUES (1);")

        let missing = #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM no_such_table") }
        let duplicate = #expect(throws: PostgresError.self) { try connection.query("INSERT INTO keys VALUES (1)") }

        #expect(missing?.sqlState == "42P01")
        #expect(missing?.kind == .query)
        #expect(duplicate?.sqlState == "23505")
        #expect(duplicate?.message.contains("duplicate key") == true)
    }

    @Test func decodingTheWrongTypeNamesTheColumn() throws {
        let cluster = try TemporaryPostgresCluster.start()
        defer { try? cluster.stop() }
        let connection = try PostgresConnection(connectionString: cluster.connectionString)

        let row = try connection.query("SELECT 'abc' AS word")[0]
        let error = #expect(throws: PostgresError.self) { try row.decode("word", as: Int.self) }

        #expect(error?.kind == .decoding)
        #expect(error?.message.contains("word") == true)
    }

    @Test func connectingToAClosedPortFailsWithAConnectionError() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(connectionString: "host=127.0.0.1 port=1 user=postgres dbname=poc connect_timeout=2")
        }
        #expect(error?.kind == .connection)
        #expect(error?.sqlState == "08001")
    }
}
