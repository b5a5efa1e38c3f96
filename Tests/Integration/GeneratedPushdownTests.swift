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

    /// The records read must hold exactly the rows whose value is one asked for.
    static func expect(_ records: [JSONValue], _ generated: Case) {
        let wanted = [generated.values[1], generated.values[3]]
        let expected = generated.values.filter(wanted.contains).sorted()
        let got = records.compactMap { $0[generated.valueName]?.scalarText }.sorted()
        #expect(got == expected, "\(generated)")
        #expect(records.allSatisfy { $0[generated.idName] == nil }, "a column not asked for was read: \(generated)")
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
                let script = try GeneratedQuotingTests.script(CypherPrinter(), generated)
                let graph = Services.uniqueName("mmcat_pushdown")
                let runner = Services.scripts.appendingPathComponent("cypher_run.py").path
                try Services.run(
                    try Services.require(Services.python, "MMCAT_PYTHON"), [runner, port, graph, "run", script.path])
                let access = DatabaseAccess(label: "g", settings: ["host": "127.0.0.1", "port": port, "graph": graph])
                defer { _ = try? FalkorFamily().session(access).query("MATCH (n) DELETE n", readOnly: false) }
                var source = try FalkorFamily().openKind(generated.kind, in: access, reading: Self.read(generated))
                // A node's properties come whole: the rows are what counts here.
                let records = try Self.all(&source)
                let wanted = [generated.values[1], generated.values[3]]
                #expect(
                    records.compactMap { $0[generated.valueName]?.scalarText }.sorted()
                        == generated.values.filter(wanted.contains).sorted(), "\(generated)")
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
                let script = try GeneratedQuotingTests.script(MongoDBPrinter(), generated)
                let database = Services.uniqueName("mmcat_pushdown")
                let runner = Services.scripts.appendingPathComponent("mongo_run.py").path
                try Services.run(
                    try Services.require(Services.python, "MMCAT_PYTHON"), [runner, uri, database, "run", script.path])
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
