import CMongoc
import MMCat

/// A libmongoc cursor over a collection: the driver asks the server for the next batch (`getMore`)
/// when the current one is used up, in the session it opened the cursor in.
final class MongoCursor {
    /// Kept alive while the cursor is: the cursor uses its client.
    private let connection: MongoConnection
    private let collection: OpaquePointer
    private let cursor: OpaquePointer
    /// The driver refuses to be asked again after the last document; this answers nil instead.
    private var finished = false

    init(connection: MongoConnection, collection: OpaquePointer, cursor: OpaquePointer) {
        self.connection = connection
        self.collection = collection
        self.cursor = cursor
    }

    deinit {
        mongoc_cursor_destroy(cursor)
        mongoc_collection_destroy(collection)
    }

    /// The next document, or nil after the last one; a lost connection or a refused query throws.
    func next() throws(InputError) -> JSONValue? {
        guard !finished else { return nil }
        var document: OpaquePointer?
        if mongoc_cursor_next(cursor, &document), let document { return try connection.value(document) }
        finished = true
        var error = bson_error_t()
        if mongoc_cursor_error(cursor, &error) {
            throw InputError(file: connection.address, location: "", message: MongoDriver.message(error))
        }
        return nil
    }
}
