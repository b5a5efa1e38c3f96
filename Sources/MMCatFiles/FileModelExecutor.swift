import Foundation
import MMCat

/// "Runs" a JSON Lines model on a folder: writes it as `KIND.jsonl` through a ``StagedFile``, so
/// the kind is either the old file or the new one.
public struct FileModelExecutor: ModelExecutor {
    public let folder: String
    public let kind: String

    public init(folder: String, kind: String) {
        self.folder = folder
        self.kind = kind
    }

    public func execute(_ script: [UInt8]) async throws(InputError) -> Int {
        let file = try stagedFile()
        file.write(script)
        try file.commit()
        return script.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Writes each chunk of the model to the file as it is printed (a megabyte at a time): the
    /// documents of a large kind are never all in memory, nor copied as a buffer grows.
    public func execute(printing print: (inout TextOutput) throws(InputError) -> Void) async throws(InputError)
        -> Int
    {
        let file = try stagedFile()
        let lines = LineCount()
        var out = TextOutput { chunk in
            file.write(chunk)
            lines.add(chunk)
        }
        do {
            try print(&out)
        } catch {
            file.discard()
            throw error
        }
        out.flush()
        try file.commit()
        return lines.count
    }

    private func stagedFile() throws(InputError) -> StagedFile {
        guard !kind.contains("/"), kind != "..", kind != "." else {
            throw InputError(file: folder, location: "", message: "\"\(kind)\" is not a file name")
        }
        return try StagedFile(replacing: URL(fileURLWithPath: folder).appendingPathComponent("\(kind).jsonl"))
    }

    /// The lines of the chunks written so far (the sink runs on the printing thread, one chunk at a time).
    private final class LineCount: @unchecked Sendable {
        private(set) var count = 0

        func add(_ chunk: [UInt8]) {
            count += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
    }
}
