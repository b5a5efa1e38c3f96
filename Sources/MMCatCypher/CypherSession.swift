import MMCat

/// A logged-in session with one graph of a database that runs Cypher, whatever the protocol
/// (FalkorDB's Redis commands, Neo4j's Bolt): what ``GraphKindSource``, ``GraphCatalogReader``
/// and ``GraphModelExecutor`` need, so that a graph family states only how it connects. Values
/// come back as JSON values (integers and finite floats as numbers, maps as objects without
/// their null members). Errors name the database (`label`) and the setting to blame.
public protocol CypherSession: AnyObject {
    /// The database's name in messages.
    var label: String { get }

    /// Runs a query and reads all of its reply. A read-only query asks the server not to write
    /// (and, on FalkorDB, not to create the graph).
    func query(_ cypher: String, readOnly: Bool) throws(InputError) -> CypherReply

    /// Sends a read-only query whose rows are read one at a time, for results too large to hold.
    func stream(_ cypher: String) throws(InputError) -> CypherRows

    /// Runs one statement of a model: by default as it is written; a session may send its rows
    /// as a parameter instead where its server reads those faster.
    func runStatement(_ statement: String) throws(InputError) -> CypherReply

    /// The properties each node label has indexes on, as far as the server tells (none when it
    /// does not): key candidates for inference.
    func indexedProperties() throws(InputError) -> [String: [String]]
}

extension CypherSession {
    public func runStatement(_ statement: String) throws(InputError) -> CypherReply {
        try query(statement, readOnly: false)
    }

    /// The first column of every row, as text (a procedure's names).
    public func names(_ query: String) throws(InputError) -> [String] {
        try self.query(query, readOnly: true).rows.compactMap { $0.first?.scalarText }
    }

    /// The node indexes that `query` lists, by label: its rows hold a label (or a list of labels),
    /// the indexed properties and the kind of entity indexed.
    public func nodeIndexes(_ query: NodeIndexQuery) throws(InputError) -> [String: [String]] {
        var indexed: [String: [String]] = [:]
        for row in try self.query(query.rawValue, readOnly: true).rows
        where row.count == 3 && row[2].scalarText == "NODE" {
            let labels = row[0].arrayElements?.compactMap(\.scalarText) ?? row[0].scalarText.map { [$0] } ?? []
            for label in labels { indexed[label, default: []] += row[1].arrayElements?.compactMap(\.scalarText) ?? [] }
        }
        return indexed
    }
}

/// The two ways Cypher servers list their indexes: Neo4j's `SHOW INDEXES` (4.2 and later) and the
/// older `db.indexes()` procedure, which FalkorDB keeps.
public enum NodeIndexQuery: String, Sendable {
    case show =
        "SHOW INDEXES YIELD labelsOrTypes, properties, entityType RETURN labelsOrTypes, properties, entityType"
    case procedure = "CALL db.indexes() YIELD label, properties, entitytype RETURN label, properties, entitytype"
}

/// What a query answered: its rows and how many nodes and relationships it created.
public struct CypherReply {
    public var rows: [[JSONValue]]
    public var nodesCreated: Int
    public var relationshipsCreated: Int

    public init(rows: [[JSONValue]], nodesCreated: Int = 0, relationshipsCreated: Int = 0) {
        self.rows = rows
        self.nodesCreated = nodesCreated
        self.relationshipsCreated = relationshipsCreated
    }
}

/// The rows of a streamed query, read from the session's connection as they are asked for.
public struct CypherRows {
    private let read: () throws(InputError) -> [JSONValue]?

    public init(_ read: @escaping () throws(InputError) -> [JSONValue]?) {
        self.read = read
    }

    /// The next row, nil after the last.
    public func next() throws(InputError) -> [JSONValue]? {
        try read()
    }
}
