import Foundation
import MMCat
import Synchronization
import Testing

@testable import MMCatJobs

/// A running import reports records done of total, and stops at a batch when its job is canceled.
@Suite struct ProgressTests {
    /// A thousand records of the first corpus case (its records over and over, numbered on).
    static func thousandRecords() throws -> (ModelToCategory, [SourceRecord]) {
        let name = try #require(PipelinedImportTests.cases.first)
        let some = try PipelinedImportTests.records(name).filter {
            if case .object = $0.value { return true } else { return false }
        }
        let records = (0..<1000).map { SourceRecord(number: $0 + 1, value: some[$0 % some.count].value) }
        return (try PipelinedImportTests.importer(name).0, records)
    }

    @Test func anImportReportsRecordsDoneOfTotal() throws {
        let (importer, records) = try Self.thousandRecords()
        let reports = Mutex<[(Int, Int?)]>([])
        var watch = ImportWatch(
            total: records.count, reason: { nil },
            report: { done, total in reports.withLock { $0.append((done, total)) } })
        let source = RecordList(records: records)
        _ = try PipelinedImport.run(importer, reading: source, batchSize: 256) { batch throws(InputError) in
            try watch.written(batch)
        }
        let seen = reports.withLock { $0 }
        // From 0 to all of them, after every batch (a full one holds 256 records).
        #expect(seen.first?.0 == 0 && seen.last?.0 == 1000)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $1.0 > $0.0 && $1.0 - $0.0 <= 256 })
        #expect(seen.count >= 5)
        #expect(seen.allSatisfy { $0.1 == 1000 })
        #expect(watch.canceledReason == nil)
    }

    @Test func aCanceledImportStopsAtTheBatchWhereItSawTheCancel() throws {
        let (importer, records) = try Self.thousandRecords()
        let canceled = Mutex(false)
        var watch = ImportWatch(total: records.count, reason: { canceled.withLock { $0 } ? "canceled by a test" : nil })
        let summary = try PipelinedImport.run(importer, reading: RecordList(records: records), batchSize: 100) {
            batch throws(InputError) in
            if watch.done + batch.read >= 300 { canceled.withLock { $0 = true } }
            return try watch.written(batch)
        }
        #expect(watch.canceledReason == "canceled by a test")
        #expect(summary.read == watch.done && summary.read >= 300 && summary.read < 1000)
    }

    /// A whole-database job reports each kind (those not begun at 0) and the sum so far; a job of
    /// one kind keeps reporting (its kind listed for no one), however often it reports.
    @Test func aJobOfSeveralKindsReportsEachKind() throws {
        let progress = JobProgress()
        let kinds = ["customer", "orders", "item"]
        progress.update(7, kind: 0, of: kinds, done: 10, total: 10)
        progress.update(7, kind: 1, of: kinds, done: 4, total: 50)
        let snapshot = try #require(progress.of(7))
        #expect(snapshot.done == 14 && snapshot.total == 60)
        #expect(snapshot.kinds.map(\.kind) == kinds)
        #expect(snapshot.kinds.map(\.done) == [10, 4, 0])
        #expect(snapshot.kinds.map(\.total) == [10, 50, nil])
        for done in [0, 256, 300] { progress.update(8, kind: 0, of: ["only"], done: done, total: nil) }
        #expect(progress.of(8)?.done == 300 && progress.of(8)?.kinds.isEmpty == true)
        progress.clear(7)
        #expect(progress.of(7) == nil)
    }

    @Test func aStreamHasNoTotal() throws {
        let stream = try JSONRecordReader(bytes: Array("{\"n\": 1}\n{\"n\": 2}".utf8), file: "s.jsonl")
        #expect(stream.totalRecords == nil)
        let last = Mutex<(Int, Int?)>((-1, -1))
        var watch = ImportWatch(
            total: stream.totalRecords, reason: { nil }, report: { done, total in last.withLock { $0 = (done, total) } }
        )
        let (importer, _) = try Self.thousandRecords()
        _ = try PipelinedImport.run(importer, reading: stream) { batch throws(InputError) in try watch.written(batch) }
        #expect(last.withLock { $0.0 } == 2)
        #expect(last.withLock { $0.1 } == nil)
    }
}

/// Records already in memory.
private struct RecordList: RecordSource {
    let records: [SourceRecord]
    private var position = 0
    var totalRecords: Int? { records.count }

    init(records: [SourceRecord]) {
        self.records = records
    }

    mutating func next() throws(InputError) -> SourceRecord? {
        guard position < records.count else { return nil }
        position += 1
        return records[position - 1]
    }
}
