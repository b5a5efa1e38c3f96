import Foundation
import MMCat
import MMCatCypher
import MMCatFalkor
import MMCatServiceTestSupport
import MMCatTestSupport
import PropertyBased
import Testing

/// Generated labels, relationship types, property names and values (see
/// ``GeneratedQuotingTests``) in a graph of nodes and relationships: printed as one model,
/// executed in FalkorDB by mmcat's executor and read back by its source, every relationship
/// comes back between the same two nodes with the same value.
@Suite(Services.enabled(Services.falkorPort, "MMCAT_FALKOR_PORT"))
struct GeneratedGraphTests {
    static let schema = """
        {"objects": [
          {"key": 1, "label": "Person", "superId": ["1"], "ids": [["1"]]}, {"key": 2, "label": "Id"},
          {"key": 3, "label": "Knows", "superId": ["1.4", "1.5"], "ids": [["1.4", "1.5"]]}, {"key": 4, "label": "Note"}
        ],
        "morphisms": [
          {"signature": "1", "dom": 1, "cod": 2, "min": "ONE", "max": "ONE"},
          {"signature": "4", "dom": 3, "cod": 1, "min": "ONE", "max": "ONE"},
          {"signature": "5", "dom": 3, "cod": 1, "min": "ONE", "max": "ONE"},
          {"signature": "6", "dom": 3, "cod": 4, "min": "ZERO", "max": "ONE"}
        ]}
        """

    /// The node kind and the relationship kind of a generated case: label `kind`, key
    /// `idName`, relationship type `valueName` whose property `idName` holds the values.
    static func mappings(_ generated: GeneratedQuotingTests.Case) throws -> (nodes: Mapping, relationships: Mapping) {
        func property(_ name: String, _ signature: String, _ subpaths: [JSONValue]? = nil) -> JSONValue {
            .object(
                [JSONMember("name", .string(name)), JSONMember("signature", .string(signature))]
                    + (subpaths.map { [JSONMember("subpaths", .array($0))] } ?? []))
        }
        func mapping(_ kind: String, root: Int, _ subpaths: [JSONValue]) throws -> Mapping {
            try Mapping.decode(
                .object([
                    JSONMember("kindName", .string(kind)), JSONMember("rootObject", .number(String(root))),
                    JSONMember("accessPath", .object([JSONMember("subpaths", .array(subpaths))])),
                ]), file: "generated")
        }
        let key = property(generated.idName, "1")
        return (
            try mapping(generated.kind, root: 1, [key]),
            try mapping(
                type(generated), root: 3,
                [
                    property(RelationshipEnds.fromPrefix + generated.kind, "4", [key]),
                    property(RelationshipEnds.toPrefix + generated.kind, "5", [key]),
                    property(generated.idName, "6"),
                ])
        )
    }

    /// The relationship type: the generated value name, kept apart from the label.
    static func type(_ generated: GeneratedQuotingTests.Case) -> String {
        generated.valueName == generated.kind ? generated.valueName + "2" : generated.valueName
    }

    /// Person `i` knows person `i % 5 + 1`, with the `i`-th value.
    static func relationships(_ generated: GeneratedQuotingTests.Case) -> [JSONValue] {
        func end(_ id: Int) -> JSONValue { .object([JSONMember(generated.idName, .number(String(id)))]) }
        return generated.values.enumerated().map { index, value in
            .object([
                JSONMember(RelationshipEnds.fromPrefix + generated.kind, end(index + 1)),
                JSONMember(RelationshipEnds.toPrefix + generated.kind, end((index + 1) % 5 + 1)),
                JSONMember(generated.idName, .string(value)),
            ])
        }
    }

    static func roundTrip(_ generated: GeneratedQuotingTests.Case, port: Int) async {
        do {
            let (nodes, relationships) = try mappings(generated)
            let instance = InstanceCategory(schema: try TestSupport.schema(schema))
            for (mapping, documents) in [(nodes, generated.documents), (relationships, Self.relationships(generated))] {
                var out = TextOutput()
                out.writeJSON(.array(documents))
                var reader = try JSONRecordReader(bytes: out.bytes, file: "generated.json")
                _ = try ModelToCategory(plan: ImportPlan(schema: instance.schema, mapping: mapping), instance: instance)
                    .run(&reader)
            }
            let models = try [nodes, relationships].map { try CategoryToModel(instance: instance, mapping: $0) }
            var script = TextOutput()
            let refusable = [generated.kind, generated.idName, type(generated)].contains { $0.containsASCII("`") }
            do {
                try CypherPrinter().print(kinds: models, to: &script)
                #expect(!refusable, "a name with a backtick was printed: \(generated)")
            } catch {
                #expect(refusable && error.description.contains("backtick"), "\(generated): \(error)")
                return
            }
            let settings = FalkorSettings(
                host: "127.0.0.1", port: port, graph: Services.uniqueName("generated"), label: "generated")
            let written = try await GraphModelExecutor(label: "generated") { () throws(InputError) in
                try settings.connect()
            }.execute(script.bytes)
            #expect(written == 10, "\(generated)")
            var source = try GraphKindSource(session: settings.connect(), kind: type(generated))
            var read: [JSONValue] = []
            while let record = try source.next() { read.append(record.value) }
            #expect(
                DocumentComparison.multiset(read) == DocumentComparison.multiset(Self.relationships(generated)),
                "\(generated)")
        } catch {
            Issue.record("\(generated): \(error)")
        }
    }

    @Test func everyGeneratedRelationshipComesBackBetweenTheSameNodes() async throws {
        let port = Int(try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT"))!
        await propertyCheck(count: 25, input: GeneratedQuotingTests.cases) { generated in
            await Self.roundTrip(generated, port: port)
        }
    }
}
