import Foundation
import MMCat

/// BSON, the binary JSON of MongoDB, for the values the product exchanges: documents, arrays,
/// strings, numbers (int32, int64, double), booleans and null; ObjectIds and dates are read as
/// text and numbers, binary values as base64 text (UUIDs in their usual hex form). libmongoc sends
/// and receives the bytes; this is how the product's values become them and back.
///
/// ```swift
/// let bytes = try BSON.encode(.object([JSONMember("ping", .number("1"))]))
/// let value = try BSON.decode(bytes[...])
/// ```
public enum BSON {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    public static func encode(_ document: JSONValue) throws(BSON.Error) -> [UInt8] {
        guard case .object(let members) = document else {
            throw Error(description: "a BSON document must be an object")
        }
        return try encode(members: members.map { ($0.key, $0.value) })
    }

    private static func encode(members: [(String, JSONValue)]) throws(BSON.Error) -> [UInt8] {
        var body: [UInt8] = []
        for (key, value) in members {
            guard !key.utf8.contains(0) else { throw Error(description: "a BSON key cannot contain a NUL byte") }
            switch value {
            case .null:
                body.append(0x0A)
                cString(key, &body)
            case .bool(let flag):
                body.append(0x08)
                cString(key, &body)
                body.append(flag ? 1 : 0)
            case .string(let text):
                body.append(0x02)
                cString(key, &body)
                string(text, &body)
            case .number(let text):
                if let small = Int32(text) {
                    body.append(0x10)
                    cString(key, &body)
                    little(UInt32(bitPattern: small), &body)
                } else if let large = Int64(text) {
                    body.append(0x12)
                    cString(key, &body)
                    little(UInt64(bitPattern: large), &body)
                } else if let double = Double(text) {
                    body.append(0x01)
                    cString(key, &body)
                    little(double.bitPattern, &body)
                } else {
                    throw Error(description: "\(text) is not a number")
                }
            case .array(let items):
                body.append(0x04)
                cString(key, &body)
                body += try encode(members: items.enumerated().map { (String($0.offset), $0.element) })
            case .object(let inner):
                body.append(0x03)
                cString(key, &body)
                body += try encode(members: inner.map { ($0.key, $0.value) })
            }
        }
        var out: [UInt8] = []
        little(UInt32(body.count + 5), &out)
        return out + body + [0]
    }

    private static func cString(_ text: String, _ out: inout [UInt8]) {
        out += Array(text.utf8)
        out.append(0)
    }

    private static func string(_ text: String, _ out: inout [UInt8]) {
        let bytes = Array(text.utf8)
        little(UInt32(bytes.count + 1), &out)
        out += bytes
        out.append(0)
    }

    static func little<T: FixedWidthInteger>(_ value: T, _ out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out += $0 }
    }

    static func read<T: FixedWidthInteger>(_ type: T.Type, _ bytes: ArraySlice<UInt8>, at offset: Int) throws(BSON
        .Error)
        -> T
    {
        let size = MemoryLayout<T>.size
        guard offset >= bytes.startIndex, offset + size <= bytes.endIndex else {
            throw Error(description: "truncated BSON")
        }
        var value: T = 0
        for index in 0..<size { value |= T(bytes[offset + index]) << (8 * index) }
        return value
    }

    /// Decodes one document.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(BSON.Error) -> JSONValue {
        var offset = bytes.startIndex
        return try document(bytes, &offset, asArray: false, depth: 1)
    }

    private static func document(
        _ bytes: ArraySlice<UInt8>, _ offset: inout Int, asArray: Bool, depth: Int
    ) throws(BSON.Error) -> JSONValue {
        // As deep as the JSON parser allows: decoding recurses, and a thread's stack is finite.
        guard depth <= JSONParser.maximumDepth else {
            throw Error(description: "documents nest deeper than \(JSONParser.maximumDepth) levels")
        }
        let start = offset
        let length = Int(try read(Int32.self, bytes, at: offset))
        guard length >= 5, start + length <= bytes.endIndex else { throw Error(description: "bad BSON length") }
        offset += 4
        var members: [JSONMember] = []
        while offset < start + length - 1 {
            let type = bytes[offset]
            offset += 1
            guard let end = bytes[offset...].firstIndex(of: 0) else { throw Error(description: "unterminated key") }
            let key = String(decoding: bytes[offset..<end], as: UTF8.self)
            offset = end + 1
            members.append(JSONMember(key, try value(type, bytes, &offset, depth: depth)))
        }
        offset = start + length
        return asArray ? .array(members.map(\.value)) : .object(members)
    }

    private static func value(
        _ type: UInt8, _ bytes: ArraySlice<UInt8>, _ offset: inout Int, depth: Int
    ) throws(BSON.Error) -> JSONValue {
        switch type {
        case 0x01:
            let double = Double(bitPattern: try read(UInt64.self, bytes, at: offset))
            offset += 8
            return .number(double == double.rounded() && abs(double) < 1e15 ? String(Int64(double)) : String(double))
        case 0x02, 0x0D, 0x0E:
            let length = Int(try read(Int32.self, bytes, at: offset))
            guard length >= 1, offset + 4 + length <= bytes.endIndex else { throw Error(description: "bad string") }
            let text = String(decoding: bytes[(offset + 4)..<(offset + 3 + length)], as: UTF8.self)
            offset += 4 + length
            return .string(text)
        case 0x03: return try document(bytes, &offset, asArray: false, depth: depth + 1)
        case 0x04: return try document(bytes, &offset, asArray: true, depth: depth + 1)
        case 0x05:
            let length = Int(try read(Int32.self, bytes, at: offset))
            guard length >= 0, offset + 5 + length <= bytes.endIndex else { throw Error(description: "bad binary") }
            let subtype = bytes[offset + 4]
            let data = Data(bytes[(offset + 5)..<(offset + 5 + length)])
            offset += 5 + length
            if (subtype == 3 || subtype == 4) && length == 16 {
                return .string(data.withUnsafeBytes { UUID(uuid: $0.load(as: uuid_t.self)) }.uuidString.lowercased())
            }
            return .string(data.base64EncodedString())
        case 0x07:
            guard offset + 12 <= bytes.endIndex else { throw Error(description: "truncated ObjectId") }
            let hex = bytes[offset..<(offset + 12)].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            offset += 12
            return .string(hex)
        case 0x08:
            guard offset < bytes.endIndex else { throw Error(description: "truncated boolean") }
            offset += 1
            return .bool(bytes[offset - 1] != 0)
        case 0x09, 0x11, 0x12:
            let number = try read(Int64.self, bytes, at: offset)
            offset += 8
            return .number(String(number))
        case 0x0A, 0x06, 0xFF, 0x7F: return .null
        case 0x10:
            let number = try read(Int32.self, bytes, at: offset)
            offset += 4
            return .number(String(number))
        default:
            throw Error(description: "unsupported BSON type 0x\(String(type, radix: 16))")
        }
    }
}
