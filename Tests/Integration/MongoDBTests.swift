import Foundation
import MMCat
import MMCatTestSupport
import Testing

/// Models for MongoDB run against a real MongoDB-compatible server (SecantusDB) and the collection
/// read back: every corpus case makes the full trip documents → instance → script → server.
@Suite(Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"))
struct MongoDBTests {
    func roundTrip(_ script: URL, collection: String) throws -> [JSONValue] {
        let uri = try Services.require(Services.mongoURI, "MMCAT_MONGO_URI")
        let python = try Services.require(Services.python, "MMCAT_PYTHON")
        let runner = Services.scripts.appendingPathComponent("mongo_run.py").path
        let database = Services.uniqueName("mmcat")
        try Services.run(python, [runner, uri, database, "run", script.path])
        return try JSONParser.parse(try Services.run(python, [runner, uri, database, "dump", collection])).arrayItems
    }

    @Test(arguments: CorpusCases.all)
    func corpusCaseRoundTripsThroughTheServer(_ name: String) throws {
        let folder = TestSupport.corpus.appendingPathComponent(name)
        let script = try Services.model(
            documents: folder.appendingPathComponent("input.json"),
            importMapping: folder.appendingPathComponent("mapping.json"),
            target: "mongodb")
        let documents = try roundTrip(script, collection: "order")
        let expected = try TestSupport.json(folder.appendingPathComponent("expected-documents.json")).arrayItems
        #expect(DocumentComparison.multiset(documents) == DocumentComparison.multiset(expected))
    }

    @Test func hostileNamesAndValuesComeBackUnchanged() throws {
        let files = try HostileCase.files()
        let script = try Services.model(
            documents: files.documents, importMapping: files.mapping, target: "mongodb", schema: files.schema)
        let documents = try roundTrip(script, collection: HostileCase.kind)
        #expect(DocumentComparison.multiset(documents) == DocumentComparison.multiset(try HostileCase.expected))
    }
}

enum CorpusCases {
    static let all: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.corpus.path)) ?? [])
        .filter { $0.first?.isNumber == true }.sorted()
}
