import Foundation
import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// An error the API reports as `{"error": {"code", "message", "field"}}` with its HTTP status.
///
/// ```swift
/// throw APIError.notFound("job 7")
/// throw APIError(.badRequest, "invalid", "kindName: the kind name is empty", field: "kindName")
/// ```
package struct APIError: HTTPResponseError, CustomStringConvertible, Sendable {
    package var status: HTTPResponse.Status
    package var code: String
    package var message: String
    package var field: String?

    package init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    /// The message, as the CLI prints it (`mmcat serve` refusing its store, say).
    package var description: String { message }

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

    /// The HTTP form of an error from a layer below the API, nil for an error none of them
    /// throws (which the API answers as a 500 and logs). This is the one place where errors
    /// become statuses:
    ///
    /// | error | status |
    /// |---|---|
    /// | ``InputError`` (bad input: a body, a mapping, a path outside the allowed folders) | 400 |
    /// | ``DatabaseError`` (a database cannot be reached or cannot do that) | 400, its setting as the field |
    /// | ``SchemaEditError``: not found / conflict / invalid, invalid category | 404 / 409 / 400 |
    /// | ``StoreError``: not found / conflict / invalid / unavailable / corrupt, failure | 404 / 409 / 400 / 503 / 500 |
    /// | ``JobError``: conflict / unsupported | 409 / 400 |
    package init?(_ error: any Error) {
        switch error {
        case let error as APIError: self = error
        case let error as InputError: self = .invalid(error)
        case let error as DatabaseError: self = .invalid(error.message, field: error.setting)
        case let error as SchemaEditError:
            switch error {
            case .notFound: self.init(.notFound, "not_found", error.description)
            case .conflict(let message, let field): self = .conflict(message, field: field)
            case .invalid(let message, let field): self = .invalid(message, field: field)
            case .invalidCategory(let problems): self = .invalid(problems)
            }
        case let error as JobError:
            switch error {
            case .conflict(let message): self = .conflict(message)
            case .unsupported(let message, let field): self = .invalid(message, field: field)
            }
        case let error as StoreError:
            switch error {
            case .notFound: self.init(.notFound, "not_found", error.description)
            case .conflict(let message, let field): self = .conflict(message, field: field)
            case .invalid(let message, let field): self = .invalid(message, field: field)
            case .unavailable(let message): self.init(.serviceUnavailable, "store_unavailable", message)
            case .corrupt(let message): self.init(.internalServerError, "store_corrupt", message)
            case .failure(let code, let message): self.init(.internalServerError, code, message)
            }
        default: return nil
        }
    }

    /// `{"error": {"code", "message", "field"}}`, `field` null when no field is to blame.
    package func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.make(ErrorAnswer(error: .init(code: code, message: message, field: field)), status: status)
    }
}

/// The body of every error answer (`Error` in the OpenAPI document).
struct ErrorAnswer: Encodable {
    var error: Body

    struct Body: Encodable {
        var code: String
        var message: String
        /// The JSON path of the member to blame (`settings.port`), null when none is.
        var field: String?
    }
}
