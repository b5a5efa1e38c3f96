import MMCat

/// The documents of a MongoDB collection as records, read in batches of 1,000 through a cursor
/// (`find`, then `getMore`), so that a collection of any size is imported in constant memory.
/// The total comes from the `count` command when the server answers it.
///
/// ```swift
/// var source = try MongoCollectionSource(connection: connection, collection: "order")
/// while let record = try source.next() { ... }
/// ```
public struct MongoCollectionSource: RecordSource {
    private let connection: MongoConnection
    private let collection: String
    private var batch: [JSONValue] = []
    private var position = 0
    /// The server's cursor; nil once the last batch has arrived.
    private var cursor: String?
    private var number = 0
    public let totalRecords: Int?

    public init(connection: MongoConnection, collection: String) throws(InputError) {
        self.connection = connection
        self.collection = collection
        let count = try? connection.command([JSONMember("count", .string(collection))])
        totalRecords = count?["n"]?.scalarText.flatMap { Double($0) }.map { Int($0) }
        let reply = try connection.command([
            JSONMember("find", .string(collection)), JSONMember("batchSize", .number("1000")),
        ])
        take(reply, batch: "firstBatch")
    }

    public mutating func next() throws(InputError) -> SourceRecord? {
        while position == batch.count {
            guard let cursor else { return nil }
            let reply = try connection.command([
                JSONMember("getMore", .number(cursor)), JSONMember("collection", .string(collection)),
                JSONMember("batchSize", .number("1000")),
            ])
            take(reply, batch: "nextBatch")
        }
        position += 1
        number += 1
        return SourceRecord(number: number, value: batch[position - 1])
    }

    private mutating func take(_ reply: JSONValue, batch name: String) {
        if case .array(let documents)? = reply["cursor"]?[name] { batch = documents } else { batch = [] }
        position = 0
        let id = reply["cursor"]?["id"]?.scalarText
        cursor = id == nil || id == "0" ? nil : id
    }
}
