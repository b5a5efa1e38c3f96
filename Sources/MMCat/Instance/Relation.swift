/// A morphism evaluated on data: for each domain row, its codomain rows. A function (each row
/// has at most one) is one array of targets by row, -1 where a row has none; any other relation
/// is compressed sparse rows (each row's targets in one array, where each row starts in another).
///
/// ```swift
/// // given: instance: InstanceCategory, orderIndex: Int, orderRow: Int32
/// let items = instance.relation(try Signature(parsing: "8"), from: orderIndex)
/// for item in items.targets(of: orderRow) { print(item) }
/// ```
public struct Relation: Sendable {
    /// `offsets[row] ..< offsets[row + 1]` indexes `targets`; one entry per domain slot, plus one.
    /// Empty for a function, whose `targets` are indexed by row.
    let offsets: [Int32]
    let targets: [Int32]
    /// The number of pairs.
    public let pairCount: Int

    var estimatedBytes: Int { (offsets.capacity + targets.capacity) * 4 }

    /// The domain rows the relation covers (rows past them have no targets).
    var slots: Int { offsets.isEmpty ? targets.count : offsets.count - 1 }

    /// Builds the relation from pairs sorted by (domain, codomain), read forwards or, when `transposed`,
    /// backwards (codomain to domain); the counting sort keeps each row's targets in ascending order.
    init(sortedPairs: [UInt64], domainSlots: Int, transposed: Bool) {
        self.init(slots: domainSlots, count: sortedPairs.count) { visit in
            for pair in sortedPairs {
                let (a, b) = PairStore.unpack(pair)
                if transposed { visit(Int(b), a) } else { visit(Int(a), b) }
            }
        }
    }

    /// Compressed sparse rows over `slots` rows by a counting sort of `count` pairs, which `pairs`
    /// hands to its argument (row, target) twice, the same way each time: once to count them,
    /// once to place them. Each row keeps its targets in the order they came.
    @inline(__always)
    private init(slots: Int, count: Int, pairs: ((_ row: Int, _ target: Int32) -> Void) -> Void) {
        var offsets = [Int32](repeating: 0, count: slots + 1)
        pairs { row, _ in offsets[row + 1] += 1 }
        for index in 0..<slots { offsets[index + 1] += offsets[index] }
        var fill = offsets
        var targets = [Int32](repeating: 0, count: count)
        pairs { row, target in
            targets[Int(fill[row])] = target
            fill[row] += 1
        }
        self.offsets = offsets
        self.targets = targets
        pairCount = count
    }

    init(offsets: [Int32], targets: [Int32]) {
        self.offsets = offsets
        self.targets = targets
        pairCount = targets.count
    }

    /// A function: the target of each row, -1 where a row has none (the array is shared, not copied).
    init(function targets: [Int32], count: Int) {
        offsets = []
        self.targets = targets
        pairCount = count
    }

    /// The inverse of the function `column` (holding `count` targets): for each of `slots` rows,
    /// the rows whose target it is, in ascending order.
    init(inverting column: [Int32], count: Int, slots: Int) {
        self.init(slots: slots, count: count) { visit in
            for (row, target) in column.enumerated() where target >= 0 { visit(Int(target), Int32(row)) }
        }
    }

    /// The identity on `slots` rows.
    static func identity(slots: Int) -> Relation {
        Relation(function: (0..<Int32(slots)).map { $0 }, count: slots)
    }

    @inline(__always)
    public func targets(of row: Int32) -> ArraySlice<Int32> {
        let index = Int(row)
        if offsets.isEmpty {
            guard index < targets.count, targets[index] >= 0 else { return [] }
            return targets[index...index]
        }
        guard index + 1 < offsets.count else { return [] }
        return targets[Int(offsets[index])..<Int(offsets[index + 1])]
    }

    /// This relation followed by `next`: for each row, the distinct images of its images.
    func followed(by next: Relation) -> Relation {
        var newOffsets = [Int32](repeating: 0, count: slots + 1)
        var newTargets = [Int32]()
        newTargets.reserveCapacity(targets.count)
        var scratch: [Int32] = []
        for row in 0..<slots {
            scratch.removeAll(keepingCapacity: true)
            for middle in targets(of: Int32(row)) {
                scratch.append(contentsOf: next.targets(of: middle))
            }
            if scratch.count > 1 {
                scratch.sort()
                var last: Int32 = -1
                for target in scratch where target != last {
                    newTargets.append(target)
                    last = target
                }
            } else {
                newTargets.append(contentsOf: scratch)
            }
            newOffsets[row + 1] = Int32(newTargets.count)
        }
        return Relation(offsets: newOffsets, targets: newTargets)
    }

    /// The union of two relations over the same domain.
    func union(_ other: Relation) -> Relation {
        let slots = max(self.slots, other.slots)
        var newOffsets = [Int32](repeating: 0, count: slots + 1)
        var newTargets = [Int32]()
        for row in 0..<slots {
            let merged = Set(targets(of: Int32(row))).union(other.targets(of: Int32(row))).sorted()
            newTargets.append(contentsOf: merged)
            newOffsets[row + 1] = Int32(newTargets.count)
        }
        return Relation(offsets: newOffsets, targets: newTargets)
    }
}
