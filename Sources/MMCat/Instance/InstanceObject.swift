/// The rows of one schema object: for each row the values of the object's superId signatures.
///
/// Rows are numbered from 0. Values sit in one flat array (`arity` per row, `-1` where a row has
/// no value), every id of the object has a hash index, and rows that turn out to be the same
/// (found through different ids) are merged with union-find: the merged row points to the one
/// that survives, and ``find(_:)`` follows that link.
///
/// ```swift
/// // given: schema: SchemaCategory, pool: inout ValuePool
/// let order = InstanceObject(schemaObject: schema.object(103)!)
/// let row = order.upsert([pool.intern("2043")])
/// ```
public final class InstanceObject {
    public let schemaObject: SchemaObject
    /// The number of superId signatures: values per row.
    public let arity: Int
    /// Positions in the superId of each id's signatures.
    public let idPositions: [[Int]]
    /// Whether the object has one id made of all its superId (every attribute): a row found by
    /// that id already holds exactly the values that found it.
    private let idIsWholeRow: Bool
    public private(set) var values: [Int32] = []
    private var parent: [Int32] = []
    private var indexes: [IdIndex]
    /// The number of row slots, merged ones included.
    public private(set) var slotCount = 0
    /// How many rows were merged into others since the object was created.
    public private(set) var mergeCount = 0
    /// Values that disagreed with a value the row already had (the first value is kept).
    public private(set) var conflictCount = 0

    public init(schemaObject: SchemaObject) {
        self.schemaObject = schemaObject
        self.arity = schemaObject.superId.count
        self.idPositions = schemaObject.ids.map { id in
            id.compactMap { schemaObject.superId.firstIndex(of: $0) }
        }
        self.indexes = idPositions.map { IdIndex(width: $0.count) }
        self.idIsWholeRow = idPositions.count == 1 && Set(idPositions[0]) == Set(0..<arity)
    }

    /// The rows ``InstanceSnapshot`` read: `values` (`arity` per row) and the union-find links of
    /// every row. The id indexes are rebuilt from every row, merged ones too, in creation order,
    /// each key kept by the first row that has it: a lookup then leads, through ``find(_:)``, to
    /// the row the original indexes led to, so later imports merge exactly as they would have.
    convenience init(
        schemaObject: SchemaObject, values: [Int32], parent: [Int32], mergeCount: Int, conflictCount: Int
    ) {
        self.init(schemaObject: schemaObject)
        self.values = values
        self.parent = parent
        slotCount = parent.count
        self.mergeCount = mergeCount
        self.conflictCount = conflictCount
        for row in 0..<Int32(slotCount) {
            let slice = values[(Int(row) * arity)..<(Int(row) * arity + arity)]
            for (index, positions) in idPositions.enumerated() {
                if let key = IdKey(positions: positions, values: slice) { _ = indexes[index].findOrInsert(key, row) }
            }
        }
    }

    /// The union-find link of every row (itself for a row that was not merged).
    var links: [Int32] { parent }

    /// An independent copy; the arrays are shared until either side changes (copy on write), so a
    /// snapshot costs almost nothing. `schemaObject` renames or moves the copy's schema object; its
    /// superId and ids must be this one's.
    public func copy(as schemaObject: SchemaObject? = nil) -> InstanceObject {
        let copy = InstanceObject(schemaObject: schemaObject ?? self.schemaObject)
        copy.values = values
        copy.parent = parent
        copy.indexes = indexes
        copy.slotCount = slotCount
        copy.mergeCount = mergeCount
        copy.conflictCount = conflictCount
        return copy
    }

    /// The position of `signature` in the superId.
    public func position(of signature: Signature) -> Int? {
        schemaObject.superId.firstIndex(of: signature)
    }

    /// The row that `row` was merged into (itself if it was not).
    @inline(__always)
    public func find(_ row: Int32) -> Int32 {
        var current = row
        while parent[Int(current)] != current {
            let next = parent[Int(current)]
            parent[Int(current)] = parent[Int(next)]
            current = next
        }
        return current
    }

    /// The value of `row` at superId position `position`, or -1.
    @inline(__always)
    public func value(_ row: Int32, _ position: Int) -> Int32 {
        values[Int(row) * arity + position]
    }

    /// The row whose first id is the single value `value` (an attribute's row is found by its
    /// value), or nil when no row has it.
    public func row(withValue value: Int32) -> Int32? {
        guard idPositions.first?.count == 1, let key = IdKey(positions: [0], values: [value][...]),
            let row = indexes[0].lookup(key)
        else { return nil }
        return find(row)
    }

