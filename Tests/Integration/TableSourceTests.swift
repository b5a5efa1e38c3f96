import Foundation
import MMCat
import MMCatMongo
import MMCatPostgres
import MMCatSQLite
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Tables and collections are read in batches (constant memory) and give every row once, in
/// order, numbered from 1, with their total known before the first row: across batch boundaries,
/// with gaps in the rowids, without rowids, and with NULLs left out.
struct TableSourceTests {
    /// Reads a whole source, checking the numbering as it goes.
    static func drain(_ source: inout some RecordSource) throws -> [JSONValue] {
        var values: [JSONValue] = []
        while let record = try source.next() {
            #expect(record.number == values.count + 1)
            values.append(record.value)
        }
        #expect(try source.next() == nil)
        return values
    }

    @Test func anSQLiteTableIsReadInBatches() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("big.sqlite").path
        try Services.run(
            "sqlite3",
            [
                path,
                """
                CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, score REAL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2600)
                INSERT INTO item SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE 'item ' || i END, i / 4.0 FROM n;
                DELETE FROM item WHERE id BETWEEN 990 AND 1089;
                CREATE TABLE tag (name TEXT PRIMARY KEY, uses INTEGER) WITHOUT ROWID;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
                INSERT INTO tag SELECT printf('tag%04d', i), i FROM n;
                """,
            ])
        var items = try SQLiteTableSource(path: path, table: "item")
        #expect(items.totalRecords == 2500)
        let rows = try Self.drain(&items)
        #expect(rows.count == 2500)
        #expect(
            rows.map { $0["id"]?.scalarText ?? "" } == (1...2600).filter { !(990...1089).contains($0) }.map(String.init)
        )
        #expect(
            rows[0]
                == .object([
                    JSONMember("id", .number("1")), JSONMember("name", .string("item 1")),
                    JSONMember("score", .number("0.25")),
                ]))
        #expect(rows[9]["name"] == nil)
        var tags = try SQLiteTableSource(path: path, table: "tag")
        #expect(tags.totalRecords == 1500)
        let tagRows = try Self.drain(&tags)
        #expect(Set(tagRows.compactMap { $0["name"]?.scalarText }).count == 1500)
        #expect(throws: InputError.self) { try SQLiteTableSource(path: path, table: "nothing") }
    }

    @Test(Services.enabled(Services.postgresURL, "MMCAT_PG_URL"))
    func aPostgreSQLTableIsReadThroughACursor() throws {
        let scratch = try ScratchDatabase("mmcat_rows")
        defer { scratch.drop() }
        try Services.run(
            "psql",
            [
                scratch.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                """
                CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, price NUMERIC, active BOOLEAN,
                    small SMALLINT, big BIGINT, code CHAR(3), added DATE);
                INSERT INTO item SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE 'item ' || i END, i * 1.5, i % 2 = 0,
                    -i, 9223372036854775807 - i, 'ab', date '2020-01-01' + i
                FROM generate_series(1, 2500) AS i;
                """,
            ])
        let url = URLComponents(string: scratch.url)!
        let settings = PostgresSettings(host: url.host!, port: url.port!, user: url.user!, database: scratch.name)
        var items = try PostgresTableSource(settings: settings, table: "item", batchSize: 1000)
        #expect(items.totalRecords == 2500)
        let rows = try Self.drain(&items)
        #expect(Set(rows.compactMap { $0["id"]?.scalarText }).count == 2500)
        let first = rows.first { $0["id"] == .number("2") }
        #expect(
            first
                == .object([
                    JSONMember("id", .number("2")), JSONMember("name", .string("item 2")),
                    JSONMember("price", .number("3.0")), JSONMember("active", .bool(true)),
                    // Integers and booleans come binary; the rest as PostgreSQL's own text.
                    JSONMember("small", .number("-2")), JSONMember("big", .number("9223372036854775805")),
                    JSONMember("code", .string("ab")), JSONMember("added", .string("2020-01-03")),
                ]))
        #expect(rows.first { $0["id"] == .number("10") }?["name"] == nil)
        #expect(throws: InputError.self) { try PostgresTableSource(settings: settings, table: "nothing") }
    }

    @Test(Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"))
    func aMongoDBCollectionIsReadInBatches() throws {
        let uri = try Services.require(Services.mongoURI, "MMCAT_MONGO_URI")
        let connection = try MongoConnection(uri: uri, database: Services.uniqueName("mmcat"))
        let documents = (1...2500).map { JSONValue.object([JSONMember("n", .number(String($0)))]) }
        for chunk in stride(from: 0, to: documents.count, by: 500) {
            _ = try connection.command([
                JSONMember("insert", .string("big")),
                JSONMember("documents", .array(Array(documents[chunk..<min(chunk + 500, documents.count)]))),
            ])
        }
        var source = try MongoCollectionSource(connection: connection, collection: "big")
        #expect(source.totalRecords == 2500)
        let read = try Self.drain(&source)
        #expect(Set(read.compactMap { $0["n"]?.scalarText }) == Set((1...2500).map(String.init)))
    }
}
