/// What a query needs of a kind: some of its top-level properties (columns, fields), of the
/// records whose properties have some values. A family that can, reads only that (a `WHERE` and a
/// column list, a projection); one that cannot reads the kind whole. Either way the caller
/// checks every condition again, so a family may read more than asked, never less.
///
/// ```swift
/// let read = KindRead(properties: ["o_id", "o_date"], conditions: [.init(property: "o_id", values: [.integer(7)])])
/// read.isEverything   // false
/// ```
public struct KindRead: Sendable, Equatable {
    /// A property whose value must equal one of `values` (as queries compare: numbers as numbers,
    /// anything else by its text).
    public struct Condition: Sendable, Equatable {
        public var property: String
        public var values: [QueryValue]

        public init(property: String, values: [QueryValue]) {
            self.property = property
            self.values = values
        }
    }

    /// The top-level properties to read; nil for all.
    public var properties: [String]?
    public var conditions: [Condition]

    public init(properties: [String]? = nil, conditions: [Condition] = []) {
        self.properties = properties
        self.conditions = conditions
    }

    /// Every property of every record.
    public static let everything = KindRead()

    public var isEverything: Bool { properties == nil && conditions.isEmpty }
}

extension QueryValue {
    /// Whether a record's value equals this one only when it is a number of the same value (a
    /// number, or a text written as one): a database then compares it as a number, else by text.
    public var comparesAsNumber: Bool { numericValue != nil }

    /// The number a value compares as: a number's, or a text's that is written as one (`"8"`).
    public var numericValue: Double? {
        switch self {
        case .integer, .decimal: return number
        case .boolean: return nil
        case .text(let text): return QueryValue(text: text, kind: .text).number
        }
    }
}
