import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// `mmcat migrate`: a whole SQLite database into a real PostgreSQL database, inferred on the way;
/// rejected records reported with exit status 3; and sources that cannot be read named.
@Suite(Services.enabled(Services.postgresURL, "MMCAT_PG_URL"))
struct MigrateTests {
    static let source = """
        CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);
        CREATE TABLE orders (number INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer,
            note TEXT);
        CREATE TABLE product (sku TEXT, variant INTEGER, title TEXT, PRIMARY KEY (sku, variant));
        CREATE TABLE order_item (number INTEGER REFERENCES orders, sku TEXT, variant INTEGER, quantity INTEGER NOT NULL,
            PRIMARY KEY (number, sku, variant), FOREIGN KEY (sku, variant) REFERENCES product (sku, variant));
        INSERT INTO customer VALUES (1, 'Ann', 'ann@example.com'), (2, 'Bo', NULL), (3, 'Číňan ✓', NULL);
        INSERT INTO orders VALUES (10, 1, 'first'), (11, 1, NULL), (12, 3, 'it''s');
        INSERT INTO product VALUES ('A-1', 1, 'Lamp'), ('A-1', 2, 'Lamp, large'), ('B', 1, NULL);
        INSERT INTO order_item VALUES (10, 'A-1', 1, 2), (10, 'B', 1, 1), (11, 'A-1', 2, 5), (12, 'A-1', 1, 1);
        """

