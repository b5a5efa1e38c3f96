import MMCat
import Testing

/// Typed values become JSON with their members in declaration order and absent optionals as
/// null, documents embedded as they are.
@Suite struct JSONValueEncoderTests {
    struct Answer: Encodable {
        var zeta = 1
        var alpha = "a/b"
        var missing: Int64?
        var nested = Nested()
        var list: [Double] = [1.5, 2]
        var document = JSONValue.object([JSONMember("y", .number("0.10")), JSONMember("x", .bool(true))])
    }

    struct Nested: Encodable {
        var reason: String?
        var flag = false
    }

    @Test func membersKeepTheirOrderAndNilIsNull() throws {
        var out = TextOutput()
        out.writeJSON(try JSONValueEncoder().encode(Answer()))
        #expect(
            out.text
                == #"{"zeta": 1, "alpha": "a/b", "missing": null, "nested": {"reason": null, "flag": false}, "list": [1.5, 2.0], "document": {"y": 0.10, "x": true}}"#
        )
    }

    @Test func aNumberThatIsNotFiniteIsRefused() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.nan]) }
    }
}
