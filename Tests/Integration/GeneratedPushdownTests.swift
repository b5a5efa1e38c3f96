import Foundation
import MMCat
import MMCatCypher
import MMCatFalkor
import MMCatMongo
import MMCatPostgres
import MMCatSQLite
import MMCatServiceTestSupport
import MMCatTestSupport
import PropertyBased
import Testing

/// The conditions a query pushes into a database (``KindRead``), with names and values generated
/// as for the scripts (quotes after "prepend" characters, backslashes, separators, comment ends):
/// each database, given two of a kind's five values, gives back the rows holding them and no
/// other (every generated value is a text, compared exactly), and only the column asked for
/// besides (a graph gives its nodes whole), whether the values are listed or found by a join the
/// database runs. A value that ended its literal early would fail the read or widen it.
@Suite(Services.enabled(Services.postgresURL, "MMCAT_PG_URL"))
struct GeneratedPushdownTests {
    typealias Case = GeneratedQuotingTests.Case

    /// Two of the case's values, as conditions on its value column, and that column alone.
    static func read(_ generated: Case) -> KindRead {
        KindRead(
            properties: [generated.valueName],
            conditions: [
                .init(property: generated.valueName, values: [.text(generated.values[1]), .text(generated.values[3])])
            ])
    }

    /// The same rows asked through a join the database runs: the kind's ids that the kind itself
    /// holds next to the two values (a self-join, so the generated names are quoted in both
    /// the outer read and the subquery).
    static func joinedRead(_ generated: Case) -> KindRead {
        KindRead(
            properties: [generated.valueName],
            conditions: [
                .init(
                    property: generated.idName,
                    join: .init(
                        kind: generated.kind, property: generated.idName, conditions: read(generated).conditions))
            ])
    }

    /// The records read must hold exactly the rows whose value is one asked for, and, where the
    /// database projects, not the column left out.
    static func expect(_ records: [JSONValue], _ generated: Case, projected: Bool = true) {
        let wanted = [generated.values[1], generated.values[3]]
        let expected = generated.values.filter(wanted.contains).sorted()
        let got = records.compactMap { $0[generated.valueName]?.scalarText }.sorted()
        #expect(got == expected, "\(generated)")
        if projected {
            #expect(records.allSatisfy { $0[generated.idName] == nil }, "a column not asked for was read: \(generated)")
        }
    }

    /// Runs the case's script (printed by `printer`) in a new database of `server` with one of
    /// the Python runners of `scripts/`; the database's name.
    static func load(
        _ generated: Case, _ printer: some ModelPrinter, runner: String, server: String, prefix: String
    ) throws -> String {
        let script = try GeneratedQuotingTests.script(printer, generated)
        let database = Services.uniqueName(prefix)
        try Services.run(
            try Services.require(Services.python, "MMCAT_PYTHON"),
            [Services.scripts.appendingPathComponent(runner).path, server, database, "run", script.path])
        return database
    }

    static func all(_ source: inout some RecordSource) throws -> [JSONValue] {
        var records: [JSONValue] = []
        while let record = try source.next() { records.append(record.value) }
        return records
    }

    @Test func postgreSQLReadsExactlyTheRowsAsked() async throws {
        let scratch = try ScratchDatabase("mmcat_pushdown")
        defer { scratch.drop() }
        let settings = try PostgresSettings(url: scratch.url, name: "test", environment: [:])
        await propertyCheck(count: 25, input: GeneratedQuotingTests.cases) { generated in
            do {
                let script = try GeneratedQuotingTests.script(PostgreSQLPrinter(), generated)
                try Services.run("psql", [scratch.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script.path])
                for read in [Self.read(generated), Self.joinedRead(generated)] {
                    var source = try PostgresTableSource(settings: settings, table: generated.kind, read: read)
                    Self.expect(try Self.all(&source), generated)
                }
                let table = "\"" + generated.kind.doubling("\"") + "\""
                try Services.run("psql", [scratch.url, "-X", "-q", "-c", "DROP TABLE \(table)"])
            } catch {
                Issue.record("\(generated): \(error)")
            }
        }
    }

    @Test func sqliteReadsExactlyTheRowsAsked() async throws {
        await propertyCheck(count: 25, input: GeneratedQuotingTests.cases) { generated in
            // The sqlite3 shell would drop a carriage return in a name (such names are refused).
            guard ![generated.kind, generated.idName, generated.valueName].contains(where: { $0.containsASCII("\r") })
            else { return }
            do {
                let script = try GeneratedQuotingTests.script(SQLitePrinter(), generated)
                let database = try TestSupport.temporaryDirectory().appendingPathComponent("q.db").path
                try Services.run("sqlite3", ["-bail", database, ".read '\(script.path)'"])
                for read in [Self.read(generated), Self.joinedRead(generated)] {
                    var source = try SQLiteTableSource(path: database, table: generated.kind, read: read)
                    Self.expect(try Self.all(&source), generated)
                }
            } catch {
                Issue.record("\(generated): \(error)")
            }
        }
    }

    @Test(Services.enabled(Services.falkorPort, "MMCAT_FALKOR_PORT"))
    func falkorDBReadsExactlyTheNodesAsked() async throws {
        let port = try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")
        await propertyCheck(count: 25, input: GeneratedQuotingTests.cases) { generated in
            // Cypher databases disagree on how to quote a backtick: such names are refused.
            guard ![generated.kind, generated.idName, generated.valueName].contains(where: { $0.containsASCII("`") })
            else { return }
            do {
                let graph = try Self.load(
                    generated, CypherPrinter(), runner: "cypher_run.py", server: port, prefix: "mmcat_pushdown")
                let access = DatabaseAccess(label: "g", settings: ["host": "127.0.0.1", "port": port, "graph": graph])
                defer { _ = try? FalkorFamily().session(access).query("MATCH (n) DELETE n", readOnly: false) }
                var source = try FalkorFamily().openKind(generated.kind, in: access, reading: Self.read(generated))
                // A node's properties come whole: the rows are what counts here.
                Self.expect(try Self.all(&source), generated, projected: false)
            } catch {
                Issue.record("\(generated): \(error)")
            }
        }
    }

    @Test(Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"))
    func mongoDBReadsExactlyTheDocumentsAsked() async throws {
        let uri = try Services.require(Services.mongoURI, "MMCAT_MONGO_URI")
        await propertyCheck(count: 25, input: GeneratedQuotingTests.cases) { generated in
            do {
                let database = try Self.load(
                    generated, MongoDBPrinter(), runner: "mongo_run.py", server: uri, prefix: "mmcat_pushdown")
                let read = Self.read(generated)
                var source = try MongoCollectionSource(
                    connection: MongoConnection(uri: uri, database: database, credentials: nil),
                    collection: generated.kind,
                    filter: MongoRead.filter(read), fields: MongoRead.projection(read))
                // MongoDB adds `_id` to every projection; the generated columns are what count.
                Self.expect(try Self.all(&source), generated)
            } catch {
                Issue.record("\(generated): \(error)")
            }
        }
    }
}
