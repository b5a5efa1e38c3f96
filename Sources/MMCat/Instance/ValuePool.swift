/// Every distinct value of an instance category, stored once and named by a small integer.
///
/// Rows and indexes hold these integers instead of strings: comparing and hashing them is cheap,
/// and a value that occurs a million times is stored once. Values are equal when their texts are.
///
/// ```swift
/// var pool = ValuePool()
/// let id = pool.intern("2043")
/// pool.text(id)   // "2043"
/// pool.kind(id)   // .integer
/// ```
public struct ValuePool: Sendable {
    /// Open-addressing table of value ids (-1 empty) with each slot's hash, probed linearly; a value
    /// is found by its UTF-8 bytes. (Swift's `Dictionary` costs a SipHash per lookup, which showed up
    /// as the largest single cost of an import.)
    private var slots: [Slot] = []
    private var mask = 0
    private var texts: [String] = []
    private var kinds: [ValueKind] = []
    private var integers: [Int64] = []
    /// Bytes of texts too long to be stored inside their `String` (more than 15 UTF-8 bytes),
    /// with their allocation's header.
    private var heapTextBytes = 0
    /// The id of each canonical integer from 0 to `numbers.count - 1` (-1: not in the pool): such
    /// a value is found by its number, not its hash. Keys are mostly numbers counted up, so their
    /// lookups then walk this array in order, where each lookup in the hash table was a cache
    /// miss (83% of the interning time of a million-row import was that one load). The range
    /// grows with the pool (at most four slots a value), so scattered large numbers stay hashed.
    private var numbers: [Int32] = []

    /// A value id (-1 when empty) with the low half of its hash, side by side in 8 bytes so that
    /// a probe reads one cache line and the table of a few million values stays small. The slot's
    /// index comes from the same 32 bits, so growing moves slots without hashing texts again.
    private struct Slot {
        var hash: UInt32
        var id: Int32
    }

    public init() {}

    public var count: Int { texts.count }

    /// About how many bytes of memory the pool holds: its arrays and its long texts.
    public var estimatedBytes: Int {
        slots.capacity * MemoryLayout<Slot>.stride + texts.capacity * MemoryLayout<String>.stride + kinds.capacity
            + integers.capacity * 8 + numbers.capacity * 4 + heapTextBytes
    }

    /// The id of `text`, adding it on first sight.
    public mutating func intern(_ text: String) -> Int32 {
        if let number = Self.smallNumber(text), number < numbers.count || coversNumbers(upTo: number) {
            if numbers[number] >= 0 { return numbers[number] }
            let id = append(text, kind: .integer, integer: Int64(number))
            numbers[number] = id
            return id
        }
        let hash = Self.hash(text)
        if let id = find(text, hash) { return id }
        if (texts.count + 1) * 2 > slots.count { grow() }
        let kind = ValueKind.of(text)
        let id = append(text, kind: kind, integer: kind == .integer ? Int64(text) ?? 0 : 0)
        place(id, hash)
        return id
    }

    private mutating func append(_ text: String, kind: ValueKind, integer: Int64) -> Int32 {
        let id = Int32(texts.count)
        texts.append(text)
        if text.utf8.count > 15 { heapTextBytes += text.utf8.count + 32 }
        kinds.append(kind)
        integers.append(integer)
        return id
    }

    /// A canonical integer from 0 to 999,999,999 (digits only, no leading zero): its number.
    private static func smallNumber(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard let first = utf8.first, utf8.count <= 9, first != UInt8(ascii: "0") || utf8.count == 1 else {
            return nil
        }
        var number = 0
        for byte in utf8 {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            number = number * 10 + Int(byte - 0x30)
        }
        return number
    }

    /// Makes `numbers` reach `number` when the pool is large enough for it (four slots a value
    /// at most, 65,536 at least), and says whether it does. Numbers interned before through the
    /// hash table are entered too, so a number in the range is always found there.
    private mutating func coversNumbers(upTo number: Int) -> Bool {
        let bound = max(1 << 16, 4 * (texts.count + 1))
        guard number < bound else { return false }
        let oldCount = numbers.count
        let newCount = min(bound, max(number + 1, oldCount * 2, 1024))
        numbers.append(contentsOf: repeatElement(-1, count: newCount - oldCount))
        for id in kinds.indices where kinds[id] == .integer {
            let value = integers[id]
            if value >= oldCount && value < newCount { numbers[Int(value)] = Int32(id) }
        }
        return true
    }

    private func find(_ text: String, _ hash: UInt32) -> Int32? {
        guard !slots.isEmpty else { return nil }
        var index = Int(hash) & mask
        while true {
            let slot = slots[index]
            if slot.id < 0 { return nil }
            if slot.hash == hash && texts[Int(slot.id)].utf8.elementsEqual(text.utf8) { return slot.id }
            index = (index + 1) & mask
        }
    }

    private mutating func place(_ id: Int32, _ hash: UInt32) {
        var index = Int(hash) & mask
        while slots[index].id >= 0 { index = (index + 1) & mask }
        slots[index] = Slot(hash: hash, id: id)
    }

