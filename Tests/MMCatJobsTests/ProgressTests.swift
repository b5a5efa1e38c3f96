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
