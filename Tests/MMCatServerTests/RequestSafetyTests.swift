import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MMCat
import MMCatServer
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// Requests a careless client or a hostile web page sends: cross-site writes, bodies that are not
/// JSON, settings of the wrong shape, passwords where they do not belong, repeated JSON members.
@Suite struct RequestSafetyTests {
    @Test func aForeignPageCannotWriteToADemoServer() async throws {
        try await withServer { api in
            let body = ByteBuffer(string: #"{"name": "pwned", "objects": [], "morphisms": []}"#)
            let plain = try await api.client.execute(
                uri: "/api/v1/schemas", method: .post, headers: [.contentType: "text/plain"], body: body)
            #expect(plain.status == .unsupportedMediaType)
            let foreign = try await api.client.execute(
                uri: "/api/v1/schemas", method: .post,
                headers: [.contentType: "application/json", .origin: "http://evil.example"],
                body: body)
            #expect(foreign.status == .forbidden)
            let start = try await api.client.execute(
                uri: "/api/v1/jobs/1/start", method: .post,
                headers: [.origin: "http://evil.example"])
            #expect(start.status == .forbidden)
            let own = try await api.client.execute(
                uri: "/api/v1/schemas", method: .post,
                headers: [.contentType: "application/json", .origin: "http://localhost"],
                body: body)
            #expect(own.status == .created)
            let schemas = try await api.call(.get, "/schemas").json.arrayItems.compactMap { $0["name"]?.scalarText }
            #expect(schemas.filter { $0 == "pwned" }.count == 1)
        }
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        var configuration = ServerConfiguration.standard
        configuration.demo = true
        configuration.publicDirectory = TestSupport.repository.appendingPathComponent("Public").path
        try await ServerContext.open(configuration).application().test(.router) { client in
            for uri in ["/", "/app.js", "/api/v1/schemas", "/api/v1/jobs/999", "//api"] {
                let response = try await client.execute(uri: uri, method: .get)
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), "\(uri)")
                #expect(!policy.contains("unsafe-inline'; img") || policy.contains("style-src"), "\(uri)")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(uri)")
            }
        }
    }

    @Test func settingsAreCheckedTheSameWayWhenCreatedAndEdited() async throws {
        try await withServer { api in
            let postgres = #"{"host": "127.0.0.1", "user": "u", "database": "d"}"#
            let created = try await api.call(
                .post, "/databases", #"{"label": "pg", "type": "postgresql", "settings": \#(postgres)}"#)
            #expect(created.status == .created)
            let id = created.json["id"]?.scalarText ?? ""
            let refused: [(String, String)] = [
                (#"{"port": "99999"}"#, "settings.port"), (#"{"port": 0}"#, "settings.port"),
                (#"{"sslmode": "bogus"}"#, "settings.sslmode"), (#"{"host": 5}"#, "settings.host"),
                (#"{"host": ["a"]}"#, "settings.host"), (#"{"colour": "red"}"#, "settings.colour"),
                (#"{"passwd": "x"}"#, "settings.passwd"),
            ]
            for (settings, field) in refused {
                let post = try await api.call(
                    .post, "/databases", #"{"label": "x", "type": "postgresql", "settings": \#(settings)}"#)
                let patch = try await api.call(.patch, "/databases/\(id)", #"{"settings": \#(settings)}"#)
                for reply in [post, patch] {
                    #expect(reply.status == .badRequest, "\(settings): \(reply.text)")
                    #expect(reply.json["error"]?["field"]?.scalarText == field, "\(settings): \(reply.text)")
                }
            }
            let port = try await api.call(.patch, "/databases/\(id)", #"{"settings": {"port": 5433}}"#)
            #expect(port.json["settings"]?["port"]?.scalarText == "5433")
        }
    }

    @Test func aMongoURIWithAPasswordIsNeverStored() async throws {
        let data = try TestSupport.temporaryDirectory().path
        try await withServer(data: data) { api in
            let uris = [
                "mongodb://admin:hunter2@127.0.0.1:27017", "mongodb://admin@127.0.0.1",
                "mongodb+srv://a:hunter2@cluster.example/db", "mongodb://h/?tlsCertificateKeyFilePassword=hunter2",
            ]
            for uri in uris {
                let reply = try await api.call(
                    .post, "/databases",
                    #"{"label": "m", "type": "mongodb", "settings": {"uri": "\#(uri)", "database": "d"}}"#)
                #expect(reply.status == .badRequest, "\(uri)")
                #expect(reply.json["error"]?["field"]?.scalarText == "settings.uri")
            }
            let good = try await api.call(
                .post, "/databases",
                #"{"label": "m", "type": "mongodb", "settings": {"uri": "mongodb://127.0.0.1", "database": "d", "password": "hunter2"}}"#
            )
            #expect(good.status == .created)
            let patch = try await api.call(
                .patch, "/databases/\(good.json["id"]?.scalarText ?? "")",
                #"{"settings": {"uri": "mongodb://root:hunter2@127.0.0.1"}}"#)
            #expect(patch.status == .badRequest)
            #expect(!(try await api.call(.get, "/databases").text.contains("hunter2")))
        }
        // The store holds token digests and sealed passwords: its owner alone may read it.
        for file in ["metadata.sqlite", "metadata.sqlite-wal", "secret.key"] {
            let path = data + "/" + file
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
        let folder = try FileManager.default.attributesOfItem(atPath: data)[.posixPermissions] as? Int
        #expect(folder.map { $0 & 0o077 } == 0, "the data folder is open to others")
        let stored = try Data(contentsOf: URL(fileURLWithPath: data + "/metadata.sqlite"))
        #expect(!String(decoding: stored, as: UTF8.self).contains("hunter2"))
    }

    @Test func malformedQueriesAndRepeatedMembersAreRefused() async throws {
        try await withServer { api in
            let query = try await api.call(.get, "/mappings?schema=AAA")
            #expect(query.status == .badRequest)
            #expect(query.json["error"]?["field"]?.scalarText == "schema")
            let repeated = try await api.call(
                .post, "/databases",
                #"{"label": "a", "type": "files", "label": "b", "settings": {"folder": "/tmp"}}"#)
            #expect(repeated.status == .badRequest)
            #expect(repeated.json["error"]?["message"]?.scalarText?.contains(#"the key "label" appears twice"#) == true)
            let id = try await api.call(.get, "/jobs/abc")
            #expect(id.status == .badRequest)
        }
    }

    @Test func aTestConnectionErrorNamesNoPathOfTheBuild() async throws {
        let folder = try TestSupport.temporaryDirectory()
        let notPEM = folder.appendingPathComponent("ca.crt")
        try Data("not a certificate".utf8).write(to: notPEM)
        try await withServer { api in
            let created = try await api.call(
                .post, "/databases",
                #"{"label": "tls", "type": "postgresql", "settings": {"host": "127.0.0.1", "user": "u", "database": "d", "sslmode": "verify-full", "sslrootcert": "\#(notPEM.path)"}}"#
            )
            let test = try await api.call(.post, "/databases/\(created.json["id"]?.scalarText ?? "")/test")
            let message = test.json["error"]?["message"]?.scalarText ?? ""
            #expect(test.status == .badRequest)
            #expect(message.contains("no readable PEM certificate"), "\(message)")
            #expect(!message.contains(".build") && !message.contains(".cc"), "\(message)")
        }
    }
}
