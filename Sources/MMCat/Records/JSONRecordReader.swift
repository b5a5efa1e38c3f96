/// Reads the records (documents) of a kind from JSON text, one at a time.
///
/// The input is either one JSON array of documents or JSON Lines (one document per line); the
/// first non-blank character decides. Records are numbered from 1 in the order they appear.
///
/// The text is given whole (``init(bytes:file:)``) or streamed (``init(file:chunks:)``: a file of
/// gigabytes is read a megabyte at a time). A streamed input is parsed in a window of whole
/// lines: a line break never falls inside a JSON token (a string may not hold a raw one), so a
/// value the window's end cuts short fails on the window's last line, and is parsed again once
/// more lines are read. Errors name the line and column in the whole input either way.
///
/// ```swift
/// // given: data: Data
/// var reader = try JSONRecordReader(bytes: Array(data), file: "orders.json")
/// while let record = try reader.next() { print(record.number, record.value) }
/// ```
public struct JSONRecordReader: RecordSource {
    /// How many bytes of a streamed input are read at a time (more when one value is longer).
    public static let chunkSize = 1 << 20

    private var parser: JSONParser
    /// Bytes read after the window's last line break: the start of a line not yet read whole.
    private var tail: [UInt8] = []
    /// Reads more of a streamed input; nil once all of it is in the window.
    private var more: InputChunks?
    private var isArray = false
    private var finished = false
    private var count = 0

    /// Reads records from the whole input, held in memory.
    public init(bytes: [UInt8], file: String) throws(InputError) {
        parser = JSONParser(bytes: bytes, file: file)
        try begin()
    }

    /// Reads records from an input that `chunks` reads a piece at a time.
    public init(file: String, chunks: @escaping InputChunks) throws(InputError) {
        parser = JSONParser(bytes: [], file: file)
        more = chunks
        try refill(keepingFrom: 0)
        try begin()
    }

    private mutating func begin() throws(InputError) {
        parser.skipByteOrderMark()
        isArray = try nextByte() == UInt8(ascii: "[")
        if isArray {
            parser.offset += 1
            if try nextByte() == UInt8(ascii: "]") {
                parser.offset += 1
                finished = true
                try expectEnd()
            }
        }
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws(InputError) -> SourceRecord? {
        if finished { return nil }
        if try nextByte() == nil, !isArray {
            finished = true
            return nil
        }
        var start = parser.offset
        while true {
            do throws(InputError) {
                let value = try parser.parseValue()
                if isArray, !parser.consume(UInt8(ascii: ",")) {
                    guard parser.consume(UInt8(ascii: "]")) else {
                        throw parser.error("expected ',' or ']' after record \(count + 1)")
                    }
                    finished = true
                }
                count += 1
                if finished { try expectEnd() }
                return SourceRecord(number: count, value: value)
            } catch {
                // An error on the window's last line may only mean that the value goes on: read
                // on and parse it again. Before that line it is what the whole input would give
                // (the parser looks at most a token ahead, and no token spans a line break).
                guard more != nil, parser.offset >= lastLineStart else { throw error }
                try refill(keepingFrom: start)
                start = parser.offset
            }
        }
    }

    /// Where the window's last line starts.
    private var lastLineStart: Int {
        parser.bytes.dropLast().lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
    }

    private mutating func expectEnd() throws(InputError) {
        if try nextByte() != nil {
            throw parser.error("unexpected text after the top-level array")
        }
    }

    /// The next byte that is not whitespace, reading on as needed; nil at the input's end.
    private mutating func nextByte() throws(InputError) -> UInt8? {
        while true {
            if let byte = parser.skipWhitespace() { return byte }
            guard more != nil else { return nil }
            try refill(keepingFrom: parser.offset)
        }
    }

    /// Drops the window's lines before the one holding `start`, reads until the window ends with
    /// a line break again (or holds the rest of the input), and points the parser at the byte
    /// that was at `start`.
    private mutating func refill(keepingFrom start: Int) throws(InputError) {
        guard let more else { return }
        let old = parser.bytes
        let cut = old[..<start].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        var window = [UInt8]()
        window.reserveCapacity(old.count - cut + tail.count + Self.chunkSize)
        window.append(contentsOf: old[cut...])
        window.append(contentsOf: tail)
        var lastBreak: Int?
        while lastBreak == nil {
            let searched = window.count
            guard try more(&window, max(Self.chunkSize, searched)) else {
                self.more = nil
                break
            }
            lastBreak = window[searched...].lastIndex(of: 0x0A)
        }
        if let lastBreak {
            tail = Array(window[(lastBreak + 1)...])
            window.removeSubrange((lastBreak + 1)...)
        } else {
            tail = []
        }
        parser = JSONParser(
            bytes: window, file: parser.file, firstLine: parser.firstLine + Self.lineBreaks(in: old[..<cut]))
        parser.offset = start - cut
    }

    /// How many line breaks `bytes` hold (a loop the compiler turns into vector instructions).
    private static func lineBreaks(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var breaks = 0
            for byte in buffer { breaks &+= byte == 0x0A ? 1 : 0 }
            return breaks
        }
    }
}
