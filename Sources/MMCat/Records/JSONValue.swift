/// A parsed JSON value, as the import reads documents and as schema and mapping files are read.
///
/// Numbers keep their source text: MM-cat compares values by text, and `2043` and `"2043"` are the
/// same value, so nothing is gained by converting to `Double` and precision could be lost.
///
/// ```swift
/// let doc = try JSONParser.parse(#"{"number": 2043}"#)
/// doc["number"]?.scalarText   // "2043"
/// ```
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The member named `key` of an object (the last one if the key repeats), or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The text of a scalar (`"2043"`, `"true"`), or nil for null, arrays and objects.
    public var scalarText: String? {
        switch self {
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text), .string(let text): return text
        case .null, .array, .object: return nil
        }
    }

    /// A short name of the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// True for `null`, `[]` and `{}`: the values a document may hold where a field is absent.
    public var isAbsent: Bool {
        switch self {
        case .null: return true
        case .array(let items): return items.isEmpty
        case .object(let members): return members.isEmpty
        default: return false
        }
    }
}

/// One `"key": value` member of a JSON object, in document order.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// A 64-bit FNV-1a digest of the value with object keys sorted: equal documents, whatever their key order,
    /// give equal digests. Used to name nested documents that have no identifier of their own.
    public var canonicalDigest: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        func mix(_ text: String) {
            for byte in text.utf8 { mix(byte) }
            mix(0)
        }
        func walk(_ value: JSONValue) {
            switch value {
            case .null: mix(1)
            case .bool(let flag): mix(flag ? 2 : 3)
            case .number(let text), .string(let text):
                mix(4)
                mix(text)
            case .array(let items):
                mix(5)
                items.forEach(walk)
                mix(6)
            case .object(let members):
                mix(7)
                for member in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                    mix(member.key)
                    walk(member.value)
                }
                mix(8)
            }
        }
        walk(self)
        return hash
    }
}

extension JSONValue {
    /// The elements of an array, nil for anything else.
    public var arrayElements: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The members of an object, nil for anything else.
    public var objectMembers: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }
}
