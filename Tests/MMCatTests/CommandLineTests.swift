import Foundation
import MMCatTestSupport
import Testing

/// The `mmcat` contract of `docs/formats.md`: exit statuses, messages that name the file and the
/// place, and nothing written to `--out` when a command fails.
@Suite struct CommandLineTests {
    let schema = TestSupport.corpus.appendingPathComponent("schema.json").path
    let case01 = TestSupport.corpus.appendingPathComponent("01-basic")

    @Test func helpTeachesTheConcepts() throws {
        let result = try TestSupport.mmcat(["--help"])
        #expect(result.status == 0)
        for word in ["schema category", "mapping", "instance category", "import", "export", "validate"] {
            #expect(result.stdout.contains(word), "\(word)")
        }
    }

    @Test func badUsageExitsWithTwo() throws {
        #expect(try TestSupport.mmcat(["import", "--schema", schema]).status == 2)
        #expect(try TestSupport.mmcat(["frobnicate"]).status == 2)
        let badTarget = try TestSupport.mmcat([
            "export", "--schema", schema, "--mapping", "m", "--instance", "i", "--target", "oracle",
        ])
        #expect(badTarget.status == 2)
        #expect(badTarget.stderr.contains("oracle"))
        // The targets are the families' printers, listed where the families are.
        #expect(badTarget.stderr.contains("jsonl, sqlite, postgresql, mongodb, neo4j"), "\(badTarget.stderr)")
        let data = try TestSupport.temporaryDirectory().path
        for size in ["lots", "0", "-1G", "99999999999T"] {
            let badSize = try TestSupport.mmcat(["serve", "--data", data, "--max-instance-memory=\(size)"])
            #expect(badSize.status == 2, "\(size)")
            #expect(badSize.stderr.contains("--max-instance-memory must be a size"), "\(size): \(badSize.stderr)")
        }
    }