    /// Doubles the table, moving each slot by the hash bits it keeps: no text is read or hashed
    /// again (rehashing every text was a tenth of a million-row import, most of it in the last
    /// doublings). Tables stay below 2^32 slots, which the 32 bits address.
    private mutating func grow() {
        let old = slots
        let capacity = max(64, slots.count * 2)
        slots = [Slot](repeating: Slot(hash: 0, id: -1), count: capacity)
        mask = capacity - 1
        for slot in old where slot.id >= 0 { place(slot.id, slot.hash) }
    }

    /// FNV-1a over the UTF-8 bytes, finished with a multiply-xorshift so the low bits mix well;
    /// its low 32 bits.
    private static func hash(_ text: String) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash = (hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// The id of `text` if the pool holds it (nothing is added).
    public func id(of text: String) -> Int32? {
        if let number = Self.smallNumber(text), number < numbers.count {
            return numbers[number] >= 0 ? numbers[number] : nil
        }
        return find(text, Self.hash(text))
    }

    public func text(_ id: Int32) -> String { texts[Int(id)] }

    public func kind(_ id: Int32) -> ValueKind { kinds[Int(id)] }

    /// The rank of each of `values` in output order (1 for the first; 0 for values not listed), indexed
    /// by value id. Integers are sorted as numbers in one contiguous pass, so ranking a million ids
    /// costs one integer sort, not a million string comparisons.
    public func ranks(of values: some Sequence<Int32>) -> [Int32] {
        var seen = [Bool](repeating: false, count: texts.count)
        var numbers: [(Int64, Int32)] = []
        var others: [Int32] = []
        for value in values where value >= 0 && !seen[Int(value)] {
            seen[Int(value)] = true
            if kinds[Int(value)] == .integer {
                numbers.append((integers[Int(value)], value))
            } else {
                others.append(value)
            }
        }
        numbers.sort { $0.0 < $1.0 }
        others.sort { texts[Int($0)].utf8.lexicographicallyPrecedes(texts[Int($1)].utf8) }
        var rank = [Int32](repeating: 0, count: texts.count)
        var next: Int32 = 1
        for (_, value) in numbers {
            rank[Int(value)] = next
            next += 1
        }
        for value in others {
            rank[Int(value)] = next
            next += 1
        }
        return rank
    }

    /// Orders values for output: integers by number, everything else by Unicode code points (UTF-8 bytes).
    public func precedes(_ lhs: Int32, _ rhs: Int32) -> Bool {
        if lhs == rhs { return false }
        let left = Int(lhs)
        let right = Int(rhs)
        switch (kinds[left], kinds[right]) {
        case (.integer, .integer): return integers[left] < integers[right]
        case (.integer, _): return true
        case (_, .integer): return false
        default: return texts[left].utf8.lexicographicallyPrecedes(texts[right].utf8)
        }
    }
}

/// What a value's text looks like, so that exports can type columns and fields.
///
/// Only canonical texts count as numbers (`"01234"` stays text), so writing a number and reading it
/// back gives the same text, and value equality (by text) survives the round trip.
public enum ValueKind: UInt8, Sendable, Comparable {
    case integer
    case decimal
    case boolean
    case text

    /// The kind that holds both: integers and decimals give decimal, anything else mixed gives text.
    public func joined(with other: ValueKind) -> ValueKind {
        if self == other { return self }
        if (self == .integer && other == .decimal) || (self == .decimal && other == .integer) { return .decimal }
        return .text
    }

    public static func < (lhs: ValueKind, rhs: ValueKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Classifies a text: a canonical 64-bit integer, a canonical decimal of at most 15 significant
    /// digits without trailing zeros (so a double holds it exactly), `true`/`false`, or text.
    public static func of(_ text: String) -> ValueKind {
        var bytes = text
        // The bytes in place (a native string's are contiguous already): no array per value.
        return bytes.withUTF8 { utf8 in of(utf8: utf8, text: text) }
    }

    private static func of(utf8 all: UnsafeBufferPointer<UInt8>, text: String) -> ValueKind {
        guard let head = all.first else { return .text }
        if head == UInt8(ascii: "t") || head == UInt8(ascii: "f") {
            return text == "true" || text == "false" ? .boolean : .text
        }
        let utf8 = head == UInt8(ascii: "-") ? all[1...] : all[...]
        guard let first = utf8.first, isDigit(first) else { return .text }
        guard let dot = utf8.firstIndex(of: UInt8(ascii: ".")) else {
            guard utf8.allSatisfy(isDigit), first != UInt8(ascii: "0") || utf8.count == 1 else { return .text }
            return Int64(text) != nil && text != "-0" ? .integer : .text
        }
        let whole = utf8[..<dot]
        let fraction = utf8[(dot + 1)...]
        guard whole.allSatisfy(isDigit), fraction.allSatisfy(isDigit), !fraction.isEmpty,
            whole.count == 1 || whole.first != UInt8(ascii: "0"), fraction.last != UInt8(ascii: "0")
        else { return .text }
        let isZero = { (byte: UInt8) in byte == UInt8(ascii: "0") }
        let leading = whole.drop(while: isZero)
        let significant = leading.isEmpty ? fraction.drop(while: isZero).count : leading.count + fraction.count
        return significant <= 15 ? .decimal : .text
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
