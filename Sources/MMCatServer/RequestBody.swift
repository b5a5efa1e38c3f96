import Foundation
import Hummingbird
import MMCat

/// A typed request body: its members, their types, and the words its errors use. Bodies are
/// read in two steps (``RequestBody``): the project's JSON parser first, which names the line and
/// column of a syntax error and refuses a key given twice, then `JSONDecoder`, whose errors are
/// turned into answers that name the field.
protocol APIRequest: Decodable {
    /// The message for a field that is missing or of the wrong type (`"name": "a job needs a
    /// name"`); a field not listed gets a generic message.
    static var fieldMessages: [String: String] { get }
    /// The members the body may have; any other is refused by name. nil allows any.
    static var members: Set<String>? { get }
}

extension APIRequest {
    static var members: Set<String>? { nil }
}

/// The body of a request, read once (at most 64 MiB), then decoded as a typed request or read
/// as a JSON document (a schema category or a mapping, which the core's decoders check).
struct RequestBody {
    let bytes: [UInt8]
    /// The body as JSON; a syntax error or a repeated key is a 400 that names the line and column.
    let json: JSONValue

    init(_ request: Request) async throws {
        try self.init(bytes: Array(buffer: try await request.body.collect(upTo: 64 << 20)))
    }

    /// The body, or nil when the request has none (only blanks).
    static func optional(_ request: Request) async throws -> RequestBody? {
        let bytes = Array(buffer: try await request.body.collect(upTo: 64 << 20))
        guard bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return nil }
        return try RequestBody(bytes: bytes)
    }

    private init(bytes: [UInt8]) throws {
        self.bytes = bytes
        do {
            json = try JSONParser.parse(String(decoding: bytes, as: UTF8.self), file: "request body")
        } catch {
            throw APIError.invalid(error)
        }
    }

    /// The body as `T`, or a 400 naming the field that is missing, unknown or of the wrong type.
    func decode<T: APIRequest>(_ type: T.Type) throws -> T {
        guard case .object(let given) = json else { throw APIError.invalid("the body must be a JSON object") }
        if let allowed = T.members, let unknown = given.first(where: { !allowed.contains($0.key) }) {
            throw APIError.invalid("the body has no member \"\(unknown.key)\"", field: unknown.key)
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw Self.answer(error, messages: T.fieldMessages)
        }
    }

    /// A decoding error as a 400 whose field is the JSON path of the member it is about.
    static func answer(_ error: DecodingError, messages: [String: String]) -> APIError {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let name = field(context.codingPath + [key])
            return APIError.invalid(messages[name] ?? "the body needs \(name)", field: name)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let name = field(context.codingPath)
            return APIError.invalid(messages[name] ?? "\(name) must be \(Self.describe(type))", field: name)
        case .dataCorrupted(let context):
            let name = field(context.codingPath)
            return APIError.invalid(messages[name] ?? context.debugDescription, field: name.isEmpty ? nil : name)
        @unknown default:
            return APIError.invalid("the body cannot be read: \(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int64.Type, is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        default: return "\(type)"
        }
    }
}
