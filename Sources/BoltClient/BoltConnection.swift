import BlockingSocket

/// A blocking connection to a server that speaks Bolt, Neo4j's protocol (Neo4j itself, FalkorDB
/// with its Bolt port open, Memgraph): it agrees on a version (5.4, 5.0 or 4.4), logs in, and
/// runs Cypher queries whose records are read one at a time as they arrive.
///
/// Queries and their parameters travel as PackStream values, so nothing in a parameter needs
/// escaping and a password is never part of a query. Messages are split into chunks of at most
/// 65,535 bytes as Bolt requires. A query the server refuses throws a ``BoltError`` with the
/// server's code and words, after which the connection is reset and serves the next query.
/// The connection ends by closing its socket, without Bolt's optional GOODBYE, which leaves
/// FalkorDB 4.16 unable to answer the next client's handshake. One connection serves one caller
/// at a time; it blocks, so call it off the event loops.
///
/// ```swift
/// let bolt = try BoltConnection(host: "127.0.0.1", port: 7687, user: "neo4j", password: "secret")
/// var result = try bolt.run("MATCH (n:Person) RETURN n.name LIMIT $n", parameters: [("n", .integer(10))])
/// while let record = try result.next() { print(record[0]) }
/// ```
public final class BoltConnection {
    private let socket: BlockingSocket
    /// The Bolt version agreed on, as (major, minor).
    public let version: (major: Int, minor: Int)
    /// Where the connection goes, for messages (`127.0.0.1:7687`).
    public var address: String { socket.address }
    /// Whether a result's records are still to be read before the next query can run.
    fileprivate var streaming = false

    /// The versions proposed, most wanted first: FalkorDB answers only versions written one by
    /// one (no ranges); 5.0 and 4.4 are for older Neo4j servers.
    static let proposals: [[UInt8]] = [[0, 0, 4, 5], [0, 0, 0, 5], [0, 0, 4, 4], [0, 0, 0, 0]]

    /// Connects within `connectTimeout` seconds, agrees on a version and logs in: with `user`,
    /// the `basic` scheme and `password`; without, the `none` scheme (a server without
    /// authentication). A reply that takes longer than `readTimeout` seconds to arrive ends the
    /// connection with an error.
    public init(
        host: String, port: Int, user: String? = nil, password: String? = nil, userAgent: String = "mmcat/1.0",
        connectTimeout: Int = 5, readTimeout: Int = 600
    ) throws(BoltError) {
        // FalkorDB 4.16 does not answer the first handshake after a client ended with GOODBYE;
        // a second connection is answered, so a first handshake waits briefly and is tried again.
        var attempt = 0
        var connected: (BlockingSocket, [UInt8])?
        while connected == nil {
            let socket: BlockingSocket
            do {
                socket = try BlockingSocket(
                    host: host, port: port, connectTimeout: connectTimeout, readTimeout: readTimeout)
            } catch {
                throw BoltError(error.message)
            }
            // A server of another protocol may wait for more bytes and never answer.
            socket.setReadTimeout(attempt == 0 ? min(2, connectTimeout) : connectTimeout)
            do {
                try socket.write([0x60, 0x60, 0xB0, 0x17] + Self.proposals.joined())
                connected = (socket, try socket.readBytes(4))
            } catch {
                attempt += 1
                guard attempt < 2 else {
                    throw BoltError(
                        "\(socket.address): no answer to the Bolt handshake; is it a Bolt port? (\(error.message))")
                }
            }
        }
        let (socket, answer) = connected!
        self.socket = socket
        let address = socket.address
        socket.setReadTimeout(readTimeout)
        if answer == Array("HTTP".utf8) {
            throw BoltError("\(address) is an HTTP port; Bolt has a port of its own (Neo4j's is 7687)")
        }
        guard answer[0] == 0, answer[1] == 0, answer[3] != 0, Self.proposals.contains(answer) else {
            throw BoltError(
                "\(address): the server agrees to none of the Bolt versions 5.4, 5.0 and 4.4 (it answered \(answer))")
        }
        version = (Int(answer[3]), Int(answer[2]))
        var hello: [(String, BoltValue)] = [("user_agent", .string(userAgent))]
        if version >= (5, 3) { hello.append(("bolt_agent", .map([("product", .string(userAgent))]))) }
        let auth: [(String, BoltValue)] =
            if let user {
                [("scheme", .string("basic")), ("principal", .string(user)), ("credentials", .string(password ?? ""))]
            } else {
                [("scheme", .string("none"))]
            }
        if version >= (5, 1) {
            try request(0x01, [.map(hello)], doing: "greeting the server (HELLO)")
            try request(0x6A, [.map(auth)], doing: "logging in")
        } else {
            try request(0x01, [.map(hello + auth)], doing: "logging in")
        }
    }

