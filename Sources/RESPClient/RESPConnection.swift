import Glibc

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
    private let socket: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the connection goes, for messages (`127.0.0.1:6379`).
    public let address: String

    /// Connects within `connectTimeout` seconds; a reply that takes longer than `readTimeout`
    /// seconds to arrive ends the connection with an error.
    public init(host: String, port: Int, connectTimeout: Int = 5, readTimeout: Int = 600) throws(RESPError) {
        address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw RESPError("\(address): the host name cannot be resolved")
        }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        var lastProblem = "it cannot be reached"
        while let info = entry {
            entry = info.pointee.ai_next
            let candidate = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard candidate >= 0 else { continue }
            if let problem = Self.connect(candidate, info.pointee.ai_addr, info.pointee.ai_addrlen, connectTimeout) {
                lastProblem = problem
                close(candidate)
                continue
            }
            var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
            setsockopt(candidate, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(candidate, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var one: Int32 = 1
            setsockopt(candidate, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            socket = candidate
            return
        }
        throw RESPError("\(address): \(lastProblem)")
    }

    deinit { close(socket) }

    /// A non-blocking connect that waits at most `seconds`; nil on success, else why not.
    private static func connect(
        _ socket: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t, _ seconds: Int
    ) -> String? {
        let flags = fcntl(socket, F_GETFL, 0)
        _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(socket, F_SETFL, flags) }
        if Glibc.connect(socket, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return describe(errno) }
        var poller = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(seconds * 1000))
        if ready == 0 { return "no answer within \(seconds) seconds" }
        var problem: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(socket, SOL_SOCKET, SO_ERROR, &problem, &size)
        return problem == 0 ? nil : describe(problem)
    }

    private static func describe(_ code: Int32) -> String {
        switch code {
        case ECONNREFUSED: return "the connection was refused (is the server running on that port?)"
        case ETIMEDOUT: return "no answer (timed out)"
        case EHOSTUNREACH, ENETUNREACH: return "the host cannot be reached"
        default: return String(cString: strerror(code))
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
        var sent = 0
        while sent < out.count {
            let count = out[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else {
                if count < 0 && errno == EINTR { continue }
                throw RESPError("\(address): the connection was lost while sending (\(Self.describe(errno)))")
            }
            sent += count
        }
    }

    /// Reads the header of an array reply: its element count (nil for the null array). An error
    /// reply is thrown.
    public func readArrayHeader() throws(RESPError) -> Int? {
        let line = try readLine()
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
        let line = try readLine()
        guard let kind = line.first else { throw protocolError("an empty line") }
        switch kind {
        case UInt8(ascii: "+"): return .simple(String(decoding: line.dropFirst(), as: UTF8.self))
        case UInt8(ascii: "-"): return .error(String(decoding: line.dropFirst(), as: UTF8.self))
        case UInt8(ascii: ":"): return .integer(try number(line))
        case UInt8(ascii: "$"):
            let length = try number(line)
            if length < 0 { return .bulk(nil) }
            let bytes = try readBytes(length)
            guard try readBytes(2) == [13, 10] else { throw protocolError("a bulk string without its line end") }
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

    /// The next line, without its `\r\n`.
    private func readLine() throws(RESPError) -> ArraySlice<UInt8> {
        // Bytes after `start` already searched (kept relative: `fill` may move the buffer).
        var checked = 0
        while true {
            if let end = buffer[(start + checked)...].firstIndex(of: 10) {
                if end > start && buffer[end - 1] == 13 {
                    let line = buffer[start..<(end - 1)]
                    start = end + 1
                    return line
                }
                checked = end - start + 1
                continue
            }
            checked = buffer.count - start
            try fill()
        }
    }

    private func readBytes(_ count: Int) throws(RESPError) -> [UInt8] {
        while buffer.count - start < count { try fill() }
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        return bytes
    }

    /// Reads more bytes from the socket, first dropping what was consumed.
    private func fill() throws(RESPError) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let chunk = 1 << 16
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + old, chunk, 0) }
        } while count < 0 && errno == EINTR
        buffer.removeLast(chunk - max(count, 0))
        if count == 0 { throw RESPError("\(address): the server closed the connection") }
        if count < 0 {
            let reason = errno == EAGAIN || errno == EWOULDBLOCK ? "no reply in time" : Self.describe(errno)
            throw RESPError("\(address): the connection was lost while reading (\(reason))")
        }
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
