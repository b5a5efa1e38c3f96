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

    /// Writes `bytes` to `path` through a temporary file and a rename, or to standard output.
    static func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(bytes).write(to: temporary)
            if FileManager.default.fileExists(atPath: path) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: url)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw RunFailure(message: "\(path): cannot write the output: \(error.localizedDescription)")
        }
    }
}
