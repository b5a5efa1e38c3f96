/// Records collected by a ``RecordCollector`` and not yet written into the instance: for each
/// record its rows (object and interned values) and pairs (morphism slot and the two rows), in
/// flat arrays shared by the whole batch, and the rejections of the records that were left out.
///
/// Rows are numbered within the batch; a record's pairs join rows of that record only, so
/// ``ModelToCategory/apply(_:to:)`` can write the records one after another exactly as if each
/// had been imported alone.
public struct CollectedRecords: Sendable {
    /// Records read into this batch, the rejected ones included.
    public internal(set) var read = 0
    /// The rejected records, in record order.
    public internal(set) var rejections: [ModelToCategory.Rejection] = []
    /// The pool's estimated size when the batch was handed over (a memory limit reads it while
    /// the collector holds the pool on another thread).
    public var poolBytes = 0

    var rowObjects: [Int] = []
    var rowStarts: [Int] = []
    var rowValues: [Int32] = []
    var pairSlots: [Int] = []
    var pairEnds: [(Int, Int)] = []
    /// Where each collected record's rows and pairs end (its first are the previous record's ends).
    var recordEnds: [(rows: Int, pairs: Int)] = []

    public init() {}

    /// Records collected, not counting the rejected ones.
    public var count: Int { recordEnds.count }

    /// Empties the batch, keeping its buffers for the next one.
    public mutating func removeAll() {
        read = 0
        rejections.removeAll(keepingCapacity: true)
        rowObjects.removeAll(keepingCapacity: true)
        rowStarts.removeAll(keepingCapacity: true)
        rowValues.removeAll(keepingCapacity: true)
        pairSlots.removeAll(keepingCapacity: true)
        pairEnds.removeAll(keepingCapacity: true)
        recordEnds.removeAll(keepingCapacity: true)
    }

    /// Where the batch stands, to drop a record that turns out to be rejected.
    var mark: (rows: Int, values: Int, pairs: Int) { (rowObjects.count, rowValues.count, pairSlots.count) }

    mutating func rollBack(to mark: (rows: Int, values: Int, pairs: Int)) {
        rowObjects.removeLast(rowObjects.count - mark.rows)
        rowStarts.removeLast(rowStarts.count - mark.rows)
        rowValues.removeLast(rowValues.count - mark.values)
        pairSlots.removeLast(pairSlots.count - mark.pairs)
        pairEnds.removeLast(pairEnds.count - mark.pairs)
    }

    mutating func endRecord() {
        recordEnds.append((rowObjects.count, pairSlots.count))
    }

    /// Adds a row whose values were appended from `start` on, and its pair with `parent`; returns the row.
    mutating func addRow(_ object: Int, start: Int, parent: Int?, slot: Int) -> Int {
        let row = rowObjects.count
        rowObjects.append(object)
        rowStarts.append(start)
        if let parent {
            pairSlots.append(slot)
            pairEnds.append((parent, row))
        }
        return row
    }

    /// Adds a row of an attribute holding one value, and its pair with `row`.
    mutating func addValueRow(_ target: Int, _ value: Int32, from row: Int, slot: Int) {
        let start = rowValues.count
        rowValues.append(value)
        _ = addRow(target, start: start, parent: row, slot: slot)
    }
}