    /// Rows that were not merged into others, in creation order.
    public var liveRows: [Int32] {
        (0..<Int32(slotCount)).filter { parent[Int($0)] == $0 }
    }

    public var liveRowCount: Int { slotCount - mergeCount }

    /// About how many bytes the object's rows and indexes hold.
    public var estimatedBytes: Int {
        values.capacity * 4 + parent.capacity * 4 + indexes.reduce(0) { $0 + $1.estimatedBytes }
    }

    /// Finds the row identified by any id that `candidate` covers, merges everything found into
    /// one row and adds the candidate's values to it; creates a new row when nothing is found.
    /// Returns nil when the candidate covers no id (such a row could never be found again).
    public func upsert(_ candidate: ArraySlice<Int32>) -> Int32? {
        if idPositions.count == 1 {
            return upsertSingleId(candidate)
        }
        var found: Int32 = -1
        var covered = false
        var needsMerge = false
        for (index, positions) in idPositions.enumerated() {
            guard let key = IdKey(positions: positions, values: candidate) else { continue }
            covered = true
            guard let hit = indexes[index].lookup(key) else { continue }
            let row = find(hit)
            if found == -1 {
                found = row
            } else if found != row {
                needsMerge = true
            }
        }
        guard covered else { return nil }
        if found == -1 {
            let row = Int32(slotCount)
            slotCount += 1
            parent.append(row)
            values.append(contentsOf: candidate)
            register(row)
            return row
        }
        if needsMerge {
            for (index, positions) in idPositions.enumerated() {
                guard let key = IdKey(positions: positions, values: candidate),
                    let hit = indexes[index].lookup(key)
                else { continue }
                let other = find(hit)
                if other != found {
                    let (survivor, merged) = found < other ? (found, other) : (other, found)
                    absorb(merged, into: survivor)
                    found = survivor
                }
            }
        }
        let gained = addValues(candidate, to: found)
        if gained || needsMerge { register(found) }
        return found
    }

    /// Fills the values `row` lacks from `candidate`; a value that disagrees with the row's is
    /// counted as a conflict and the row keeps its own. Returns whether the row gained a value.
    private func addValues(_ candidate: ArraySlice<Int32>, to row: Int32) -> Bool {
        var gained = false
        let base = Int(row) * arity
        for position in 0..<arity {
            let incoming = candidate[candidate.startIndex + position]
            guard incoming >= 0 else { continue }
            let existing = values[base + position]
            if existing < 0 {
                values[base + position] = incoming
                gained = true
            } else if existing != incoming {
                conflictCount += 1
            }
        }
        return gained
    }

    /// ``upsert(_:)`` for an object with one id (most objects): one probe finds or places the row.
    private func upsertSingleId(_ candidate: ArraySlice<Int32>) -> Int32? {
        let newRow = Int32(slotCount)
        let found: Int32?
        if idPositions[0].count == 1 {
            // An id of one value (every attribute, most entities): its index is an array by value.
            let value = candidate[candidate.startIndex + idPositions[0][0]]
            guard value >= 0 else { return nil }
            found = indexes[0].findOrInsert(value: value, newRow)
        } else {
            guard let key = IdKey(positions: idPositions[0], values: candidate) else { return nil }
            found = indexes[0].findOrInsert(key, newRow)
        }
        guard let existing = found else {
            slotCount += 1
            parent.append(newRow)
            values.append(contentsOf: candidate)
            return newRow
        }
        // Without merged rows a row is its own representative, and a row found by all its values
        // has nothing to add: two loads from memory (the link and the value) saved per value of
        // every attribute, where most of an import's upserts go.
        if mergeCount == 0 && idIsWholeRow { return existing }
        let row = mergeCount == 0 ? existing : find(existing)
        _ = addValues(candidate, to: row)
        return row
    }

    private func absorb(_ merged: Int32, into survivor: Int32) {
        parent[Int(merged)] = survivor
        mergeCount += 1
        let from = Int(merged) * arity
        let to = Int(survivor) * arity
        for position in 0..<arity where values[to + position] < 0 && values[from + position] >= 0 {
            values[to + position] = values[from + position]
        }
    }

    private func register(_ row: Int32) {
        let slice = values[(Int(row) * arity)..<(Int(row) * arity + arity)]
        for (index, positions) in idPositions.enumerated() {
            if let key = IdKey(positions: positions, values: slice) {
                indexes[index].insert(key, row)
            }
        }
    }
}

/// The values of one id of a row, packed for hashing: up to four values inline, more in an array.
struct IdKey: Hashable {
    var low: UInt64
    var high: UInt64
    var more: [Int32]?

