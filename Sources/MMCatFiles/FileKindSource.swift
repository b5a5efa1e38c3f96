import Foundation
import MMCat

/// The records of a kind kept as a file in a folder: `KIND.jsonl` (JSON Lines, what an executed
/// model writes), `KIND.json` (an array of documents) or `KIND.csv` (a header line, then one
/// record per line), tried in that order.
///
/// ```swift
/// var source = try FileKindSource.open(folder: "/data/shop", kind: "order")
/// while let record = try source.next() { print(record.number) }
/// ```
public enum FileKindSource {
    /// The file names tried for a kind, in order.
    public static func candidates(kind: String) -> [String] {
        ["\(kind).jsonl", "\(kind).json", "\(kind).csv"]
    }

    /// Opens the file of `kind` in `folder`.
    public static func open(folder: String, kind: String) throws(InputError) -> any RecordSource {
        guard !kind.contains("/"), kind != "..", kind != "." else {
            throw InputError(file: folder, location: "", message: "\"\(kind)\" is not a file name")
        }
        for name in candidates(kind: kind) {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            // Streamed: a folder written by `migrate` may hold files of gigabytes.
            guard let chunks = FileChunks.open(path) else { continue }
            if name.hasSuffix(".csv") { return try CSVRecordReader(file: path, chunks: chunks) }
            return try JSONRecordReader(file: path, chunks: chunks)
        }
        throw InputError(
            file: folder, location: "",
            message: "no file for the kind \"\(kind)\" (looked for \(candidates(kind: kind).joined(separator: ", ")))")
    }
}
