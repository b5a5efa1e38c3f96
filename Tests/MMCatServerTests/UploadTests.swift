import Foundation
import MMCat
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// Files uploaded as a new files database: checked whole (names, every record), stored whole,
/// then read by an inference and an import like any folder.
@Suite struct UploadTests {
    static func body(_ label: String, _ files: [(String, String)]) -> String {
        let members = files.map { name, content in
            JSONValue.object([JSONMember("name", .string(name)), JSONMember("content", .string(content))])
        }
        var out = TextOutput()
        out.writeJSON(.object([JSONMember("label", .string(label)), JSONMember("files", .array(members))]))
        return out.text
    }

    @Test func uploadedFilesBecomeADatabaseWhoseKindsReadAndInfer() async throws {
        try await withServer { api in
            let created = try await api.call(
                .post, "/databases/upload",
                Self.body(
                    "Uploaded shop",
                    [
                        ("customers.csv", "id,name\n1,\"Ann, \"\"A\"\"\"\n2,Bob\n"),
                        ("orders.jsonl", #"{"number": 7, "customer": 1}"# + "\n" + #"{"number": 8, "customer": 2}"#),
                        ("notes.json", #"[{"text": "ünïcode ✓"}]"#),
                    ]))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["type"]?.scalarText == "files")
            let id = try #require(created.json["id"]?.scalarText)
            let folder = try #require(created.json["settings"]?["folder"]?.scalarText)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [
                    "customers.csv", "notes.json", "orders.jsonl",
                ])
            #expect(try await api.call(.post, "/databases/\(id)/test").status == .ok)
            let inferred = try await api.call(.post, "/databases/\(id)/infer", #"{"name": "Uploaded"}"#)
            #expect(inferred.status == .created, "\(inferred.text)")
            let schema = try #require(inferred.json["schema"]?.scalarText)
            let mappings = try await api.call(.get, "/mappings?schema=\(schema)").json.arrayElements ?? []
            let kinds = mappings.compactMap { $0["kindName"]?.scalarText }.sorted()
            #expect(kinds == ["customers", "notes", "orders"], "\(inferred.text)")
        }
    }

    @Test func aFileThatDoesNotReadIsNamedAndNothingIsStored() async throws {
        try await withServer { api in
            let before = try await api.call(.get, "/databases").json.arrayElements?.count
            let cases: [([(String, String)], String, String)] = [
                (
                    [("good.csv", "a\n1\n"), ("bad.json", "[{\"a\": 1}, {\"a\": ]")], "files[1].content",
                    "bad.json does not read"
                ),
                ([("bad.csv", "a,b\n\"unclosed\n")], "files[0].content", "bad.csv does not read"),
                ([("../up.json", "[]")], "files[0].name", "path separator"),
                ([(".hidden.csv", "a\n")], "files[0].name", "hidden"),
                ([("table.xlsx", "")], "files[0].name", "not a .json, .jsonl or .csv file"),
                ([("a.json", "[]"), ("a.csv", "x\n")], "files[1].name", "both the kind \"a\""),
                ([("nul\u{0}.csv", "x\n")], "files[0].name", "control character"),
                ([], "files", "at least one file"),
            ]
            for (files, field, words) in cases {
                let reply = try await api.call(.post, "/databases/upload", Self.body("x", files))
                #expect(reply.status == .badRequest, "\(files)")
                #expect(reply.json["error"]?["field"]?.scalarText == field, "\(files): \(reply.text)")
                #expect(reply.json["error"]?["message"]?.scalarText?.contains(words) == true, "\(files): \(reply.text)")
            }
            let noLabel = try await api.call(.post, "/databases/upload", Self.body(" ", [("a.csv", "x\n")]))
            #expect(noLabel.json["error"]?["field"]?.scalarText == "label")
            #expect(try await api.call(.get, "/databases").json.arrayElements?.count == before)
        }
    }
}

/// A mapping on a kind its database does not hold yet is saved (an export creates the kind) with
/// a note that an import from it would fail.
@Suite struct MappingNoteTests {
    @Test func aMappingOnAKindNotThereYetIsSavedWithANote() async throws {
        try await withServer { api in
            let missing = try await api.call(
                .post, "/mappings", #"{"schema": 1, "database": 2, "text": "nope @116 { id: 10 }"}"#)
            #expect(missing.status == .created, "\(missing.text)")
            let note = missing.json["notes"]?.arrayElements?.first?.scalarText ?? ""
            #expect(note.contains(#"no kind "nope" yet"#) && note.contains("Shop (SQLite)"), "\(missing.text)")
            let present = try await api.call(
                .post, "/mappings", #"{"schema": 1, "database": 2, "text": "product @116 { id: 10 }"}"#)
            #expect(present.status == .created && present.json["notes"] == nil, "\(present.text)")
        }
    }
}
