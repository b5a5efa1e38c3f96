import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Models for Neo4j run statement by statement in a real Cypher database (FalkorDB) and the nodes
/// read back.
@Suite(Services.enabled(Services.falkorPort, "MMCAT_FALKOR_PORT"))
struct CypherTests {
    func roundTrip(_ script: URL, label: String) throws -> [JSONValue] {
        let port = try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")
        return try Services.runModel(script, runner: "cypher_run.py", server: port, kind: label)
    }

    @Test func auxiliaryNodesBecomePropertiesAndCompositesAreEvaluated() throws {
        let script = try Services.corpusModel("06-synthetic-property", target: "neo4j")
        let nodes = try roundTrip(script, label: "order")
        #expect(DocumentComparison.multiset(nodes) == DocumentComparison.multiset(try Services.flatSyntheticProperty()))
    }

    @Test func hostileValuesComeBackUnchanged() throws {
        let files = try HostileCase.files()
        let mapping = try Services.file(
            "client.path", #""client x; y" @1 { id: 1, "na\"me": 2, "sc'ore": 3, active: 4, tags: 5 }"#)
        let script = try Services.model(
            documents: files.documents, importMapping: files.mapping, exportMapping: mapping, target: "neo4j",
            schema: files.schema)
        let nodes = try roundTrip(script, label: "client x; y")
        #expect(DocumentComparison.multiset(nodes) == DocumentComparison.multiset(try HostileCase.expected))
    }
}
