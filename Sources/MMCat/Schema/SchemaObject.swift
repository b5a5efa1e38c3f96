/// An object of the schema category: an entity or an attribute of the conceptual schema.
///
/// Its rows carry the values of the `superId` signatures; each of its `ids` is a set of those
/// signatures that identifies a row. A value object (an attribute) has `superId == [ε]` and
/// `ids == [[ε]]`: its rows are identified by their own value.
///
/// ```swift
/// let order = SchemaObject(key: 103, label: "Order", superId: [try Signature(parsing: "19")],
///                          ids: [[try Signature(parsing: "19")]])
/// ```
public struct SchemaObject: Sendable, Equatable {
    public var key: Int
    public var label: String
    public var superId: [Signature]
    public var ids: [[Signature]]
    public var position: Position?
    /// For an attribute inferred from a table: the column's type as the source database wrote
    /// it (`numeric(15,2)`, `timestamp with time zone`), so that a relational target can declare
    /// the same type. nil: the type follows the values.
    public var dataType: String?

    /// Where the schema editor draws the object.
    public struct Position: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public init(
        key: Int, label: String, superId: [Signature] = [.empty], ids: [[Signature]] = [[.empty]],
        position: Position? = nil, dataType: String? = nil
    ) {
        self.key = key
        self.label = label
        self.superId = superId
        self.ids = ids
        self.position = position
        self.dataType = dataType
    }

    /// True when rows are identified by their own value (`superId == [ε]`).
    public var isValueObject: Bool { superId == [.empty] }

    /// "Order (103)": how messages name the object.
    public var displayName: String { "\(label) (\(key))" }
}

/// How many images a morphism gives each row of its domain: at least `min`, at most `max`.
public enum MinCardinality: String, Sendable {
    case zero = "ZERO"
    case one = "ONE"
}

/// See ``MinCardinality``. A `max` of `.star` makes a property an array (or a map) in a document.
public enum MaxCardinality: String, Sendable {
    case one = "ONE"
    case star = "STAR"
}

/// A morphism of the schema category: a directed relation from `dom` to `cod`.
///
/// ```swift
/// let number = SchemaMorphism(signature: Signature(base: 19), dom: 103, cod: 104, min: .one, max: .one)
/// ```
public struct SchemaMorphism: Sendable, Equatable {
    public var signature: Signature
    public var dom: Int
    public var cod: Int
    public var min: MinCardinality
    public var max: MaxCardinality
    /// A name for the relation as seen from `dom` (`customer_id`, `items`), by which the mapping
    /// notation may name it instead of its number (``AccessPathText``); inference sets it.
    public var label: String?

    public init(
        signature: Signature, dom: Int, cod: Int, min: MinCardinality, max: MaxCardinality, label: String? = nil
    ) {
        self.signature = signature
        self.dom = dom
        self.cod = cod
        self.min = min
        self.max = max
        self.label = label
    }

    /// True when every domain row has at most one image.
    public var isFunctional: Bool { max == .one }
}
