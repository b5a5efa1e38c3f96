import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MMCat
import MMCatMongo
import MMCatServer
import MMCatServerTestSupport
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Logging in to a MongoDB server that requires it (SecantusDB started with --auth) through
/// libmongoc: the connection, and the job server importing from such a server with a stored
/// (encrypted) password.
@Suite(Services.enabled(Services.mongoAuthURI, "MMCAT_MONGO_AUTH_URI"))
struct MongoAuthenticationTests {
    static var credentials: MongoCredentials {
        MongoCredentials(user: Services.mongoUser, password: Services.mongoPassword)
    }

    @Test func theRightPasswordLogsInAndAWrongOneIsRefused() throws {
        let uri = try Services.require(Services.mongoAuthURI, "MMCAT_MONGO_AUTH_URI")
        let database = Services.uniqueName("mmcat")
        let connection = try MongoConnection(uri: uri, database: database, credentials: Self.credentials)
        try connection.command([
            JSONMember("insert", .string("note")),
            JSONMember("documents", .array([.object([JSONMember("text", .string("logged in"))])])),
        ])
        let source = try MongoCollectionSource(connection: connection, collection: "note")
        #expect(try source.next()?.value["text"] == .string("logged in"))

        let wrong = MongoCredentials(user: Services.mongoUser, password: Services.mongoPassword + "x")
        #expect(throws: InputError.self) { try MongoConnection(uri: uri, database: database, credentials: wrong) }
        #expect(throws: InputError.self) {
            try MongoConnection(uri: uri, database: database).command([JSONMember("find", .string("note"))])
        }
    }

    @Test func aPasswordInTheURIIsRefusedAndNotRepeated() throws {
        let uri = try Services.require(Services.mongoAuthURI, "MMCAT_MONGO_AUTH_URI")
        let withPassword = uri.replacingOccurrences(of: "mongodb://", with: "mongodb://mmcat:hunter2@")
        do {
            _ = try MongoConnection(uri: withPassword, database: "x")
            Issue.record("a URI with a password was accepted")
        } catch {
            #expect(error.description.contains("must not carry a user or password"))
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test func theServerImportsFromADatabaseThatNeedsALogin() async throws {
        let uri = try Services.require(Services.mongoAuthURI, "MMCAT_MONGO_AUTH_URI")
        let name = Services.uniqueName("mmcat")
        let seed = try MongoConnection(uri: uri, database: name, credentials: Self.credentials)
        try seed.command([
            JSONMember("insert", .string("product")),
            JSONMember(
                "documents",
                try JSONParser.parse(#"[{"id": 1, "name": "Lamp", "price": 12.5}, {"id": 2, "name": "Desk"}]"#)),
        ])
        try await withServer { api in
            let created = try await api.call(
                .post, "/databases",
                #"{"label": "secured", "type": "mongodb", "settings": {"uri": "\#(uri)", "database": "\#(name)", "user": "\#(Services.mongoUser)", "password": "\#(Services.mongoPassword)"}}"#
            )
            let id = created.json["id"]?.scalarText ?? ""
            #expect(created.status == .created, "\(created.text)")
            #expect(!created.text.contains(Services.mongoPassword))
            #expect(try await api.call(.post, "/databases/\(id)/test").json["ok"] == .bool(true))
            let ended = try await api.importKind("product @116 { id: 10, name: 12, price: 11 }", from: id)
            #expect(ended["status"] == .string("Finished"), "\(ended)")
            #expect(ended["records"]?["read"] == .number("2"))
            let log = ended["log"]?.scalarText ?? ""
            #expect(log.range(of: Services.mongoPassword) == nil)

            let wrong = try await api.call(.patch, "/databases/\(id)", #"{"settings": {"password": "wrong"}}"#)
            #expect(wrong.status == .ok)
            let refused = try await api.call(.post, "/databases/\(id)/test")
            #expect(refused.status == .badRequest)
            let message = refused.json["error"]?["message"]?.scalarText ?? ""
            #expect(message.contains("logging in as \"\(Services.mongoUser)\": the server refused"), "\(refused.text)")
            #expect(message.range(of: "wrong") == nil)
        }
    }
}
