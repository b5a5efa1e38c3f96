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

    public init(connection: MongoConnection, collection: String) throws(InputError) {
        let count = try? connection.command([JSONMember("count", .string(collection))])
        totalRecords = count?["n"]?.scalarText.flatMap { Double($0) }.map { Int($0) }
        cursor = try connection.find(in: collection, batchSize: 1000)
    }

    public func next() throws(InputError) -> SourceRecord? {
        guard let document = try cursor.next() else { return nil }
        number += 1
        return SourceRecord(number: number, value: document)
    }
}