    @Test func aWholeSQLiteDatabaseMovesIntoPostgreSQL() throws {
        let folder = try TestSupport.temporaryDirectory()
        let sqlite = folder.appendingPathComponent("shop.sqlite").path
        try Services.run("sqlite3", ["-bail", sqlite, Self.source])
        let target = try ScratchDatabase("mmcat_migrate")
        defer { target.drop() }
        let summary = folder.appendingPathComponent("summary.json")
        let result = try TestSupport.mmcat([
            "migrate", "--from", sqlite, "--to", target.url, "--summary", summary.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("total"), "\(result.stdout)")
        try Self.expectSameRows(
            sqlite: sqlite, postgres: target.url, tables: ["customer", "orders", "product", "order_item"])
        // The foreign keys hold in the target: PostgreSQL accepted each one over the data.
        let keys = try Services.run(
            "psql", [target.url, "-X", "-A", "-t", "-c", "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"])
        #expect(keys.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        // The primary keys and the unique constraint, added after the rows were copied in.
        let constraints = try Services.run(
            "psql",
            [
                target.url, "-X", "-A", "-t", "-c",
                "SELECT string_agg(conrelid::regclass::text || ':' || contype::text, ' ' ORDER BY conrelid::regclass::text, contype) FROM pg_constraint WHERE contype IN ('p', 'u') AND connamespace = 'public'::regnamespace",
            ])
        #expect(
            constraints.trimmingCharacters(in: .whitespacesAndNewlines)
                == "customer:p customer:u order_item:p orders:p product:p")
        let total = try TestSupport.json(summary)["total"]
        #expect(
            total?["read"] == .number("13") && total?["written"] == .number("13") && total?["rejected"] == .number("0"))
    }

    /// Rows go into PostgreSQL with COPY: values holding the format's own characters (tab, line
    /// ends, backslash, a literal \N) and quotes in names come through unchanged, NULL stays NULL.
    @Test func copyKeepsEveryCharacterOfTheValues() throws {
        let sqlite = try Self.sqliteFile(
            "notes.sqlite",
            #"""
            CREATE TABLE "no""te" (id INTEGER PRIMARY KEY, "te""xt" TEXT, amount NUMERIC);
            INSERT INTO "no""te" VALUES (1, 'tab' || char(9) || 'line' || char(10) || 'cr' || char(13) || 'end', 1.5),
                (2, 'back\slash \N and \t', NULL), (3, NULL, 2), (4, 'Číňan ✓ ''quoted'' "double"', 0.25),
                (5, '\N', 3);
            """#)
        let target = try ScratchDatabase("mmcat_copy")
        defer { target.drop() }
        let result = try TestSupport.mmcat(["migrate", "--from", sqlite, "--to", target.url])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try JSONParser.parse(
            try Services.run("sqlite3", ["-json", sqlite, #"SELECT * FROM "no""te""#]))
        let actual = try JSONParser.parse(
            try Services.run(
                "psql", [target.url, "-X", "-A", "-t", "-c", "SELECT coalesce(json_agg(t), '[]') FROM \"no\"\"te\" t"]))
        #expect(DocumentComparison.multiset(actual.arrayItems) == DocumentComparison.multiset(expected.arrayItems))
    }

    @Test func anSQLiteTargetDeclaresItsForeignKeysAndTheyHold() throws {
        let folder = try TestSupport.temporaryDirectory()
        let source = folder.appendingPathComponent("shop.sqlite").path
        try Services.run("sqlite3", ["-bail", source, Self.source])
        let target = folder.appendingPathComponent("copy.sqlite").path
        let result = try TestSupport.mmcat(["migrate", "--from", source, "--to", target])
        #expect(result.status == 0, "\(result.stderr)")
        let declared = try Services.run(
            "sqlite3", [target, "SELECT count(DISTINCT id) FROM pragma_foreign_key_list('order_item')"])
        #expect(declared.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(try Services.run("sqlite3", [target, "PRAGMA foreign_key_check"]).isEmpty)
    }

    /// The step-by-step path: infer the mappings, import each table into one instance, then
    /// `export` every mapping into one PostgreSQL script (tables, rows, then constraints) that
    /// `psql` runs on an empty database, every foreign key and unique constraint accepted.
    @Test func oneExportOfEveryMappingIsAScriptWhoseConstraintsHold() throws {
        let folder = try TestSupport.temporaryDirectory()
        let sqlite = folder.appendingPathComponent("shop.sqlite").path
        try Services.run("sqlite3", ["-bail", sqlite, Self.source])
        let inferred = folder.appendingPathComponent("inferred")
        #expect(try TestSupport.mmcat(["infer", "--from", sqlite, "--out", inferred.path]).status == 0)
        let schema = inferred.appendingPathComponent("schema.json").path
        let instance = folder.appendingPathComponent("shop.instance.json").path
        let tables = ["customer", "orders", "product", "order_item"]
        for (index, table) in tables.enumerated() {
            let rows = folder.appendingPathComponent("\(table).json")
            try Data(try Services.run("sqlite3", ["-json", sqlite, "SELECT * FROM \(table)"]).utf8).write(to: rows)
            let result = try TestSupport.mmcat(
                [
                    "import", "--schema", schema, "--mapping", inferred.appendingPathComponent("\(table).path").path,
                    "--input", rows.path, "--out", instance,
                ] + (index > 0 ? ["--instance", instance] : []))
            #expect(result.status == 0, "\(result.stderr)")
        }
        let script = folder.appendingPathComponent("shop.sql").path
        let export = try TestSupport.mmcat(
            ["export", "--schema", schema, "--instance", instance, "--target", "postgresql", "--out", script]
                + tables.flatMap { ["--mapping", inferred.appendingPathComponent("\($0).path").path] })
        #expect(export.status == 0, "\(export.stderr)")
        let target = try ScratchDatabase("mmcat_whole_export")
        defer { target.drop() }
        try Services.run("psql", [target.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script])
        let constraints = try Services.run(
            "psql",
            [
                target.url, "-X", "-A", "-t", "-c",
                "SELECT contype, count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace GROUP BY 1 ORDER BY 1",
            ])
        // 3 foreign keys, 4 primary keys, 1 unique constraint (customer.email).
        #expect(constraints.split(separator: "\n") == ["f|3", "p|4", "u|1"], "\(constraints)")
        try Self.expectSameRows(sqlite: sqlite, postgres: target.url, tables: tables)
    }

    @Test func rejectedRecordsAreCountedAndExitWithThree() throws {
        let folder = try TestSupport.temporaryDirectory()
        let documents = folder.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestSupport.repository.appendingPathComponent("examples/orders.json"),
            to: documents.appendingPathComponent("order.json"))
        let examples = TestSupport.repository.appendingPathComponent("examples")
        let summary = folder.appendingPathComponent("summary.json")
        let result = try TestSupport.mmcat([
            "migrate", "--from", documents.path, "--schema", examples.appendingPathComponent("orders.schema.json").path,
            "--mapping", examples.appendingPathComponent("order.path").path,
            "--target-mapping", examples.appendingPathComponent("order_item.path").path,
            "--to", folder.appendingPathComponent("target.sqlite").path, "--summary", summary.path,
        ])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("record 4"), "\(result.stderr)")
        let kinds = try TestSupport.json(summary)["kinds"]?.arrayItems ?? []
        #expect(kinds.first { $0["kind"] == .string("order") }?["rejected"] == .number("1"))
        #expect(kinds.first { $0["kind"] == .string("order_item") }?["written"] == .number("4"))
        let rows = try Services.run(
            "sqlite3", [folder.appendingPathComponent("target.sqlite").path, "SELECT count(*) FROM order_item"])
        #expect(rows.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
    }

    /// A source whose foreign key points at a row its table lacks: the migration neither invents
    /// that row nor drops the NOT NULL to fit it, and says which record broke which key.
    @Test func aReferenceToAMissingRowIsNamedNotInvented() throws {
        let sqlite = try Self.sqliteFile(
            "broken.sqlite",
            """
            CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE orders (number INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer);
            INSERT INTO customer VALUES (1, 'Ann');
            INSERT INTO orders VALUES (10, 1), (11, 99);
            """)
        let target = try ScratchDatabase("mmcat_dangling")
        defer { target.drop() }
        let result = try TestSupport.mmcat(["migrate", "--from", sqlite, "--to", target.url])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("customer: the record with id = 99 has no name, which the schema requires"),
            "\(result.stderr)")
        #expect(result.stderr.contains("Key (customer_id)=(99) is not present"), "\(result.stderr)")
        #expect(result.stdout.contains("total"), "the summary is printed: \(result.stdout)")
        let customers = try Services.run(
            "psql",
            [
                target.url, "-X", "-A", "-t", "-c",
                "SELECT count(*) || ' ' || (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'customer'::regclass AND attname = 'name') FROM customer",
            ])
        #expect(customers.trimmingCharacters(in: .whitespacesAndNewlines) == "1 true")
    }

    /// A target that does not exist yet must say what it will be: a folder ends with `/`.
    @Test func aNewTargetIsAFolderOnlyWhenItSaysSo() throws {
        let folder = try TestSupport.temporaryDirectory()
        let sqlite = folder.appendingPathComponent("shop.sqlite").path
        try Services.run("sqlite3", ["-bail", sqlite, Self.source])
        let vague = try TestSupport.mmcat([
            "migrate", "--from", sqlite, "--to", folder.appendingPathComponent("out").path,
        ])
        #expect(vague.status == 2)
        #expect(vague.stderr.contains("end it with / for a folder"), "\(vague.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        let documents = folder.appendingPathComponent("documents").path + "/"
        let result = try TestSupport.mmcat(["migrate", "--from", sqlite, "--to", documents])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: documents + "customer.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let missing = try TestSupport.mmcat([
            "migrate", "--from", folder.appendingPathComponent("nope").path, "--to", documents,
        ])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("there is no such file or folder"), "\(missing.stderr)")
    }

    @Test func aSourceThatCannotBeReadIsNamed() throws {
        let folder = try TestSupport.temporaryDirectory()
        let result = try TestSupport.mmcat([
            "migrate", "--from", "postgres://mmcat@127.0.0.1:1/shop", "--to", folder.appendingPathComponent("t").path,
            "--target", "sqlite",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("127.0.0.1:1"), "\(result.stderr)")
    }

    /// Each table holds the same rows in the SQLite file and the PostgreSQL database.
    static func expectSameRows(sqlite: String, postgres: String, tables: [String]) throws {
        for table in tables {
            let expected = try JSONParser.parse(
                try Services.run("sqlite3", ["-json", sqlite, "SELECT * FROM \(table)"]))
            let actual = try JSONParser.parse(
                try Services.run(
                    "psql", [postgres, "-X", "-A", "-t", "-c", "SELECT coalesce(json_agg(t), '[]') FROM \(table) t"]))
            #expect(
                DocumentComparison.multiset(actual.arrayItems) == DocumentComparison.multiset(expected.arrayItems),
                "\(table)")
        }
    }

    /// A new SQLite file made by `sql`, in a folder of its own.
    static func sqliteFile(_ name: String, _ sql: String) throws -> String {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent(name).path
        try Services.run("sqlite3", ["-bail", path, sql])
        return path
    }
}