    /// Nil when a value of the id is missing.
    init?(positions: [Int], values: ArraySlice<Int32>) {
        low = 0
        high = 0
        more = nil
        let start = values.startIndex
        for (index, position) in positions.enumerated() {
            let value = values[start + position]
            if value < 0 { return nil }
            switch index {
            case 0: low = UInt64(UInt32(value))
            case 1: low |= UInt64(UInt32(value)) << 32
            case 2: high = UInt64(UInt32(value))
            case 3: high |= UInt64(UInt32(value)) << 32
            default: more = (more ?? []) + [value]
            }
        }
    }
}

/// The index of one id. An id of one signature (the common case) is keyed by the value id itself,
/// and value ids are dense small integers, so that index is an array by value id: no hashing at
/// all. The array is kept in pages of 1,024 rows made on first use, because value ids are the
/// pool's, shared by every object: the eleven discounts of a line item, interned after twelve
/// million other values, would otherwise cost an array of twelve million rows.
/// Ids of two signatures use a table of one-word keys, three or four a table of two-word keys,
/// longer ones a dictionary.
struct IdIndex {
    /// Where each page of the array by value id starts in `pages` (-1: no page yet).
    private var pageStarts: [Int32] = []
    /// The pages, one after another: the row of each value id (-1: none).
    private var pages: [Int32] = []
    private static let pageBits = 10
    private static let pageMask = (1 << pageBits) - 1
    private var narrow = PackedKeyTable<NarrowKey>()
    private var wide = PackedKeyTable<WideKey>()
    private var long: [IdKey: Int32] = [:]
    private let width: Int

    init(width: Int) {
        self.width = width
    }

    /// About how many bytes the index holds (a dictionary entry counted as 64).
    var estimatedBytes: Int {
        (pageStarts.capacity + pages.capacity) * 4 + narrow.estimatedBytes + wide.estimatedBytes + long.count * 64
    }

    func lookup(_ key: IdKey) -> Int32? {
        switch width {
        case 1: break
        case 2: return narrow.find(NarrowKey(word: key.low))
        case 3, 4: return wide.find(WideKey(low: key.low, high: key.high))
        default: return long[key]
        }
        let slot = self.slot(of: Int(key.low))
        guard slot >= 0 else { return nil }
        let row = pages[slot]
        return row >= 0 ? row : nil
    }

    /// Where the row of value id `value` is kept in `pages`, or -1 when its page was not made.
    @inline(__always)
    private func slot(of value: Int) -> Int {
        let page = value >> Self.pageBits
        guard page < pageStarts.count else { return -1 }
        let start = Int(pageStarts[page])
        return start < 0 ? -1 : start + value & Self.pageMask
    }

    /// ``findOrInsert(_:_:)`` for an index of one value: the array slot of `value` read once.
    @inline(__always)
    mutating func findOrInsert(value: Int32, _ row: Int32) -> Int32? {
        var slot = self.slot(of: Int(value))
        if slot >= 0 {
            let existing = pages[slot]
            if existing >= 0 { return existing }
        } else {
            slot = makePage(for: Int(value))
        }
        pages[slot] = row
        return nil
    }

    /// Makes the page that holds value id `value`; returns the value's slot.
    private mutating func makePage(for value: Int) -> Int {
        let page = value >> Self.pageBits
        if page >= pageStarts.count {
            pageStarts.append(
                contentsOf: repeatElement(-1, count: max(page + 1, pageStarts.count * 2) - pageStarts.count))
        }
        let start = pages.count
        pageStarts[page] = Int32(start)
        pages.append(contentsOf: repeatElement(-1, count: Self.pageMask + 1))
        return start + value & Self.pageMask
    }

    /// The row stored under `key`, or nil after storing `row` under it.
    mutating func findOrInsert(_ key: IdKey, _ row: Int32) -> Int32? {
        switch width {
        case 1: return findOrInsert(value: Int32(truncatingIfNeeded: key.low), row)
        case 2: return narrow.findOrInsert(NarrowKey(word: key.low), row: row)
        case 3, 4: return wide.findOrInsert(WideKey(low: key.low, high: key.high), row: row)
        default:
            if let existing = long[key] { return existing }
            long[key] = row
            return nil
        }
    }

    mutating func insert(_ key: IdKey, _ row: Int32) {
        switch width {
        case 1: break
        case 2: return narrow.set(NarrowKey(word: key.low), row)
        case 3, 4: return wide.set(WideKey(low: key.low, high: key.high), row)
        default:
            long[key] = row
            return
        }
        var slot = self.slot(of: Int(key.low))
        if slot < 0 { slot = makePage(for: Int(key.low)) }
        pages[slot] = row
    }
}
