import Foundation
import MMCat
import MMCatPostgres
import MMCatServer
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Connections to PostgreSQL over TLS (`sslmode`), against the test server's certificate for
/// 127.0.0.1 signed by a throwaway CA: the server says the connection is encrypted, a certificate
/// it cannot check is refused under verify-full, and the metadata store takes the same options.
@Suite(Services.enabled(Services.postgresCA, "MMCAT_PG_CA"))
struct PostgresTLSTests {
    /// Whether the server sees this connection as encrypted, read through a view of pg_stat_ssl.
    static func encrypted(_ settings: PostgresSettings) throws -> Bool? {
        let source = try PostgresTableSource(settings: settings, table: "connection_security")
        return try source.next()?.value["ssl"].flatMap { $0 == .bool(true) }
    }

    @Test func connectionsAreEncryptedAndCertificatesChecked() throws {
        let ca = try Services.require(Services.postgresCA, "MMCAT_PG_CA")
        let scratch = try ScratchDatabase("mmcat_tls")
        defer { scratch.drop() }
        try Services.run(
            "psql",
            [
                scratch.url, "-X", "-q", "-c",
                "CREATE VIEW connection_security AS SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            ])
        let url = URLComponents(string: scratch.url)!
        func settings(_ extra: [String: String]) throws -> PostgresSettings {
            try PostgresSettings(
                settings: ["host": url.host!, "port": String(url.port!), "user": url.user!, "database": scratch.name]
                    .merging(extra) { $1 }, password: nil)
        }
        #expect(try Self.encrypted(try settings([:])) == false)
        #expect(try Self.encrypted(try settings(["sslmode": "require"])) == true)
        #expect(try Self.encrypted(try settings(["sslmode": "verify-full", "sslrootcert": ca])) == true)
        // The system's roots do not know the throwaway CA: verify-full refuses the server.
        #expect(throws: InputError.self) { try Self.encrypted(try settings(["sslmode": "verify-full"])) }
        let wrong = #expect(throws: InputError.self) { try settings(["sslmode": "prefer"]) }
        #expect(wrong?.problems.first?.location == "settings.sslmode")
    }

    @Test func theMetadataStoreConnectsOverTLS() async throws {
        let ca = try Services.require(Services.postgresCA, "MMCAT_PG_CA")
        let scratch = try ScratchDatabase("mmcat_tls_store")
        defer { scratch.drop() }
        var configuration = ServerConfiguration.standard
        configuration.store = scratch.url + "?sslmode=verify-full&sslrootcert=" + ca
        configuration.dataDirectory = try TestSupport.temporaryDirectory().path
        configuration.demo = true
        let context = try await ServerContext.open(configuration)
        #expect(try await context.store.schemas().count == 1)
        let seen = try Services.run(
            "psql",
            [
                scratch.server, "-X", "-A", "-t", "-c",
                "SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = '\(scratch.name)'",
            ])
        #expect(seen.trimmingCharacters(in: .whitespacesAndNewlines) == "t")
    }
}