    @Test func invalidInputFileExitsWithTwoNamesItAndWritesNothing() throws {
        let temporary = try TestSupport.temporaryDirectory()
        let brokenSchema = temporary.appendingPathComponent("broken.schema.json")
        try Data(#"{"objects": [{"key": 1, "ids": [["5"]]}], "morphisms": []}"#.utf8).write(to: brokenSchema)
        let out = temporary.appendingPathComponent("out.json")
        let result = try TestSupport.mmcat([
            "import", "--schema", brokenSchema.path, "--mapping", case01.appendingPathComponent("mapping.json").path,
            "--input", case01.appendingPathComponent("input.json").path, "--out", out.path,
        ])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "\(brokenSchema.path): $.objects[0].ids[0][0]: signature \"5\" is not in the superId"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func malformedDocumentsExitWithTwoAndKeepAnExistingOutput() throws {
        let temporary = try TestSupport.temporaryDirectory()
        let input = temporary.appendingPathComponent("input.json")
        try Data("[{\"number\": 1},\n {\"number\": }]".utf8).write(to: input)
        let out = temporary.appendingPathComponent("out.json")
        try Data("keep me".utf8).write(to: out)
        let result = try TestSupport.mmcat([
            "import", "--schema", schema, "--mapping", case01.appendingPathComponent("mapping.json").path,
            "--input", input.path, "--out", out.path,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(input.path): line 2, column 13: unexpected character '}', expected a value"))
        #expect(try String(contentsOf: out, encoding: .utf8) == "keep me")
    }

    @Test func outputReplacesAnExistingFile() throws {
        let temporary = try TestSupport.temporaryDirectory()
        let out = temporary.appendingPathComponent("out.instance.json")
        try Data("old".utf8).write(to: out)
        let arguments = [
            "import", "--schema", schema, "--mapping", case01.appendingPathComponent("mapping.json").path,
            "--input", case01.appendingPathComponent("input.json").path, "--out", out.path,
        ]
        #expect(try TestSupport.mmcat(arguments).status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).contains(#"{"19": "2043"}"#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == ["out.instance.json"])
    }

    @Test func missingFileIsNamed() throws {
        let result = try TestSupport.mmcat([
            "import", "--schema", "/nonexistent/s.json", "--mapping", "m", "--input", "i",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/s.json: no such file"))
    }

    @Test func rejectedRecordsAreReportedAndTheRestImported() throws {
        let temporary = try TestSupport.temporaryDirectory()
        let input = temporary.appendingPathComponent("input.jsonl")
        try Data("{\"number\": 1}\n{\"other\": 2}\n\n{\"number\": 3}\n".utf8).write(to: input)
        let result = try TestSupport.mmcat([
            "import", "--schema", schema, "--mapping", case01.appendingPathComponent("mapping.json").path,
            "--input", input.path,
        ])
        #expect(result.status == 0)
        #expect(
            result.stderr.contains(
                "\(input.path): record 2: $: Order (103) cannot be identified: missing values for \"19\""))
        #expect(result.stderr.contains("imported 2 of 3 records (1 rejected)"))
        #expect(result.stdout.contains(#"{"19": "3"}"#))
    }

    @Test func validateReportsEveryProblemOfEveryMapping() throws {
        let temporary = try TestSupport.temporaryDirectory()
        let first = temporary.appendingPathComponent("a.path")
        let second = temporary.appendingPathComponent("b.mapping.json")
        try Data("order @103 { number: 19, number: 99 }".utf8).write(to: first)
        try Data(
            #"{"kindName": "x", "rootObject": 103, "accessPath": {"subpaths": [{"name": "n", "signature": "8"}]}}"#.utf8
        )
        .write(to: second)
        let result = try TestSupport.mmcat([
            "validate", "--schema", schema, "--mapping", first.path, "--mapping", second.path,
        ])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix(first.path) }.count == 2)
        #expect(lines.filter { $0.hasPrefix(second.path) }.count == 2)
        let good = try TestSupport.mmcat([
            "validate", "--schema", schema, "--mapping", case01.appendingPathComponent("mapping.json").path,
        ])
        #expect(good.status == 0)
    }

    @Test func exportAcceptsTheTextNotationAndWritesTheFile() throws {
        let temporary = try TestSupport.temporaryDirectory()
        let instance = temporary.appendingPathComponent("i.json")
        let path = temporary.appendingPathComponent("order.path")
        try Data("order @103 { number: 19 }\n".utf8).write(to: path)
        let imported = try TestSupport.mmcat([
            "import", "--schema", schema, "--mapping", path.path,
            "--input", case01.appendingPathComponent("input.json").path, "--out", instance.path,
        ])
        #expect(imported.status == 0)
        let out = temporary.appendingPathComponent("model.sql")
        let exported = try TestSupport.mmcat([
            "export", "--schema", schema, "--mapping", path.path, "--instance", instance.path, "--target", "sqlite",
            "--out", out.path,
        ])
        #expect(exported.status == 0)
        #expect(
            try String(contentsOf: out, encoding: .utf8).contains(
                "INSERT INTO \"order\" (\"number\") VALUES\n  (1653),\n  (2043);"))
        let lines = try TestSupport.mmcat([
            "export", "--schema", schema, "--mapping", path.path, "--instance", instance.path, "--target", "jsonl",
        ])
        #expect(lines.status == 0)
        #expect(lines.stdout == "{\"number\": 1653}\n{\"number\": 2043}\n")
    }

    @Test func exportOfANestedKindToATableNamesTheMappingFile() throws {
        let folder = TestSupport.corpus.appendingPathComponent("04-complex-array")
        let temporary = try TestSupport.temporaryDirectory()
        let instance = temporary.appendingPathComponent("i.json")
        let mapping = folder.appendingPathComponent("mapping.json").path
        _ = try TestSupport.mmcat([
            "import", "--schema", schema, "--mapping", mapping, "--input",
            folder.appendingPathComponent("input.json").path,
            "--out", instance.path,
        ])
        let result = try TestSupport.mmcat([
            "export", "--schema", schema, "--mapping", mapping, "--instance", instance.path, "--target", "postgresql",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(mapping): $.accessPath.subpaths[1]: PostgreSQL kinds are flat"))
        #expect(result.stdout.isEmpty)
    }

    /// Chained commands pass the instance as a binary snapshot: the same export as through the
    /// JSON dump, extended by a second import like a dump, and a damaged one is named.
    @Test func aSnapshotChainsCommandsLikeTheDump() throws {
        let folder = TestSupport.corpus.appendingPathComponent("04-complex-array")
        let mapping = folder.appendingPathComponent("mapping.json").path
        let input = folder.appendingPathComponent("input.json").path
        let temporary = try TestSupport.temporaryDirectory()
        let dump = temporary.appendingPathComponent("i.json").path
        let snapshot = temporary.appendingPathComponent("i.snapshot").path
        for out in [dump, snapshot] {
            let result = try TestSupport.mmcat([
                "import", "--schema", schema, "--mapping", mapping, "--input", input, "--out", out,
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(
            try TestSupport.mmcat([
                "import", "--schema", schema, "--mapping", mapping, "--input", input,
                "--instance", snapshot, "--out", snapshot,
            ]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        #expect(bytes.starts(with: Array("MMCATIN1".utf8)))
        let exports = try [dump, snapshot].map { instance in
            try TestSupport.mmcat([
                "export", "--schema", schema, "--mapping", mapping, "--instance", instance, "--target", "mongodb",
            ])
        }
        #expect(exports.allSatisfy { $0.status == 0 }, "\(exports.map(\.stderr))")
        #expect(exports[0].stdout == exports[1].stdout && exports[0].stdout.contains("insertMany"))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: snapshot))
        let damaged = try TestSupport.mmcat([
            "export", "--schema", schema, "--mapping", mapping, "--instance", snapshot, "--target", "mongodb",
        ])
        #expect(damaged.status == 2)
        #expect(damaged.stderr.hasPrefix(snapshot), "\(damaged.stderr)")
    }
}
