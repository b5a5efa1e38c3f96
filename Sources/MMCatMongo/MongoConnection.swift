import CMongoc
import MMCat

/// A connection to a MongoDB server through its official C driver, libmongoc: server selection,
/// logins (SCRAM-SHA-256 or SHA-1, whichever the user has), TLS (`?tls=true&tlsCAFile=...` in the
/// URI) and `mongodb+srv://` names are the driver's. This type turns the product's values into
/// BSON and back (``BSON``) and the driver's errors into ``InputError``s that name the server.
///
/// A connection is used by one thread at a time, as libmongoc's single-threaded client requires:
/// a job opens its own and drops it when done.
///
/// ```swift
/// let connection = try MongoConnection(uri: "mongodb://127.0.0.1:27017", database: "shop")
/// let reply = try connection.command([JSONMember("ping", .number("1"))])
/// ```
public final class MongoConnection {
    private let client: OpaquePointer
    public let database: String
    /// The server and database, for messages (never with a password).
    let address: String

    /// Connects to the server of `uri` and checks it answers (and accepts `credentials`) before it
    /// returns. A user or password in the URI is refused: they belong in `credentials`, where the
    /// password is stored sealed. Options in the URI (`tls`, `authMechanism`, `replicaSet`, ...)
    /// are the driver's; timeouts not given there default to `timeoutSeconds`.
    public init(
        uri: String, database: String, credentials: MongoCredentials? = nil, timeoutSeconds: Int = 10
    ) throws(InputError) {
        MongoDriver.start()
        let hosts = Self.hosts(of: uri)
        address = "\(hosts.scheme)\(hosts.hosts)/\(database)"
        guard !hosts.hosts.contains("@") else {
            throw InputError(
                file: "\(hosts.scheme)…@\(hosts.hosts.split(separator: "@").last ?? "")", location: "uri",
                message: "the URI must not carry a user or password; give them as the database's user and password")
        }
        self.database = database
        var error = bson_error_t()
        guard let parsed = mongoc_uri_new_with_error(uri, &error) else {
            throw InputError(file: address, location: "uri", message: MongoDriver.message(error))
        }
        defer { mongoc_uri_destroy(parsed) }
        for option in ["serverSelectionTimeoutMS", "connectTimeoutMS"] where !mongoc_uri_has_option(parsed, option) {
            mongoc_uri_set_option_as_int32(parsed, option, Int32(timeoutSeconds * 1000))
        }
        if let credentials {
            mongoc_uri_set_username(parsed, credentials.user)
            mongoc_uri_set_password(parsed, credentials.password)
            mongoc_uri_set_auth_source(parsed, credentials.source)
        }
        guard let client = mongoc_client_new_from_uri_with_error(parsed, &error) else {
            throw InputError(file: address, location: "uri", message: MongoDriver.message(error))
        }
        self.client = client
        mongoc_client_set_error_api(client, 2)
        mongoc_client_set_appname(client, "mmcat")
        // The driver connects lazily; a ping makes a wrong host or password an error here.
        var failure = bson_error_t()
        guard try run([JSONMember("ping", .number("1"))], failure: &failure) != nil else {
            var message = MongoDriver.message(failure)
            if let credentials, failure.domain == MONGOC_ERROR_CLIENT.rawValue,
                failure.code == MONGOC_ERROR_CLIENT_AUTHENTICATE.rawValue
            {
                message = "logging in as \"\(credentials.user)\": the server refused: \(message)"
            }
            throw InputError(file: address, location: "", message: message)
        }
    }

    deinit { mongoc_client_destroy(client) }

    /// The scheme and the host list of a MongoDB URI: `mongodb://a:1,b:2/db?x` gives
    /// (`mongodb://`, `a:1,b:2`).
    private static func hosts(of uri: String) -> (scheme: String, hosts: String) {
        let scheme = uri.range(of: "://").map { String(uri[..<$0.upperBound]) } ?? "mongodb://"
        let rest = uri.hasPrefix(scheme) ? uri.dropFirst(scheme.count) : Substring(uri)
        return (scheme, String(rest.prefix { $0 != "/" && $0 != "?" }))
    }

