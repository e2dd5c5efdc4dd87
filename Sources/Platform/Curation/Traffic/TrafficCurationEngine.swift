#if canImport(Glibc)
import Glibc
#endif

/// RAW traffic CSV → `stg_traffic` → `fct_traffic_daily`, the rules of the dbt models, in memory that
/// does not grow with the input.
///
/// Two passes. ``add(path:)`` streams each RAW file through ``CSVStreamReader``, types every record by the
/// STG rules (``TrafficRowEncoder``) and spills it to one of `partitionCount` temp files by the hash of its
/// reading_id. ``finish(into:)`` then deduplicates one partition at a time (``TrafficDeduplicator``: all
/// rows of a reading_id are in the same partition, so the SQL's `row_number() = 1` can be decided there)
/// and hands each kept row to the sink and to the daily aggregate, whose groups (days × sensors) are the
/// only state that outlives a partition.
///
/// A malformed file (a header without the traffic columns, a record of the wrong width, an unterminated
/// quote, no header at all) is rejected as a whole and its rows already spilled are rolled back.
///
/// Not Sendable: one engine is one run.
public final class TrafficCurationEngine {
    private let directory: String
    private let spill: TrafficSpill
    private let deduplicator: TrafficDeduplicator
    private var encoder = TrafficRowEncoder()
    private var counts = TrafficCurationCounts()
    private var finished = false

    /// Creates an engine whose temp files live in a new directory under `temporaryDirectory`.
    /// `partitionMemoryBytes` bounds the rows of one partition held at once (split further if bigger).
    public init(
        temporaryDirectory: String = "/tmp", partitionCount: Int = 64, partitionMemoryBytes: Int = 128 << 20
    ) throws(TrafficCurationError) {
        var template = Array("\(temporaryDirectory)/sluice-curate-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw .io("cannot create a temp directory under \(temporaryDirectory)", errno: errno)
        }
        directory = String(cString: created)
        do {
            spill = try TrafficSpill(directory: directory, partitionCount: partitionCount)
        } catch {
            rmdir(directory)
            throw error
        }
        deduplicator = TrafficDeduplicator(memoryBudget: partitionMemoryBytes, fanOut: partitionCount)
    }

    deinit {
        removeTemporaryFiles()
    }

    /// Reads the RAW CSV at `path` into the run: the number of data records, or why the file was rejected
    /// (then none of its records count). Throws only for failures of the run itself (temp files).
    public func add(path: String) throws(TrafficCurationError) -> Result<Int, TrafficFileRejection> {
        precondition(!finished, "add(path:) after finish(into:)")
        let mark = try spill.mark()
        var rows = 0
        var withoutID = 0
        let outcome: TrafficFileRejection?
        do {
            outcome = try read(path: path, rows: &rows, withoutID: &withoutID)
        } catch let error as TrafficCurationError {
            throw error
        } catch let error as CSVError {
            outcome = TrafficFileRejection(line: error.line, reason: error.reason)
        } catch {
            outcome = TrafficFileRejection(line: 0, reason: "\(error)")
        }
        if let outcome {
            try spill.rollBack(to: mark)
            return .failure(outcome)
        }
        counts.rowsIn += rows
        counts.rowsWithoutReadingID += withoutID
        return .success(rows)
    }

    /// Nil when the whole file was read; the rejection when it is malformed.
    private func read(path: String, rows: inout Int, withoutID: inout Int) throws -> TrafficFileRejection? {
        let reader = try CSVStreamReader(path: path)
        guard try reader.nextRecord() else {
            return TrafficFileRejection(line: 0, reason: "the file is empty: no header")
        }
        let columns: TrafficRawColumns
        do {
            columns = try TrafficRawColumns(header: (0..<reader.fieldCount).map(reader.string))
        } catch {
            return error
        }
        while try reader.nextRecord() {
            guard reader.fieldCount == columns.width else {
                return TrafficFileRejection(
                    line: reader.line, reason: "\(reader.fieldCount) fields where the header has \(columns.width)")
            }
            rows += 1
            if encoder.encode(reader, columns: columns) {
                try spill.append(encoder.row, hash: encoder.readingIDHash)
            } else {
                withoutID += 1
            }
        }
        return nil
    }

    /// Deduplicates, writes every STG row and then every CURATED row to `sink`, removes the temp files and
    /// returns the counts. An engine finishes once.
    public func finish(into sink: some TrafficCurationSink) throws -> TrafficCurationCounts {
        precondition(!finished, "finish(into:) twice")
        finished = true
        defer { removeTemporaryFiles() }
        let sizes = try spill.finish()
        var aggregate = TrafficDailyAggregator()
        var stagingRows = 0
        for index in 0..<spill.partitionCount {
            try deduplicator.deduplicate(path: spill.path(of: index), size: sizes[index], level: 0) { staged in
                let row = StgTrafficRow(staged)
                try sink.write(staging: row)
                try aggregate.add(row)
                stagingRows += 1
            }
        }
        let daily = aggregate.rows()
        for row in daily { try sink.write(daily: row) }
        counts.stagingRows = stagingRows
        counts.dailyRows = daily.count
        return counts
    }

    private func removeTemporaryFiles() {
        for index in 0..<spill.partitionCount { unlink(spill.path(of: index)) }
        rmdir(directory)
    }
}
