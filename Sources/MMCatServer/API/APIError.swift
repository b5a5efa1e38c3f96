import Foundation
import Hummingbird
import MMCat

/// An error the API reports as `{"error": {"code", "message", "field"}}` with its HTTP status.
///
/// ```swift
/// throw APIError.notFound("job 7")
/// throw APIError(.badRequest, "invalid", "kindName: the kind name is empty", field: "kindName")
/// ```
public struct APIError: HTTPResponseError, CustomStringConvertible, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    /// The message, as the CLI prints it (`mmcat serve` refusing its store, say).
    public var description: String { message }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, "not_found", "\(what) does not exist")
    }

    static func conflict(_ message: String, field: String? = nil) -> APIError {
        APIError(.conflict, "conflict", message, field: field)
    }

    static func invalid(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, "invalid", message, field: field)
    }

    /// The first problem of an input error, its JSON path as the field (`$.` dropped); a line and
    /// column in a text (a JSON syntax error, the mapping notation) stay in the message only.
    static func invalid(_ error: InputError) -> APIError {
        let first = error.problems.first.flatMap { $0.location.hasPrefix("line ") ? nil : $0 }
        let field = first.map { $0.location.hasPrefix("$.") ? String($0.location.dropFirst(2)) : $0.location }
        let message = error.problems.map(\.description).joined(separator: "; ")
        return APIError(.badRequest, "invalid", message, field: field?.isEmpty == true ? nil : field)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var error: [JSONMember] = [JSONMember("code", .string(code)), JSONMember("message", .string(message))]
        error.append(JSONMember("field", field.map(JSONValue.string) ?? .null))
        return JSONResponse.make(.object([JSONMember("error", .object(error))]), status: status)
    }
}

/// JSON responses written with the core library's JSON writer.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var out = TextOutput()
        out.writeJSON(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: out.bytes)))
    }
}
