/// One reply of a Redis-protocol server (RESP2): what a command answers.
///
/// ```swift
/// // given: connection: RESPConnection
/// if case .array(let items?) = try connection.command(["GRAPH.LIST"]) { print(items.count) }
/// ```
public enum RESPValue: Sendable, Equatable {
    /// `+OK`
    case simple(String)
    /// `-ERR ...`: the server refused the command (a value, not a thrown error, so that one
    /// element of an array can be an error).
    case error(String)
    case integer(Int)
    /// A binary-safe string; nil is the null bulk string.
    case bulk([UInt8]?)
    /// nil is the null array.
    case array([RESPValue]?)

    /// The text of a simple or bulk string (UTF-8, invalid bytes replaced), nil otherwise.
    public var text: String? {
        switch self {
        case .simple(let text): return text
        case .bulk(let bytes?): return String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
    }

    /// The elements of an array, nil otherwise.
    public var items: [RESPValue]? {
        if case .array(let items?) = self { return items }
        return nil
    }
}
