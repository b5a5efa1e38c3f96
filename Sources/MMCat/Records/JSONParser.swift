/// A small, fast JSON parser over UTF-8 bytes.
///
/// It parses one value at a time, so a reader can stream the elements of a large top-level array
/// (or the lines of a JSON Lines file) without building the whole document in memory.
///
/// ```swift
/// var parser = JSONParser(bytes: Array(#"[{"a": 1}, {"a": 2}]"#.utf8), file: "data.json")
/// let whole = try parser.parseDocument()
/// ```
public struct JSONParser {
    public let bytes: [UInt8]
    public let file: String
    /// The line of the input that `bytes` start on (a reader streaming a large file parses it a
    /// window of whole lines at a time), so that errors name the line in the file.
    public let firstLine: Int
    /// The offset of the next byte to read.
    public var offset: Int = 0
    /// Arrays and objects open around the next byte.
    private var depth = 0
    /// How deeply arrays and objects may nest: far beyond real documents (MongoDB allows 100),
    /// and shallow enough that parsing, which recurses, cannot run out of a thread's stack.
    public static let maximumDepth = 256

    public init(bytes: [UInt8], file: String, firstLine: Int = 1) {
        self.bytes = bytes
        self.file = file
        self.firstLine = firstLine
    }

    /// Parses text that holds exactly one JSON value.
    public static func parse(_ text: String, file: String = "<text>") throws(InputError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), file: file)
        return try parser.parseDocument()
    }

    /// Skips a UTF-8 byte order mark at the start, which some editors write.
    public mutating func skipByteOrderMark() {
        if offset == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    /// Parses the whole input as one value; anything but whitespace after it is an error.
    public mutating func parseDocument() throws(InputError) -> JSONValue {
        skipByteOrderMark()
        let value = try parseValue()
        skipWhitespace()
        if offset < bytes.count {
            throw error("unexpected text after the JSON value")
        }
        return value
    }

    /// Skips spaces, tabs and line breaks; returns the next byte without consuming it, or nil at the end.
    @discardableResult
    public mutating func skipWhitespace() -> UInt8? {
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                offset += 1
            } else {
                return byte
            }
        }
        return nil
    }

    /// Consumes `byte` if it is next (after whitespace).
    public mutating func consume(_ byte: UInt8) -> Bool {
        if skipWhitespace() == byte {
            offset += 1
            return true
        }
        return false
    }

    public mutating func parseValue() throws(InputError) -> JSONValue {
        guard let byte = skipWhitespace() else {
            throw error("unexpected end of input, expected a value")
        }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character '\(Character(Unicode.Scalar(byte)))', expected a value")
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(InputError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw error("unexpected end of input") }
        for index in 0..<count where bytes[offset + index] != word.utf8Start[index] {
            throw error("invalid literal, expected \(word)")
        }
        offset += count
        return value
    }

    /// Enters an array or object, refusing one nested deeper than ``maximumDepth``.
    private mutating func enter() throws(InputError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("arrays and objects nest deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func parseObject() throws(InputError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        offset += 1
        var members: [JSONMember] = []
        // Keys seen, once an object is too large for a linear search to be cheap.
        var keys: Set<String>?
        if consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            guard skipWhitespace() == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let start = offset
            let key = try parseString()
            // A repeated key is refused rather than letting one value silently win.
            if keys == nil && members.count >= 16 { keys = Set(members.map(\.key)) }
            if keys?.insert(key).inserted == false || (keys == nil && members.contains(where: { $0.key == key })) {
                offset = start
                throw error("the key \"\(key)\" appears twice in one object")
            }
            guard consume(UInt8(ascii: ":")) else { throw error("expected ':' after the key \"\(key)\"") }
            members.append(JSONMember(key, try parseValue()))
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return .object(members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray() throws(InputError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        offset += 1
        var items: [JSONValue] = []
        if consume(UInt8(ascii: "]")) { return .array(items) }
        while true {
            items.append(try parseValue())
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return .array(items) }
            throw error("expected ',' or ']' in an array")
        }
    }

    private mutating func parseNumber() throws(InputError) -> String {
        let start = offset
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let digitsStart = offset
        while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        if offset == digitsStart { throw error("invalid number") }
        if offset - digitsStart > 1, bytes[digitsStart] == UInt8(ascii: "0") {
            throw error("invalid number: leading zero")
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            let fraction = offset
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
            if offset == fraction { throw error("invalid number: no digits after '.'") }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            let exponent = offset
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
            if offset == exponent { throw error("invalid number: no digits in the exponent") }
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    /// The text of a string's bytes. JSON is UTF-8: other bytes are an error at the string's
    /// opening quote (just before `start`), never replaced in silence, which would change the data
    /// on its way in.
    private func utf8(_ text: ArraySlice<UInt8>, ascii: Bool, at start: Int) throws(InputError) -> String {
        // `ascii`: no byte from the input was 0x80 or more (escapes write valid UTF-8), so there is
        // nothing to validate; validating every string cost a sixth of an import.
        if ascii { return String(decoding: text, as: UTF8.self) }
        guard let decoded = String(validating: text, as: UTF8.self) else {
            var located = self
            located.offset = start - 1
            throw located.error("the string is not valid UTF-8")
        }
        return decoded
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Parses a string literal; the next byte must be its opening quote.
    mutating func parseString() throws(InputError) -> String {
        offset += 1
        let start = offset
        // Any byte of 0x80 or more is seen here: a string without one is ASCII, valid as it is.
        var high: UInt8 = 0
        // Fast path: no escapes.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(bytes[start..<offset], ascii: high < 0x80, at: start)
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character inside a string") }
            high |= byte
            offset += 1
        }
        var scratch = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                // Escapes write valid UTF-8 themselves, so only the bytes taken as they are count.
                return try utf8(scratch[...], ascii: high < 0x80, at: start)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &scratch)
            case 0..<0x20:
                throw error("control character inside a string")
            default:
                high |= byte
                scratch.append(byte)
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseEscape(into scratch: inout [UInt8]) throws(InputError) {
        guard offset < bytes.count else { throw error("unterminated string") }
        let escape = bytes[offset]
        offset += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                    bytes[offset + 1] == UInt8(ascii: "u")
                else { throw error("unpaired surrogate in \\u escape") }
                offset += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
            scratch.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
        }
    }

    private mutating func parseHex4() throws(InputError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("unterminated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            offset += 1
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }

    /// An error at the current offset, located by line and column.
    public func error(_ message: String) -> InputError {
        var line = firstLine
        var column = 1
        for byte in bytes[0..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return InputError(file: file, location: "line \(line), column \(column)", message: message)
    }
}
