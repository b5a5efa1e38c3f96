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
    private var ids: [String: Int32] = [:]
    private var texts: [String] = []
    private var kinds: [ValueKind] = []
    private var integers: [Int64] = []

    public init() {}

    public var count: Int { texts.count }

    /// The id of `text`, adding it on first sight.
    public mutating func intern(_ text: String) -> Int32 {
        if let id = ids[text] { return id }
        let id = Int32(texts.count)
        ids[text] = id
        texts.append(text)
        let kind = ValueKind.of(text)
        kinds.append(kind)
        integers.append(kind == .integer ? Int64(text) ?? 0 : 0)
        return id
    }

    /// The id of `text` if it was interned.
    public func lookup(_ text: String) -> Int32? { ids[text] }

    public func text(_ id: Int32) -> String { texts[Int(id)] }

    public func kind(_ id: Int32) -> ValueKind { kinds[Int(id)] }

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
        if text == "true" || text == "false" { return .boolean }
        var utf8 = Array(text.utf8)
        if utf8.first == UInt8(ascii: "-") { utf8.removeFirst() }
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
        let significant = (whole.drop(while: { $0 == UInt8(ascii: "0") }) + fraction).drop(while: {
            $0 == UInt8(ascii: "0")
        })
        return significant.count <= 15 ? .decimal : .text
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
