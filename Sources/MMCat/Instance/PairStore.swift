/// The pairs of one base morphism (in its positive direction) or of one composite shortcut.
///
/// Most morphisms are functions on the data: a row of an order has one number, one date, one
/// customer. While that holds, the store is a *column*: the codomain row of each domain row, 4
/// bytes a row (-1 where a row has none), filled in place, never sorted, and read as a
/// ``Relation`` without building anything. The first domain row given a second codomain row turns
/// the store into a list of pairs, each packed into one `UInt64` (domain row in the high half,
/// codomain row in the low half), so that sorting them is a plain integer sort; pairs are appended
/// as the import finds them and ``seal(domain:codomain:)`` re-points merged rows and removes
/// duplicates.
public final class PairStore {
    /// The schema object index of the domain and codomain.
    public let domain: Int
    public let codomain: Int
    /// The codomain row of every domain row while each has at most one; nil once one has two.
    private var column: [Int32]? = []
    /// The rows of `column` that hold a codomain row.
    private var columnCount = 0
    /// The pairs, once the store is no longer a column.
    private var pairs: [UInt64] = []
    private var sealedCount = 0
    /// The most recent pair seen in each of 4,096 slots (allocated with the list of pairs).
    /// Materializing composites appends the same few pairs over and over (every item of product
    /// 123 adds product 123's name again); this drops such repeats before they cost memory and
    /// sorting. Pairs it misses are removed by ``seal``.
    private var recent: [UInt64] = []

    init(domain: Int, codomain: Int) {
        self.domain = domain
        self.codomain = codomain
    }

    /// A store holding `sealed`: pairs already sorted, without repeats and pointing at live rows,
    /// as ``InstanceSnapshot`` wrote them; a column again when they are a function.
    init(domain: Int, codomain: Int, sealed: [UInt64]) {
        self.domain = domain
        self.codomain = codomain
        let isFunction = sealed.indices.dropFirst().allSatisfy { sealed[$0] >> 32 != sealed[$0 - 1] >> 32 }
        if isFunction {
            var column = [Int32](repeating: -1, count: sealed.last.map { Int($0 >> 32) + 1 } ?? 0)
            for pair in sealed {
                let (dom, cod) = Self.unpack(pair)
                column[Int(dom)] = cod
            }
            self.column = column
            columnCount = sealed.count
        } else {
            column = nil
            pairs = sealed
            sealedCount = sealed.count
            recent = Self.emptyRecent
        }
    }

    private static var emptyRecent: [UInt64] { [UInt64](repeating: .max, count: 4096) }

    public var count: Int { column == nil ? pairs.count : columnCount }

    /// Whether the store is a column (each domain row has at most one codomain row).
    var isColumn: Bool { column != nil }

    /// The pairs sorted by domain row, then codomain row (what a snapshot writes). Call after
    /// ``seal(domain:codomain:)``.
    public var packed: [UInt64] {
        guard let column else { return pairs }
        var result: [UInt64] = []
        result.reserveCapacity(columnCount)
        for (dom, cod) in column.enumerated() where cod >= 0 {
            result.append(UInt64(UInt32(dom)) << 32 | UInt64(UInt32(cod)))
        }
        return result
    }

    /// About how many bytes the pairs hold.
    var estimatedBytes: Int { (column?.capacity ?? 0) * 4 + (pairs.capacity + recent.capacity) * 8 }

    /// An independent copy (the arrays are shared until either side changes), optionally
    /// between the same objects at other positions of an edited schema category.
    func copy(domain: Int? = nil, codomain: Int? = nil) -> PairStore {
        let copy = PairStore(domain: domain ?? self.domain, codomain: codomain ?? self.codomain)
        copy.column = column
        copy.columnCount = columnCount
        copy.pairs = pairs
        copy.sealedCount = sealedCount
        copy.recent = recent
        return copy
    }

    var isSealed: Bool { column != nil || sealedCount == pairs.count }

