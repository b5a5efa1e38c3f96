import Foundation
import MMCat

/// Paths and helpers shared by the tests: the repository, `../shared`, and the built `mmcat`.
public enum TestSupport {
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let shared =
        ProcessInfo.processInfo.environment["MMCAT_SHARED"].map { URL(fileURLWithPath: $0) }
        ?? repository.deletingLastPathComponent().appendingPathComponent("shared")
    public static let corpus = shared.appendingPathComponent("corpus")

    /// The `mmcat` executable built next to the test bundle.
    public static var mmcat: URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("mmcat")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/mmcat")
    }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` with `arguments` and returns its exit status and output.
    public static func run(_ executable: URL, _ arguments: [String], input: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inPipe = Pipe()
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(input) }
        try inPipe.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    public static func mmcat(_ arguments: [String]) throws -> Result {
        try run(mmcat, arguments)
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public static func json(_ url: URL) throws -> JSONValue {
        try JSONParser.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self), file: url.path)
    }

    public static func schema(_ text: String) throws(InputError) -> SchemaCategory {
        try SchemaCategory.load(bytes: Array(text.utf8), file: "test.schema.json")
    }

    public static var corpusSchema: SchemaCategory {
        get throws {
            try SchemaCategory.load(
                bytes: [UInt8](try Data(contentsOf: corpus.appendingPathComponent("schema.json"))), file: "schema.json")
        }
    }

    /// Imports `documents` (JSON text) through `mapping` (text notation) into `instance`.
    @discardableResult
    public static func importDocuments(
        _ documents: String, mapping: String, into instance: InstanceCategory
    ) throws -> ModelToCategory.Summary {
        let parsed = try AccessPathText.parseMapping(mapping)
        let plan = try ImportPlan(schema: instance.schema, mapping: parsed)
        var reader = try JSONRecordReader(bytes: Array(documents.utf8), file: "documents.json")
        return try ModelToCategory(plan: plan, instance: instance).run(&reader)
    }

    /// The documents of a MongoDB model: the arrays passed to `insertMany`, parsed.
    public static func documents(ofMongoScript script: String) throws -> [JSONValue] {
        var documents: [JSONValue] = []
        var collecting: String?
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(".insertMany([") {
                collecting = "["
            } else if line == "]);", let text = collecting {
                if case .array(let items) = try JSONParser.parse(text + "]") { documents += items }
                collecting = nil
            } else if collecting != nil {
                collecting! += line
            }
        }
        return documents
    }
}

/// A test that cannot go on: thrown where a response has the wrong shape, so the test fails
/// with the reason instead of passing by returning early.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
