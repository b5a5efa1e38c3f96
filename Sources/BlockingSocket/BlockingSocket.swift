import Glibc

/// A TCP connection with blocking writes and buffered blocking reads, for the small protocol
/// clients (the Redis protocol's, Bolt's) that jobs run on their own threads. Connecting tries
/// each address the host resolves to, waiting at most `connectTimeout` seconds; a read that waits
/// longer than `readTimeout` seconds fails. Errors name the address and what happened, in words.
///
/// ```swift
/// let socket = try BlockingSocket(host: "127.0.0.1", port: 6379)
/// try socket.write(Array("PING\r\n".utf8))
/// let line = try socket.readLine()   // "+PONG"
/// ```
public final class BlockingSocket {
    private let socket: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the connection goes, for messages (`127.0.0.1:6379`).
    public let address: String

    public init(host: String, port: Int, connectTimeout: Int = 5, readTimeout: Int = 600) throws(SocketError) {
        address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw SocketError("\(address): the host name cannot be resolved")
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
        throw SocketError("\(address): \(lastProblem)")
    }

    deinit { close(socket) }

    /// Changes how long a read may wait, for a step that must answer sooner than the rest (a
    /// handshake that a server of another protocol would never answer).
    public func setReadTimeout(_ seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

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

    /// Sends every byte.
    public func write(_ bytes: [UInt8]) throws(SocketError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else {
                if count < 0 && errno == EINTR { continue }
                throw SocketError("\(address): the connection was lost while sending (\(Self.describe(errno)))")
            }
            sent += count
        }
    }

    /// The next line, without its `\r\n`.
    public func readLine() throws(SocketError) -> ArraySlice<UInt8> {
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

    public func readBytes(_ count: Int) throws(SocketError) -> [UInt8] {
        while buffer.count - start < count { try fill() }
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        return bytes
    }

    /// Reads more bytes from the socket, first dropping what was consumed.
    private func fill() throws(SocketError) {
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
        if count == 0 { throw SocketError("\(address): the server closed the connection") }
        if count < 0 {
            let reason = errno == EAGAIN || errno == EWOULDBLOCK ? "no reply in time" : Self.describe(errno)
            throw SocketError("\(address): the connection was lost while reading (\(reason))")
        }
    }
}

/// A connection that could not be made or was lost, with the address and what happened.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