    /// Sends a query and reads its header; its records are read from the result. `database`
    /// names the database on servers that hold several (Neo4j 4 and later). No access mode is
    /// sent: it routes queries in a cluster, which a direct connection does not need, and
    /// FalkorDB 4.16 answers procedures run in read mode with no records. A result not read to
    /// its end is skipped when the next query runs.
    public func run(
        _ query: String, parameters: [(String, BoltValue)] = [], database: String? = nil
    ) throws(BoltError) -> BoltResult {
        if streaming {
            var rest = BoltResult(connection: self, fields: [])
            while try rest.next() != nil {}
        }
        var extra: [(String, BoltValue)] = []
        if let database { extra.append(("db", .string(database))) }
        var out: [UInt8] = []
        BoltValue.structure(tag: 0x10, fields: [.string(query), .map(parameters), .map(extra)]).pack(into: &out)
        var pull: [UInt8] = []
        BoltValue.structure(tag: 0x3F, fields: [.map([("n", .integer(-1))])]).pack(into: &pull)
        try send(Self.chunked(out) + Self.chunked(pull))
        let header = try receive()
        switch header.tag {
        case 0x70:
            streaming = true
            return BoltResult(connection: self, fields: (header.metadata["fields"]?.elements ?? []).compactMap(\.text))
        case 0x7F:
            // The PULL's IGNORED comes before the RESET's SUCCESS (FalkorDB sends it only after
            // the RESET arrives): `failure` skips it.
            throw try failure(header.metadata)
        default:
            throw BoltError("\(address): the server answered a query with message 0x\(String(header.tag, radix: 16))")
        }
    }

    /// Runs a query and reads all of it: its records and the summary's metadata (`stats` counts
    /// what a writing query changed).
    public func query(
        _ query: String, parameters: [(String, BoltValue)] = [], database: String? = nil
    ) throws(BoltError) -> (records: [[BoltValue]], summary: BoltValue) {
        var result = try run(query, parameters: parameters, database: database)
        var records: [[BoltValue]] = []
        while let record = try result.next() { records.append(record) }
        return (records, result.summary)
    }

    /// Sends a message and reads its SUCCESS; anything else is an error saying what was being done.
    private func request(_ tag: UInt8, _ fields: [BoltValue], doing what: String) throws(BoltError) {
        var out: [UInt8] = []
        BoltValue.structure(tag: tag, fields: fields).pack(into: &out)
        try send(Self.chunked(out))
        let reply = try receive()
        guard reply.tag == 0x70 else {
            let code = reply.metadata["code"]?.text ?? ""
            let message = reply.metadata["message"]?.text ?? "message 0x\(String(reply.tag, radix: 16))"
            throw BoltError("\(address): \(what) failed: \(message)", code: code)
        }
    }

    /// A FAILURE as an error, after resetting the connection so that it can run the next query.
    fileprivate func failure(_ metadata: BoltValue) throws(BoltError) -> BoltError {
        streaming = false
        var out: [UInt8] = []
        BoltValue.structure(tag: 0x0F, fields: []).pack(into: &out)
        try send(Self.chunked(out))
        var reply = try receive()
        while reply.tag == 0x7E { reply = try receive() }
        return BoltError(metadata["message"]?.text ?? "the query failed", code: metadata["code"]?.text ?? "")
    }

    private func send(_ bytes: [UInt8]) throws(BoltError) {
        do {
            try socket.write(bytes)
        } catch {
            throw BoltError(error.message)
        }
    }

    /// One message from the server: its tag and its first field (the metadata of SUCCESS and
    /// FAILURE, the values of a RECORD). Empty chunks between messages (keep-alives) are skipped.
    fileprivate func receive() throws(BoltError) -> (tag: UInt8, metadata: BoltValue) {
        var message: [UInt8] = []
        do {
            while true {
                let size = try socket.readBytes(2)
                let count = Int(size[0]) << 8 | Int(size[1])
                if count == 0 {
                    if message.isEmpty { continue }
                    break
                }
                message += try socket.readBytes(count)
            }
        } catch {
            throw BoltError(error.message)
        }
        var reader = PackStreamReader(message)
        guard case .structure(let tag, let fields) = try reader.read(), reader.isAtEnd else {
            throw BoltError("\(address): the server sent a message that is not one Bolt structure")
        }
        return (tag, fields.first ?? .null)
    }

    /// A message split into chunks of at most 65,535 bytes, each after its size, then `00 00`.
    static func chunked(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 65_535 * 2 + 4)
        var start = 0
        while start < message.count {
            let end = min(start + 65_535, message.count)
            out.append(UInt8((end - start) >> 8))
            out.append(UInt8((end - start) & 0xFF))
            out.append(contentsOf: message[start..<end])
            start = end
        }
        out.append(contentsOf: [0, 0])
        return out
    }
}

/// The records of one query, read from the connection as they are asked for.
public struct BoltResult {
    fileprivate let connection: BoltConnection
    /// The names of the record's values, in order.
    public let fields: [String]
    /// The metadata of the query's final SUCCESS, once the last record has been read (`stats`
    /// holds counters such as `nodes-created`); null before.
    public private(set) var summary: BoltValue = .null

    fileprivate init(connection: BoltConnection, fields: [String]) {
        self.connection = connection
        self.fields = fields
    }

    /// The next record, nil after the last; a failure while the server streams is thrown.
    public mutating func next() throws(BoltError) -> [BoltValue]? {
        guard connection.streaming else { return nil }
        let message = try connection.receive()
        switch message.tag {
        case 0x71: return message.metadata.elements ?? []
        case 0x70:
            connection.streaming = false
            summary = message.metadata
            return nil
        case 0x7F: throw try connection.failure(message.metadata)
        default:
            connection.streaming = false
            throw BoltError(
                "\(connection.address): the server sent message 0x\(String(message.tag, radix: 16)) among records")
        }
    }
}

/// A Bolt connection that failed, or a query the server refused: then `code` is the server's
/// (`Neo.ClientError.Statement.SyntaxError`) and the message its own words.
public struct BoltError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var code: String

    public init(_ message: String, code: String = "") {
        self.message = message
        self.code = code
    }

    /// Whether the server refused the request (it answered with a code), not the connection.
    public var fromServer: Bool { !code.isEmpty }

    public var description: String { message }
}
