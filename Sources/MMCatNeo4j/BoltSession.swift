import BoltClient
import MMCat
import MMCatCypher

/// A ``CypherSession`` over Bolt: queries run on one connection, in the settings' database, and
/// come back as JSON values (``BoltJSON``). A model's statements are sent as they are written,
/// since every Bolt server reads the rows written into a batch; statistics come from each
/// query's summary (`nodes-created`, `relationships-created`). Read-only queries are sent as any
/// other (see ``BoltConnection/run(_:parameters:database:)``): mmcat's reads write nothing.
///
/// ```swift
/// // given: settings: Neo4jSettings
/// let session = try settings.connect()
/// let reply = try session.query("MATCH (n) RETURN count(n)", readOnly: true)
/// ```
public final class BoltSession: CypherSession {
    public let connection: BoltConnection
    let database: String?
    public let label: String

    init(connection: BoltConnection, database: String?, label: String) {
        self.connection = connection
        self.database = database
        self.label = label
    }

    public func query(_ cypher: String, readOnly: Bool) throws(InputError) -> CypherReply {
        do {
            let (records, summary) = try connection.query(cypher, database: database)
            let stats = summary["stats"]
            return CypherReply(
                rows: records.map { $0.map(BoltJSON.value) },
                nodesCreated: Int(stats?["nodes-created"]?.integerValue ?? 0),
                relationshipsCreated: Int(stats?["relationships-created"]?.integerValue ?? 0))
        } catch {
            throw failure(error)
        }
    }

    public func stream(_ cypher: String) throws(InputError) -> CypherRows {
        var result: BoltResult
        do {
            result = try connection.run(cypher, database: database)
        } catch {
            throw failure(error)
        }
        return CypherRows { [self] () throws(InputError) -> [JSONValue]? in
            do throws(BoltError) {
                return try result.next()?.map(BoltJSON.value)
            } catch {
                throw failure(error)
            }
        }
    }

    /// Neo4j's `SHOW INDEXES` (4.2 and later), else the older `db.indexes()` procedure that
    /// FalkorDB keeps; a server with neither has no index to tell of.
    public func indexedProperties() throws(InputError) -> [String: [String]] {
        (try? nodeIndexes(.show)) ?? (try? nodeIndexes(.procedure)) ?? [:]
    }

    private func failure(_ error: BoltError) -> InputError {
        guard error.fromServer else { return InputError(file: label, location: "uri", message: error.message) }
        let location = database.map { "database \"\($0)\"" } ?? ""
        return InputError(
            file: label, location: location, message: "the server refused: \(error.message) (\(error.code))")
    }
}
