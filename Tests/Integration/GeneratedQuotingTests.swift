import Foundation
import MMCat
import MMCatCypher
import MMCatMongo
import MMCatPostgres
import MMCatSQLite
import MMCatServiceTestSupport
import MMCatTestSupport
import PropertyBased
import Testing

/// Kind names, column names and values generated from all of Unicode, weighted towards what
/// breaks quoting (quotes after a "prepend" character, combining marks, joiners, regional
/// indicators, line and paragraph separators, control characters, comment and script ends), go
/// through every printer; each script runs in its real database and gives back exactly what was
/// put in, so no name or value ever ended a literal or a comment early.
@Suite(Services.enabled(Services.postgresURL, "MMCAT_PG_URL"))
struct GeneratedQuotingTests {
    static let pieces = [
        "'", "\"", "`", "\\", "\u{0600}", "\u{0600}'", "\u{0600}\"", "\u{0600}`", "\u{0600}\\", "\u{0301}",
        "a\u{0301}'",
        "\u{200D}", "\u{1F1E6}\u{1F1E8}", "\u{1F1E6}", "\u{2028}", "\u{2029}", "\n", "\r", "\r\n", "\t", "\u{1}",
        "\u{1B}", "\u{7F}", "\u{85}", "*/", "/*", "--", "//", "</script>", "<!--", ";", ":x", "\\'", "')", "é", "日",
        "😀", "\u{FEFF}", "\u{FFFF}", "\u{10FFFE}", " ", "x",
    ]

    /// A text of `count` pieces taken from `codes`: two in three from the list above, the others
    /// any scalar but NUL.
    static func text(_ codes: ArraySlice<UInt32>) -> String {
        codes.map { code in
            code % 3 != 0 || code == 0
                ? pieces[Int(code) % pieces.count] : Unicode.Scalar(code).map { String($0) } ?? "\u{FFFD}"
        }.joined()
    }

    /// One generated kind: its name, two column names and five values.
    struct Case: CustomStringConvertible {
        var kind: String
        var idName: String
        var valueName: String
        var values: [String]

        var description: String {
            "kind \(kind.debugDescription), columns \(idName.debugDescription) and \(valueName.debugDescription), values \(values.map(\.debugDescription))"
        }

        /// The documents the kind holds, as they must come back.
        var documents: [JSONValue] {
            values.enumerated().map { index, value in
                .object([JSONMember(idName, .number(String(index + 1))), JSONMember(valueName, .string(value))])
            }
        }

        /// The instance with the documents imported, compiled for export through the kind.
        func model() throws -> CategoryToModel {
            let instance = InstanceCategory(schema: try TestSupport.schema(HostileData.schema))
            let mapping = try Mapping.decode(
                .object([
                    JSONMember("kindName", .string(kind)), JSONMember("rootObject", .number("1")),
                    JSONMember(
                        "accessPath",
                        .object([
                            JSONMember(
                                "subpaths",
                                .array([
                                    .object([
                                        JSONMember("name", .string(idName)), JSONMember("signature", .string("1")),
                                    ]),
                                    .object([
                                        JSONMember("name", .string(valueName)), JSONMember("signature", .string("2")),
                                    ]),
                                ]))
                        ])),
                ]), file: "generated")
            var out = TextOutput()
            out.writeJSON(.array(documents))
            var reader = try JSONRecordReader(bytes: out.bytes, file: "generated.json")
            let summary = try ModelToCategory(
                plan: ImportPlan(schema: instance.schema, mapping: mapping), instance: instance
            )
            .run(&reader)
            #expect(summary.imported == values.count, "\(self)")
            return try CategoryToModel(instance: instance, mapping: mapping)
        }
    }

