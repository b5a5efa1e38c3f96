import MMCat

/// The query document and projection that read what a query needs of a collection
/// (``KindRead``). A condition keeps the documents whose field is one of its values (MongoDB
/// compares numbers of every type as numbers, and matches an array holding one), and those whose
/// field holds a type the import reads as the same text or number though `$in` would not match
/// it, where the value could be what it reads as: an ObjectId (24 hex digits), binary data
/// (base64 or a UUID), a date or timestamp (a number), a string (when the value compares as a
/// number: `"55.00"` is 55 to a query). More than needed, never less: the query checks them
/// again. (The deprecated JavaScript-code and symbol types, which the import reads as strings,
/// are the one exception: asking for them too made every filtered read a fifth slower.) A field whose name holds a `.` or
/// starts with `$` means a path or an operator to the server, not a field: no condition and no
/// projection then.
///
/// ```swift
/// let read = KindRead(properties: ["o_id"], conditions: [.init(property: "o_customer", values: [.integer(7)])])
/// MongoRead.projection(read)   // ["o_id"]
/// ```
public enum MongoRead {
    /// The BSON types that `$in` does not match but whose value the import reads as `value`.
    static func otherTypes(for value: QueryValue) -> [String] {
        switch value {
        case .boolean: return []
        case .integer, .decimal: return ["date", "timestamp", "string"]
        case .text(let text):
            if value.comparesAsNumber { return ["date", "timestamp", "string"] }
            var types: [String] = []
            let bytes = Array(text.utf8)
            let isHex = { (byte: UInt8) in (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) }
            if bytes.count == 24 && bytes.allSatisfy(isHex) { types.append("objectId") }
            let isBase64 = { (byte: UInt8) in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2B || byte == 0x2F || byte == 0x3D
            }
            let isUUID = bytes.count == 36 && bytes.allSatisfy { isHex($0) || $0 == 0x2D }
            if isUUID || (bytes.count % 4 == 0 && bytes.allSatisfy(isBase64)) { types.append("binData") }
            return types
        }
    }

    static func isField(_ name: String) -> Bool {
        !name.isEmpty && !name.contains(".") && !name.hasPrefix("$")
    }

    /// The fields to project, or nil to read whole documents.
    public static func projection(_ read: KindRead) -> [String]? {
        guard let fields = read.properties, fields.allSatisfy(isField) else { return nil }
        return fields
    }

    /// The query document, or nil for every document.
    public static func filter(_ read: KindRead) -> JSONValue? {
        let conditions = read.conditions.filter { isField($0.property) && $0.within == nil && $0.join == nil }.map {
            condition -> JSONValue in
            let values = condition.values.flatMap { value -> [JSONValue] in
                switch value {
                case .integer, .decimal: return [.number(value.text)]
                case .boolean(let flag): return [.bool(flag)]
                case .text(let text):
                    // A text that reads as a number also matches the number.
                    return [.string(text)] + (value.number.map { [.number(QueryValue.decimal($0).text)] } ?? [])
                }
            }
            let field = { (test: JSONMember) in JSONValue.object([JSONMember(condition.property, .object([test]))]) }
            var either = [field(values.count == 1 ? JSONMember("$eq", values[0]) : JSONMember("$in", .array(values)))]
            var types: [String] = []
            for type in condition.values.flatMap(otherTypes) where !types.contains(type) { types.append(type) }
            if !types.isEmpty { either.append(field(JSONMember("$type", .array(types.map(JSONValue.string))))) }
            return either.count == 1 ? either[0] : .object([JSONMember("$or", .array(either))])
        }
        if conditions.count == 1 { return conditions[0] }
        return conditions.isEmpty ? nil : .object([JSONMember("$and", .array(conditions))])
    }
}
