import MMCat
import Synchronization
import Testing

@testable import MMCatJobs

/// How many records a source has handed out, read from another thread.
final class Counter: Sendable {
    let value = Mutex(0)
}

/// Reading ahead on a thread changes nothing a caller can see: the same records in the same
/// order, the source's error after the records before it, and no thread left behind.
@Suite struct PrefetchingSourceTests {
    /// `count` records, then an error when `failing`, then the end.
    struct Numbers: RecordSource {
        var count: Int
        var failing = false
        var done = 0
        let reads: Counter

        var totalRecords: Int? { count }

        mutating func next() throws(InputError) -> SourceRecord? {
            guard done < count else {
                if failing { throw InputError(file: "numbers", location: "record \(done + 1)", message: "broken") }
                return nil
            }
            done += 1
            reads.value.withLock { $0 += 1 }
            return SourceRecord(number: done, value: .number(String(done)))
        }
    }

    @Test(arguments: [0, 1, 4095, 4096, 4097, 50_000])
    func everyRecordComesInOrder(count: Int) throws {
        var source = PrefetchingSource(Numbers(count: count, reads: Counter()), batchSize: 4096, depth: 2)
        #expect(source.totalRecords == count)
        var numbers: [Int] = []
        while let record = try source.next() { numbers.append(record.number) }
        #expect(numbers == Array(0..<count).map { $0 + 1 })
        #expect(try source.next() == nil)
    }

    @Test func theSourcesErrorComesAfterItsRecords() throws {
        var source = PrefetchingSource(Numbers(count: 10_000, failing: true, reads: Counter()), batchSize: 1000)
        var seen = 0
        let error = #expect(throws: InputError.self) {
            while try source.next() != nil { seen += 1 }
        }
        #expect(seen == 10_000)
        #expect(error?.description == "numbers: record 10001: broken")
    }

    /// A caller that stops early (a canceled job) lets the reader stop too: it reads at most the
    /// batches that fit in the queue, not the whole source.
    @Test func aCallerThatStopsEarlyStopsTheReader() async throws {
        let reads = Counter()
        do {
            var source = PrefetchingSource(Numbers(count: 10_000_000, reads: reads), batchSize: 100, depth: 2)
            _ = try source.next()
        }
        try await Task.sleep(for: .milliseconds(300))
        let after = reads.value.withLock { $0 }
        try await Task.sleep(for: .milliseconds(300))
        #expect(reads.value.withLock { $0 } == after)
        #expect(after < 1000, "read \(after) records")
    }
}
