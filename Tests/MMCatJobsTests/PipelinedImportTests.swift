import Foundation
import MMCat
import MMCatTestSupport
import Testing

@testable import MMCatJobs

/// Importing on two threads gives exactly the import of one: every corpus case (nested documents,
/// arrays, maps, documents without ids) with bad records mixed in, in batches of every size, the
/// same instance byte for byte, the same counts and rejections; a source's error comes after its
/// records, with the value pool back in the instance; a caller can stop after any batch.
@Suite struct PipelinedImportTests {
    /// The records of `input.json` of a corpus case, with a record that is not a document and one
    /// whose root cannot be identified put between them.
    static func records(_ name: String) throws -> [SourceRecord] {
        var reader = try JSONRecordReader(
            bytes: [UInt8](try Data(contentsOf: TestSupport.corpus.appendingPathComponent("\(name)/input.json"))),
            file: name)
        var records: [SourceRecord] = []
        while let record = try reader.next() { records.append(record) }
        let bad: [JSONValue] = [.number("5"), .object([JSONMember("nothing", .string("here"))])]
        for (offset, value) in bad.enumerated() {
            records.insert(SourceRecord(number: 0, value: value), at: min(records.count, 1 + offset * 2))
        }
        return records.enumerated().map { SourceRecord(number: $0.offset + 1, value: $0.element.value) }
    }

    /// The records of an array, then an error when `failure` is given.
    struct Listed: RecordSource {
        var records: [SourceRecord]
        var failure: InputError?
        var position = 0

        mutating func next() throws(InputError) -> SourceRecord? {
            guard position < records.count else {
                if let failure { throw failure }
                return nil
            }
            position += 1
            return records[position - 1]
        }
    }

    static func importer(_ name: String) throws -> (ModelToCategory, InstanceCategory) {
        let schema = try TestSupport.corpusSchema
        let mapping = try Mapping.decode(
            try TestSupport.json(TestSupport.corpus.appendingPathComponent("\(name)/mapping.json")), file: name)
        let instance = InstanceCategory(schema: schema)
        return (try ModelToCategory(plan: ImportPlan(schema: schema, mapping: mapping), instance: instance), instance)
    }

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.corpus.path)) ?? []
        return names.filter { $0.first?.isNumber == true }.sorted()
    }()

    @Test(arguments: cases, [1, 2, 7, 1024])
    func twoThreadsImportWhatOneDoes(_ name: String, batchSize: Int) throws {
        let records = try Self.records(name)
        let (single, alone) = try Self.importer(name)
        var source = Listed(records: records)
        let expected = try single.run(&source)
        let (pipelined, instance) = try Self.importer(name)
        var batches = 0
        let summary = try PipelinedImport.run(pipelined, reading: Listed(records: records), batchSize: batchSize) {
            batch in
            batches += 1
            #expect(batch.read <= batchSize)
            return true
        }
        #expect(InstanceDump.write(instance) == InstanceDump.write(alone), "\(name)")
        #expect(summary.read == records.count && summary.read == expected.read)
        #expect(summary.imported == expected.imported && summary.rejected == expected.rejected)
        #expect(summary.rejected >= 2)
        #expect(summary.rejections.map(\.description) == expected.rejections.map(\.description))
        #expect(batches >= (records.count + batchSize - 1) / batchSize)
    }

    @Test func aSourcesErrorComesAfterItsRecordsWithThePoolBack() throws {
        let name = try #require(Self.cases.first)
        let records = try Self.records(name)
        let failure = InputError(file: "orders", location: "record \(records.count + 1)", message: "connection lost")
        let (pipelined, instance) = try Self.importer(name)
        let error = #expect(throws: InputError.self) {
            try PipelinedImport.run(pipelined, reading: Listed(records: records, failure: failure), batchSize: 2)
        }
        #expect(error?.description == failure.description)
        let (single, alone) = try Self.importer(name)
        var source = Listed(records: records)
        _ = try single.run(&source)
        // Every record before the error is in, and the interned values are the instance's again.
        #expect(instance.pool.count == alone.pool.count && instance.pool.count > 0)
        #expect(InstanceDump.write(instance) == InstanceDump.write(alone))
    }

    @Test func aCallerCanStopAfterABatch() throws {
        let name = try #require(Self.cases.first)
        let records = try Self.records(name)
        let (pipelined, instance) = try Self.importer(name)
        let summary = try PipelinedImport.run(pipelined, reading: Listed(records: records), batchSize: 1) { _ in
            false
        }
        #expect(summary.read == 1)
        let (single, alone) = try Self.importer(name)
        var source = Listed(records: Array(records.prefix(1)))
        _ = try single.run(&source)
        #expect(InstanceDump.write(instance) == InstanceDump.write(alone))
    }
}
