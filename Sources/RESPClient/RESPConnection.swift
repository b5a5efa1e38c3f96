import BlockingSocket

/// A blocking connection to a server that speaks the Redis protocol (RESP2): Redis, and
/// FalkorDB, whose graph queries travel as `GRAPH.QUERY` commands.
///
/// Commands are written as arrays of bulk strings, so no argument (a Cypher query holding quotes
/// or line breaks, a password) needs escaping. Replies are read from a buffer as they arrive:
/// a large reply can be taken apart one element at a time (``readArrayHeader()`` then
/// ``readValue()`` per element) without holding all of it. One connection serves one caller at
/// a time; it blocks, so call it off the event loops.
///
/// ```swift
/// let connection = try RESPConnection(host: "127.0.0.1", port: 6379)
/// let reply = try connection.command(["PING"])   // .simple("PONG")
/// ```
public final class RESPConnection {
    private let socket: BlockingSocket
    /// Where the connection goes, for messages (`127.0.0.1:6379`).
    public var address: String { socket.address }

    /// Connects within `connectTimeout` seconds; a reply that takes longer than `readTimeout`
    /// seconds to arrive ends the connection with an error.
    public init(host: String, port: Int, connectTimeout: Int = 5, readTimeout: Int = 600) throws(RESPError) {
        do {
            socket = try BlockingSocket(
                host: host, port: port, connectTimeout: connectTimeout, readTimeout: readTimeout)
        } catch {
            throw RESPError(error.message)
        }
    }

    /// The result of a socket operation, a lost connection as a ``RESPError``.
    private func lost<T>(_ body: () throws(SocketError) -> T) throws(RESPError) -> T {
        do {
            return try body()
        } catch {
            throw RESPError(error.message)
        }
    }

    /// Sends a command and reads its whole reply.
    public func command(_ arguments: [String]) throws(RESPError) -> RESPValue {
        try send(arguments)
        return try readValue()
    }

    /// Sends a command without reading the reply (read it with ``readValue()``, or element by
    /// element with ``readArrayHeader()``).
    public func send(_ arguments: [String]) throws(RESPError) {
        var out: [UInt8] = []
        out.reserveCapacity(arguments.reduce(16) { $0 + $1.utf8.count + 16 })
        out.append(contentsOf: "*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            out.append(contentsOf: "$\(argument.utf8.count)\r\n".utf8)
            out.append(contentsOf: argument.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        try lost { () throws(SocketError) in try socket.write(out) }
    }

    /// Reads the header of an array reply: its element count (nil for the null array). An error
    /// reply is thrown.
    public func readArrayHeader() throws(RESPError) -> Int? {
        let line = try lost { () throws(SocketError) in try socket.readLine() }
        guard let kind = line.first else { throw protocolError("an empty line") }
        switch kind {
        case UInt8(ascii: "*"):
            let count = try number(line)
            return count < 0 ? nil : count
        case UInt8(ascii: "-"):
            throw RESPError(String(decoding: line.dropFirst(), as: UTF8.self), fromServer: true)
        default:
            throw protocolError("a reply that is not an array")
        }
    }

    /// Reads one whole reply.
    public func readValue() throws(RESPError) -> RESPValue {
        let line = try lost { () throws(SocketError) in try socket.readLine() }
        guard let kind = line.first else { throw protocolError("an empty line") }
        switch kind {
        case UInt8(ascii: "+"): return .simple(String(decoding: line.dropFirst(), as: UTF8.self))
        case UInt8(ascii: "-"): return .error(String(decoding: line.dropFirst(), as: UTF8.self))
        case UInt8(ascii: ":"): return .integer(try number(line))
        case UInt8(ascii: "$"):
            let length = try number(line)
            if length < 0 { return .bulk(nil) }
            let bytes = try lost { () throws(SocketError) in try socket.readBytes(length) }
            guard try lost({ () throws(SocketError) in try socket.readBytes(2) }) == [13, 10] else {
                throw protocolError("a bulk string without its line end")
            }
            return .bulk(bytes)
        case UInt8(ascii: "*"):
            let count = try number(line)
            if count < 0 { return .array(nil) }
            var items: [RESPValue] = []
            items.reserveCapacity(min(count, 1 << 16))
            for _ in 0..<count { items.append(try readValue()) }
            return .array(items)
        default:
            throw protocolError("an unknown reply type \"\(Unicode.Scalar(kind))\"")
        }
    }

    private func number(_ line: ArraySlice<UInt8>) throws(RESPError) -> Int {
        guard let value = Int(String(decoding: line.dropFirst(), as: UTF8.self)) else {
            throw protocolError("a length that is not a number")
        }
        return value
    }

    private func protocolError(_ what: String) -> RESPError {
        RESPError("\(address): the server sent \(what); is it a Redis-protocol server?")
    }
}

/// A Redis-protocol connection that failed (`fromServer` false) or a command the server refused
/// with an error reply (`fromServer` true, the server's own words as the message).
public struct RESPError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var fromServer: Bool

    public init(_ message: String, fromServer: Bool = false) {
        self.message = message
        self.fromServer = fromServer
    }

    public var description: String { message }
}