    /// A case made of 96 random codes. Names: one to six pieces (PostgreSQL keeps 63 bytes of a
    /// name), distinct, and without `.` and `$`, which MongoDB gives a meaning in field names;
    /// values: none to twelve pieces.
    @Sendable static func makeCase(_ codes: [UInt32]) -> Case {
        var rest = codes[...]
        func take(_ most: UInt32, least: UInt32) -> String {
            let count = Int(least + (rest.first ?? 0) % (most - least + 1))
            rest = rest.dropFirst()
            defer { rest = rest.dropFirst(count) }
            return text(rest.prefix(count))
        }
        let clean = { (name: String) in
            name.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "$", with: "_")
        }
        let kind = clean(take(6, least: 1))
        let id = clean(take(6, least: 1))
        let valueName = clean(take(6, least: 1))
        let values = (0..<5).map { _ in take(12, least: 0) }
        return Case(kind: kind, idName: id, valueName: valueName == id ? valueName + "2" : valueName, values: values)
    }

    static var cases: Generator<Case, Shrink.None<[UInt32]>> {
        Gen<UInt32>.value(in: 0...0x10FFFF).array(of: 96).withoutShrink().map(makeCase)
    }

    /// The UTF-8 text whose bytes `hex` spells (around whitespace ignored).
    static func text(hex: String) -> String {
        let digits = Array(hex.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        let bytes = stride(from: 0, to: digits.count - 1, by: 2).map { index in
            UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) ?? 0
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func script(_ printer: some ModelPrinter, _ generated: Case) throws -> URL {
        let bytes = try printer.print(try generated.model())
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("model." + printer.fileExtension)
        try Data(bytes).write(to: url)
        return url
    }

    /// Prints `generated` with `printer`, runs and reads it back with `read`, and expects the
    /// documents put in. A case with a name holding `refused` must instead be refused by the
    /// printer with a message containing `because`.
    static func roundTrip(
        _ generated: Case, _ printer: some ModelPrinter, refusing refused: Unicode.Scalar? = nil,
        because: String = "", read: (URL) throws -> [JSONValue]
    ) {
        let refusable =
            refused.map { scalar in
                [generated.kind, generated.idName, generated.valueName].contains { $0.containsASCII(scalar) }
            } ?? false
        do {
            let script = try Self.script(printer, generated)
            #expect(!refusable, "a name that must be refused was printed: \(generated)")
            let rows = try read(script)
            #expect(
                DocumentComparison.multiset(rows) == DocumentComparison.multiset(generated.documents), "\(generated)")
        } catch let error as InputError where refusable {
            #expect(error.description.contains(because), "\(error)")
        } catch {
            Issue.record("\(generated): \(error)")
        }
    }

    @Test func postgreSQLGivesBackEveryGeneratedNameAndValue() async throws {
        let scratch = try ScratchDatabase("mmcat_quoting")
        defer { scratch.drop() }
        await propertyCheck(count: 25, input: Self.cases) { generated in
            Self.roundTrip(generated, PostgreSQLPrinter()) { script in
                try Services.run("psql", [scratch.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script.path])
                let table = "\"" + generated.kind.doubling("\"") + "\""
                // Read as hex: psql leaves some characters (U+10FFFE, say) out of what it prints.
                let hex = try Services.run(
                    "psql",
                    [
                        scratch.url, "-X", "-A", "-t", "-c",
                        "SELECT encode(convert_to(coalesce(json_agg(t), '[]')::text, 'UTF8'), 'hex') FROM \(table) t",
                    ])
                try Services.run("psql", [scratch.url, "-X", "-q", "-c", "DROP TABLE \(table)"])
                return try JSONParser.parse(Self.text(hex: hex)).arrayItems
            }
        }
    }

    @Test func sqliteGivesBackEveryGeneratedNameAndValue() async throws {
        await propertyCheck(count: 25, input: Self.cases) { generated in
            // The sqlite3 shell would drop a carriage return in a name: such names are refused.
            Self.roundTrip(generated, SQLitePrinter(), refusing: "\r", because: "carriage return") { script in
                let database = try TestSupport.temporaryDirectory().appendingPathComponent("q.db").path
                try Services.run("sqlite3", ["-bail", database, ".read '\(script.path)'"])
                let table = "\"" + generated.kind.doubling("\"") + "\""
                let json = try Services.run("sqlite3", ["-json", database, "SELECT * FROM \(table)"])
                return try JSONParser.parse(json.isEmpty ? "[]" : json).arrayItems
            }
        }
    }

    @Test(Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"))
    func mongoDBRunsEveryGeneratedScriptInAJavaScriptEngine() async throws {
        let uri = try Services.require(Services.mongoURI, "MMCAT_MONGO_URI")
        await propertyCheck(count: 25, input: Self.cases) { generated in
            Self.roundTrip(generated, MongoDBPrinter()) { script in
                try Services.runModel(script, runner: "mongo_run.py", mode: "node", server: uri, kind: generated.kind)
            }
        }
    }

    @Test(Services.enabled(Services.falkorPort, "MMCAT_FALKOR_PORT"))
    func falkorDBGivesBackEveryGeneratedValue() async throws {
        let port = try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")
        await propertyCheck(count: 25, input: Self.cases) { generated in
            // Cypher databases disagree on how to quote a backtick: such names are refused.
            Self.roundTrip(generated, CypherPrinter(), refusing: "`", because: "backtick") { script in
                try Services.runModel(script, runner: "cypher_run.py", server: port, kind: generated.kind)
            }
        }
    }
}
