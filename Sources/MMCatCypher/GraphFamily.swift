import MMCat

/// A family of graph databases that run Cypher models (Neo4j, FalkorDB): node kinds are flat,
/// a kind may also be a relationship type (``RelationshipEnds``), mappings are checked as
/// ``GraphKind`` lays them out, tables suggest the graph ``GraphSuggestion`` draws, and models are
/// ``CypherPrinter``'s. Kinds are read (``GraphKindSource``), catalogs inferred
/// (``GraphCatalogReader``) and models executed (``GraphModelExecutor``) through the
/// ``CypherSession`` a family opens, so a conforming family states only its name, title and
/// settings, and how it connects.
public protocol GraphFamily: DatabaseFamily {
    /// A session with the database's graph, logged in; an error names the setting to blame.
    func session(_ database: DatabaseAccess) throws(InputError) -> any CypherSession
}

extension GraphFamily {
    public var kindsAreFlat: Bool { true }
    public var relationshipKinds: Bool { true }
    public var printer: any ModelPrinter { CypherPrinter() }

    /// Node kinds are flat; a relationship kind adds its two ends.
    public func checkMapping(_ model: CategoryToModel) throws(InputError) {
        _ = try GraphKind(model)
    }

    public func suggestedMappings(forTables tables: [Mapping], schema: SchemaCategory) -> [Mapping] {
        GraphSuggestion.mappings(tables: tables, schema: schema)
    }

    public var readsKinds: Bool { true }

    public func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource {
        try GraphKindSource(session: session(database), kind: kind)
    }

    /// Reads the nodes or relationships that may meet the conditions (``CypherRead``); every
    /// property still, since a node's properties come as one map.
    public func openKind(_ kind: String, in database: DatabaseAccess, reading read: KindRead) throws(InputError)
        -> any RecordSource
    {
        try GraphKindSource(session: session(database), kind: kind, read: KindRead(conditions: read.conditions))
    }

    /// Joins of a relationship type with its end nodes' label run in the graph (`MATCH` paths).
    public var joinsKinds: Bool { true }

    public var executesModels: Bool { true }

    public func executor(kind: String, in database: DatabaseAccess) throws(DatabaseError) -> any ModelExecutor {
        GraphModelExecutor(label: database.label) { () throws(InputError) in try self.session(database) }
    }

    /// Connecting logs in and runs a query that reads nothing.
    public func testConnection(_ database: DatabaseAccess) async throws(DatabaseError) {
        do {
            _ = try session(database).query("RETURN 1", readOnly: true)
        } catch {
            throw Self.failure(error)
        }
    }

    public var readsCatalog: Bool { true }

    public func catalog(_ database: DatabaseAccess) throws(DatabaseError) -> RelationalCatalog {
        do {
            return try GraphCatalogReader.catalog(session(database))
        } catch {
            throw Self.failure(error)
        }
    }

    /// The graph's node labels, then its relationship types.
    public func kinds(_ database: DatabaseAccess) throws(DatabaseError) -> [String] {
        do {
            let session = try session(database)
            return try session.names("CALL db.labels()") + session.names("CALL db.relationshipTypes()")
        } catch {
            throw Self.failure(error)
        }
    }

    /// A connection or query error as a `DatabaseError`: the setting to blame from its location,
    /// the message without the database's name (whoever reports it names the database).
    public static func failure(_ error: InputError) -> DatabaseError {
        var failure = DatabaseError(error)
        failure.message = error.problems.map { $0.location.isEmpty ? $0.message : "\($0.location): \($0.message)" }
            .joined(separator: "; ")
        return failure
    }
}
