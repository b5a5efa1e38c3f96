import Foundation
import MMCat
import MMCatFiles

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
        let mapping = try Mapping.load(bytes: read(path), file: path, schema: schema)
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
        let file: StagedFile
        do {
            file = try StagedFile(replacing: url)
        } catch {
            throw RunFailure(message: "\(path): cannot write the output in \(url.deletingLastPathComponent().path)")
        }
        do {
            var out = TextOutput { chunk in file.write(chunk) }
            try body(&out)
            out.flush()
        } catch {
            file.discard()
            if error is InputError || error is RunFailure { throw error }
            throw RunFailure(message: "\(path): cannot write the output: \(error.localizedDescription)")
        }
        do {
            try file.commit()
        } catch {
            throw RunFailure(message: "\(path): cannot write the output: \(error.problems.first?.message ?? "")")
        }
    }
}
