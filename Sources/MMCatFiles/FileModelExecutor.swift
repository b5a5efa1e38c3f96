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
        guard !kind.contains("/"), kind != "..", kind != "." else {
            throw InputError(file: folder, location: "", message: "\"\(kind)\" is not a file name")
        }
        let file = try StagedFile(replacing: URL(fileURLWithPath: folder).appendingPathComponent("\(kind).jsonl"))
        file.write(script)
        try file.commit()
        return script.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
