import Foundation
import MMCat
import MMCatFiles

/// Reading the user's files and writing results so that a failure leaves nothing behind.
enum Files {
    static func read(_ path: String) throws(InputError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable(path) }
        return [UInt8](data)
    }

    /// The records of a JSON or JSON Lines file, streamed (the file may be larger than memory).
    static func records(_ path: String) throws(InputError) -> JSONRecordReader {
        guard let chunks = FileChunks.open(path) else { throw unreadable(path) }
        return try JSONRecordReader(file: path, chunks: chunks)
    }

    /// Why `path` could not be opened: it is missing, or it is there and cannot be read.
    private static func unreadable(_ path: String) -> InputError {
        let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
        return InputError(file: path, location: "", message: reason)
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
    /// Reads an instance category for `schema`: a binary snapshot (what `--out FILE.snapshot`
    /// writes: several times faster to read than the JSON dump), recognized by its first bytes, or
    /// the JSON dump of `formats.md`. A snapshot made on an older form of the schema category is
    /// carried over to the current one, and the objects whose rows could not be are named.
    static func instance(_ path: String, schema: SchemaCategory) throws(InputError) -> InstanceCategory {
        let bytes = try read(path)
        guard InstanceSnapshot.isSnapshot(bytes) else {
            return try InstanceDump.read(bytes: bytes, file: path, schema: schema)
        }
        let (instance, dropped) = try InstanceSnapshot.read(bytes, file: path).rebased(onto: schema)
        if !dropped.isEmpty {
            printError(
                "\(path): the schema category changed since the snapshot: the rows of objects "
                    + dropped.map(String.init).joined(separator: ", ") + " were dropped")
        }
        return instance
    }

    /// Writes an instance category: as a binary snapshot to a path ending in `.snapshot`, for the
    /// next command to read quickly; as the JSON dump anywhere else (standard output included).
    static func write(_ instance: InstanceCategory, to path: String?) throws {
        guard let path, path.hasSuffix(".snapshot") else {
            return try write(to: path) { output in InstanceDump.write(instance, to: &output) }
        }
        try write(to: path) { output in
            InstanceSnapshot.write(instance) { piece in
                output.write(bytes: piece.bindMemory(to: UInt8.self))
                output.flushIfNeeded()
            }
        }
    }

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
