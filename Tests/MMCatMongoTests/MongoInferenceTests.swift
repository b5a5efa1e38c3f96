import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// `mmcat infer` and `mmcat migrate` on a real MongoDB-compatible server: its collections become
/// nested mappings, and their documents move into a folder of JSON Lines files unchanged.
@Suite(Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"))
struct MongoInferenceTests {
    static let documents = """
        [{"_id": 1, "number": 2043, "customer": {"name": "Ann", "city": "Brno"},
          "items": [{"product": "Toy", "quantity": 1}, {"product": "Book", "quantity": 2}]},
         {"_id": 2, "number": 1653, "customer": {"name": "Číňan ✓"}, "items": [{"product": "Knife", "quantity": 7}]}]
        """

    @Test func collectionsAreInferredAndMigrated() throws {
        let uri = try Services.require(Services.mongoURI, "MMCAT_MONGO_URI")
        let python = try Services.require(Services.python, "MMCAT_PYTHON")
        let database = Services.uniqueName("mmcat_infer")
        let folder = try TestSupport.temporaryDirectory()
        let script = folder.appendingPathComponent("load.js")
        try Data("db.getCollection(\"order\").insertMany(\(Self.documents));\n".utf8).write(to: script)
        try Services.run(
            python, [Services.scripts.appendingPathComponent("mongo_run.py").path, uri, database, "run", script.path])
        let server = try #require(URLComponents(string: uri))
        let source = "mongodb://\(server.host ?? "127.0.0.1"):\(server.port ?? 27017)/\(database)"

        let inferred = try TestSupport.mmcat([
            "infer", "--from", source, "--out", folder.appendingPathComponent("inferred").path,
        ])
        #expect(inferred.status == 0, "\(inferred.stderr)")
        let path = try String(contentsOf: folder.appendingPathComponent("inferred/order.path"), encoding: .utf8)
        #expect(path.contains("items: ") && path.contains("customer: "), "\(path)")

        let target = folder.appendingPathComponent("target")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let migrated = try TestSupport.mmcat(["migrate", "--from", source, "--to", target.path])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let lines = try String(contentsOf: target.appendingPathComponent("order.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(
            DocumentComparison.multiset(lines)
                == DocumentComparison.multiset(try JSONParser.parse(Self.documents).arrayItems))
    }
}
