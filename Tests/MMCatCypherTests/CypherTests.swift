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
        let python = try Services.require(Services.python, "MMCAT_PYTHON")
        let runner = Services.scripts.appendingPathComponent("cypher_run.py").path
        let graph = Services.uniqueName("mmcat")
        try Services.run(python, [runner, port, graph, "run", script.path])
        return try JSONParser.parse(try Services.run(python, [runner, port, graph, "dump", label])).arrayItems
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
