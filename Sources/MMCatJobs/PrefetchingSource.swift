import Foundation
import MMCat

/// A record source read ahead on a thread of its own: while the caller imports one batch of
/// records, the next batches are being read (from SQLite, PostgreSQL, MongoDB or a file), so a
/// migration uses a second core for reading. At most `depth` batches of `batchSize` records wait,
/// so memory stays bounded however large the source is; a caller left waiting gets the records
/// read so far at once, so a slow source is not held back a batch at a time. An error of the source reaches the caller
/// after the records read before it, as if read directly.
///
/// ```swift
/// // given: source: any RecordSource
/// var records = PrefetchingSource(source)
/// while let record = try records.next() { print(record.number) }
/// ```
package struct PrefetchingSource: RecordSource {
    private let queue: BatchQueue<[SourceRecord]>
    /// Stops the reading thread when the last copy of this source goes away, however early.
    private let stopper: Stopper
    private var batch: [SourceRecord] = []
    private var position = 0
    package let totalRecords: Int?

    package init(_ base: any RecordSource, batchSize: Int = 4096, depth: Int = 4) {
        totalRecords = base.totalRecords
        let queue = BatchQueue<[SourceRecord]>(depth: depth)
        self.queue = queue
        stopper = Stopper(queue: queue)
        let reader = Reader(base: base)
        let thread = Thread {
            while !queue.isStopped {
                var records: [SourceRecord] = []
                records.reserveCapacity(batchSize)
                // A full batch, or what there is when the caller waits (a slow source must not hold
                // back records, nor a cancel, for a whole batch).
                let read = Result { () throws(InputError) in
                    while records.count < batchSize, let record = try reader.base.next() {
                        records.append(record)
                        if queue.isWaiting { break }
                    }
                }
                guard queue.handOver(records.isEmpty ? nil : records, after: read) else { return }
            }
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    package mutating func next() throws(InputError) -> SourceRecord? {
        while position == batch.count {
            guard let more = try queue.take() else { return nil }
            batch = more
            position = 0
        }
        position += 1
        return batch[position - 1]
    }
}

/// Stops the reading thread at its next batch when released: a caller that stops reading early
/// (a canceled job) must not leave the thread waiting to hand over a batch forever.
private final class Stopper: Sendable {
    let queue: BatchQueue<[SourceRecord]>

    init(queue: BatchQueue<[SourceRecord]>) {
        self.queue = queue
    }

    deinit {
        queue.stop()
    }
}

/// The source, owned by the reading thread alone from the start.
private final class Reader: @unchecked Sendable {
    var base: any RecordSource

    init(base: any RecordSource) {
        self.base = base
    }
}
