/// PackStream, Bolt's encoding of ``BoltValue``s: one marker byte that says the type and, for
/// small values, the size (a string of up to 15 bytes is `0x80 + length`), then big-endian sizes
/// and payloads. Integers take the fewest bytes that hold them, strings are UTF-8.
///
/// ```swift
/// var bytes: [UInt8] = []
/// BoltValue.list([.integer(1), .string("a")]).pack(into: &bytes)   // 92 01 81 61
/// var reader = PackStreamReader(bytes)
/// let value = try reader.read()
/// ```
extension BoltValue {
    /// Appends the value's encoding.
    public func pack(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(0xC0)
        case .boolean(let value): out.append(value ? 0xC3 : 0xC2)
        case .integer(let value):
            if (-16...127).contains(value) {
                out.append(UInt8(bitPattern: Int8(value)))
            } else if let small = Int8(exactly: value) {
                out.append(0xC8)
                out.append(UInt8(bitPattern: small))
            } else if let small = Int16(exactly: value) {
                out.append(0xC9)
                Self.append(UInt64(UInt16(bitPattern: small)), bytes: 2, to: &out)
            } else if let small = Int32(exactly: value) {
                out.append(0xCA)
                Self.append(UInt64(UInt32(bitPattern: small)), bytes: 4, to: &out)
            } else {
                out.append(0xCB)
                Self.append(UInt64(bitPattern: value), bytes: 8, to: &out)
            }
        case .float(let value):
            out.append(0xC1)
            Self.append(value.bitPattern, bytes: 8, to: &out)
        case .bytes(let bytes):
            Self.header(bytes.count, tiny: nil, markers: (0xCC, 0xCD, 0xCE), to: &out)
            out.append(contentsOf: bytes)
        case .string(let text):
            let count = text.utf8.count
            Self.header(count, tiny: 0x80, markers: (0xD0, 0xD1, 0xD2), to: &out)
            out.append(contentsOf: text.utf8)
        case .list(let elements):
            Self.header(elements.count, tiny: 0x90, markers: (0xD4, 0xD5, 0xD6), to: &out)
            for element in elements { element.pack(into: &out) }
        case .map(let members):
            Self.header(members.count, tiny: 0xA0, markers: (0xD8, 0xD9, 0xDA), to: &out)
            for (key, value) in members {
                BoltValue.string(key).pack(into: &out)
                value.pack(into: &out)
            }
        case .structure(let tag, let fields):
            out.append(0xB0 | UInt8(min(fields.count, 15)))
            out.append(tag)
            for field in fields.prefix(15) { field.pack(into: &out) }
        }
    }

    /// A size: in the marker itself when `tiny` is given and it is under 16, else after an 8-,
    /// 16- or 32-bit marker.
    private static func header(_ count: Int, tiny: UInt8?, markers: (UInt8, UInt8, UInt8), to out: inout [UInt8]) {
        if let tiny, count < 16 {
            out.append(tiny | UInt8(count))
        } else if count <= 0xFF {
            out.append(markers.0)
            out.append(UInt8(count))
        } else if count <= 0xFFFF {
            out.append(markers.1)
            append(UInt64(count), bytes: 2, to: &out)
        } else {
            out.append(markers.2)
            append(UInt64(count), bytes: 4, to: &out)
        }
    }

    private static func append(_ value: UInt64, bytes: Int, to out: inout [UInt8]) {
        for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}

/// Reads ``BoltValue``s from PackStream bytes (one Bolt message), checking every size against
/// the bytes there are; nesting deeper than 256 levels is refused rather than followed, so a
/// hostile server cannot exhaust the stack.
public struct PackStreamReader {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == bytes.count }

    public mutating func read() throws(BoltError) -> BoltValue {
        try read(depth: 0)
    }

    private mutating func read(depth: Int) throws(BoltError) -> BoltValue {
        guard depth < 256 else { throw BoltError("the server sent values nested more than 256 levels deep") }
        let marker = try byte()
        switch marker {
        case 0x00...0x7F: return .integer(Int64(marker))
        case 0xF0...0xFF: return .integer(Int64(Int8(bitPattern: marker)))
        case 0x80...0x8F: return .string(try text(Int(marker & 0x0F)))
        case 0x90...0x9F: return .list(try list(Int(marker & 0x0F), depth))
        case 0xA0...0xAF: return .map(try map(Int(marker & 0x0F), depth))
        case 0xB0...0xBF:
            let tag = try byte()
            var fields: [BoltValue] = []
            for _ in 0..<Int(marker & 0x0F) { fields.append(try read(depth: depth + 1)) }
            return .structure(tag: tag, fields: fields)
        case 0xC0: return .null
        case 0xC1: return .float(Double(bitPattern: try unsigned(8)))
        case 0xC2: return .boolean(false)
        case 0xC3: return .boolean(true)
        case 0xC8: return .integer(Int64(Int8(truncatingIfNeeded: try unsigned(1))))
        case 0xC9: return .integer(Int64(Int16(truncatingIfNeeded: try unsigned(2))))
        case 0xCA: return .integer(Int64(Int32(truncatingIfNeeded: try unsigned(4))))
        case 0xCB: return .integer(Int64(bitPattern: try unsigned(8)))
        case 0xCC, 0xCD, 0xCE: return .bytes(try take(Int(try unsigned(1 << Int(marker - 0xCC)))))
        case 0xD0, 0xD1, 0xD2: return .string(try text(Int(try unsigned(1 << Int(marker - 0xD0)))))
        case 0xD4, 0xD5, 0xD6: return .list(try list(Int(try unsigned(1 << Int(marker - 0xD4))), depth))
        case 0xD8, 0xD9, 0xDA: return .map(try map(Int(try unsigned(1 << Int(marker - 0xD8))), depth))
        default: throw BoltError("the server sent an unknown PackStream marker 0x\(String(marker, radix: 16))")
        }
    }

    private mutating func byte() throws(BoltError) -> UInt8 {
        guard offset < bytes.count else { throw BoltError("a message of the server ends in the middle of a value") }
        offset += 1
        return bytes[offset - 1]
    }

    private mutating func unsigned(_ count: Int) throws(BoltError) -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<count { value = value << 8 | UInt64(try byte()) }
        return value
    }

    private mutating func take(_ count: Int) throws(BoltError) -> [UInt8] {
        guard count <= bytes.count - offset else {
            throw BoltError("a message of the server ends in the middle of a value")
        }
        offset += count
        return Array(bytes[(offset - count)..<offset])
    }

    private mutating func text(_ count: Int) throws(BoltError) -> String {
        String(decoding: try take(count), as: UTF8.self)
    }

    private mutating func list(_ count: Int, _ depth: Int) throws(BoltError) -> [BoltValue] {
        // Each element takes at least one byte: a count beyond the bytes left is a lie.
        guard count <= bytes.count - offset else {
            throw BoltError("a message of the server ends in the middle of a value")
        }
        var elements: [BoltValue] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try read(depth: depth + 1)) }
        return elements
    }

    private mutating func map(_ count: Int, _ depth: Int) throws(BoltError) -> [(String, BoltValue)] {
        guard count <= bytes.count - offset else {
            throw BoltError("a message of the server ends in the middle of a value")
        }
        var members: [(String, BoltValue)] = []
        members.reserveCapacity(count)
        for _ in 0..<count {
            guard case .string(let key) = try read(depth: depth + 1) else {
                throw BoltError("the server sent a map whose key is not a string")
            }
            members.append((key, try read(depth: depth + 1)))
        }
        return members
    }
}
