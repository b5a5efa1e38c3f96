import Hummingbird
import MMCat

/// The API's JSON answers: a typed value encoded by ``JSONValueEncoder`` (members in declaration
/// order, absent optionals as `null`) and written by the core's JSON writer, which escapes what
/// could end a string early.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var out = TextOutput()
        out.writeJSON(try JSONValueEncoder().encode(value))
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: out.bytes)))
    }
}
