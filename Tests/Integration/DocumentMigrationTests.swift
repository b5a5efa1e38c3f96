import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Tables into nested documents: `infer --documents-root` suggests the order documents a person
/// would write (items nested, the customer embedded), `migrate` moves a real PostgreSQL database
/// into a real MongoDB-compatible server through it, and PostgreSQL's own `json_agg` over the
/// same tables is the oracle for the documents.
@Suite(
    Services.enabled(Services.postgresURL, "MMCAT_PG_URL"), Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"))
struct DocumentMigrationTests {
    static let database = """
        CREATE TABLE customer (id integer PRIMARY KEY, name text NOT NULL);
        CREATE TABLE "order" (number integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer,
            total numeric(15,2));
        CREATE TABLE product (sku text PRIMARY KEY, title text);
        CREATE TABLE order_item (number integer REFERENCES "order", sku text REFERENCES product,
            quantity integer NOT NULL, PRIMARY KEY (number, sku));
        INSERT INTO customer VALUES (1, 'Ann'), (2, 'Bo');
        INSERT INTO "order" VALUES (10, 1, 12.50), (11, 1, NULL), (12, 2, 0.10);
        INSERT INTO product VALUES ('A-1', 'Lamp'), ('B', NULL);
        INSERT INTO order_item VALUES (10, 'A-1', 2), (10, 'B', 1), (12, 'A-1', 5);
        """

    /// The documents a person would expect, computed by PostgreSQL itself.
    static let oracle = """
        SELECT json_agg(json_strip_nulls(json_build_object(
            'number', o.number, 'total', o.total,
            'customer', (SELECT json_build_object('id', c.id, 'name', c.name) FROM customer c WHERE c.id = o.customer_id),
            'order_item', (SELECT json_agg(json_strip_nulls(json_build_object('quantity', i.quantity,
                'product', (SELECT json_strip_nulls(json_build_object('sku', p.sku, 'title', p.title))
                    FROM product p WHERE p.sku = i.sku))))
                FROM order_item i WHERE i.number = o.number))))
        FROM "order" o
        """

    @Test func ordersBecomeNestedDocumentsAsPostgreSQLWouldBuildThem() throws {
        let source = try ScratchDatabase("mmcat_documents")
        defer { source.drop() }
        try Services.run("psql", [source.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", Self.database])
        let folder = try TestSupport.temporaryDirectory()
        let inferred = try TestSupport.mmcat([
            "infer", "--from", source.url, "--out", folder.path, "--documents-root", "order", "--embed-references",
        ])
        #expect(inferred.status == 0, "\(inferred.stderr)")
        let dumped = try Services.migrateToDocuments(
            from: source.url, mapping: folder.appendingPathComponent("order.documents.mapping.json").path, kind: "order"
        )
        let expected = try JSONParser.parse(
            try Services.run("psql", [source.url, "-X", "-A", "-t", "-c", Self.oracle]))
        #expect(DocumentComparison.multiset(dumped.arrayItems) == DocumentComparison.multiset(expected.arrayItems))
    }
}
