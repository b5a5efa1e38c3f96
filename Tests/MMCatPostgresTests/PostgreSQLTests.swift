import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Models for PostgreSQL run unchanged in `psql` against a real server, and the tables read back.
@Suite(Services.enabled(Services.postgresURL, "MMCAT_PG_URL"))
struct PostgreSQLTests {
    /// Creates a database, runs `script` in it with psql, and returns the rows of `table` as JSON.
    func roundTrip(_ script: URL, table: String) throws -> [JSONValue] {
        let scratch = try ScratchDatabase("mmcat")
        defer { scratch.drop() }
        let database = scratch.url
        try Services.run("psql", [database, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script.path])
        let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let json = try Services.run(
            "psql", [database, "-X", "-A", "-t", "-c", "SELECT coalesce(json_agg(t), '[]') FROM \(quoted) t"])
        guard case .array(let rows) = try JSONParser.parse(json) else { return [] }
        return rows
    }

    @Test func corpusCaseBasicRoundTrips() throws {
        let rows = try roundTrip(try Services.corpusModel("01-basic", target: "postgresql"), table: "order")
        #expect(
            DocumentComparison.multiset(rows) == DocumentComparison.multiset(try Services.expectedDocuments("01-basic"))
        )
    }

    @Test func auxiliaryNodesBecomeColumnsAndCompositesAreEvaluated() throws {
        let script = try Services.corpusModel("06-synthetic-property", target: "postgresql")
        let rows = try roundTrip(script, table: "order")
        #expect(DocumentComparison.multiset(rows) == DocumentComparison.multiset(try Services.flatSyntheticProperty()))
    }

    @Test func nestedDocumentsExportAsAFlatTable() throws {
        let folder = TestSupport.corpus.appendingPathComponent("04-complex-array")
        let flat = try Services.file(
            "order_item.path", "order_item @114 { number: 19.-8, productId: 10.9, name: 12.9, quantity: 13 }")
        let script = try Services.model(
            documents: folder.appendingPathComponent("input.json"),
            importMapping: folder.appendingPathComponent("mapping.json"),
            exportMapping: flat, target: "postgresql")
        let rows = try roundTrip(script, table: "order_item")
        #expect(rows.count == 4)
        #expect(
            rows.contains(try JSONParser.parse(#"{"number": 2043, "productId": 457, "name": "Knife", "quantity": 7}"#)))
    }

    @Test func hostileNamesAndValuesComeBackUnchanged() throws {
        let files = try HostileCase.files()
        let script = try Services.model(
            documents: files.documents, importMapping: files.mapping, target: "postgresql", schema: files.schema)
        let rows = try roundTrip(script, table: HostileCase.kind)
        #expect(DocumentComparison.multiset(rows) == DocumentComparison.multiset(try HostileCase.expected))
    }
}
