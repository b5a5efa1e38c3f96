import MMCat
import MMCatExamples
import MMCatFiles
import MMCatMongo
import MMCatTestSupport
import PropertyBased
import Synchronization
import Testing

@testable import MMCatJobs

/// Writing a model on several threads gives exactly the bytes of one: generated orders of the
/// MM-cat example (items nested in arrays, contacts as a map of generated names, texts with
/// quotes, backslashes, line breaks, U+2028 and emoji), thousands of documents so that they make
/// many pieces, as JSON Lines and as a mongosh script, in memory and streamed in small chunks.
@Suite struct ParallelPrintingTests {
    static let texts = ["Toy", "Bo\"ok", "back\\slash", "line\nbreak", "sep\u{2028}arator", "</script>", "🧸", "čaj"]

    /// `count` orders from `picks`: unique numbers, customers from a few, up to four items each
    /// (products shared between orders), and a contact map for some.
    static func orders(_ picks: [UInt32], count: Int) -> String {
        var documents: [String] = []
        for number in 0..<count {
            let pick = picks[number % picks.count] &+ UInt32(truncatingIfNeeded: number &* 2_654_435_761)
            var fields = ["\"number\": \(number * 7 + 1)"]
            if pick & 1 == 0 { fields.append("\"customer\": \(pick % 97)") }
            let items = (0..<Int(pick >> 1 & 3)).map { index in
                let product = Int(pick >> 4) % 300 + index
                let name = texts[product % texts.count]
                return "{\"productId\": \(product), \"name\": \(jsonString(name + String(product % 5))), "
                    + "\"price\": \(product % 50).5, \"quantity\": \(index + 1)}"
            }
            fields.append("\"items\": [\(items.joined(separator: ", "))]")
            if pick & 8 != 0 {
                let name = texts[Int(pick >> 8) % texts.count]
                fields.append("\"contact\": {\(jsonString(name)): \(jsonString("\(name) \(number)"))}")
            }
            documents.append("{\(fields.joined(separator: ", "))}")
        }
        return "[\(documents.joined(separator: ",\n"))]"
    }

    static func jsonString(_ text: String) -> String {
        var out = TextOutput()
        out.writeJSONString(text)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    static func model(_ picks: [UInt32], count: Int) throws -> CategoryToModel {
        let schema = try SchemaCategory.load(bytes: Examples.bytes("orders.schema.json"), file: "orders.schema.json")
        let instance = InstanceCategory(schema: schema)
        let mapping = try Examples.text("order.path")
        let summary = try TestSupport.importDocuments(orders(picks, count: count), mapping: mapping, into: instance)
        #expect(summary.rejected == 0)
        return try CategoryToModel(instance: instance, mapping: AccessPathText.parseMapping(mapping))
    }

    /// Where two outputs part, with a few bytes of each from there.
    static func firstDifference(_ got: [UInt8], _ expected: [UInt8]) -> String {
        let at =
            (0..<min(got.count, expected.count)).first { got[$0] != expected[$0] } ?? min(got.count, expected.count)
        let show = { (bytes: [UInt8]) in String(decoding: bytes[at..<min(at + 60, bytes.count)], as: UTF8.self) }
        return "byte \(at) of \(got.count) (expected \(expected.count)): \(show(got)) | \(show(expected))"
    }

    /// What a streamed output handed its sink, joined.
    final class Chunks: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }

    static var picks: Generator<[UInt32], Shrink.None<[UInt32]>> {
        Gen<UInt32>.value(in: 0...UInt32.max).array(of: 64).withoutShrink()
    }

    @Test func severalThreadsWriteWhatOneDoes() async {
        await propertyCheck(count: 4, input: Self.picks) { picks in
            // 3,100 documents: seven pieces of JSON Lines, four mongosh batches of a thousand.
            let model = try Self.model(picks, count: 3100)
            for printer in [JSONLinesPrinter() as any ModelPrinter, MongoDBPrinter()] {
                let expected = try printer.print(model)
                #expect(expected.count > 100_000)
                for threads in [2, 3] {
                    var out = TextOutput()
                    try ParallelPrinting.print(model, with: printer, to: &out, threads: threads)
                    // Compared apart: a failing #expect would print both arrays of bytes.
                    let same = out.bytes == expected
                    #expect(same, "\(printer.target), \(threads) threads: \(Self.firstDifference(out.bytes, expected))")
                }
                let chunks = Chunks()
                var streamed = TextOutput(chunkSize: 4096) { chunk in chunks.bytes.withLock { $0 += chunk } }
                try ParallelPrinting.print(model, with: printer, to: &streamed, threads: 2)
                streamed.flush()
                let joined = chunks.bytes.withLock { $0 }
                let same = joined == expected
                #expect(same, "\(printer.target), streamed: \(Self.firstDifference(joined, expected))")
            }
        }
    }

    /// A model of fewer pieces than threads pay for, and an empty one, are written on this thread.
    @Test func smallModelsComeOutTheSame() throws {
        for count in [0, 1, 700] {
            let model = try Self.model([1, 2, 3, 4, 5, 6, 7, 8, 9], count: count)
            for printer in [JSONLinesPrinter() as any ModelPrinter, MongoDBPrinter()] {
                var out = TextOutput()
                try ParallelPrinting.print(model, with: printer, to: &out, threads: 2)
                let expected = try printer.print(model)
                let same = out.bytes == expected
                #expect(same, "\(printer.target), \(count) documents: \(Self.firstDifference(out.bytes, expected))")
            }
        }
    }
}
