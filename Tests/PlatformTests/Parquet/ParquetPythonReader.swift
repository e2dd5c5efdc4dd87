import Foundation

/// Reads a Parquet file with pyarrow and with DuckDB in a `python3` child process and returns what each
/// saw: schema, row count, values and per row group statistics, printed as JSON.
///
/// Values are printed as strings (see ``ParquetSampleTable/printed(_:)``) so that every type compares exactly.
enum ParquetPythonReader {
    struct Report: Decodable {
        let pyarrow: PyArrow
        let duckdb: DuckDB
    }

    struct PyArrow: Decodable {
        let numRows: Int
        let createdBy: String
        let schema: [Field]
        let columns: [String: [String?]]
        let rowGroups: [RowGroup]
    }

    struct Field: Decodable, Equatable {
        let name: String
        let arrowType: String
        let nullable: Bool
        let physical: String
        let logical: String
    }

    struct RowGroup: Decodable {
        let numRows: Int
        let columns: [ColumnChunk]
    }

    struct ColumnChunk: Decodable {
        let compression: String
        let encodings: [String]
        let hasMinMax: Bool
        let min: String?
        let max: String?
        let nullCount: Int
    }

    struct DuckDB: Decodable {
        let sqlTypes: [String]
        let count: Int
        let schema: [DuckField]
        let columns: [String: [String?]]
        let metadata: [DuckChunk]
    }

    struct DuckField: Decodable, Equatable {
        let name: String
        let type: String
        let logicalType: String?
    }

    struct DuckChunk: Decodable {
        let rowGroupId: Int
        let path: String
        let min: String?
        let max: String?
        let nullCount: Int?
        let compression: String
    }

    static func read(_ path: String) throws -> Report {
        let output = try run(script, [path])
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Report.self, from: Data(output.utf8))
    }

    /// Runs `python3 -c script arguments...` and returns its standard output; a failure carries its stderr.
    static func run(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let directory = FileManager.default.temporaryDirectory
        let stdout = directory.appendingPathComponent("parquet-python-\(UUID().uuidString).out")
        let stderr = directory.appendingPathComponent("parquet-python-\(UUID().uuidString).err")
        try Data().write(to: stdout)
        try Data().write(to: stderr)
        defer {
            try? FileManager.default.removeItem(at: stdout)
            try? FileManager.default.removeItem(at: stderr)
        }
        let out = try FileHandle(forWritingTo: stdout)
        let err = try FileHandle(forWritingTo: stderr)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        guard process.terminationStatus == 0 else {
            throw PythonFailure(status: process.terminationStatus, stderr: try String(contentsOf: stderr, encoding: .utf8))
        }
        return try String(contentsOf: stdout, encoding: .utf8)
    }

    struct PythonFailure: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        var description: String { "python3 exited with \(status): \(stderr)" }
    }

    private static let script = #"""
        import datetime, json, math, struct, sys
        import duckdb, pyarrow as pa, pyarrow.parquet as pq

        path = sys.argv[1]
        EPOCH_DAY = datetime.date(1970, 1, 1)
        EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

        def printed(v):
            if v is None: return None
            if isinstance(v, bool): return "true" if v else "false"
            if isinstance(v, int): return str(v)
            if isinstance(v, float): return str(struct.unpack("<q", struct.pack("<d", v))[0])
            if isinstance(v, datetime.datetime):
                if v.tzinfo is None: v = v.replace(tzinfo=datetime.timezone.utc)
                return str((v - EPOCH) // datetime.timedelta(microseconds=1))
            if isinstance(v, datetime.date): return str((v - EPOCH_DAY).days)
            if isinstance(v, bytes): return v.decode("utf-8")
            return str(v)

        def column_values(col):
            if pa.types.is_date32(col.type): col = col.cast(pa.int32())
            elif pa.types.is_timestamp(col.type): col = col.cast(pa.int64())
            return [printed(v) for v in col.to_pylist()]

        table = pq.read_table(path)
        pf = pq.ParquetFile(path)
        md = pf.metadata
        arrow = {
            "num_rows": table.num_rows,
            "created_by": md.created_by,
            "schema": [
                {"name": f.name, "arrow_type": str(f.type), "nullable": f.nullable,
                 "physical": pf.schema.column(i).physical_type, "logical": str(pf.schema.column(i).logical_type)}
                for i, f in enumerate(table.schema)],
            "columns": {name: column_values(table.column(name)) for name in table.column_names},
            "row_groups": [],
        }
        for g in range(md.num_row_groups):
            rg = md.row_group(g)
            chunks = []
            for c in range(rg.num_columns):
                cc = rg.column(c)
                s = cc.statistics
                chunks.append({
                    "compression": cc.compression, "encodings": list(cc.encodings),
                    "has_min_max": bool(s is not None and s.has_min_max),
                    "min": printed(s.min) if s is not None and s.has_min_max else None,
                    "max": printed(s.max) if s is not None and s.has_min_max else None,
                    "null_count": s.null_count if s is not None else -1,
                })
            arrow["row_groups"].append({"num_rows": rg.num_rows, "columns": chunks})

        con = duckdb.connect()
        schema = con.execute(
            "SELECT name, type, logical_type FROM parquet_schema(?) WHERE num_children IS NULL OR num_children = 0",
            [path]).fetchall()
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
        select = []
        for name, sql_type, *_ in described:
            quoted = '"' + name.replace('"', '""') + '"'
            if sql_type == "DATE": select.append(f"({quoted} - DATE '1970-01-01')::BIGINT")
            elif sql_type.startswith("TIMESTAMP"): select.append(f"epoch_us({quoted})")
            else: select.append(quoted)
        types = {d[0]: d[1] for d in described}

        def duck_stat(value, name):
            if value is None: return None
            sql_type = types[name]
            if sql_type == "DATE": return printed(datetime.date.fromisoformat(value))
            if sql_type.startswith("TIMESTAMP"): return printed(datetime.datetime.fromisoformat(value))
            if sql_type == "DOUBLE": return printed(float(value))
            return value

        rows = con.execute(f"SELECT {', '.join(select)} FROM read_parquet(?)", [path]).fetchall()
        duck = {
            "sql_types": [d[1] for d in described],
            "count": con.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchone()[0],
            "schema": [{"name": n, "type": t, "logical_type": l} for n, t, l in schema],
            "columns": {d[0]: [printed(r[i]) for r in rows] for i, d in enumerate(described)},
            "metadata": [
                {"row_group_id": g, "path": p, "min": duck_stat(mn, p), "max": duck_stat(mx, p), "null_count": nc,
                 "compression": comp}
                for g, p, mn, mx, nc, comp in con.execute(
                    "SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count, compression "
                    "FROM parquet_metadata(?) ORDER BY row_group_id, column_id", [path]).fetchall()],
        }
        print(json.dumps({"pyarrow": arrow, "duckdb": duck}))
        """#
}
