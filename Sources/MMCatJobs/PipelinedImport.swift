import Foundation
import MMCat

/// Model to Category on two cores: a thread of its own reads the source and collects its records
/// (walking each through the mapping and interning its values, with the instance's value pool),
/// while the caller's thread writes the batches collected before into the instance's objects and
/// morphisms. The two halves share nothing but the batches (see ``RecordCollector``), at most
/// `depth` of `batchSize` records waiting, so memory stays bounded however large the source is.
///
/// The result is the import ``ModelToCategory/run(_:)`` gives on one thread: the same records
/// written in the same order, the same rejections and counts. A source's error reaches the caller
/// after the records read before it; the pool is back in the instance whenever this returns.
///
/// ```swift
/// // given: importer: ModelToCategory, data: [UInt8]
/// let source = try JSONRecordReader(bytes: data, file: "orders.json")
/// let summary = try PipelinedImport.run(importer, reading: source) { batch in
///     print("\(batch.read) more records")
///     return true   // false stops at this batch (a canceled job)
/// }
/// ```
package enum PipelinedImport {
    package static func run(
        _ importer: ModelToCategory, reading source: sending any RecordSource, batchSize: Int = 1024, depth: Int = 4,
        afterBatch: (CollectedRecords) throws(InputError) -> Bool = { _ in true }
    ) throws(InputError) -> ModelToCategory.Summary {
        let queue = BatchQueue<CollectedRecords>(depth: depth)
        let worker = Worker(source: source, collector: importer.takeCollector())
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            worker.collect(into: queue, batchSize: batchSize)
            finished.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
        // Whatever happens here, the worker stops and the pool goes back into the instance.
        defer {
            queue.stop()
            finished.wait()
            importer.restore(worker.collector)
        }
        var summary = ModelToCategory.Summary()
        while let batch = try queue.take() {
            importer.apply(batch, to: &summary)
            guard try afterBatch(batch) else { break }
        }
        importer.finish(&summary)
        return summary
    }
}

/// The reading thread's state: the source and the collector, owned by that thread from its start
/// until it has finished (the caller waits for that before it takes the collector back).
private final class Worker: @unchecked Sendable {
    var source: any RecordSource
    var collector: RecordCollector

    init(source: sending any RecordSource, collector: consuming RecordCollector) {
        self.source = source
        self.collector = collector
    }

    /// Collects batches until the source ends, fails, or the caller stops the queue.
    func collect(into queue: BatchQueue<CollectedRecords>, batchSize: Int) {
        while !queue.isStopped {
            var batch = CollectedRecords()
            let started = ContinuousClock.now
            // A full batch, or what there is when the caller has waited while this batch took
            // more than 20 ms (a slow source must not hold back records, nor progress, for a whole
            // batch; a fast one must not be cut into batches of one record by a writer that waits).
            let read = Result { () throws(InputError) in
                while batch.read < batchSize, let record = try source.next() {
                    collector.collect(record.value, number: record.number, into: &batch)
                    if queue.isStopped || queue.isWaiting && ContinuousClock.now - started > .milliseconds(20) {
                        break
                    }
                }
            }
            batch.poolBytes = collector.pool.estimatedBytes
            guard queue.handOver(batch.read > 0 ? batch : nil, after: read) else { return }
        }
    }
}
