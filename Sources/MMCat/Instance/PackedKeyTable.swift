/// A key that a ``PackedKeyTable`` can hold: plain words with a cheap, well-mixed hash.
protocol PackedKey: Equatable {
    var mixed: UInt64 { get }
}

/// The values of an id of one or two signatures, packed into one word.
struct NarrowKey: PackedKey {
    var word: UInt64

    @inline(__always)
    var mixed: UInt64 {
        var hash = word &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 31
        return hash
    }
}

/// The values of an id of three or four signatures, packed into two words.
struct WideKey: PackedKey {
    var low: UInt64
    var high: UInt64

    @inline(__always)
    var mixed: UInt64 {
        var hash = (low ^ (high &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 31
        return hash
    }
}

/// An open-addressing hash table from packed id values to a row number.
///
/// The ids of several signatures (an order item's `(order, product)`) are packed into words of
/// value ids. Swift's `Dictionary` hashes every key with SipHash, which dominated imports of
/// millions of rows; here a key is mixed with a multiplication and found by linear probing in one
/// flat array of entries (one cache line per probe) that stays at most half full.
///
/// ```swift
/// var table = PackedKeyTable<NarrowKey>()
/// _ = table.findOrInsert(NarrowKey(word: 7), row: 3)   // nil: inserted
/// table.find(NarrowKey(word: 7))                       // 3
/// ```
struct PackedKeyTable<Key: PackedKey> {
    private struct Entry {
        var key: Key
        /// -1 marks an empty slot.
        var row: Int32
    }

    private var entries: [Entry] = []
    private var mask = 0
    private(set) var count = 0

    init() {}

    var estimatedBytes: Int { entries.capacity * MemoryLayout<Entry>.stride }

    func find(_ key: Key) -> Int32? {
        guard count > 0 else { return nil }
        var index = Int(truncatingIfNeeded: key.mixed) & mask
        while true {
            let entry = entries[index]
            if entry.row < 0 { return nil }
            if entry.key == key { return entry.row }
            index = (index + 1) & mask
        }
    }

    /// The row stored under `key`, or nil after storing `row` under it (one probe sequence).
    mutating func findOrInsert(_ key: Key, row: Int32) -> Int32? {
        if (count + 1) * 2 > entries.count { grow(sample: key) }
        var index = Int(truncatingIfNeeded: key.mixed) & mask
        while true {
            let entry = entries[index]
            if entry.row < 0 {
                entries[index] = Entry(key: key, row: row)
                count += 1
                return nil
            }
            if entry.key == key { return entry.row }
            index = (index + 1) & mask
        }
    }

    /// Stores `row` under `key`, replacing what was there.
    mutating func set(_ key: Key, _ row: Int32) {
        if (count + 1) * 2 > entries.count { grow(sample: key) }
        var index = Int(truncatingIfNeeded: key.mixed) & mask
        while entries[index].row >= 0 && entries[index].key != key {
            index = (index + 1) & mask
        }
        if entries[index].row < 0 { count += 1 }
        entries[index] = Entry(key: key, row: row)
    }

    private mutating func grow(sample: Key) {
        let old = entries
        let capacity = max(16, entries.count * 2)
        entries = [Entry](repeating: Entry(key: sample, row: -1), count: capacity)
        mask = capacity - 1
        count = 0
        for entry in old where entry.row >= 0 {
            set(entry.key, entry.row)
        }
    }
}
