import Foundation
import MMCat
import MMCatTestSupport
import Testing

/// The binary snapshot of an instance category: read back it is the same instance, later imports
/// behave as they would have without it, and a damaged file is an error, never a crash.
struct InstanceSnapshotTests {
    /// The instance of corpus case `name`, imported through its mapping.
    static func corpusInstance(_ name: String) throws -> InstanceCategory {
        let folder = TestSupport.corpus.appendingPathComponent(name)
        let schema = try TestSupport.corpusSchema
        let mapping = try Mapping.decode(
            try TestSupport.json(folder.appendingPathComponent("mapping.json")), file: name)
        let instance = InstanceCategory(schema: schema)
        var reader = try JSONRecordReader(
            bytes: [UInt8](try Data(contentsOf: folder.appendingPathComponent("input.json"))), file: name)
        try ModelToCategory(plan: try ImportPlan(schema: schema, mapping: mapping), instance: instance).run(&reader)
        instance.seal()
        return instance
    }

    static func dump(_ instance: InstanceCategory) -> String {
        String(decoding: InstanceDump.write(instance), as: UTF8.self)
    }

    @Test func theSchemaCategoryRoundTripsThroughJSON() throws {
        let schema = try TestSupport.corpusSchema
        #expect(try SchemaCategory.decode(schema.json, file: "x") == schema)
    }

    @Test(arguments: CorpusTests.cases)
    func everyCorpusInstanceReadsBackTheSame(_ name: String) throws {
        let instance = try Self.corpusInstance(name)
        let bytes = InstanceSnapshot.bytes(of: instance)
        let copy = try InstanceSnapshot.read(bytes, file: name)
        #expect(Self.dump(copy) == Self.dump(instance))
        #expect(copy.schema == instance.schema)
        // Written again, the copy gives the same bytes: nothing was lost or reordered.
        #expect(InstanceSnapshot.bytes(of: copy) == bytes)
    }

    @Test func importsAfterReadingBackMergeAsTheyWouldHave() throws {
        let mapping = "person @1 { email: 1, ssn: 2, name: 3, phones: 4 }"
        let first = #"[{"email": "a@x", "name": "Ann"}, {"ssn": "7", "phones": ["555"]}, {"email": "b@x", "ssn": "8"}]"#
        // Joins Ann's two rows through email and ssn, and brings a conflicting ssn for Bob.
        let second = #"[{"email": "a@x", "ssn": "7"}, {"email": "b@x", "ssn": "9", "phones": ["556"]}]"#
        let straight = InstanceCategory(schema: try TestSupport.schema(InstanceTests.people))
        try TestSupport.importDocuments(first, mapping: mapping, into: straight)
        straight.seal()
        let restored = try InstanceSnapshot.read(InstanceSnapshot.bytes(of: straight), file: "people")
        for instance in [straight, restored] {
            try TestSupport.importDocuments(second, mapping: mapping, into: instance)
            instance.seal()
        }
        #expect(restored.object(key: 1)?.liveRowCount == 2)
        #expect(restored.object(key: 1)?.conflictCount == straight.object(key: 1)?.conflictCount)
        #expect(Self.dump(restored) == Self.dump(straight))
    }

    @Test func aDamagedSnapshotIsAnErrorNamingTheFile() throws {
        let bytes = InstanceSnapshot.bytes(of: try Self.corpusInstance(CorpusTests.cases[0]))
        // Cut anywhere, or with a byte changed anywhere, it is refused or read whole; never a crash.
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(throws: InputError.self) { try InstanceSnapshot.read(Array(bytes.prefix(length)), file: "cut") }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var changed = bytes
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            changed[index] ^= UInt8.random(in: 1...255, using: &generator)
            _ = try? InstanceSnapshot.read(changed, file: "changed")
        }
        #expect {
            try InstanceSnapshot.read(Array("not a snapshot".utf8), file: "notes.txt")
        } throws: { error in
            (error as? InputError)?.description
                == "notes.txt: byte 0: damaged instance snapshot: it is not an instance snapshot"
        }
    }
}
