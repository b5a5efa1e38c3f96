import Foundation
import MMCat
import MMCatTestSupport
import Testing

/// The real servers `scripts/services.sh` starts, found through environment variables.
///
/// Under CI (`CI` set) every integration test runs: a missing variable fails the test. Without
/// `CI` a test whose server is not configured is skipped, and the skip names the variable.
public enum Services {
    public static let environment = ProcessInfo.processInfo.environment
    public static let isCI = environment["CI"] != nil
    public static let postgresURL = environment["MMCAT_PG_URL"]
    /// The CA that signed the certificates of the test PostgreSQL and the TLS SecantusDB
    /// (scripts/services.sh).
    public static let postgresCA = environment["MMCAT_PG_CA"]
    public static let mongoURI = environment["MMCAT_MONGO_URI"]
    /// A second SecantusDB that requires a login, and its user (scripts/services.sh).
    public static let mongoAuthURI = environment["MMCAT_MONGO_AUTH_URI"]
    public static let mongoUser = environment["MMCAT_MONGO_USER"] ?? ""
    public static let mongoPassword = environment["MMCAT_MONGO_PASSWORD"] ?? ""
    /// A third SecantusDB that speaks only TLS (no options: the tests add them).
    public static let mongoTLSURI = environment["MMCAT_MONGO_TLS_URI"]
    public static let falkorPort = environment["MMCAT_FALKOR_PORT"]
    /// A FalkorDB whose Bolt port is open (`bolt://127.0.0.1:17687`), standing in for Neo4j.
    public static let boltURI = environment["MMCAT_BOLT_URI"]
    public static let python = environment["MMCAT_PYTHON"]
    /// Migrates `source` into a new database of the MongoDB-compatible server through the target
    /// mapping `mapping` and returns the documents of `kind` there, as the server dumps them.
    public static func migrateToDocuments(from source: String, mapping: String, kind: String) throws -> JSONValue {
        let uri = try require(mongoURI, "MMCAT_MONGO_URI")
        guard let server = URLComponents(string: uri) else {
            throw ServiceError(message: "MMCAT_MONGO_URI is not a URL")
        }
        let database = uniqueName("mmcat_documents")
        let migrated = try TestSupport.mmcat([
            "migrate", "--from", source, "--target-mapping", mapping,
            "--to", "mongodb://\(server.host ?? "127.0.0.1"):\(server.port ?? 27017)/\(database)",
        ])
        guard migrated.status == 0 else { throw ServiceError(message: "migrate failed: \(migrated.stderr)") }
        return .array(try dump(runner: "mongo_run.py", server: uri, database: database, kind: kind))
    }

    /// Runs `script` (a model) in a new database of `server` with one of the runners in
    /// `scripts/` (`mongo_run.py`, `cypher_run.py`; `mode` `node` runs a MongoDB script in a
    /// JavaScript engine), then dumps `kind` from it.
    public static func runModel(
        _ script: URL, runner: String, mode: String = "run", server: String, kind: String
    ) throws -> [JSONValue] {
        let database = uniqueName("mmcat")
        let path = scripts.appendingPathComponent(runner).path
        try run(try require(python, "MMCAT_PYTHON"), [path, server, database, mode, script.path])
        return try dump(runner: runner, server: server, database: database, kind: kind)
    }

    /// The records of `kind` in `database` of `server`, as the runner dumps them.
    public static func dump(runner: String, server: String, database: String, kind: String) throws -> [JSONValue] {
        let path = scripts.appendingPathComponent(runner).path
        return try JSONParser.parse(
            try run(try require(python, "MMCAT_PYTHON"), [path, server, database, "dump", kind])
        )
        .arrayItems
    }

    /// The folder of sample databases from Debian packages (`services_samples`).
    public static let samples = environment["MMCAT_SAMPLES"]

    public static func enabled(_ variable: String?, _ name: String) -> ConditionTrait {
        .enabled(
            if: variable != nil || isCI, "\(name) is not set (CI unset): start scripts/services.sh to run this test")
    }

    /// The value of a required variable; under CI a missing one is a failure.
    public static func require(_ value: String?, _ name: String) throws -> String {
        guard let value else { throw ServiceError(message: "\(name) is not set; .ci/run starts the services") }
        return value
    }

    public static let scripts = TestSupport.repository.appendingPathComponent("scripts")

    /// Rows of an SQL query on an SQLite file as JSON lists, read by the sqlite3 shell.
    public static func sqliteRows(_ database: String, _ query: String) throws -> [[JSONValue]] {
        let output = try run("sqlite3", ["-json", database, query])
        guard !output.isEmpty else { return [] }
        return try JSONParser.parse(output).arrayItems.map { row in (row.objectMembers ?? []).map(\.value) }
    }

    /// Rows as canonical text, sorted: two results compared whatever their order.
    public static func sortedRows(_ rows: [[JSONValue]]) -> [String] {
        rows.map { row in row.map { DocumentComparison.canonical($0) ?? "null" }.joined(separator: "|") }.sorted()
    }

