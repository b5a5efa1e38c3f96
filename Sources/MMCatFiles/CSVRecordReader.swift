import MMCat

/// Reads CSV (RFC 4180: comma-separated, double-quoted fields with `""` for a quote, CRLF or LF):
/// the first line names the fields, each further line is a record whose fields are strings. An
/// empty field is missing, as a missing field is in a document.
///
/// The text is given whole or streamed (``init(file:chunks:)``), a megabyte at a time: a record
/// that meets the end of what was read (a quoted field may hold line breaks) is read again from
/// its start once more is read.
///
/// ```swift
/// var reader = try CSVRecordReader(bytes: Array("number,customer\n2043,1\n".utf8), file: "order.csv")
/// try reader.next()?.value["number"]   // .string("2043")
/// ```
public struct CSVRecordReader: RecordSource {
    private var bytes: [UInt8]
    private let file: String
    /// Reads more of a streamed input; nil once all of it is in `bytes`.
    private var more: InputChunks?
    private var offset = 0
    private var line = 1
    private var header: [String] = []
    private var count = 0

    /// Reads records from the whole input, held in memory.
    public init(bytes: [UInt8], file: String) throws(InputError) {
        self.bytes = bytes
        self.file = file
        try begin()
    }

    /// Reads records from an input that `chunks` reads a piece at a time.
    public init(file: String, chunks: @escaping InputChunks) throws(InputError) {
        self.bytes = []
        self.file = file
        more = chunks
        try readMore()
        try begin()
    }

    private mutating func begin() throws(InputError) {
        while more != nil && bytes.count < 3 { try readMore() }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        header = try nextLine() ?? []
        if let duplicate = Dictionary(grouping: header, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw InputError(file: file, location: "line 1", message: "the column \"\(duplicate)\" appears twice")
        }
    }

    public mutating func next() throws(InputError) -> SourceRecord? {
        while let fields = try nextLine() {
            if fields == [""] { continue }
            guard fields.count == header.count else {
                throw InputError(
                    file: file, location: "line \(line - 1)",
                    message: "expected \(header.count) fields as in the header, found \(fields.count)")
            }
            count += 1
            let members = zip(header, fields).filter { !$0.1.isEmpty }.map { JSONMember($0.0, .string($0.1)) }
            return SourceRecord(number: count, value: .object(members))
        }
        return nil
    }

    /// A field's text; a CSV file is read as UTF-8 and other bytes are an error, not replaced.
    private func text(_ field: [UInt8], line: Int) throws(InputError) -> String {
        guard let text = String(validating: field, as: UTF8.self) else {
            throw InputError(file: file, location: "line \(line)", message: "a field is not valid UTF-8")
        }
        return text
    }

    /// The fields of the next line, or nil at the end.
    private mutating func nextLine() throws(InputError) -> [String]? {
        while true {
            let (start, startLine) = (offset, line)
            if let fields = try lineInWindow() { return fields }
            guard more != nil else { return nil }
            // The line goes on past what was read: read on, then read the line again.
            (offset, line) = (start, startLine)
            try readMore()
        }
    }

    /// Drops the bytes before `offset` and appends the next piece of a streamed input (at least
    /// as much as is kept, so that a long record is read again only a few times).
    private mutating func readMore() throws(InputError) {
        guard let more else { return }
        bytes.removeSubrange(..<offset)
        offset = 0
        if !(try more(&bytes, max(JSONRecordReader.chunkSize, bytes.count))) { self.more = nil }
    }

    /// The fields of the next line; nil at the end of the input, or when a streamed input's
    /// line goes on past what was read.
    private mutating func lineInWindow() throws(InputError) -> [String]? {
        guard offset < bytes.count else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        let startLine = line
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if offset < bytes.count && bytes[offset] == UInt8(ascii: "\"") {
                        field.append(byte)
                        offset += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where field.isEmpty: quoted = true
            case UInt8(ascii: ","):
                fields.append(try text(field, line: startLine))
                field.removeAll(keepingCapacity: true)
            case 0x0D: continue
            case 0x0A:
                line += 1
                fields.append(try text(field, line: startLine))
                return fields
            default: field.append(byte)
            }
        }
        if more != nil { return nil }
        if quoted {
            throw InputError(file: file, location: "line \(startLine)", message: "a quoted field is not closed")
        }
        fields.append(try text(field, line: startLine))
        return fields
    }
}
