/// A value of PackStream, the binary format Bolt (Neo4j's protocol) carries: what a query's
/// parameters are made of and what its records hold. A `structure` is a tagged tuple: Bolt's
/// messages, and in records the graph and temporal types (a node is tag `N`, a date `D`).
///
/// ```swift
/// let parameters: BoltValue = .map([("name", .string("Ada")), ("age", .integer(36))])
/// var bytes: [UInt8] = []
/// parameters.pack(into: &bytes)
/// ```
public enum BoltValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case bytes([UInt8])
    case string(String)
    case list([BoltValue])
    /// Keys in the order they were written (PackStream keeps it; Bolt does not rely on it).
    case map([(String, BoltValue)])
    case structure(tag: UInt8, fields: [BoltValue])

    public static func == (left: BoltValue, right: BoltValue) -> Bool {
        switch (left, right) {
        case (.null, .null): return true
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.list(let a), .list(let b)): return a == b
        case (.map(let a), .map(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0.utf8.elementsEqual($1.0.utf8) && $0.1 == $1.1 }
        case (.structure(let tagA, let a), .structure(let tagB, let b)): return tagA == tagB && a == b
        default: return false
        }
    }

    /// The value of `key` in a map, nil when there is none or this is not a map.
    public subscript(key: String) -> BoltValue? {
        guard case .map(let members) = self else { return nil }
        return members.first { $0.0.utf8.elementsEqual(key.utf8) }?.1
    }

    /// The text of a string, nil otherwise.
    public var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The elements of a list, nil otherwise.
    public var elements: [BoltValue]? {
        if case .list(let elements) = self { return elements }
        return nil
    }

    /// An integer's value, nil otherwise.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}
