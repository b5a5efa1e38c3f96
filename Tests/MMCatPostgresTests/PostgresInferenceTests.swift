import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// `mmcat infer` on a real PostgreSQL database: its catalog (composite, nullable and
/// self-referencing foreign keys, a junction table, unique constraints, quoted names) becomes a
/// schema category whose mappings carry every table into a new database with the same rows.
@Suite(Services.enabled(Services.postgresURL, "MMCAT_PG_URL"))
struct PostgresInferenceTests {
    static let database = """
        CREATE TABLE customer (id integer PRIMARY KEY, name text NOT NULL, email text UNIQUE);
        CREATE TABLE "order" (number integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer,
            referrer_id integer REFERENCES customer (id), total numeric(15,2), placed timestamp with time zone,
            due date);
        CREATE TABLE product (sku text, variant integer, title text, PRIMARY KEY (sku, variant));
        CREATE TABLE order_item (number integer REFERENCES "order", sku text, variant integer,
            quantity integer NOT NULL, PRIMARY KEY (number, sku, variant),
            FOREIGN KEY (sku, variant) REFERENCES product (sku, variant));
        CREATE TABLE tag (id integer PRIMARY KEY, label text NOT NULL UNIQUE);
        CREATE TABLE product_tag (sku text, variant integer, tag_id integer REFERENCES tag,
            PRIMARY KEY (sku, variant, tag_id), FOREIGN KEY (sku, variant) REFERENCES product);
        CREATE TABLE employee (id integer PRIMARY KEY, manager_id integer REFERENCES employee, "full name" text);
        INSERT INTO customer VALUES (1, 'Ann', 'ann@example.com'), (2, 'Bo', NULL), (3, 'Číňan ✓', 'c@example.com');
        INSERT INTO "order" VALUES (10, 1, NULL, 12.50, '2024-03-01 10:00:00+00', '2024-03-31'), (11, 1, 2, NULL, NULL, NULL),
            (12, 3, 1, 0.10, '2024-02-29 23:59:59.5+00', '2024-12-31');
        INSERT INTO product VALUES ('A-1', 1, 'Lamp'), ('A-1', 2, 'Lamp, large'), ('B', 1, NULL);
        INSERT INTO order_item VALUES (10, 'A-1', 1, 2), (10, 'B', 1, 1), (11, 'A-1', 2, 5), (12, 'A-1', 1, 1);
        INSERT INTO tag VALUES (1, 'light'), (2, 'sale');
        INSERT INTO product_tag VALUES ('A-1', 1, 1), ('A-1', 2, 1), ('A-1', 2, 2);
        INSERT INTO employee VALUES (1, NULL, 'Boss'), (2, 1, 'Second'), (3, 2, 'Third');
        """

    static let tables = ["customer", "employee", "order", "order_item", "product", "product_tag", "tag"]

    func rows(_ database: String, _ table: String) throws -> [JSONValue] {
        let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let json = try Services.run(
            "psql", [database, "-X", "-A", "-t", "-c", "SELECT coalesce(json_agg(t), '[]') FROM \(quoted) t"])
        return try JSONParser.parse(json).arrayItems
    }

    @Test func everyTableMakesTheRoundTrip() throws {
        let source = try ScratchDatabase("mmcat_infer")
        defer { source.drop() }
        let target = try ScratchDatabase("mmcat_infer")
        defer { target.drop() }
        try Services.run("psql", [source.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", Self.database])
        let folder = try TestSupport.temporaryDirectory()
        let out = folder.appendingPathComponent("inferred")
        let inferred = try TestSupport.mmcat(["infer", "--from", source.url, "--out", out.path])
        #expect(inferred.status == 0, "\(inferred.stderr)")
        #expect(inferred.stdout.hasPrefix("inferred 7 kinds"), "\(inferred.stdout)")
        let schema = out.appendingPathComponent("schema.json").path
        let instance = folder.appendingPathComponent("all.instance.json").path
        for table in Self.tables {
            let input = folder.appendingPathComponent("\(table).json")
            let json = try Services.run(
                "psql", [source.url, "-X", "-A", "-t", "-c", "SELECT coalesce(json_agg(t), '[]') FROM \"\(table)\" t"])
            try Data(json.utf8).write(to: input)
            let mapping = out.appendingPathComponent("\(table).mapping.json").path
            var arguments = [
                "import", "--schema", schema, "--mapping", mapping, "--input", input.path, "--out", instance,
            ]
            if FileManager.default.fileExists(atPath: instance) { arguments += ["--instance", instance] }
            let imported = try TestSupport.mmcat(arguments)
            #expect(imported.status == 0 && !imported.stderr.contains("rejected "), "\(table): \(imported.stderr)")
        }
        for table in Self.tables {
            let script = folder.appendingPathComponent("\(table).sql").path
            let exported = try TestSupport.mmcat([
                "export", "--schema", schema, "--mapping", out.appendingPathComponent("\(table).mapping.json").path,
                "--instance", instance, "--target", "postgresql", "--out", script,
            ])
            #expect(exported.status == 0, "\(table): \(exported.stderr)")
            try Services.run("psql", [target.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script])
            #expect(
                DocumentComparison.multiset(try rows(target.url, table))
                    == DocumentComparison.multiset(try rows(source.url, table)), "\(table)")
        }
        // Dates stay dates and numeric(15,2) stays exact: every column has its source type.
        #expect(try columnTypes(target.url) == columnTypes(source.url))
    }

    /// The columns of every table, with their types as PostgreSQL spells them.
    func columnTypes(_ database: String) throws -> String {
        try Services.run(
            "psql",
            [
                database, "-X", "-A", "-t", "-c",
                """
                SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1
                """,
            ])
    }

    @Test func anUnreachableServerIsAClearError() throws {
        let folder = try TestSupport.temporaryDirectory()
        let result = try TestSupport.mmcat([
            "infer", "--from", "postgres://mmcat@127.0.0.1:1/nothing", "--out", folder.path,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("127.0.0.1:1: the connection was refused"), "\(result.stderr)")
    }
}