    @inline(__always)
    func append(_ dom: Int32, _ cod: Int32) {
        if column != nil {
            let index = Int(dom)
            if index < column.unsafelyUnwrapped.count {
                let existing = column.unsafelyUnwrapped[index]
                if existing == cod { return }
                if existing < 0 {
                    column![index] = cod
                    columnCount += 1
                    return
                }
            } else {
                grow(to: index)
                column![index] = cod
                columnCount += 1
                return
            }
            // A second codomain row for `dom`: from here on, a list of pairs.
            becomePairs()
        }
        let pair = UInt64(UInt32(dom)) << 32 | UInt64(UInt32(cod))
        let slot = Int(truncatingIfNeeded: (pair &* 0x9E37_79B9_7F4A_7C15) >> 52)
        if recent[slot] == pair { return }
        recent[slot] = pair
        pairs.append(pair)
    }

    /// Makes the column hold row `index` (at least doubling, so growing costs little per row).
    private func grow(to index: Int) {
        let count = column!.count
        column!.append(contentsOf: repeatElement(-1, count: max(index + 1, count * 2, 1024) - count))
    }

    /// Turns the column into a list of pairs (sorted, as the column is read in row order).
    private func becomePairs() {
        pairs = packed
        sealedCount = 0
        column = nil
        columnCount = 0
        recent = Self.emptyRecent
    }

    /// Re-points merged rows to the rows they were merged into, sorts, and removes duplicates.
    /// A column whose merged rows end up with two codomain rows becomes a list of pairs.
    func seal(domain: InstanceObject, codomain: InstanceObject, canonicalize: Bool) {
        if column != nil {
            if canonicalize && !canonicalizeColumn(domain: domain, codomain: codomain) {
                becomePairs()
            } else {
                return
            }
        }
        if canonicalize {
            for index in pairs.indices {
                let pair = pairs[index]
                let dom = domain.find(Int32(truncatingIfNeeded: pair >> 32))
                let cod = codomain.find(Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF))
                pairs[index] = UInt64(UInt32(dom)) << 32 | UInt64(UInt32(cod))
            }
        } else if isSealed {
            return
        }
        pairs.sort()
        var write = 0
        for read in pairs.indices where write == 0 || pairs[read] != pairs[write - 1] {
            pairs[write] = pairs[read]
            write += 1
        }
        pairs.removeSubrange(write...)
        sealedCount = pairs.count
    }

    /// Re-points the column through merged rows: a merged domain row's codomain row moves to the
    /// row it was merged into (which is older, so already re-pointed). False, with the column
    /// untouched, when two rows merged into one would hold different codomain rows.
    private func canonicalizeColumn(domain: InstanceObject, codomain: InstanceObject) -> Bool {
        var column = self.column!
        var count = columnCount
        for dom in column.indices where column[dom] >= 0 {
            let cod = codomain.find(column[dom])
            let survivor = Int(domain.find(Int32(dom)))
            if survivor == dom {
                column[dom] = cod
                continue
            }
            column[dom] = -1
            if column[survivor] < 0 {
                column[survivor] = cod
            } else if column[survivor] == cod {
                count -= 1
            } else {
                return false
            }
        }
        self.column = column
        columnCount = count
        return true
    }

    /// Keeps only the pairs for which `keep` is true.
    func filter(_ keep: (Int32, Int32) -> Bool) {
        if column != nil { becomePairs() }
        pairs.removeAll { !keep(Int32(truncatingIfNeeded: $0 >> 32), Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF)) }
        sealedCount = 0
        recent = Self.emptyRecent
    }

    /// The pairs as a relation from the domain's `slots` rows, or read backwards (codomain to
    /// domain) when `transposed`. A column read forwards is the relation itself.
    func relation(slots: Int, transposed: Bool) -> Relation {
        guard let column else { return Relation(sortedPairs: pairs, domainSlots: slots, transposed: transposed) }
        return transposed
            ? Relation(inverting: column, count: columnCount, slots: slots)
            : Relation(function: column, count: columnCount)
    }

    @inline(__always)
    static func unpack(_ pair: UInt64) -> (Int32, Int32) {
        (Int32(truncatingIfNeeded: pair >> 32), Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF))
    }
}
