/// One node of an access path: how a field of a document (a column, a property) is reached
/// from the object of its parent node.
///
/// - A **simple** node (`subpaths == nil`) is a value: its signature leads to a value object.
/// - A **complex** node holds `subpaths`: a nested document, an array of them, or a map.
/// - An **auxiliary** node has no signature: it only groups its children in the document.
/// - A **dynamic** name (`<16.15>`) takes the field name from the data: that is how maps are described.
///
/// ```swift
/// let items = AccessPath(name: .fixed("items"), signature: try Signature(parsing: "8"), subpaths: [
///     AccessPath(name: .fixed("quantity"), signature: try Signature(parsing: "13"))])
/// ```
public struct AccessPath: Sendable, Equatable {
    public var name: PropertyName
    /// The morphism from the parent's object; nil for an auxiliary node (and for the root).
    public var signature: Signature?
    /// The children of a complex node; nil for a simple one.
    public var subpaths: [AccessPath]?

    public init(name: PropertyName, signature: Signature?, subpaths: [AccessPath]? = nil) {
        self.name = name
        self.signature = signature
        self.subpaths = subpaths
    }

    public var isComplex: Bool { subpaths != nil }
    public var isAuxiliary: Bool { signature == nil }
    public var children: [AccessPath] { subpaths ?? [] }
}

/// The name of an access-path node: a fixed field name (`""` is anonymous) or one read from the data.
public enum PropertyName: Sendable, Equatable, CustomStringConvertible {
    case fixed(String)
    case dynamic(Signature)

    public var fixedName: String? {
        if case .fixed(let text) = self { return text }
        return nil
    }

    public var description: String {
        switch self {
        case .fixed(let text): return text
        case .dynamic(let signature): return "<\(signature)>"
        }
    }
}

/// How one kind (a table, a collection, a node label) of a database is laid out over the schema.
///
/// ```swift
/// // given: data: Data
/// let mapping = try Mapping.load(bytes: Array(data), file: "order.mapping.json")
/// mapping.kindName   // "order"
/// ```
public struct Mapping: Sendable, Equatable {
    public var name: String?
    public var kindName: String
    /// The key of the schema object that one record (row, document, node) stands for.
    public var rootObject: Int
    /// Signatures of the root object that form the kind's primary key; nil means the root's first id.
    public var primaryKey: [Signature]?
    /// The root node: complex, auxiliary, anonymous.
    public var accessPath: AccessPath
    /// The database the kind lives in (used by the server).
    public var database: String?

    public init(
        name: String? = nil, kindName: String, rootObject: Int, primaryKey: [Signature]? = nil,
        accessPath: AccessPath, database: String? = nil
    ) {
        self.name = name
        self.kindName = kindName
        self.rootObject = rootObject
        self.primaryKey = primaryKey
        self.accessPath = accessPath
        self.database = database
    }

    /// The primary key in force: the listed one, or the root object's first id.
    public func effectivePrimaryKey(in schema: SchemaCategory) -> [Signature] {
        primaryKey ?? schema.object(rootObject)?.ids.first ?? []
    }
}
