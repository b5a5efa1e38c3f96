import Foundation
import MMCat
import Synchronization
import Testing

@testable import MMCatJobs

/// A running import reports records done of total.
@Suite struct ProgressTests {
    @Test func anImportReportsRecordsDoneOfTotal() throws {
        let records = (1...1000).map { SourceRecord(number: $0, value: .object([JSONMember("n", .number("\($0)"))])) }
        let reports = Mutex<[(Int, Int?)]>([])
        var source = CancellableSource(
            base: RecordList(records: records), reason: { nil },
            report: { done, total in reports.withLock { $0.append((done, total)) } })
        while try source.next() != nil {}
        let seen = reports.withLock { $0 }
        #expect(seen.map(\.0) == [0, 256, 512, 768, 1000])
        #expect(seen.allSatisfy { $0.1 == 1000 })
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
        var source = CancellableSource(
            base: stream, reason: { nil }, report: { done, total in last.withLock { $0 = (done, total) } })
        while try source.next() != nil {}
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
