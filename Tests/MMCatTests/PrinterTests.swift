import Foundation
import MMCat
import MMCatCypher
import MMCatFiles
import MMCatMongo
import MMCatPostgres
import MMCatSQLite
import MMCatTestSupport
import Testing

/// What the printers write: quoting and escaping, typing, batching, determinism, flat-kind rules.
@Suite struct PrinterTests {
    static let hostileMapping = #"""
        "or\"der; DROP TABLE x" @1 { id: 1, "na\"me": 2, "sc'ore": 3, active: 4, tags: 5 }
        """#
    static let hostileDocuments = #"""
        [{"id": 1, "na\"me": "O'Brien", "sc'ore": 1.5, "active": true, "tags": ["a'b", "c\"d", "e\\f"]},
         {"id": 2, "na\"me": "Robert'); DROP TABLE students;--\nline two", "sc'ore": 2, "active": false},
         {"id": 3, "na\"me": "\u00e9\u65e5\ud83d\ude00 `tick`"}]
        """#

    /// Imports the documents through the hostile mapping and compiles `mapping` for export.
    static func model(_ documents: String = hostileDocuments, mapping: String = hostileMapping) throws
        -> CategoryToModel
    {
        let instance = InstanceCategory(schema: try TestSupport.schema(HostileData.schema))
        try TestSupport.importDocuments(documents, mapping: hostileMapping, into: instance)
        return try CategoryToModel(instance: instance, mapping: AccessPathText.parseMapping(mapping))
    }

    static func text(_ printer: some ModelPrinter, _ model: CategoryToModel) throws -> String {
        String(decoding: try printer.print(model), as: UTF8.self)
    }

    @Test func postgresQuotesIdentifiersEscapesValuesAndTypesColumns() throws {
        let script = try Self.text(PostgreSQLPrinter(), Self.model())
        #expect(script.contains(#"CREATE TABLE "or""der; DROP TABLE x" ("#))
        #expect(script.contains(#"    "id" BIGINT NOT NULL,"#))
        #expect(script.contains(#"    "na""me" TEXT NOT NULL,"#))
        #expect(script.contains(#"    "sc'ore" NUMERIC,"#))
        #expect(script.contains(#"    "active" BOOLEAN,"#))
        #expect(script.contains(#"    "tags" TEXT[],"#))
        #expect(script.contains(#"    PRIMARY KEY ("id")"#))
        #expect(script.contains(#"(1, 'O''Brien', 1.5, TRUE, ARRAY['a''b', 'c"d', 'e\f']::TEXT[])"#))
        #expect(script.contains("(2, 'Robert''); DROP TABLE students;--\nline two', 2, FALSE, NULL)"))
        #expect(script.hasPrefix("-- Model of kind \"or\\\"der; DROP TABLE x\" for PostgreSQL"))
        #expect(script.hasSuffix("COMMIT;\n"))
    }

    @Test func sqliteStoresArraysAsJSONTextAndBooleansAsText() throws {
        let script = try Self.text(SQLitePrinter(), Self.model())
        #expect(script.contains(#"    "id" INTEGER NOT NULL,"#))
        #expect(script.contains(#"    "sc'ore" NUMERIC,"#))
        #expect(script.contains(#"    "tags" TEXT,"#))
        #expect(script.contains(#"(1, 'O''Brien', 1.5, 'true', '["a''b", "c\"d", "e\\f"]')"#))
    }

    @Test func mongoWritesTypedDocumentsAsJSONLiterals() throws {
        let script = try Self.text(MongoDBPrinter(), Self.model())
        #expect(script.contains(#"db.createCollection("or\"der; DROP TABLE x");"#))
        #expect(
            script.contains(#"db.getCollection("or\"der; DROP TABLE x").createIndex({"id": 1}, {"unique": true});"#))
        let documents = try TestSupport.documents(ofMongoScript: script)
        #expect(documents.count == 3)
        #expect(documents[0]["na\"me"] == .string("O'Brien"))
        #expect(documents[0]["sc'ore"] == .number("1.5"))
        #expect(documents[0]["active"] == .bool(true))
        #expect(documents[1]["na\"me"] == .string("Robert'); DROP TABLE students;--\nline two"))
        #expect(documents[1]["tags"] == nil)
    }

    /// Integers a double cannot hold (beyond 2^53) are strings in JSON and `NumberLong` in
    /// mongosh; 2^53 itself, and integers of fifteen characters or fewer, are numbers.
    @Test func integersBeyondTwoToThe53AreNotWrittenAsNumbers() throws {
        let small = ["123456789012345", "-12345678901234", "9007199254740992", "-9007199254740992"]
        let big = ["9007199254740993", "-9007199254740993", "9223372036854775807"]
        let model = try Self.model("[" + (small + big).map { "{\"id\": \($0)}" }.joined(separator: ", ") + "]")
        let lines = try Self.text(JSONLinesPrinter(), model)
        for id in small { #expect(lines.contains("{\"id\": \(id)}\n"), "\(id)") }
        for id in big { #expect(lines.contains("{\"id\": \"\(id)\"}\n"), "\(id)") }
        let script = try Self.text(MongoDBPrinter(), model)
        for id in small { #expect(script.contains("{\"id\": \(id)}"), "\(id)") }
        for id in big { #expect(script.contains("{\"id\": NumberLong(\"\(id)\")}"), "\(id)") }
    }

    @Test func cypherQuotesNamesAndEscapesStrings() throws {
        let model = try Self.model(mapping: #""client x" @1 { id: 1, "na me": 2, tags: 5 }"#)
        let script = try Self.text(CypherPrinter(), model)
        #expect(script.contains("CREATE INDEX FOR (n:`client x`) ON (n.`id`);"))
        #expect(script.contains(#"{`id`: 1, `na me`: 'O\'Brien', `tags`: ['a\'b', 'c"d', 'e\\f']}"#))
        #expect(script.contains(#"`na me`: 'Robert\'); DROP TABLE students;--\nline two'"#))
        #expect(script.contains("] AS row CREATE (n:`client x`) SET n = row;"))
    }

    @Test func cypherRefusesBackticksInNames() throws {
        #expect(throws: InputError.self) {
            try CypherPrinter().print(Self.model(mapping: "client @1 { id: 1, \"a`b\": 2 }"))
        }
    }

    @Test func outputIsDeterministic() throws {
        for printer in [PostgreSQLPrinter(), SQLitePrinter(), MongoDBPrinter()] as [any ModelPrinter] {
            #expect(try printer.print(Self.model()) == printer.print(Self.model()))
        }
    }

    @Test func largeExportsUseMultiRowStatementsInBatches() throws {
        let documents = "[" + (1...2500).map { #"{"id": \#($0), "na\"me": "n\#($0)"}"# }.joined(separator: ",") + "]"
        let model = try Self.model(documents)
        let sql = try Self.text(PostgreSQLPrinter(), model)
        #expect(sql.components(separatedBy: "INSERT INTO").count - 1 == 3)
        #expect(sql.components(separatedBy: "\n  (").count - 1 == 2500)
        let mongo = try Self.text(MongoDBPrinter(), model)
        #expect(mongo.components(separatedBy: ".insertMany([").count - 1 == 3)
        #expect(try TestSupport.documents(ofMongoScript: mongo).count == 2500)
        // Rows come out ordered by the primary key, numerically.
        #expect(sql.contains("(9, 'n9', NULL, NULL, NULL),\n  (10, 'n10', NULL, NULL, NULL)"))
    }

    @Test func relationalTargetsFlattenAuxiliaryNodesAndRejectNesting() throws {
        let instance = InstanceCategory(schema: try TestSupport.corpusSchema)
        let corpus = TestSupport.corpus.appendingPathComponent("06-synthetic-property")
        try TestSupport.importDocuments(
            String(decoding: try Data(contentsOf: corpus.appendingPathComponent("input.json")), as: UTF8.self),
            mapping: "order @103 { _id: { customer: 1.-2.-3, number: 19 } }", into: instance)
        let flat = try CategoryToModel(
            instance: instance,
            mapping: AccessPathText.parseMapping("order @103 { _id: { customer: 1.-2.-3, number: 19 } }"))
        let script = try Self.text(PostgreSQLPrinter(), flat)
        #expect(script.contains(#""_id_customer" BIGINT NOT NULL"#))
        #expect(script.contains(#"PRIMARY KEY ("_id_number")"#))
        let nested = try CategoryToModel(
            instance: instance,
            mapping: AccessPathText.parseMapping(
                "order @103 { number: 19, items: 8 { quantity: 13, productId: 10.9 } }"))
        do throws(InputError) {
            _ = try PostgreSQLPrinter().print(nested)
            Issue.record("printed a nested kind as a table")
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "$.accessPath.subpaths[1]: PostgreSQL kinds are flat, but \"items\" is a nested document; map it as a kind of its own rooted at Items (114)"
                ])
        }
    }

    @Test func emptyInstanceStillGivesTheDDL() throws {
        let instance = InstanceCategory(schema: try TestSupport.corpusSchema)
        let model = try CategoryToModel(
            instance: instance, mapping: AccessPathText.parseMapping("order @103 { number: 19 }"))
        let script = try Self.text(PostgreSQLPrinter(), model)
        #expect(
            script.contains("CREATE TABLE \"order\" (\n    \"number\" TEXT NOT NULL,\n    PRIMARY KEY (\"number\")\n);")
        )
        #expect(script.contains("-- The instance category holds no rows of this kind: no data."))
        #expect(!script.contains("INSERT"))
    }
}

@Suite struct SQLStatementSplitterTests {
    @Test func splitsOnSemicolonsOutsideStringsIdentifiersAndComments() {
        let script = """
            -- Model of kind "a;b"; a comment
            BEGIN;
            CREATE TABLE "x;""y" ("v" TEXT);
            INSERT INTO "x;""y" ("v") VALUES
              ('it''s; fine'),
              ('line;
            break');
            COMMIT;
            """
        #expect(
            SQLStatementSplitter.split(script) == [
                "BEGIN", #"CREATE TABLE "x;""y" ("v" TEXT)"#,
                "INSERT INTO \"x;\"\"y\" (\"v\") VALUES\n  ('it''s; fine'),\n  ('line;\nbreak')", "COMMIT",
            ])
    }
}

/// Quotes hidden inside grapheme clusters, NUL characters and line separators: each printer
/// quotes on bytes or scalars, so none of them ends a literal or a comment early.
@Suite struct ScriptQuotingTests {
    static let prepend = "\u{0600}"

    static func model(kind: String, name: String, value: String) throws -> CategoryToModel {
        var out = TextOutput()
        out.writeJSON(.array([.object([JSONMember("id", .number("1")), JSONMember(name, .string(value))])]))
        let mapping = Mapping(
            kindName: kind, rootObject: 1,
            accessPath: AccessPath(
                name: .fixed(""), signature: nil,
                subpaths: [
                    AccessPath(name: .fixed("id"), signature: try Signature(parsing: "1")),
                    AccessPath(name: .fixed(name), signature: try Signature(parsing: "2")),
                ]))
        let instance = InstanceCategory(schema: try TestSupport.schema(HostileData.schema))
        var reader = try JSONRecordReader(bytes: out.bytes, file: "documents.json")
        _ = try ModelToCategory(plan: ImportPlan(schema: instance.schema, mapping: mapping), instance: instance).run(
            &reader)
        return try CategoryToModel(instance: instance, mapping: mapping)
    }

    @Test func aQuoteAfterAPrependCharacterIsStillDoubled() throws {
        #expect("\(Self.prepend)'".doubling("'") == "\(Self.prepend)''")
        #expect("\(Self.prepend)\"x".doubling("\"") == "\(Self.prepend)\"\"x")
        let model = try Self.model(
            kind: "k\(Self.prepend)\"", name: "n\(Self.prepend)\"", value: "\(Self.prepend)'); --")
        for printer in [PostgreSQLPrinter(), SQLitePrinter()] as [any ModelPrinter] {
            let script = String(decoding: try printer.print(model), as: UTF8.self)
            #expect(script.contains("CREATE TABLE \"k\(Self.prepend)\"\"\""), "\(printer.target)")
            #expect(script.contains("\"n\(Self.prepend)\"\"\" TEXT"), "\(printer.target)")
            #expect(script.contains("'\(Self.prepend)''); --'"), "\(printer.target)")
        }
    }

    @Test func aBacktickAfterAPrependCharacterIsRefusedInCypher() throws {
        let model = try Self.model(kind: "k\(Self.prepend)`", name: "n", value: "v")
        #expect(throws: InputError.self) { try CypherPrinter().print(model) }
    }

    @Test func aNULInAValueIsRefusedWithTheRecordItIsIn() throws {
        let model = try Self.model(kind: "k", name: "n", value: "a\u{0}b")
        for printer in [PostgreSQLPrinter(), SQLitePrinter(), CypherPrinter()] as [any ModelPrinter] {
            do {
                _ = try printer.print(model)
                Issue.record("\(printer.target) wrote a NUL")
            } catch {
                #expect(error.description.contains("NUL"), "\(error)")
                #expect(error.description.contains("1"), "the record is named: \(error)")
            }
        }
        // JSON has an escape for it.
        #expect(String(decoding: try MongoDBPrinter().print(model), as: UTF8.self).contains(#"a\u0000b"#))
    }

    @Test func namesCannotEndTheCommentAtTheTopOfAScript() throws {
        let kind = "x\u{2028}print(1)\u{2029}*/\n</script>"
        let model = try Self.model(kind: kind, name: "n", value: "v")
        for printer in [PostgreSQLPrinter(), SQLitePrinter(), MongoDBPrinter(), CypherPrinter()] as [any ModelPrinter] {
            let script = String(decoding: try printer.print(model), as: UTF8.self)
            let comment = script.prefix(while: { $0 != "\n" })
            #expect(comment.unicodeScalars.allSatisfy { (" "..."~").contains($0) }, "\(printer.target): \(comment)")
            #expect(!comment.contains("*/"), "\(printer.target)")
            // The whole script is free of the separators JavaScript reads as line ends.
            if printer.target == "mongodb" {
                #expect(!script.unicodeScalars.contains("\u{2028}") && !script.contains("</script>"))
            }
        }
        #expect(ScriptQuoting.commentText("a\\b\"c*/d\u{85}") == #"a\\b\"c*\/d\u{85}"#)
    }

    @Test func mappingNamesWithNULAreInvalid() throws {
        let schema = try TestSupport.schema(HostileData.schema)
        let mapping = try AccessPathText.parseMapping(#""k\u0000" @1 { "i\u0000d": 1 }"#)
        let problems = mapping.validate(against: schema)
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { $0.message.contains("NUL") })
    }
}
