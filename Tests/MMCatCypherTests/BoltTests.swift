import BoltClient
import Foundation
import MMCat
import MMCatCypher
import MMCatNeo4j
import MMCatServiceTestSupport
import MMCatTestSupport
import PropertyBased
import Testing

/// The Bolt client and the Neo4j family against a real Bolt server: FalkorDB with its Bolt port
/// open (every Bolt session of it works on its one graph, `falkordb`, so the suite runs its tests
/// one at a time and clears the graph first). What Bolt wrote is checked through the same
/// server's Redis socket by redis-py, another protocol and another client.
@Suite(Services.enabled(Services.boltURI, "MMCAT_BOLT_URI"), .serialized)
struct BoltTests {
    let host: String
    let port: Int

    init() throws {
        let uri = try Services.require(Services.boltURI, "MMCAT_BOLT_URI")
        let address = try #require(URLComponents(string: uri))
        host = try #require(address.host)
        port = try #require(address.port)
    }

    func connect() throws -> BoltConnection {
        try BoltConnection(host: host, port: port)
    }

    @Test func valuesComeBackTyped() throws {
        let (records, _) = try connect().query("RETURN 1, -200, 10000000000, 1.5, 'é', true, null, [1, {a: 2}]")
        #expect(
            records == [
                [
                    .integer(1), .integer(-200), .integer(10_000_000_000), .float(1.5), .string("é"), .boolean(true),
                    .null, .list([.integer(1), .map([("a", .integer(2))])]),
                ]
            ])
    }

    /// No `'` or `\\`: FalkorDB 4.16's Bolt port writes string parameters into the query text
    /// between single quotes without escaping them (a value with a quote fails to parse; mmcat
    /// sends no parameters over Bolt for that reason, see docs/security.md).
    static let alphabet = Array("ab\"\n\u{301}🐴é`$;{}/*".unicodeScalars)

    /// Parameters travel as PackStream values: generated strings of double quotes, backticks,
    /// line ends, combining marks and comment starts come back byte for byte.
    @Test func parametersComeBackByteForByteWhateverTheyHold() async throws {
        let bolt = try connect()
        let strings = Gen<UInt32>.value(in: 0...UInt32(Self.alphabet.count - 1)).array(of: 0...40).withoutShrink()
            .map { picks in String(String.UnicodeScalarView(picks.map { Self.alphabet[Int($0)] })) }
        await propertyCheck(count: 300, input: strings) { text in
            #expect(throws: Never.self) {
                let (records, _) = try bolt.query("RETURN $s, size($s)", parameters: [("s", .string(text))])
                #expect(records.first?.first == .string(text))
            }
        }
    }

    @Test func aRefusedQueryIsAnErrorAndTheConnectionGoesOn() throws {
        let bolt = try connect()
        let error = #expect(throws: BoltError.self) { try bolt.query("RETURN noSuchFunction(1)") }
        #expect(error?.fromServer == true)
        #expect(try bolt.query("RETURN 2").records == [[.integer(2)]])
        // A result left unread is skipped by the next query.
        _ = try bolt.run("UNWIND range(1, 500) AS x RETURN x")
        #expect(try bolt.query("RETURN 3").records == [[.integer(3)]])
    }

    /// A port of another protocol gets a handshake it never answers or answers wrongly: an error
    /// naming the address within seconds, not a wait for the query timeout.
    @Test func aPortOfAnotherProtocolIsNamedWithinSeconds() throws {
        let other = try #require(Int(try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")))
        let started = ContinuousClock.now
        let error = #expect(throws: BoltError.self) {
            try BoltConnection(host: "127.0.0.1", port: other, connectTimeout: 2)
        }
        #expect(error?.message.contains("127.0.0.1:\(other)") == true, "\(String(describing: error))")
        #expect(ContinuousClock.now - started < .seconds(10))
        let closed = #expect(throws: BoltError.self) { try BoltConnection(host: "127.0.0.1", port: 1) }
        #expect(closed?.message.contains("refused") == true)
    }

    @Test func aRefusedLoginIsBlamedOnThePassword() throws {
        let access = DatabaseAccess(
            label: "graph", settings: ["uri": "bolt://\(host):\(port)", "user": "nobody"], password: "wrong")
        let error = #expect(throws: InputError.self) { try Neo4jSettings(access).connect() }
        #expect(error?.problems.first?.location == "password", "\(String(describing: error))")
        #expect(error?.description.contains("wrong") == false)
    }

    /// Rows of a read-only Cypher query on the server's graph, read by redis-py over the server's
    /// Redis socket.
    func cypher(_ query: String) throws -> [[JSONValue]] {
        let socket = try Services.require(Services.environment["MMCAT_BOLT_REDIS_SOCKET"], "MMCAT_BOLT_REDIS_SOCKET")
        let script = Services.scripts.appendingPathComponent("cypher_run.py").path
        let output = try Services.run(
            try Services.require(Services.python, "MMCAT_PYTHON"), [script, socket, "falkordb", "query", query])
        return try JSONParser.parse(output).arrayItems.map(\.arrayItems)
    }

    /// The relational database of ``GraphMigrationTests`` into the graph over Bolt by the Neo4j
    /// family, checked through the other protocol, then inferred from the graph and migrated back.
    @Test func tablesMigrateToAGraphOverBoltAndBack() throws {
        let bolt = try connect()
        _ = try bolt.query("MATCH (n) DETACH DELETE n")
        // An index the model creates is there already (FalkorDB keeps indexes of deleted nodes):
        // the model goes on.
        if try bolt.query("CALL db.indexes() YIELD label RETURN label").records.isEmpty {
            _ = try bolt.query("CREATE INDEX FOR (n:`cust'omer`) ON (n.`id`)")
        }
        let folder = try TestSupport.temporaryDirectory()
        let sqlite = folder.appendingPathComponent("source.sqlite").path
        try Services.run("sqlite3", ["-bail", sqlite, GraphMigrationTests.source])
        let url = "bolt://\(host):\(port)"
        let migrated = try TestSupport.mmcat(["migrate", "--from", sqlite, "--to", url])
        #expect(migrated.status == 0, "\(migrated.stderr)")

        for table in ["cust'omer", "product", "orders ü"] {
            let nodes = try cypher("MATCH (n:`\(table)`) RETURN count(n)")
            let rows = try Services.sqliteRows(
                sqlite, "SELECT count(*) FROM \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\"")
            #expect(nodes == rows, "\(table)")
        }
        let ordered = try cypher("MATCH (o:`orders ü`)-[r:order_item]->(p:product) RETURN o.number, p.code, r.quantity")
        #expect(
            Services.sortedRows(ordered)
                == Services.sortedRows(
                    try Services.sqliteRows(sqlite, "SELECT order_number, product_code, quantity FROM order_item")))
        let names = try cypher("MATCH (c:`cust'omer`) RETURN c.id, c.`na\\me`")
        #expect(
            Services.sortedRows(names)
                == Services.sortedRows(try Services.sqliteRows(sqlite, #"SELECT id, "na\me" FROM "cust'omer""#)))

        let back = folder.appendingPathComponent("back.sqlite").path
        let returned = try TestSupport.mmcat(["migrate", "--from", url, "--to", back])
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(
            try Services.sortedRows(Services.sqliteRows(back, "SELECT * FROM order_item"))
                == Services.sortedRows(
                    Services.sqliteRows(sqlite, "SELECT order_number, product_code, quantity FROM order_item")))
        #expect(
            try Services.sortedRows(Services.sqliteRows(back, #"SELECT * FROM "cust'omer""#))
                == Services.sortedRows(Services.sqliteRows(sqlite, #"SELECT * FROM "cust'omer""#)))
        #expect(try Services.run("sqlite3", [back, "PRAGMA foreign_key_check"]).isEmpty)
    }
}

/// A Neo4j database's URI is checked when it is saved: only what this client can connect to,
/// and never a password inside it.
@Suite struct Neo4jSettingsTests {
    @Test func urisTheClientCannotUseAreRefusedNamingWhy() {
        let family = Neo4jFamily()
        for (uri, words) in [
            ("bolt+s://db:7687", "TLS"), ("neo4j+ssc://db", "TLS"), ("bolt://neo4j:secret@db", "password setting"),
            ("http://db:7474", "not http://"), ("bolt://db:99999", "1 to 65535"),
            ("bolt://db/neo4j", "database setting"),
            ("bolt://", "host is missing"), ("db:7687", "looks like"), ("bolt://db:x", "not a number"),
            ("bolt://db@\u{301}x", "password setting"),
        ] {
            let error = #expect(throws: DatabaseError.self, "\(uri)") { try family.checkSettings(["uri": uri]) }
            #expect(error?.setting == "settings.uri")
            #expect(error?.message.contains(words) == true, "\(uri): \(String(describing: error))")
        }
        #expect(throws: Never.self) {
            for uri in ["", "bolt://db", "neo4j://db:7688/", "bolt://[::1]:7687"] {
                try family.checkSettings(["uri": uri])
            }
        }
    }

    @Test func withoutAURIReadingSaysTheURIIsNeeded() {
        let access = DatabaseAccess(label: "graph", settings: [:])
        let error = #expect(throws: InputError.self) { try Neo4jFamily().openKind("Person", in: access) }
        #expect(error?.problems.first?.location == "uri")
        #expect(error?.description.contains("bolt://HOST:PORT") == true)
    }
}
