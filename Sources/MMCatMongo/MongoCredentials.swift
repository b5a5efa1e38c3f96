import Crypto
import Foundation
import MMCat

/// A MongoDB user, its password and the database that holds the user (`admin` unless told).
public struct MongoCredentials: Sendable {
    public var user: String
    public var password: String
    public var source: String

    public init(user: String, password: String, source: String = "admin") {
        self.user = user
        self.password = password
        self.source = source
    }
}

extension MongoConnection {
    /// Logs in with SCRAM-SHA-256 (RFC 5802, RFC 7677), the way MongoDB drivers do: `saslStart`
    /// with the client's nonce, `saslContinue` with the proof, and the server's signature checked,
    /// so that a server that does not know the password cannot pass for one that does.
    func authenticate(_ credentials: MongoCredentials) throws(InputError) {
        let fail = { (message: String) in
            InputError(
                file: self.address, location: "", message: "logging in as \"\(credentials.user)\": \(message)")
        }
        let login = { (members: [JSONMember]) throws(InputError) -> JSONValue in
            do throws(InputError) {
                return try self.command(members, on: credentials.source, binary: ["payload"])
            } catch {
                throw fail("the server refused: \(error.problems.first?.message ?? "no reason given")")
            }
        }
        var random = SystemRandomNumberGenerator()
        let nonce = Data((0..<24).map { _ in UInt8.random(in: 0...255, using: &random) }).base64EncodedString()
        let name = credentials.user.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(
            of: ",", with: "=2C")
        let clientFirstBare = "n=\(name),r=\(nonce)"
        let start = try login([
            JSONMember("saslStart", .number("1")), JSONMember("mechanism", .string("SCRAM-SHA-256")),
            JSONMember("payload", .string(Data("n,,\(clientFirstBare)".utf8).base64EncodedString())),
            JSONMember("autoAuthorize", .number("1")),
        ])
        guard let serverFirst = Self.payload(start), let conversation = start["conversationId"] else {
            throw fail("the server did not answer the login")
        }
        let attributes = Self.attributes(serverFirst)
        guard let serverNonce = attributes["r"], serverNonce.hasPrefix(nonce),
            let salt = attributes["s"].flatMap({ Data(base64Encoded: $0) }),
            let iterations = attributes["i"].flatMap({ Int($0) }), iterations >= 4096
        else { throw fail("the server's login challenge is not SCRAM-SHA-256") }
        let salted = Self.pbkdf2(
            password: Array(credentials.password.precomposedStringWithCompatibilityMapping.utf8), salt: Array(salt),
            iterations: iterations)
        let withoutProof = "c=biws,r=\(serverNonce)"
        let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
        let clientKey = Self.hmac(salted, Array("Client Key".utf8))
        let signature = Self.hmac(Array(SHA256.hash(data: clientKey)), authMessage)
        let proof = Data(zip(clientKey, signature).map { $0 ^ $1 }).base64EncodedString()
        let reply = try login([
            JSONMember("saslContinue", .number("1")), JSONMember("conversationId", conversation),
            JSONMember("payload", .string(Data("\(withoutProof),p=\(proof)".utf8).base64EncodedString())),
        ])
        let expected = Data(Self.hmac(Self.hmac(salted, Array("Server Key".utf8)), authMessage)).base64EncodedString()
        guard let serverFinal = Self.payload(reply), Self.attributes(serverFinal)["v"] == expected else {
            throw fail("the server's signature is wrong: it does not know this user's password")
        }
        if reply["done"] != .bool(true) {
            _ = try login([
                JSONMember("saslContinue", .number("1")), JSONMember("conversationId", conversation),
                JSONMember("payload", .string("")),
            ])
        }
    }

    private static func payload(_ reply: JSONValue) -> String? {
        guard case .string(let text)? = reply["payload"], let data = Data(base64Encoded: text) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// `a=1,b=2` as a dictionary.
    private static func attributes(_ message: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in message.split(separator: ",") where part.count >= 2 && part.dropFirst().first == "=" {
            result[String(part.prefix(1))] = String(part.dropFirst(2))
        }
        return result
    }

    private static func hmac(_ key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// PBKDF2-HMAC-SHA-256 for one 32-byte block, what SCRAM-SHA-256 needs.
    static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var block = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = block
        for _ in 1..<iterations {
            block = Array(HMAC<SHA256>.authenticationCode(for: block, using: key))
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }
}
