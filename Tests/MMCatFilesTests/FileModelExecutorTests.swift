import Foundation
import MMCat
import MMCatFiles
import MMCatTestSupport
import Testing

/// A JSON Lines model written to a folder as it is printed: every chunk lands in the file, the
/// lines are counted, and a model that fails half way leaves the old file as it was.
@Suite struct FileModelExecutorTests {
    @Test func aStreamedModelIsTheFileAndItsLinesAreCounted() async throws {
        let folder = try TestSupport.temporaryDirectory().path
        let executor = FileModelExecutor(folder: folder, kind: "order")
        // About 3 MB: several chunks of the streamed output.
        let lines = (0..<60_000).map { #"{"number": \#($0), "note": "a line of some length to fill chunks"}"# }
        let written = try await executor.execute(printing: { out throws(InputError) in
            for line in lines {
                out.write(line)
                out.write("\n")
                out.flushIfNeeded()
            }
        })
        #expect(written == lines.count)
        let file = try String(contentsOfFile: folder + "/order.jsonl", encoding: .utf8)
        #expect(file == lines.joined(separator: "\n") + "\n")
    }

    @Test func aModelThatFailsLeavesTheOldFile() async throws {
        let folder = try TestSupport.temporaryDirectory().path
        let executor = FileModelExecutor(folder: folder, kind: "order")
        _ = try await executor.execute(Array("{\"old\": 1}\n".utf8))
        await #expect(throws: InputError.self) {
            _ = try await executor.execute(printing: { out throws(InputError) in
                for number in 0..<100_000 {
                    out.write("{\"new\": \(number)}\n")
                    out.flushIfNeeded()
                }
                throw InputError(file: "order", location: "", message: "the printer failed")
            })
        }
        #expect(try String(contentsOfFile: folder + "/order.jsonl", encoding: .utf8) == "{\"old\": 1}\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
