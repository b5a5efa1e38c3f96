import MMCat

/// The query document and projection that read what a query needs of a collection
/// (``KindRead``). A condition keeps the documents whose field is one of its values (MongoDB
/// compares numbers of every type as numbers, and matches an array holding one), any string when
/// a value compares as a number (`"55.00"` is 55 to a query), and any value of a type the import
/// reads as text (an ObjectId, a date, a Decimal128…), whose text may match: more than needed,
/// never less, the query checks them again. A field whose name holds a `.` or starts with `$`
/// means a path or an operator to the server, not a field: no condition and no projection then.
///
/// ```swift
/// let read = KindRead(properties: ["o_id"], conditions: [.init(property: "o_customer", values: [.integer(7)])])
/// MongoRead.projection(read)   // ["o_id"]
/// ```
public enum MongoRead {
    /// BSON types the import writes as text, whatever they hold.
    static let textTypes: [JSONValue] = [
        "objectId", "date", "timestamp", "decimal", "binData", "regex", "javascript", "symbol", "minKey", "maxKey",
        "dbPointer", "javascriptWithScope", "undefined",
    ].map(JSONValue.string)

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
        let conditions = read.conditions.filter { isField($0.property) }.map { condition -> JSONValue in
            let values = condition.values.flatMap { value -> [JSONValue] in
                switch value {
                case .integer, .decimal: return [.number(value.text)]
                case .boolean(let flag): return [.bool(flag)]
                case .text(let text):
                    // A text that reads as a number also matches the number.
                    return [.string(text)] + (value.number.map { [.number(QueryValue.decimal($0).text)] } ?? [])
                }
            }
            var either: [JSONValue] = [
                .object([JSONMember(condition.property, .object([JSONMember("$in", .array(values))]))])
            ]
            if condition.values.contains(where: \.comparesAsNumber) {
                either.append(
                    .object([JSONMember(condition.property, .object([JSONMember("$type", .string("string"))]))]))
            }
            either.append(.object([JSONMember(condition.property, .object([JSONMember("$type", .array(textTypes))]))]))
            return .object([JSONMember("$or", .array(either))])
        }
        return conditions.isEmpty ? nil : .object([JSONMember("$and", .array(conditions))])
    }
}
