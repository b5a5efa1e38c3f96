import Foundation
import MMCat

/// Reading the user's files and writing results so that a failure leaves nothing behind.
enum Files {
    static func read(_ path: String) throws(InputError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw InputError(file: path, location: "", message: reason)
        }
        return [UInt8](data)
    }

    static func schema(_ path: String) throws(InputError) -> SchemaCategory {
        try SchemaCategory.load(bytes: read(path), file: path)
    }

    /// Reads a mapping and checks it against `schema`.
    static func mapping(_ path: String, schema: SchemaCategory) throws(InputError) -> Mapping {
        let mapping = try Mapping.load(bytes: read(path), file: path)
        let problems = mapping.validate(against: schema)
        if !problems.isEmpty { throw InputError(file: path, problems: problems) }
        return mapping
    }

    /// Lets `body` write its output, streamed to standard output or, for a path, to a temporary
    /// file that is renamed into place only when everything was written; on any failure the
    /// temporary file is removed and `path` is left as it was.
    static func write(to path: String?, _ body: (inout TextOutput) throws -> Void) throws {
        guard let path else {
            var out = TextOutput { chunk in FileHandle.standardOutput.write(Data(chunk)) }
            try body(&out)
            out.flush()
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: temporary)
        else {
            throw RunFailure(message: "\(path): cannot write the output in \(url.deletingLastPathComponent().path)")
        }
        let sink = ChunkSink(handle: handle)
        do {
            var out = TextOutput { chunk in sink.write(chunk) }
            try body(&out)
            out.flush()
            try handle.close()
            if let failure = sink.failure { throw failure }
            // rename(2) replaces an existing file atomically (FileManager.replaceItemAt loses it on Linux).
            guard rename(temporary.path, path) == 0 else {
                throw RunFailure(message: "\(path): cannot write the output: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            if error is InputError || error is RunFailure { throw error }
            throw RunFailure(message: "\(path): cannot write the output: \(error.localizedDescription)")
        }
    }
}

/// Writes chunks to a file and remembers the first failure (a full disk), so that the command can
/// report it once the printer has finished.
final class ChunkSink: @unchecked Sendable {
    private let handle: FileHandle
    private(set) var failure: Error?

    init(handle: FileHandle) {
        self.handle = handle
    }

    func write(_ chunk: [UInt8]) {
        guard failure == nil else { return }
        do {
            try handle.write(contentsOf: chunk)
        } catch {
            failure = error
        }
    }
}
