/// A value a query reads, compares and computes: what a constant is written as, what an
/// attribute's value text holds (its ``ValueKind``), or what a function returns.
///
/// Values compare as MM-cat compares them, by text, except that two numbers compare as numbers:
/// `2043 = "2043"` holds (the same value, read from a JSON number and from a CSV cell), `2.50 = 2.5`
/// too. Texts order by Unicode code points, as PostgreSQL's `C` collation does.
///
/// ```swift
/// QueryValue.integer(2043).equals(.text("2043"))   // true
/// QueryValue.text("Book").compared(to: .text("Toy"))   // -1
/// ```
public enum QueryValue: Sendable, Equatable {
    case integer(Int64)
    case decimal(Double)
    case boolean(Bool)
    case text(String)

    /// The value of an instance's value text. A number written with trailing zeros (`55.00`, as
    /// PostgreSQL gives `numeric(10,2)`), which the instance keeps as text, is a number here too;
    /// a leading zero (`007`, a code) keeps a text a text.
    public init(text: String, kind: ValueKind) {
        switch kind {
        case .integer: self = Int64(text).map(QueryValue.integer) ?? .text(text)
        case .decimal: self = Double(text).map(QueryValue.decimal) ?? .text(text)
        case .boolean: self = .boolean(text == "true")
        case .text: self = Self.isPlainNumber(text) ? Double(text).map(QueryValue.decimal) ?? .text(text) : .text(text)
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, on bytes.
    private static func isPlainNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        let whole = bytes.prefix(while: isDigit)
        guard !whole.isEmpty, whole.count == 1 || whole.first != UInt8(ascii: "0") else { return false }
        let rest = bytes.dropFirst(whole.count)
        if rest.isEmpty { return true }
        guard rest.first == UInt8(ascii: "."), rest.count > 1 else { return false }
        return rest.dropFirst().allSatisfy(isDigit)
    }

    /// The value's text, as the instance would hold it.
    public var text: String {
        switch self {
        case .integer(let number): return String(number)
        case .decimal(let number): return Self.format(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .text(let text): return text
        }
    }

    /// The value as a query writes it: texts quoted (for plans and messages; never executed).
    public var written: String {
        guard case .text(let text) = self else { return self.text }
        return "\"" + text.unicodeScalars.map { $0 == "\"" || $0 == "\\" ? "\\\($0)" : "\($0)" }.joined() + "\""
    }

    /// The value as a number, or nil for text and booleans.
    public var number: Double? {
        switch self {
        case .integer(let number): return Double(number)
        case .decimal(let number): return number
        case .boolean, .text: return nil
        }
    }

    /// The value as a JSON value: numbers stay numbers.
    public var json: JSONValue {
        switch self {
        case .integer, .decimal: return .number(text)
        case .boolean(let flag): return .bool(flag)
        case .text(let text): return .string(text)
        }
    }

    /// Whether two values are the same: as numbers when both are, else by their texts' bytes.
    public func equals(_ other: QueryValue) -> Bool {
        switch (self, other) {
        case (.integer(let a), .integer(let b)): return a == b
        case (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal): return number == other.number
        default: return text.utf8.elementsEqual(other.text.utf8)
        }
    }

    /// -1, 0 or 1 as this value comes before, with or after `other`: numbers as numbers, texts by
    /// code points; nil when one is a number and the other is not (they do not compare).
    public func compared(to other: QueryValue) -> Int? {
        switch (self, other) {
        case (.integer(let a), .integer(let b)): return a < b ? -1 : a == b ? 0 : 1
        default:
            if let a = number, let b = other.number { return a < b ? -1 : a == b ? 0 : 1 }
            if number != nil || other.number != nil { return nil }
            let (a, b) = (text.utf8, other.text.utf8)
            if a.elementsEqual(b) { return 0 }
            return a.lexicographicallyPrecedes(b) ? -1 : 1
        }
    }

    /// A key equal for values DISTINCT counts once: numbers by value, anything else by text.
    var distinctKey: String {
        number.map { "n\($0)" } ?? "t" + text
    }

    /// The order ORDER BY sorts in: numbers first (by value), then everything else by code points.
    func sortsBefore(_ other: QueryValue) -> Bool {
        if let order = compared(to: other) { return order < 0 }
        return number != nil
    }

    /// A decimal's shortest text, without a trailing `.0` for whole numbers that fit an integer.
    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}
