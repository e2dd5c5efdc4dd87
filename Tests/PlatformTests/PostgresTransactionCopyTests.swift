import Foundation
import Platform
import Testing

/// Transactions, COPY bulk loads and connection reuse against a real throw-away cluster.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PostgresTransactionCopyTests {
    private struct Refused: Error {}

    @Test func aTransactionCommitsOnSuccessAndRollsBackOnError() async throws {
        let cluster = try await BlockingWork.run { try TemporaryPostgresCluster.start() }
        defer { try? cluster.stop() }
        let connection = try PostgresConnection(connectionString: cluster.connectionString)
        try connection.execute(script: "CREATE TABLE runs (id int PRIMARY KEY, state text)")

        let committed = try connection.transaction { conn in
            try conn.query("INSERT INTO runs VALUES ($1, $2)", ["1", "started"])
            try conn.query("UPDATE runs SET state = 'done' WHERE id = 1")
            return "ok"
        }
        #expect(throws: Refused.self) {
            try connection.transaction { conn in
                try conn.query("INSERT INTO runs VALUES (2, 'started')")
                try conn.query("UPDATE runs SET state = 'lost' WHERE id = 1")
                throw Refused()
            }
        }
        let failedStatement = #expect(throws: PostgresError.self) {
            try connection.transaction { conn in
                try conn.query("INSERT INTO runs VALUES (3, 'started')")
                try conn.query("INSERT INTO runs VALUES (1, 'duplicate')")
            }
        }
        let rows = try connection.query("SELECT id, state FROM runs ORDER BY id")

        #expect(committed == "ok")
        #expect(failedStatement?.sqlState == "23505")
        #expect(rows.count == 1)
        #expect(try rows[0].decode("state", as: String.self) == "done")
        // The connection is usable again after each rollback.
        #expect(try connection.query("SELECT count(*) AS n FROM runs")[0].decode("n", as: Int.self) == 1)
    }

    @Test func aSwallowedFailureIsNotReportedAsACommit() async throws {
        let cluster = try await BlockingWork.run { try TemporaryPostgresCluster.start() }
        defer { try? cluster.stop() }
        let connection = try PostgresConnection(connectionString: cluster.connectionString)
        try connection.execute(script: "CREATE TABLE t (id int PRIMARY KEY)")

        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { conn in
                try conn.query("INSERT INTO t VALUES (1)")
                _ = try? conn.query("INSERT INTO t VALUES (1)")
            }
        }
        let nested = #expect(throws: PostgresError.self) {
            try connection.transaction { conn in
                try conn.query("INSERT INTO t VALUES (5)")
                try conn.transaction { inner in try inner.query("INSERT INTO t VALUES (6)") }
            }
        }

        #expect(error?.sqlState == "25P02")
        #expect(nested?.kind == .usage)
        #expect(try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 0)
    }

    @Test func copyLoadsAHundredThousandRowsAndAMalformedRowLandsNothing() async throws {
        let cluster = try await BlockingWork.run { try TemporaryPostgresCluster.start() }
        defer { try? cluster.stop() }
        let connection = try PostgresConnection(connectionString: cluster.connectionString)
        try connection.execute(script: "CREATE TABLE readings (id int PRIMARY KEY, sensor text, value double precision)")

        let lines = (1...100_000).map { "\($0),\"sensor, \($0 % 17)\",\(Double($0) / 4)" }
        let stored = try connection.copyIn(sql: "COPY readings FROM STDIN WITH (FORMAT csv)", rows: lines)
        let afterLoad = try connection.query("SELECT count(*) AS n, sum(id) AS s FROM readings")[0]

        try connection.execute(script: "CREATE TABLE more (id int, sensor text, value double precision)")
        let badValue = #expect(throws: PostgresError.self) {
            try connection.copyIn(
                sql: "COPY more FROM STDIN WITH (FORMAT csv)", rows: ["1,a,1.5\n", "two,b,2.5\n", "3,c,3.5\n"])
        }
        let badShape = #expect(throws: PostgresError.self) {
            try connection.copyIn(sql: "COPY more FROM STDIN", rows: ["1\ta\t1.5", "2\tb"])
        }
        let notCopy = #expect(throws: PostgresError.self) {
            try connection.copyIn(sql: "SELECT 1", rows: ["x"])
        }
        let textFormat = try connection.copyIn(sql: "COPY more FROM STDIN", rows: ["7\t\\N\t0.5", "8\ttab\\there\t1"])
        let more = try connection.query("SELECT id, sensor FROM more ORDER BY id")

        #expect(stored == 100_000)
        #expect(try afterLoad.decode("n", as: Int.self) == 100_000)
        #expect(try afterLoad.decode("s", as: Int.self) == 5_000_050_000)
        #expect(badValue?.sqlState == "22P02")
        #expect(badShape?.sqlState == "22P04")
        #expect(notCopy?.kind == .usage)
        #expect(textFormat == 2)
        #expect(more.count == 2)  // nothing of the failed loads landed
        #expect(try more[0].decode("sensor", as: String.self) == nil)
        #expect(try more[1].decode("sensor", as: String.self) == "tab\there")
    }

    @Test func aPoolReusesConnectionsAndDropsOnesLeftInATransaction() async throws {
        let cluster = try TemporaryPostgresCluster.start()
        defer { try? cluster.stop() }
        let pool = PostgresConnectionPool(connectionString: cluster.connectionString, size: 2)
        try pool.withConnection { try $0.execute(script: "CREATE TABLE hits (worker int)") }

        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    try pool.withConnection { conn in
                        try conn.transaction { try $0.query("INSERT INTO hits VALUES ($1)", ["\(worker)"]) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let backends = try pool.withConnection { conn in
            try conn.query("SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend'")[0]
                .decode("n", as: Int.self)
        }
        try pool.withConnection { try $0.query("BEGIN") }  // left open: must not be handed out again

        #expect(try pool.withConnection { try $0.query("SELECT count(*) AS n FROM hits")[0].decode("n", as: Int.self) } == 8)
        #expect(backends ?? 0 <= 2)
        #expect(pool.idleCount <= 2)
        let one = try pool.withConnection { conn in
            try conn.transaction { try $0.query("SELECT 1 AS one")[0].decode("one", as: Int.self) }
        }
        #expect(one == 1)
    }
}
