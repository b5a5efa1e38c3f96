import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// `mmcat infer` on a real SQLite database: the inferred files validate, and every table makes
/// the round trip through the schema category (import each table's rows, export each mapping,
/// run the scripts in a new database) with the same rows.
@Suite struct SQLiteInferenceTests {
    static let database = """
        PRAGMA foreign_keys = ON;
        CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);
        CREATE TABLE orders (number INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer,
            referrer_id INTEGER REFERENCES customer (id), note TEXT);
        CREATE TABLE product (sku TEXT, variant INTEGER, title TEXT, PRIMARY KEY (sku, variant));
        CREATE TABLE order_item (number INTEGER REFERENCES orders, sku TEXT, variant INTEGER, quantity INTEGER NOT NULL,
            PRIMARY KEY (number, sku, variant), FOREIGN KEY (sku, variant) REFERENCES product (sku, variant));
        CREATE TABLE "employee list" (id INTEGER PRIMARY KEY, manager_id INTEGER REFERENCES "employee list" (id),
            "full name" TEXT);
        INSERT INTO customer VALUES (1, 'Ann', 'ann@example.com'), (2, 'Bo', NULL), (3, 'Číňan ✓', 'c@example.com');
        INSERT INTO orders VALUES (10, 1, NULL, 'first'), (11, 1, 2, NULL), (12, 3, 1, 'it''s');
        INSERT INTO product VALUES ('A-1', 1, 'Lamp'), ('A-1', 2, 'Lamp, large'), ('B', 1, NULL);
        INSERT INTO order_item VALUES (10, 'A-1', 1, 2), (10, 'B', 1, 1), (11, 'A-1', 2, 5), (12, 'A-1', 1, 1);
        INSERT INTO "employee list" VALUES (1, NULL, 'Boss'), (2, 1, 'Second'), (3, 2, 'Third');
        """

    static let tables = ["customer", "orders", "product", "order_item", "employee list"]

    func rows(_ database: String, _ table: String) throws -> [JSONValue] {
        let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let json = try Services.run("sqlite3", ["-json", database, "SELECT * FROM \(quoted)"])
        return try JSONParser.parse(json.isEmpty ? "[]" : json).arrayItems
    }

    @Test func everyTableMakesTheRoundTrip() throws {
        let folder = try TestSupport.temporaryDirectory()
        let source = folder.appendingPathComponent("source.sqlite").path
        try Services.run("sqlite3", ["-bail", source, Self.database])
        let out = folder.appendingPathComponent("inferred")
        let inferred = try TestSupport.mmcat(["infer", "--from", source, "--out", out.path, "--name", "shop"])
        #expect(inferred.status == 0, "\(inferred.stderr)")
        #expect(inferred.stdout.hasPrefix("inferred 5 kinds"), "\(inferred.stdout)")
        let schema = out.appendingPathComponent("schema.json").path
        let mappings = ["customer", "orders", "product", "order_item", "employee_list"].map {
            out.appendingPathComponent("\($0).mapping.json").path
        }
        let validated = try TestSupport.mmcat(
            ["validate", "--schema", schema] + mappings.flatMap { ["--mapping", $0] })
        #expect(validated.status == 0, "\(validated.stderr)")
        // Every table's rows into one instance category, each through its own mapping.
        let instance = folder.appendingPathComponent("shop.instance.json").path
        for (table, mapping) in zip(Self.tables, mappings) {
            let input = folder.appendingPathComponent("\(table).json")
            try Data(try Services.run("sqlite3", ["-json", source, "SELECT * FROM \"\(table)\""]).utf8).write(to: input)
            var arguments = [
                "import", "--schema", schema, "--mapping", mapping, "--input", input.path, "--out", instance,
            ]
            if FileManager.default.fileExists(atPath: instance) { arguments += ["--instance", instance] }
            let imported = try TestSupport.mmcat(arguments)
            #expect(imported.status == 0 && !imported.stderr.contains("rejected "), "\(table): \(imported.stderr)")
        }
        // ...and out again, each table into a new database, compared row by row.
        let target = folder.appendingPathComponent("target.sqlite").path
        for (table, mapping) in zip(Self.tables, mappings) {
            let script = folder.appendingPathComponent("\(table).sql").path
            let exported = try TestSupport.mmcat([
                "export", "--schema", schema, "--mapping", mapping, "--instance", instance, "--target", "sqlite",
                "--out", script,
            ])
            #expect(exported.status == 0, "\(table): \(exported.stderr)")
            try Services.run("sqlite3", ["-bail", target, ".read '\(script)'"])
            #expect(
                DocumentComparison.multiset(try rows(target, table))
                    == DocumentComparison.multiset(try rows(source, table)),
                "\(table)")
            // Every column keeps its declared type.
            let types = "SELECT name, type FROM pragma_table_info('\(table.replacingOccurrences(of: "'", with: "''"))')"
            #expect(
                try Services.run("sqlite3", [target, types]) == Services.run("sqlite3", [source, types]), "\(table)")
        }
    }

    @Test func aSourceThatIsNotADatabaseIsAClearError() throws {
        let folder = try TestSupport.temporaryDirectory()
        let notDatabase = folder.appendingPathComponent("notes.sqlite")
        try Data("hello".utf8).write(to: notDatabase)
        let result = try TestSupport.mmcat([
            "infer", "--from", notDatabase.path, "--out", folder.appendingPathComponent("o").path,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains(notDatabase.path) && result.stderr.contains("not a readable SQLite database"))
        let missing = try TestSupport.mmcat(["infer", "--from", "/nowhere/x.sqlite", "--out", folder.path])
        #expect(missing.status == 2 && missing.stderr.contains("no SQLite file"), "\(missing.stderr)")
    }
}
