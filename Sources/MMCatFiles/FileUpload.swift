import Foundation
import MMCat

/// Files a person uploads (JSON, JSON Lines, CSV) stored as the folder of a new files database:
/// every file is checked whole before anything is written, then all are written into a staging
/// folder that is renamed into place in one step, so an upload is stored entirely or not at all.
///
/// A file's name gives its kind (`customers.csv` is the kind `customers`): a plain name, not
/// hidden, without a path, a control character or a second file of the same kind. Every record
/// is read by the reader an import uses, so a file that would fail an import fails the upload,
/// with the file and the line or record named.
///
/// ```swift
/// let folder = try FileUpload.store(
///     [FileUpload.File(name: "order.json", bytes: Array(#"[{"number": 1}]"#.utf8))], under: "/data/uploads")
/// ```
public enum FileUpload {
    /// One uploaded file: the name it had on the person's machine, and its bytes.
    public struct File: Sendable {
        public var name: String
        public var bytes: [UInt8]

        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// At most this many files in one upload.
    public static let maximumFiles = 200

    /// Checks `files` and stores them in a new folder under `root` (made if needed); returns the
    /// folder's path. Errors are located at the file (`files[2].name`, `files[2].content`) and
    /// their message names it, with the line or record for a file that does not read.
    public static func store(_ files: [File], under root: String) throws(InputError) -> String {
        guard !files.isEmpty else {
            throw InputError(file: "upload", location: "files", message: "upload at least one file")
        }
        guard files.count <= maximumFiles else {
            throw InputError(file: "upload", location: "files", message: "at most \(maximumFiles) files in one upload")
        }
        var kinds: [String: String] = [:]
        for (index, file) in files.enumerated() {
            let kind = try kind(of: file.name, at: index)
            if let other = kinds[kind] {
                throw InputError(
                    file: "upload", location: "files[\(index)].name",
                    message: "\"\(file.name)\" and \"\(other)\" are both the kind \"\(kind)\"; rename one")
            }
            kinds[kind] = file.name
            do {
                try check(file)
            } catch {
                let said = error.problems.map { "\($0.location.isEmpty ? "" : "\($0.location): ")\($0.message)" }
                throw InputError(
                    file: "upload", location: "files[\(index)].content",
                    message: "\(file.name) does not read: \(said.joined(separator: "; "))")
            }
        }
        let manager = FileManager.default
        let id = UUID().uuidString.lowercased()
        let staging = URL(fileURLWithPath: root).appendingPathComponent(".staging-\(id)")
        let folder = URL(fileURLWithPath: root).appendingPathComponent(id)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                try Data(file.bytes).write(to: staging.appendingPathComponent(file.name))
            }
            try manager.moveItem(at: staging, to: folder)
        } catch {
            try? manager.removeItem(at: staging)
            throw InputError(file: root, location: "", message: "the upload could not be stored: \(error)")
        }
        return folder.path
    }

    /// The kind a file name gives; an error says why the name cannot be a kind's file.
    static func kind(of name: String, at index: Int) throws(InputError) -> String {
        let problem = { (message: String) in
            InputError(file: "upload", location: "files[\(index)].name", message: message)
        }
        let bytes = Array(name.utf8)
        guard
            let suffix = [".jsonl", ".json", ".csv"].first(where: { bytes.suffix($0.utf8.count).elementsEqual($0.utf8) }
            )
        else {
            throw problem("\"\(name)\" is not a .json, .jsonl or .csv file")
        }
        guard bytes.count > suffix.utf8.count else { throw problem("the file name has no kind before \(suffix)") }
        guard bytes.count <= 200 else { throw problem("a file name is at most 200 bytes") }
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") })
        else {
            throw problem("a file name holds no path separator or control character")
        }
        guard bytes.first != UInt8(ascii: ".") else { throw problem("\"\(name)\" is a hidden file name") }
        return String(decoding: bytes.dropLast(suffix.utf8.count), as: UTF8.self)
    }

    /// Reads every record of `file` as an import would.
    static func check(_ file: File) throws(InputError) {
        var reader: any RecordSource =
            file.name.utf8.suffix(4).elementsEqual(".csv".utf8)
            ? try CSVRecordReader(bytes: file.bytes, file: file.name)
            : try JSONRecordReader(bytes: file.bytes, file: file.name)
        while try reader.next() != nil {}
    }
}
