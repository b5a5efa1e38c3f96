import Foundation
import MMCat
import MMCatTestSupport
import Testing

/// The eleven MM-cat cases of `shared/corpus`, run through the `mmcat` command line and compared
/// by the rules of the corpus README.
@Suite struct CorpusTests {
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.corpus.path)) ?? []
        return names.filter { $0.first?.isNumber == true }.sorted()
    }()

    @Test func corpusIsPresent() {
        #expect(Self.cases.count == 11, "expected the eleven corpus cases in \(TestSupport.corpus.path)")
    }

    @Test(arguments: cases)
    func importMatchesExpectedInstance(_ name: String) throws {
        let folder = TestSupport.corpus.appendingPathComponent(name)
        let temporary = try TestSupport.temporaryDirectory()
        let out = temporary.appendingPathComponent("out.instance.json")
        let result = try TestSupport.mmcat([
            "import", "--schema", TestSupport.corpus.appendingPathComponent("schema.json").path,
            "--mapping", folder.appendingPathComponent("mapping.json").path,
            "--input", folder.appendingPathComponent("input.json").path, "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let schema = try TestSupport.corpusSchema
        let mapping = try Mapping.decode(
            try TestSupport.json(folder.appendingPathComponent("mapping.json")), file: name)
        let actual = try ComparableInstance(try TestSupport.json(out), schema: schema)
        let expected = try ComparableInstance(
            try TestSupport.json(folder.appendingPathComponent("expected-instance.json")), schema: schema)
        let technical = ComparableInstance.technicalObjects(of: mapping, in: schema)
        let (allowedObjects, allowedMorphisms) = ComparableInstance.insideComposites(of: mapping, in: schema)
        let left = actual.renamingTechnicalIds(in: technical)
        let right = expected.renamingTechnicalIds(in: technical)
        for (key, rows) in right.objects {
            #expect(left.objects[key] ?? [] == rows, "object \(key) of \(name)")
        }
        for (key, rows) in left.objects where right.objects[key] == nil && !rows.isEmpty {
            #expect(allowedObjects.contains(key), "object \(key) of \(name) should be empty, has \(rows)")
        }
        for (signature, pairs) in right.morphisms {
            #expect(left.pairs(of: signature) == pairs, "morphism \(signature) of \(name)")
        }
        for (signature, pairs) in left.morphisms where !pairs.isEmpty {
            let listed = right.morphisms[signature] != nil || right.morphisms[signature.dual] != nil
            #expect(
                listed || allowedMorphisms.contains(signature),
                "morphism \(signature) of \(name) should be empty, has \(pairs.count) pairs")
        }
    }

    @Test(arguments: cases)
    func exportMatchesExpectedDocuments(_ name: String) throws {
        let folder = TestSupport.corpus.appendingPathComponent(name)
        let temporary = try TestSupport.temporaryDirectory()
        let instance = temporary.appendingPathComponent("in.instance.json")
        let schemaPath = TestSupport.corpus.appendingPathComponent("schema.json").path
        let mappingPath = folder.appendingPathComponent("mapping.json").path
        let imported = try TestSupport.mmcat([
            "import", "--schema", schemaPath, "--mapping", mappingPath,
            "--input", folder.appendingPathComponent("input.json").path, "--out", instance.path,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let exported = try TestSupport.mmcat([
            "export", "--schema", schemaPath, "--mapping", mappingPath, "--instance", instance.path,
            "--target", "mongodb",
        ])
        #expect(exported.status == 0, "\(exported.stderr)")
        let documents = try TestSupport.documents(ofMongoScript: exported.stdout)
        guard case .array(let expected) = try TestSupport.json(folder.appendingPathComponent("expected-documents.json"))
        else {
            Issue.record("expected-documents.json is not an array")
            return
        }
        #expect(DocumentComparison.multiset(documents) == DocumentComparison.multiset(expected))
    }

    @Test(arguments: cases)
    func reimportChangesNothing(_ name: String) throws {
        let folder = TestSupport.corpus.appendingPathComponent(name)
        let temporary = try TestSupport.temporaryDirectory()
        let first = temporary.appendingPathComponent("first.instance.json")
        let second = temporary.appendingPathComponent("second.instance.json")
        let common = [
            "import", "--schema", TestSupport.corpus.appendingPathComponent("schema.json").path,
            "--mapping", folder.appendingPathComponent("mapping.json").path,
            "--input", folder.appendingPathComponent("input.json").path,
        ]
        #expect(try TestSupport.mmcat(common + ["--out", first.path]).status == 0)
        #expect(try TestSupport.mmcat(common + ["--instance", first.path, "--out", second.path]).status == 0)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    }
}

/// An instance dump read as sets of row texts per object and pair texts per morphism.
struct ComparableInstance {
    var objects: [Int: Set<String>] = [:]
    var morphisms: [Signature: Set<String>] = [:]
    var ends: [Signature: (Int, Int)] = [:]

    init(_ json: JSONValue, schema: SchemaCategory) throws {
        let objectList = try #require(json["objects"]?.arrayElements)
        for object in objectList {
            let key = try #require(object["key"]?.scalarText.flatMap { Int($0) }, "an object without a key: \(object)")
            let rows = try #require(object["rows"]?.arrayElements, "an object without rows: \(object)")
            objects[key, default: []].formUnion(rows.map(Self.rowText))
        }
        let morphismList = try #require(json["morphisms"]?.arrayElements)
        for morphism in morphismList {
            let text = try #require(morphism["signature"]?.scalarText, "a morphism without a signature: \(morphism)")
            let pairs = try #require(morphism["pairs"]?.arrayElements, "a morphism without pairs: \(morphism)")
            let signature = try Signature(parsing: text)
            let schemaMorphism = schema.morphism(signature)!
            ends[signature] = (schemaMorphism.dom, schemaMorphism.cod)
            morphisms[signature, default: []].formUnion(
                pairs.map { pair in
                    guard case .array(let two) = pair else { return "" }
                    return Self.rowText(two[0]) + " -> " + Self.rowText(two[1])
                })
        }
    }

    static func rowText(_ row: JSONValue) -> String {
        guard case .object(let members) = row else { return "" }
        return members.map { "\($0.key)=\($0.value.scalarText ?? "?")" }.sorted().joined(separator: ",")
    }

    /// Pairs of `signature`, or the reversed pairs of its dual.
    func pairs(of signature: Signature) -> Set<String> {
        if let pairs = morphisms[signature] { return pairs }
        guard let dual = morphisms[signature.dual] else { return [] }
        return Set(
            dual.map { pair in
                let parts = pair.components(separatedBy: " -> ")
                return parts[1] + " -> " + parts[0]
            })
    }

    /// Objects whose rows are nested documents without identifier (they get technical ids).
    static func technicalObjects(of mapping: Mapping, in schema: SchemaCategory) -> Set<Int> {
        var result = Set<Int>()
        func walk(_ node: AccessPath, _ key: Int) {
            for child in node.children {
                guard let signature = child.signature else {
                    walk(child, key)
                    continue
                }
                let target = schema.target(of: signature, from: key)!
                if child.isComplex {
                    if schema.object(target)!.isValueObject { result.insert(target) }
                    walk(child, target)
                }
            }
        }
        walk(mapping.accessPath, mapping.rootObject)
        return result
    }

    /// Objects strictly inside a composite the mapping uses, and the base morphisms of those composites.
    static func insideComposites(of mapping: Mapping, in schema: SchemaCategory) -> (Set<Int>, Set<Signature>) {
        var objects = Set<Int>()
        var morphisms = Set<Signature>()
        func signatures(_ node: AccessPath) -> [Signature] {
            var own = [node.signature].compactMap { $0 }
            if case .dynamic(let name) = node.name { own.append(name) }
            return own + node.children.flatMap(signatures)
        }
        for signature in signatures(mapping.accessPath) where signature.isComposite {
            for (index, step) in signature.steps.enumerated() {
                morphisms.insert(Signature(base: abs(step)))
                if index + 1 < signature.steps.count {
                    objects.insert(schema.morphisms[Signature(base: step)]!.cod)
                }
            }
        }
        return (objects, morphisms)
    }

    /// Replaces each technical id by a fingerprint of the pairs it takes part in, so that two
    /// instances that differ only in technical ids compare equal.
    func renamingTechnicalIds(in technical: Set<Int>) -> ComparableInstance {
        var fingerprints: [String: [String]] = [:]
        for (signature, pairs) in morphisms {
            guard let (dom, cod) = ends[signature] else { continue }
            for pair in pairs {
                let parts = pair.components(separatedBy: " -> ")
                if technical.contains(dom) { fingerprints[parts[0], default: []].append("\(signature)>\(parts[1])") }
                if technical.contains(cod) { fingerprints[parts[1], default: []].append("\(signature)<\(parts[0])") }
            }
        }
        func rename(_ row: String) -> String {
            fingerprints[row].map { "tech(" + $0.sorted().joined(separator: ";") + ")" } ?? row
        }
        var copy = self
        for key in technical { copy.objects[key] = objects[key].map { Set($0.map(rename)) } }
        for (signature, pairs) in morphisms {
            guard let (dom, cod) = ends[signature], technical.contains(dom) || technical.contains(cod) else { continue }
            copy.morphisms[signature] = Set(
                pairs.map { pair in
                    let parts = pair.components(separatedBy: " -> ")
                    return (technical.contains(dom) ? rename(parts[0]) : parts[0]) + " -> "
                        + (technical.contains(cod) ? rename(parts[1]) : parts[1])
                })
        }
        return copy
    }
}
