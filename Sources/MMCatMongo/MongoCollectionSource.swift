import MMCat

/// The documents of a MongoDB collection as records, read through a driver cursor in batches of
/// 1,000, so that a collection of any size is imported in constant memory. The total comes from
/// the `count` command when the server answers it.
///
/// ```swift
/// // given: connection: MongoConnection
/// var source = try MongoCollectionSource(connection: connection, collection: "order")
/// while let record = try source.next() { print(record.number) }
/// ```
public final class MongoCollectionSource: RecordSource {
    private let cursor: MongoCursor
    private var number = 0
    public let totalRecords: Int?
    /// The `find`, when the source reads part of the collection.
    public let nativeQuery: String?

    /// Reads the documents of `collection` that match `filter` (all when nil), with only the
    /// top-level `fields` when given (and `_id`).
    public init(connection: MongoConnection, collection: String, filter: JSONValue? = nil, fields: [String]? = nil)
        throws(InputError)
    {
        // A filtered read is a query's, which shows no progress: counting would scan the
        // collection a second time.
        totalRecords =
            filter == nil
            ? (try? connection.command([JSONMember("count", .string(collection))]))?["n"]?.scalarText
                .flatMap { Double($0) }.map { Int($0) } : nil
        cursor = try connection.find(in: collection, batchSize: 1000, filter: filter, fields: fields)
        if filter == nil && fields == nil {
            nativeQuery = nil
        } else {
            var out = TextOutput()
            out.write("db.getCollection(")
            out.writeJSONString(collection)
            out.write(").find(")
            out.writeJSON(filter ?? .object([]))
            if let fields {
                out.write(", ")
                out.writeJSON(.object(fields.map { JSONMember($0, .number("1")) }))
            }
            out.write(")")
            nativeQuery = out.text
        }
    }

    public func next() throws(InputError) -> SourceRecord? {
        guard let document = try cursor.next() else { return nil }
        number += 1
        return SourceRecord(number: number, value: document)
    }
}
