import Foundation
import MMCat
import MMCatMongo
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Models for MongoDB run against a real MongoDB-compatible server (SecantusDB) and the collection
/// read back: every corpus case makes the full trip documents → instance → script → server.
@Suite(Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"))
struct MongoDBTests {
    func roundTrip(_ script: URL, collection: String) throws -> [JSONValue] {
        let uri = try Services.require(Services.mongoURI, "MMCAT_MONGO_URI")
        return try Services.runModel(script, runner: "mongo_run.py", server: uri, kind: collection)
    }

    @Test(arguments: CorpusCases.all)
    func corpusCaseRoundTripsThroughTheServer(_ name: String) throws {
        let documents = try roundTrip(try Services.corpusModel(name, target: "mongodb"), collection: "order")
        #expect(
            DocumentComparison.multiset(documents) == DocumentComparison.multiset(try Services.expectedDocuments(name)))
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

/// The product's own MongoDB client (wire protocol) against the real server: it runs a model and
/// reads the collection back, and the documents are the corpus' expected ones.
@Suite(Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"))
struct MongoClientTests {
    @Test(arguments: ["04-complex-array", "05-map", "10-complex-map"])
    func runsAModelAndReadsTheCollectionBack(_ name: String) async throws {
        let uri = try Services.require(Services.mongoURI, "MMCAT_MONGO_URI")
        let script = try Services.corpusModel(name, target: "mongodb")
        let database = Services.uniqueName("mmcat")
        let written = try await MongoModelExecutor(uri: uri, database: database).execute(
            [UInt8](try Data(contentsOf: script)))
        let expected = try Services.expectedDocuments(name)
        #expect(written == expected.count)
        let records = try MongoConnection(uri: uri, database: database).documents(of: "order")
        let documents = records.map { record -> JSONValue in
            guard case .object(let members) = record.value else { return record.value }
            return .object(members.filter { $0.key != "_id" })
        }
        #expect(DocumentComparison.multiset(documents) == DocumentComparison.multiset(expected))
    }

    @Test func refusesWhatThePrinterDoesNotWrite() async throws {
        let uri = try Services.require(Services.mongoURI, "MMCAT_MONGO_URI")
        let executor = MongoModelExecutor(uri: uri, database: Services.uniqueName("mmcat"))
        await #expect(throws: InputError.self) {
            _ = try await executor.execute(Array("db.dropDatabase();".utf8))
        }
    }
}
