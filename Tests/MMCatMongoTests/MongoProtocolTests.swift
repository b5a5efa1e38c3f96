import MMCat
import Testing

@testable import MMCatMongo

/// How the product's values become BSON and back, without a server: the bytes libmongoc sends and
/// receives.
struct MongoProtocolTests {
    @Test func valuesRoundTripThroughBSON() throws {
        let value = try JSONParser.parse(
            #"{"s": "text", "small": 7, "large": 9000000000, "real": 12.5, "yes": true, "none": null, "list": [1, "two"], "inner": {"a": -1}}"#
        )
        #expect(try BSON.decode(BSON.encode(value)[...]) == value)
        #expect(throws: BSON.Error.self) { try BSON.encode(.array([])) }
        #expect(throws: BSON.Error.self) { try BSON.encode(.object([JSONMember("a\u{0}b", .null)])) }
    }

    @Test func binaryValuesAreReadAsBase64AndUUIDsAsText() throws {
        func document(_ name: String, subtype: UInt8, _ bytes: [UInt8]) -> [UInt8] {
            let element = [0x05] + Array(name.utf8) + [0, UInt8(bytes.count), 0, 0, 0, subtype] + bytes
            return [UInt8(element.count + 5), 0, 0, 0] + element + [0]
        }
        #expect(
            try BSON.decode(document("payload", subtype: 0, [0, 1, 2, 255])[...])["payload"] == .string("AAEC/w=="))
        #expect(
            try BSON.decode(document("id", subtype: 4, Array(0..<16))[...])["id"]
                == .string("00010203-0405-0607-0809-0a0b0c0d0e0f"))
        #expect(throws: BSON.Error.self) { try BSON.decode(Array(document("x", subtype: 0, [1, 2]).dropLast(3))[...]) }
    }
}
