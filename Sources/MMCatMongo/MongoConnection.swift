import Foundation
import MMCat

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal MongoDB client over the wire protocol (OP_MSG on a blocking TCP socket): enough to
/// read a collection and to run the statements of a model, logging in with SCRAM-SHA-256 when it
/// is given credentials (``MongoCredentials``). No TLS yet.
///
/// ```swift
/// let connection = try MongoConnection(uri: "mongodb://127.0.0.1:27017", database: "shop")
/// let reply = try connection.command([JSONMember("ping", .number("1"))])
/// ```
public final class MongoConnection {
    private let socket: Int32
    public let database: String
    private var requestId: Int32 = 1
    /// The server and database, for messages.
    let address: String

    /// Connects to the host of `uri` (`mongodb://HOST[:PORT]`; a password in the URI is refused:
    /// it belongs in `credentials`, which are checked before anything else is sent).
    public init(
        uri: String, database: String, credentials: MongoCredentials? = nil, timeoutSeconds: Int = 10
    ) throws(InputError) {
        let trimmed = uri.hasPrefix("mongodb://") ? String(uri.dropFirst("mongodb://".count)) : uri
        let hostPort =
            String(trimmed.split(separator: "/").first ?? "").split(separator: "?").first.map(String.init) ?? ""
        guard !hostPort.contains("@") else {
            throw InputError(
                file: "mongodb://…@\(hostPort.split(separator: "@").last ?? "")", location: "uri",
                message: "the URI must not carry a user or password; give them as the database's user and password")
        }
        let parts = hostPort.split(separator: ":")
        let host = parts.first.map(String.init) ?? "127.0.0.1"
        let port = parts.count > 1 ? String(parts[1]) : "27017"
        address = "mongodb://\(host):\(port)/\(database)"
        self.database = database
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &result) == 0, let info = result else {
            throw InputError(file: address, location: "", message: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        let descriptor = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard descriptor >= 0 else { throw InputError(file: address, location: "", message: "cannot open a socket") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard Glibc.connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            close(descriptor)
            throw InputError(
                file: address, location: "", message: "cannot connect: \(String(cString: strerror(errno)))")
        }
        socket = descriptor
        if let credentials { try authenticate(credentials) }
    }

    deinit { close(socket) }

    /// Runs a command on the database (or on `on`, as logging in does on the user's database) and
    /// returns the reply; a reply without `ok: 1` is an error. Members named in `binary` hold
    /// base64 text sent as binary.
    @discardableResult
    public func command(
        _ members: [JSONMember], on target: String? = nil, binary: Set<String> = []
    ) throws(InputError) -> JSONValue {
        let document: [UInt8]
        do {
            document = try BSON.encode(
                .object(members + [JSONMember("$db", .string(target ?? database))]), binary: binary)
        } catch {
            throw InputError(file: address, location: "", message: error.description)
        }
        var message: [UInt8] = []
        BSON.little(Int32(16 + 4 + 1 + document.count), &message)
        BSON.little(requestId, &message)
        BSON.little(Int32(0), &message)
        BSON.little(Int32(2013), &message)
        BSON.little(UInt32(0), &message)
        message.append(0)
        message += document
        requestId += 1
        try send(message)
        let header = try receive(16)
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
        let body = try receive(length - 16)
        guard body.count > 5, body[4] == 0 else { throw InputError(file: address, location: "", message: "bad reply") }
        let reply: JSONValue
        do {
            reply = try BSON.decode(body[5...])
        } catch {
            throw InputError(file: address, location: "", message: error.description)
        }
        guard reply["ok"]?.scalarText.flatMap(Double.init) == 1 else {
            throw InputError(
                file: address, location: "", message: reply["errmsg"]?.scalarText ?? "the server refused the command")
        }
        if case .array(let errors)? = reply["writeErrors"], let first = errors.first {
            throw InputError(file: address, location: "", message: first["errmsg"]?.scalarText ?? "write error")
        }
        return reply
    }

    private func send(_ bytes: [UInt8]) throws(InputError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw InputError(file: address, location: "", message: "the connection was lost") }
            sent += count
        }
    }

    private func receive(_ count: Int) throws(InputError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            let got = buffer[received...].withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { throw InputError(file: address, location: "", message: "no answer from the server") }
            received += got
        }
        return buffer
    }

    /// Every document of `collection`, read through ``MongoCollectionSource``.
    public func documents(of collection: String) throws(InputError) -> [SourceRecord] {
        var source = try MongoCollectionSource(connection: self, collection: collection)
        var records: [SourceRecord] = []
        while let record = try source.next() { records.append(record) }
        return records
    }
}
