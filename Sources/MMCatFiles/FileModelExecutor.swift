import Foundation
import MMCat

/// "Runs" a JSON Lines model on a folder: writes it as `KIND.jsonl`, through a temporary file and
/// a rename, so the kind is either the old file or the new one.
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
        let target = URL(fileURLWithPath: folder).appendingPathComponent("\(kind).jsonl")
        let temporary = URL(fileURLWithPath: folder).appendingPathComponent(".\(kind).jsonl.tmp")
        do {
            try Data(script).write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else {
                throw InputError(file: target.path, location: "", message: String(cString: strerror(errno)))
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: target.path, location: "", message: "cannot write the file: \(error)")
        }
        return script.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
