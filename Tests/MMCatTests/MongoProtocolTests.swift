import Foundation
import MMCat
import Testing

@testable import MMCatMongo

/// The pieces of the MongoDB client that need no server: the key derivation of SCRAM-SHA-256 and
/// BSON binary values.
struct MongoProtocolTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func pbkdf2MatchesThePublishedVectors() {
        // RFC 7914 §11 (the first 32 bytes) and the widely used SHA-256 vector with 4096 rounds.
        #expect(
            Self.hex(MongoConnection.pbkdf2(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1))
                == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        #expect(
            Self.hex(
                MongoConnection.pbkdf2(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 4096))
                == "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")
    }

    @Test func binaryValuesRoundTripAsBase64AndUUIDsAsText() throws {
        let bytes = try BSON.encode(
            .object([JSONMember("payload", .string("AAEC/w==")), JSONMember("plain", .string("AAEC/w=="))]),
            binary: ["payload"])
        let decoded = try BSON.decode(bytes[...])
        #expect(decoded["payload"] == .string("AAEC/w=="))
        #expect(decoded["plain"] == .string("AAEC/w=="))
        // The first member is written as binary (type 5, subtype 0), the second as a string (type 2).
        #expect(bytes[4] == 0x05)
        #expect(bytes[4 + 1 + 8 + 4] == 0x00)
        #expect(bytes[4 + 1 + 8 + 4 + 1 + 4] == 0x02)
        var uuid: [UInt8] = [0x10, 0, 0, 0, 0x04] + Array(0..<16)
        uuid = [0x05] + Array("id".utf8) + [0] + uuid
        let document = [UInt8]([UInt8(uuid.count + 5), 0, 0, 0]) + uuid + [0]
        #expect(try BSON.decode(document[...])["id"] == .string("00010203-0405-0607-0809-0a0b0c0d0e0f"))
        #expect(throws: BSON.Error.self) {
            try BSON.encode(.object([JSONMember("payload", .string("not base64!"))]), binary: ["payload"])
        }
    }
}
