/// What a query needs of a kind: some of its top-level properties (columns, fields), of the
/// records whose properties have some values, or whose property joins a record of another kind
/// of the same database (a semi-join the database runs: `IN (SELECT …)`). A family that can,
/// reads only that (a `WHERE` and a column list, a projection); one that cannot reads the kind
/// whole, or leaves out the conditions it cannot write. Either way the caller checks every
/// condition again, so a family may read more than asked, never less.
///
/// ```swift
/// let read = KindRead(properties: ["o_id", "o_date"], conditions: [.init(property: "o_id", values: [.integer(7)])])
/// read.isEverything   // false
/// let joined = KindRead.Condition(
///     property: "o_customer",
///     join: .init(kind: "customer", property: "c_id", conditions: [.init(property: "c_city", values: [.text("Brno")])]))
/// joined.values.isEmpty   // true: the database finds the values
/// ```
public struct KindRead: Sendable, Equatable {
    /// A property whose value must equal one of `values` (as queries compare: numbers as numbers,
    /// anything else by its text).
    public struct Condition: Sendable, Equatable {
        public var property: String
        /// The top-level complex property that holds `property`, when it is not top-level
        /// itself: a relationship's end (`_from.orders`) holding the end node's key. A family
        /// without such properties leaves the condition out.
        public var within: String?
        public var values: [QueryValue]
        /// When set, the values are not listed: they are those `join.property` has in the
        /// records of `join.kind` that meet `join.conditions`, compared as the import reads
        /// them (by text, or as the same column type when both columns have one).
        public var join: Join?

        public init(property: String, within: String? = nil, values: [QueryValue]) {
            self.property = property
            self.within = within
            self.values = values
        }

        public init(property: String, within: String? = nil, join: Join) {
            self.property = property
            self.within = within
            self.values = []
            self.join = join
        }
    }

    /// The records of another kind of the same database whose `property` holds the values a
    /// ``Condition`` allows.
    public struct Join: Sendable, Equatable {
        public var kind: String
        public var property: String
        /// The top-level complex property of `kind` that holds `property`, if any.
        public var within: String?
        public var conditions: [Condition]

        public init(kind: String, property: String, within: String? = nil, conditions: [Condition]) {
            self.kind = kind
            self.property = property
            self.within = within
            self.conditions = conditions
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
