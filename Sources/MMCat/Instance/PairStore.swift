/// The pairs of one base morphism (in its positive direction) or of one composite shortcut.
///
/// A pair is packed into one `UInt64` (domain row in the high half, codomain row in the low half),
/// so a million pairs take 8 MB and sorting them is a plain integer sort. Pairs are appended as
/// the import finds them; ``seal(domain:codomain:)`` re-points merged rows and removes duplicates.
public final class PairStore {
    /// The schema object index of the domain and codomain.
    public let domain: Int
    public let codomain: Int
    public private(set) var packed: [UInt64] = []
    private var sealedCount = 0
    /// The most recent pair seen in each of 4,096 slots. Materializing composites appends the same
    /// few pairs over and over (every item of product 123 adds product 123's name again); this drops
    /// such repeats before they cost memory and sorting. Pairs it misses are removed by ``seal``.
    private var recent = [UInt64](repeating: .max, count: 4096)

    init(domain: Int, codomain: Int) {
        self.domain = domain
        self.codomain = codomain
    }

    /// A store holding `sealed`: pairs already sorted, without repeats and pointing at live rows,
    /// as ``InstanceSnapshot`` wrote them.
    init(domain: Int, codomain: Int, sealed: [UInt64]) {
        self.domain = domain
        self.codomain = codomain
        packed = sealed
        sealedCount = sealed.count
    }

    public var count: Int { packed.count }

    /// About how many bytes the pairs hold.
    var estimatedBytes: Int { (packed.capacity + recent.capacity) * 8 }

    /// An independent copy (the pair array is shared until either side changes), optionally
    /// between the same objects at other positions of an edited schema category.
    func copy(domain: Int? = nil, codomain: Int? = nil) -> PairStore {
        let copy = PairStore(domain: domain ?? self.domain, codomain: codomain ?? self.codomain)
        copy.packed = packed
        copy.sealedCount = sealedCount
        copy.recent = recent
        return copy
    }
    var isSealed: Bool { sealedCount == packed.count }

    @inline(__always)
    func append(_ dom: Int32, _ cod: Int32) {
        let pair = UInt64(UInt32(dom)) << 32 | UInt64(UInt32(cod))
        let slot = Int(truncatingIfNeeded: (pair &* 0x9E37_79B9_7F4A_7C15) >> 52)
        if recent[slot] == pair { return }
        recent[slot] = pair
        packed.append(pair)
    }

    /// Re-points merged rows to the rows they were merged into, sorts, and removes duplicates.
    func seal(domain: InstanceObject, codomain: InstanceObject, canonicalize: Bool) {
        if canonicalize {
            for index in packed.indices {
                let pair = packed[index]
                let dom = domain.find(Int32(truncatingIfNeeded: pair >> 32))
                let cod = codomain.find(Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF))
                packed[index] = UInt64(UInt32(dom)) << 32 | UInt64(UInt32(cod))
            }
        } else if isSealed {
            return
        }
        packed.sort()
        var write = 0
        for read in packed.indices where write == 0 || packed[read] != packed[write - 1] {
            packed[write] = packed[read]
            write += 1
        }
        packed.removeSubrange(write...)
        sealedCount = packed.count
    }

    /// Keeps only the pairs for which `keep` is true.
    func filter(_ keep: (Int32, Int32) -> Bool) {
        packed.removeAll { !keep(Int32(truncatingIfNeeded: $0 >> 32), Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF)) }
        sealedCount = 0
        recent = [UInt64](repeating: .max, count: recent.count)
    }

    @inline(__always)
    static func unpack(_ pair: UInt64) -> (Int32, Int32) {
        (Int32(truncatingIfNeeded: pair >> 32), Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF))
    }
}

/// A morphism evaluated on data: for each domain row, its codomain rows (compressed sparse rows).
///
/// ```swift
/// // given: instance: InstanceCategory, orderIndex: Int, orderRow: Int32
/// let items = instance.relation(try Signature(parsing: "8"), from: orderIndex)
/// for item in items.targets(of: orderRow) { print(item) }
/// ```
public struct Relation: Sendable {
    /// `offsets[row] ..< offsets[row + 1]` indexes `targets`; one entry per domain slot, plus one.
    public let offsets: [Int32]
    public let targets: [Int32]

    var estimatedBytes: Int { (offsets.capacity + targets.capacity) * 4 }

    /// Builds the relation from pairs sorted by (domain, codomain), read forwards or, when `transposed`,
    /// backwards (codomain to domain); a counting sort keeps each row's targets in ascending order.
    init(sortedPairs: [UInt64], domainSlots: Int, transposed: Bool) {
        var offsets = [Int32](repeating: 0, count: domainSlots + 1)
        for pair in sortedPairs {
            let (a, b) = PairStore.unpack(pair)
            offsets[Int(transposed ? b : a) + 1] += 1
        }
        for index in 0..<domainSlots { offsets[index + 1] += offsets[index] }
        var fill = offsets
        var targets = [Int32](repeating: 0, count: sortedPairs.count)
        for pair in sortedPairs {
            let (a, b) = PairStore.unpack(pair)
            let dom = Int(transposed ? b : a)
            targets[Int(fill[dom])] = transposed ? a : b
            fill[dom] += 1
        }
        self.offsets = offsets
        self.targets = targets
    }

    init(offsets: [Int32], targets: [Int32]) {
        self.offsets = offsets
        self.targets = targets
    }

    /// The identity on `slots` rows.
    static func identity(slots: Int) -> Relation {
        Relation(offsets: (0...Int32(slots)).map { $0 }, targets: (0..<Int32(slots)).map { $0 })
    }

    @inline(__always)
    public func targets(of row: Int32) -> ArraySlice<Int32> {
        let index = Int(row)
        guard index + 1 < offsets.count else { return [] }
        return targets[Int(offsets[index])..<Int(offsets[index + 1])]
    }

    /// This relation followed by `next`: for each row, the distinct images of its images.
    func followed(by next: Relation) -> Relation {
        let slots = offsets.count - 1
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
        let slots = max(offsets.count, other.offsets.count) - 1
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
