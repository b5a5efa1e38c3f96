import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Databases nobody on this project wrote, shipped in Debian packages (`services_samples`):
/// flask-peewee's example (users following users through a junction table, messages, notes with
/// a nullable column, timestamps) and DBIx::Class's (artists, CDs, tracks, composite unique keys).
/// Each is inferred and migrated from SQLite into a new PostgreSQL database and back into a new
/// SQLite file, and compared with the source row by row each time; DBIx's is also moved into
/// nested documents in a MongoDB-compatible server, with PostgreSQL's `json_agg` as the oracle.
@Suite(
    Services.enabled(Services.postgresURL, "MMCAT_PG_URL"), Services.enabled(Services.samples, "MMCAT_SAMPLES"),
    Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"))
struct SampleDatabaseTests {
    static let samples: [(file: String, tables: [String], foreignKeys: Int, uniques: Int)] = [
        ("peewee.sqlite", ["user", "relationship", "message", "note"], 4, 0),
        ("dbix.sqlite", ["artist", "cd", "track"], 2, 3),
    ]

    /// A table's rows with every value as its text: a multiset to compare. A timestamp is the same
    /// instant whatever the zeros at the end of its fraction: PostgreSQL keeps the instant, not
    /// the source's spelling (`31.955460` comes back as `31.95546`), so they are dropped.
    static func rows(_ json: JSONValue) -> [String] {
        let texts = json.arrayItems.map { row in
            JSONValue.object(
                (row.objectMembers ?? []).map { member in
                    JSONMember(member.key, member.value.scalarText.map { .string(instant($0)) } ?? .null)
                })
        }
        return DocumentComparison.multiset(texts)
    }

    /// `2012-03-13 02:49:31.955460` as `2012-03-13 02:49:31.95546`; any other text as it is.
    static func instant(_ text: String) -> String {
        guard text.count > 20, text.contains(" "), text.contains(":"), let dot = text.lastIndex(of: "."),
            text[text.index(after: dot)...].allSatisfy(\.isNumber)
        else { return text }
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        return trimmed.hasSuffix(".") ? String(trimmed.dropLast()) : trimmed
    }

    static func sqliteRows(_ file: String, _ table: String) throws -> [String] {
        let output = try Services.run("sqlite3", ["-json", file, "SELECT * FROM \"\(table)\""])
        return rows(output.isEmpty ? .array([]) : try JSONParser.parse(output))
    }

    /// Every column as PostgreSQL's own text (`row_to_json` would write timestamps in ISO form).
    static func postgresRows(_ url: String, _ table: String) throws -> [String] {
        let columns = try Services.run(
            "psql",
            [
                url, "-X", "-A", "-t", "-c",
                """
                SELECT string_agg(format('%L, %I::text', column_name, column_name), ', ' ORDER BY ordinal_position)
                FROM information_schema.columns WHERE table_name = '\(table)'
                """,
            ]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let query = "SELECT coalesce(json_agg(json_build_object(\(columns))), '[]') FROM \"\(table)\""
        return rows(try JSONParser.parse(try Services.run("psql", [url, "-X", "-A", "-t", "-c", query])))
    }

    @Test(arguments: samples)
    func aSampleGoesToPostgreSQLAndBackUnchanged(
        sample: (file: String, tables: [String], foreignKeys: Int, uniques: Int)
    ) throws {
        let source = URL(fileURLWithPath: try Services.require(Services.samples, "MMCAT_SAMPLES"))
            .appendingPathComponent(sample.file).path
        let target = try ScratchDatabase("mmcat_sample")
        defer { target.drop() }
        let there = try TestSupport.mmcat(["migrate", "--from", source, "--to", target.url])
        #expect(there.status == 0, "\(there.stderr)")
        for table in sample.tables {
            #expect(try Self.postgresRows(target.url, table) == Self.sqliteRows(source, table), "\(table)")
        }
        let constraints = try Services.run(
            "psql",
            [
                target.url, "-X", "-A", "-t", "-c",
                "SELECT contype || count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace GROUP BY contype ORDER BY 1",
            ])
        let expected =
            ["f\(sample.foreignKeys)", "p\(sample.tables.count)"] + (sample.uniques > 0 ? ["u\(sample.uniques)"] : [])
        #expect(constraints.split(separator: "\n").map(String.init) == expected, "\(constraints)")
        let back = try TestSupport.temporaryDirectory().appendingPathComponent("back.sqlite").path
        let returned = try TestSupport.mmcat(["migrate", "--from", target.url, "--to", back])
        #expect(returned.status == 0, "\(returned.stderr)")
        for table in sample.tables {
            #expect(try Self.sqliteRows(back, table) == Self.sqliteRows(source, table), "\(table)")
        }
        #expect(try Services.run("sqlite3", [back, "PRAGMA foreign_key_check"]).isEmpty)
    }

    /// Artists as documents with their CDs nested and the CDs' tracks nested in them, the way
    /// PostgreSQL's own `json_agg` builds them from the migrated tables.
    static let oracle = """
        SELECT json_agg(json_strip_nulls(json_build_object('artistid', a.artistid, 'name', a.name,
            'cd', (SELECT json_agg(json_strip_nulls(json_build_object('cdid', c.cdid, 'title', c.title, 'year', c.year,
                'track', (SELECT json_agg(json_build_object('trackid', t.trackid, 'title', t.title))
                    FROM track t WHERE t.cdid = c.cdid))))
                FROM cd c WHERE c.artistid = a.artistid))))
        FROM artist a
        """

    @Test func dbixArtistsBecomeNestedDocuments() throws {
        let samples = URL(fileURLWithPath: try Services.require(Services.samples, "MMCAT_SAMPLES"))
        let source = try ScratchDatabase("mmcat_sample_docs")
        defer { source.drop() }
        let loaded = try TestSupport.mmcat([
            "migrate", "--from", samples.appendingPathComponent("dbix.sqlite").path, "--to", source.url,
        ])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        let folder = try TestSupport.temporaryDirectory()
        let inferred = try TestSupport.mmcat([
            "infer", "--from", source.url, "--out", folder.path, "--documents-root", "artist",
        ])
        #expect(inferred.status == 0, "\(inferred.stderr)")
        let dumped = try Services.migrateToDocuments(
            from: source.url, mapping: folder.appendingPathComponent("artist.documents.path").path, kind: "artist")
        let expected = try JSONParser.parse(
            try Services.run("psql", [source.url, "-X", "-A", "-t", "-c", Self.oracle]))
        #expect(dumped.arrayItems.count == 2)
        #expect(DocumentComparison.multiset(dumped.arrayItems) == DocumentComparison.multiset(expected.arrayItems))
    }
}
