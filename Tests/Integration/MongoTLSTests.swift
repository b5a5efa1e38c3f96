import Foundation
import MMCat
import MMCatMongo
import MMCatServerTestSupport
import MMCatServiceTestSupport
import Testing

/// MongoDB over TLS through libmongoc's URI options, against a SecantusDB that speaks only TLS with
/// a certificate from the test CA: the connection, a refusal without the CA, and an import job.
@Suite(Services.enabled(Services.mongoTLSURI, "MMCAT_MONGO_TLS_URI"))
struct MongoTLSTests {
    static func uri(_ options: String) throws -> String {
        try Services.require(Services.mongoTLSURI, "MMCAT_MONGO_TLS_URI") + "/?serverSelectionTimeoutMS=3000" + options
    }

    static func trusted() throws -> String {
        try uri("&tls=true&tlsCAFile=\(try Services.require(Services.postgresCA, "MMCAT_PG_CA"))")
    }

    @Test func aConnectionWithTheCAReadsAndWrites() throws {
        let connection = try MongoConnection(uri: try Self.trusted(), database: Services.uniqueName("mmcat"))
        let written = try connection.insert(
            [.object([JSONMember("text", .string("over TLS"))]), .object([JSONMember("text", .string("again"))])],
            into: "note")
        #expect(written == 2)
        let texts = try connection.documents(of: "note").compactMap { $0.value["text"]?.scalarText }
        #expect(texts.sorted() == ["again", "over TLS"])
    }

    @Test func aServerWhoseCertificateIsNotTrustedOrThatNeedsTLSIsAnError() throws {
        // Without the CA the certificate does not verify; without TLS the server drops the talk.
        for options in ["&tls=true", ""] {
            let uri = try Self.uri(options)
            do throws(InputError) {
                _ = try MongoConnection(uri: uri, database: "mmcat")
                Issue.record("connected with options \"\(options)\"")
            } catch {
                #expect(error.description.contains("mongodb://127.0.0.1:"), "\(error)")
            }
        }
    }

    @Test func theServerImportsOverTLS() async throws {
        let name = Services.uniqueName("mmcat")
        let seed = try MongoConnection(uri: try Self.trusted(), database: name)
        _ = try seed.insert(
            try [JSONParser.parse(#"{"id": 1, "name": "Lamp"}"#), JSONParser.parse(#"{"id": 2, "name": "Desk"}"#)],
            into: "product")
        try await withServer { api in
            let settings = #"{"uri": "\#(try Self.trusted())", "database": "\#(name)"}"#
            let created = try await api.call(
                .post, "/databases", #"{"label": "tls", "type": "mongodb", "settings": \#(settings)}"#)
            #expect(created.status == .created, "\(created.text)")
            let id = created.json["id"]?.scalarText ?? ""
            #expect(try await api.call(.post, "/databases/\(id)/test").json["ok"] == .bool(true))
            let ended = try await api.importKind("product @116 { id: 10, name: 12 }", from: id)
            let untrusted = try await api.call(
                .post, "/databases",
                #"{"label": "no CA", "type": "mongodb", "settings": {"uri": "\#(try Self.uri("&tls=true"))", "database": "\#(name)"}}"#
            )
            let refused = try await api.call(.post, "/databases/\(untrusted.json["id"]?.scalarText ?? "")/test")
            #expect(refused.status == .badRequest)
            let message = refused.json["error"]?["message"]?.scalarText ?? ""
            #expect(
                message.hasPrefix("\(try Services.require(Services.mongoTLSURI, "MMCAT_MONGO_TLS_URI"))/\(name): "),
                "\(message)")
            #expect(ended["status"] == .string("Finished"), "\(ended)")
            #expect(ended["records"]?["read"] == .number("2"))
        }
    }
}
