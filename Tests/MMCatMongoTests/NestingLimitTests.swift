import MMCat
import MMCatMongo
import Testing

/// Inputs nested past the limit are errors that say where, not a crash: every reader of nested
/// input recurses, and input from a user can nest as deep as it likes.
struct NestingLimitTests {
    static func arrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    @Test func jsonNestedToTheLimitParsesAndDeeperIsAnError() throws {
        let limit = JSONParser.maximumDepth
        _ = try JSONParser.parse(Self.arrays(limit))
        _ = try JSONParser.parse(
            String(repeating: #"{"a": "#, count: limit) + "1" + String(repeating: "}", count: limit))
        for depth in [limit + 1, 200_000] {
            #expect {
                try JSONParser.parse(Self.arrays(depth), file: "deep.json")
            } throws: { error in
                (error as? InputError)?.description
                    == "deep.json: line 1, column \(limit + 1): arrays and objects nest deeper than \(limit) levels"
            }
        }
    }

    @Test func accessPathsNestedPastTheLimitAreAnError() throws {
        let depth = 100_000
        let text = "k @1 { " + String(repeating: "a: 1 { ", count: depth) + String(repeating: "} ", count: depth + 1)
        #expect {
            try AccessPathText.parseMapping(text, file: "deep.path")
        } throws: { error in
            (error as? InputError)?.description.contains("properties nest deeper than") == true
        }
    }

    @Test func bsonNestedPastTheLimitIsAnError() throws {
        // {"a": {"a": ... {}}} built from the inside out.
        var document: [UInt8] = [5, 0, 0, 0, 0]
        for _ in 0..<(JSONParser.maximumDepth + 5) {
            let body: [UInt8] = [0x03, UInt8(ascii: "a"), 0] + document
            let length = UInt32(body.count + 5)
            document = withUnsafeBytes(of: length.littleEndian, Array.init) + body + [0]
        }
        #expect(throws: BSON.Error.self) { try BSON.decode(document[...]) }
    }
}
