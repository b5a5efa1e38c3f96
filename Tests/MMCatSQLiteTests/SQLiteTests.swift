import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Models for SQLite run unchanged in the `sqlite3` shell on a real database file, and the tables
/// read back (arrays are JSON text there, booleans the texts true/false).
@Suite struct SQLiteTests {
    func roundTrip(_ script: URL, table: String) throws -> [JSONValue] {
        let database = try TestSupport.temporaryDirectory().appendingPathComponent("model.db").path
        try Services.run("sqlite3", ["-bail", database, ".read '\(script.path)'"])
        let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let json = try Services.run("sqlite3", ["-json", database, "SELECT * FROM \(quoted)"])
        guard case .array(let rows) = try JSONParser.parse(json.isEmpty ? "[]" : json) else { return [] }
        return rows
    }

    @Test func corpusCaseBasicRoundTrips() throws {
        let rows = try roundTrip(try Services.corpusModel("01-basic", target: "sqlite"), table: "order")
        #expect(
            DocumentComparison.multiset(rows) == DocumentComparison.multiset(try Services.expectedDocuments("01-basic"))
        )
    }

    @Test func hostileNamesAndValuesComeBackUnchanged() throws {
        let files = try HostileCase.files()
        let script = try Services.model(
            documents: files.documents, importMapping: files.mapping, target: "sqlite", schema: files.schema)
        let rows = try roundTrip(script, table: HostileCase.kind).map { row in
            // SQLite keeps arrays as JSON text: decode them to compare.
            guard case .object(let members) = row else { return row }
            return JSONValue.object(
                members.map { member in
                    if member.key == "tags", case .string(let text) = member.value,
                        let array = try? JSONParser.parse(text)
                    {
                        return JSONMember(member.key, array)
                    }
                    return member
                })
        }
        #expect(DocumentComparison.multiset(rows) == DocumentComparison.multiset(try HostileCase.expected))
    }
}