    /// Runs a program found on PATH, failing with its error output when it fails.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String]) throws -> String {
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/env"), [program] + arguments)
        guard result.status == 0 else {
            throw ServiceError(message: "\(program) \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout
    }

    /// A unique lowercase name for a database or graph of one test.
    public static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
    }

    /// Imports a corpus case (or other documents) and returns the export script for `target`.
    public static func model(
        documents: URL, importMapping: URL, exportMapping: URL? = nil, target: String, schema: URL = schemaURL
    ) throws -> URL {
        let directory = try TestSupport.temporaryDirectory()
        let instance = directory.appendingPathComponent("i.json")
        let imported = try TestSupport.mmcat([
            "import", "--schema", schema.path, "--mapping", importMapping.path, "--input", documents.path, "--out",
            instance.path,
        ])
        guard imported.status == 0 else { throw ServiceError(message: imported.stderr) }
        let script = directory.appendingPathComponent("model.\(target)")
        let exported = try TestSupport.mmcat([
            "export", "--schema", schema.path, "--mapping", (exportMapping ?? importMapping).path, "--instance",
            instance.path, "--target", target, "--out", script.path,
        ])
        guard exported.status == 0 else { throw ServiceError(message: exported.stderr) }
        return script
    }

    public static let schemaURL = TestSupport.corpus.appendingPathComponent("schema.json")

    /// The model of corpus case `name` for `target`, imported and exported through the case's mapping.
    public static func corpusModel(_ name: String, target: String) throws -> URL {
        let folder = TestSupport.corpus.appendingPathComponent(name)
        return try model(
            documents: folder.appendingPathComponent("input.json"),
            importMapping: folder.appendingPathComponent("mapping.json"), target: target)
    }

    /// Case 06 exported to a flat kind: the auxiliary `_id` flattened into `_id_customer` and `_id_number`.
    public static func flatSyntheticProperty() throws -> [JSONValue] {
        try JSONParser.parse(
            #"[{"_id_customer": 1, "_id_number": 2043}, {"_id_customer": 1, "_id_number": 1653}]"#
        ).arrayItems
    }

    /// The documents corpus case `name` expects an export to give.
    public static func expectedDocuments(_ name: String) throws -> [JSONValue] {
        try TestSupport.json(
            TestSupport.corpus.appendingPathComponent(name).appendingPathComponent("expected-documents.json")
        )
        .arrayItems
    }

    /// Writes `text` to a temporary file and returns it.
    public static func file(_ name: String, _ text: String) throws -> URL {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }
}

/// A database of its own for one test, in the PostgreSQL server of `MMCAT_PG_URL`.
///
/// ```swift
/// let scratch = try ScratchDatabase("mmcat")
/// defer { scratch.drop() }
/// try Services.run("psql", [scratch.url, "-c", "SELECT 1"])
/// ```
public struct ScratchDatabase {
    /// The server's URL, as given.
    public let server: String
    public let name: String
    /// The URL of the new database.
    public let url: String

    public init(_ prefix: String) throws {
        server = try Services.require(Services.postgresURL, "MMCAT_PG_URL")
        name = Services.uniqueName(prefix)
        url = String(server[..<server.lastIndex(of: "/")!]) + "/\(name)"
        try Services.run("psql", [server, "-X", "-q", "-c", "CREATE DATABASE \(name)"])
    }

    /// Drops the database, closing the connections still open to it.
    public func drop() {
        _ = try? Services.run("psql", [server, "-X", "-q", "-c", "DROP DATABASE \(name) WITH (FORCE)"])
    }
}

public struct ServiceError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}

/// The hostile data every database must store and give back unchanged.
public enum HostileCase {
    public static let schema = HostileData.schema
    public static let kind = "or\"der; DROP TABLE x'"
    public static let mapping = #"""
        "or\"der; DROP TABLE x'" @1 { id: 1, "na\"me": 2, "sc'ore": 3, active: 4, tags: 5 }
        """#
    public static let documents = #"""
        [{"id": 1, "na\"me": "O'Brien", "sc'ore": 1.5, "active": true, "tags": ["a'b", "c\"d", "e\\f", "g;h"]},
         {"id": 2, "na\"me": "Robert'); DROP TABLE students;--\nline two\ttab", "sc'ore": 2, "active": false},
         {"id": 3, "na\"me": "\u00e9\u65e5\ud83d\ude00 `tick` $1 \\x"}]
        """#

    /// The documents as every database should give them back.
    public static var expected: [JSONValue] {
        get throws {
            try JSONParser.parse(documents).arrayItems
        }
    }

    public static func files() throws -> (schema: URL, mapping: URL, documents: URL) {
        (
            try Services.file("hostile.schema.json", schema), try Services.file("hostile.path", mapping),
            try Services.file("hostile.json", documents)
        )
    }
}
