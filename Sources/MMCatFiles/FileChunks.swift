import Foundation
import MMCat

/// Reads a file a piece at a time, for a reader that streams it (``JSONRecordReader``, ``CSVRecordReader``), so that
/// a file of gigabytes is never held whole in memory.
///
/// ```swift
/// if let chunks = FileChunks.open("/data/shop/order.jsonl") {
///     var reader = try JSONRecordReader(file: "/data/shop/order.jsonl", chunks: chunks)
///     while let record = try reader.next() { print(record.number) }
/// }
/// ```
public enum FileChunks {
    /// The pieces of the file at `path`, or nil when it is not a file that can be opened.
    public static func open(_ path: String) -> InputChunks? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        return { (buffer: inout [UInt8], count: Int) throws(InputError) -> Bool in
            let data: Data?
            do {
                data = try handle.read(upToCount: count)
            } catch {
                throw InputError(file: path, location: "", message: "cannot be read: \(error.localizedDescription)")
            }
            guard let data, !data.isEmpty else { return false }
            data.withUnsafeBytes { buffer.append(contentsOf: $0) }
            return true
        }
    }
}
