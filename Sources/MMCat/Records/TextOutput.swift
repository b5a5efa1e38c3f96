/// A UTF-8 buffer that the printers write scripts and dumps into, in memory or streamed to a sink.
///
/// Writing bytes into one array is several times faster than building `String`s piece by piece,
/// which matters when a model holds millions of rows. With a sink, the buffer is handed over in
/// chunks at record boundaries (``flushIfNeeded()``), so an export of any size needs little memory.
///
/// ```swift
/// var out = TextOutput()
/// out.write("db.getCollection(")
/// out.writeJSONString("order")   // "order", escaped as JSON
/// ```
public struct TextOutput: Sendable {
    public private(set) var bytes: [UInt8] = []
    private let sink: (@Sendable ([UInt8]) -> Void)?
    private let chunkSize: Int
    /// Bytes already handed to the sink.
    public private(set) var flushedCount = 0

    /// An in-memory output: ``bytes`` holds everything written.
    public init() {
        sink = nil
        chunkSize = .max
        bytes.reserveCapacity(1 << 16)
    }

    /// A streamed output: `sink` receives the text in chunks of about `chunkSize` bytes, in order.
    public init(chunkSize: Int = 1 << 20, sink: @escaping @Sendable ([UInt8]) -> Void) {
        self.sink = sink
        self.chunkSize = chunkSize
        bytes.reserveCapacity(chunkSize + (chunkSize >> 2))
    }

    /// Hands the buffer to the sink when it is full; call only where no ``truncate(to:)`` will reach back.
    public mutating func flushIfNeeded() {
        if bytes.count >= chunkSize { flush() }
    }

    /// Hands everything written so far to the sink (nothing happens for an in-memory output).
    public mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        sink(bytes)
        flushedCount += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    /// All bytes written, flushed or not.
    public var totalCount: Int { flushedCount + bytes.count }

    public var count: Int { bytes.count }

    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func write(byte: UInt8) {
        bytes.append(byte)
    }

    /// Drops everything written after `count` (used to take back an empty nested object).
    public mutating func truncate(to count: Int) {
        bytes.removeSubrange(count...)
    }

    /// Writes `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    /// The result is also a JavaScript string literal that is safe anywhere in a script: U+2028 and
    /// U+2029 (line terminators to JavaScript) are written `\u2028` and `\u2029`, and the `/` of
    /// `</` as `\/`, so no `</script>` can appear when a script is embedded in HTML.
    public mutating func writeJSONString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            // Most values need no escaping: copy runs of plain bytes in one go.
            var runStart = 0
            for (index, byte) in utf8.enumerated()
            where byte == 0x22 || byte == 0x5C || byte < 0x20 || byte == 0x7F || byte == 0xE2 || byte == 0x2F {
                switch byte {
                case 0xE2:
                    // E2 80 A8 and E2 80 A9 are U+2028 and U+2029; other characters starting E2 stay.
                    guard index + 2 < utf8.count, utf8[index + 1] == 0x80, utf8[index + 2] & 0xFE == 0xA8 else {
                        continue
                    }
                case 0x2F:
                    guard index > 0, utf8[index - 1] == UInt8(ascii: "<") else { continue }
                default: break
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x2F: bytes.append(contentsOf: [0x5C, 0x2F])
                case 0xE2:
                    bytes.append(contentsOf: Array("\\u202".utf8))
                    bytes.append(utf8[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                    runStart = index + 3
                    continue
                default: writeUnicodeEscape(byte)
                }
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Appends bytes prepared earlier (an escaped key, say).
    public mutating func write(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
    }

    public mutating func write(bytes more: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: more)
    }

    /// Writes `\u00XX` for a control byte.
    public mutating func writeUnicodeEscape(_ byte: UInt8) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
        bytes.append(hex[Int(byte >> 4)])
        bytes.append(hex[Int(byte & 0xF)])
    }

    /// Writes a whole JSON value compactly (`{"a":1}` style with a space after `:` and `,`).
    public mutating func writeJSON(_ value: JSONValue) {
        switch value {
        case .null: write("null")
        case .bool(let flag): write(flag ? "true" : "false")
        case .number(let text): write(text)
        case .string(let text): writeJSONString(text)
        case .array(let items):
            write(byte: UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { write(", ") }
                writeJSON(item)
            }
            write(byte: UInt8(ascii: "]"))
        case .object(let members):
            write(byte: UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { write(", ") }
                writeJSONString(member.key)
                write(": ")
                writeJSON(member.value)
            }
            write(byte: UInt8(ascii: "}"))
        }
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