    /// Runs a command on the database and returns the reply; a reply without `ok: 1` or with a
    /// write error is an error carrying the server's message.
    @discardableResult
    public func command(_ members: [JSONMember]) throws(InputError) -> JSONValue {
        var failure = bson_error_t()
        guard let answer = try run(members, failure: &failure) else {
            throw InputError(file: address, location: "", message: MongoDriver.message(failure))
        }
        if case .array(let errors)? = answer["writeErrors"], let first = errors.first {
            throw InputError(file: address, location: "", message: first["errmsg"]?.scalarText ?? "write error")
        }
        return answer
    }

    /// The reply to a command, or nil with `failure` set when the driver or the server refused it.
    private func run(_ members: [JSONMember], failure: inout bson_error_t) throws(InputError) -> JSONValue? {
        let command = try document(.object(members))
        defer { bson_destroy(command) }
        let reply = MongoReply()
        guard mongoc_client_command_simple(client, database, command, nil, reply.pointer, &failure) else { return nil }
        return try value(reply.pointer)
    }

    /// Inserts `documents` into `collection` with the driver's bulk insert, which splits them into
    /// messages the server accepts however large they are; returns how many were inserted.
    public func insert(_ documents: [JSONValue], into collection: String) throws(InputError) -> Int {
        var encoded: [OpaquePointer?] = []
        defer { for document in encoded { bson_destroy(document) } }
        for document in documents { encoded.append(try self.document(document)) }
        let handle = mongoc_client_get_collection(client, database, collection)
        defer { mongoc_collection_destroy(handle) }
        let reply = MongoReply()
        var error = bson_error_t()
        let ok = encoded.withUnsafeMutableBufferPointer {
            mongoc_collection_insert_many(handle, $0.baseAddress, $0.count, nil, reply.pointer, &error)
        }
        guard ok else { throw InputError(file: address, location: collection, message: MongoDriver.message(error)) }
        return Int(try value(reply.pointer)["insertedCount"]?.scalarText ?? "0") ?? 0
    }

    /// A cursor over every document of `collection`, fetched `batchSize` at a time.
    /// The documents of `collection` that match `filter` (a query document; all when nil), with
    /// only the top-level `fields` when given (and `_id`).
    func find(in collection: String, batchSize: Int, filter query: JSONValue? = nil, fields: [String]? = nil)
        throws(InputError) -> MongoCursor
    {
        let handle = mongoc_client_get_collection(client, database, collection)!
        let filter = try query.map { value throws(InputError) in try document(value) } ?? bson_new()!
        defer { bson_destroy(filter) }
        var members = [JSONMember("batchSize", .number(String(batchSize)))]
        if let fields {
            members.append(JSONMember("projection", .object(fields.map { JSONMember($0, .number("1")) })))
        }
        let options = try document(.object(members))
        defer { bson_destroy(options) }
        let cursor = mongoc_collection_find_with_opts(handle, filter, options, nil)!
        return MongoCursor(connection: self, collection: handle, cursor: cursor)
    }

    /// Every document of `collection`, read through ``MongoCollectionSource``.
    public func documents(of collection: String) throws(InputError) -> [SourceRecord] {
        let source = try MongoCollectionSource(connection: self, collection: collection)
        var records: [SourceRecord] = []
        while let record = try source.next() { records.append(record) }
        return records
    }

    /// `value` as a driver document; the caller destroys it.
    private func document(_ value: JSONValue) throws(InputError) -> OpaquePointer {
        let bytes: [UInt8]
        do throws(BSON.Error) { bytes = try BSON.encode(value) } catch {
            throw InputError(file: address, location: "", message: error.description)
        }
        guard let document = bson_new_from_data(bytes, bytes.count) else {
            throw InputError(file: address, location: "", message: "the driver refused a document")
        }
        return document
    }

    /// A driver document (a `bson_t *`) as a value. A BSON document starts with its length.
    func value(_ document: OpaquePointer) throws(InputError) -> JSONValue {
        let data = bson_get_data(document)!
        let length = Int(UnsafeRawPointer(data).loadUnaligned(as: UInt32.self).littleEndian)
        do throws(BSON.Error) {
            return try BSON.decode(Array(UnsafeBufferPointer(start: data, count: length))[...])
        } catch {
            throw InputError(file: address, location: "", message: error.description)
        }
    }
}
