import Foundation
import HTTPTypes
import MMCat
import MMCatServer
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// Editing a schema category object by object and morphism by morphism, as the editor does.
@Suite struct SchemaEditingTests {
    @Test func addEditAndDeleteObjectsAndMorphisms() async throws {
        try await withServer { api in
            let added = try await api.call(
                .post, "/schemas/1/objects", #"{"label": "Discount", "position": {"x": 10, "y": 20}}"#)
            #expect(added.status == .created)
            let objects = try #require(added.json["objects"]?.arrayElements)
            #expect(objects.last?["key"] == .number("125"))
            let morphism = try await api.call(
                .post, "/schemas/1/morphisms", #"{"dom": 103, "cod": 125, "min": "ZERO"}"#)
            #expect(morphism.status == .created)
            let morphisms = try #require(morphism.json["morphisms"]?.arrayElements)
            let last = morphisms.suffix(2).map { $0["signature"]?.scalarText ?? "" }
            #expect(last == ["25", "-25"])
            #expect(morphisms.last?["dom"] == .number("125") && morphisms.last?["max"] == .string("STAR"))
            let moved = try await api.call(
                .patch, "/schemas/1/objects/125", #"{"position": {"x": 300, "y": 40}, "key": 9}"#)
            let after = try #require(moved.json["objects"]?.arrayElements)
            #expect(after.last?["position"]?["x"] == .number("300"))
            #expect(after.last?["key"] == .number("125"))
            let starred = try await api.call(.patch, "/schemas/1/morphisms/25", #"{"max": "STAR"}"#)
            #expect(starred.status == .ok)
            let inUse = try await api.call(.delete, "/schemas/1/objects/125")
            #expect(inUse.status == .conflict)
            #expect(inUse.json["error"]?["message"]?.scalarText?.contains("morphism 25") == true)
            #expect(try await api.call(.delete, "/schemas/1/morphisms/-25").status == .ok)
            #expect(try await api.call(.delete, "/schemas/1/objects/125").status == .ok)
            #expect(try await api.call(.delete, "/schemas/1/objects/125").status == .notFound)
        }
    }

    @Test func invalidAndBreakingEditsAreRefused() async throws {
        try await withServer { api in
            // An id goes along it: a conflict that names the object, not a list of JSON paths.
            let inIds = try await api.call(.delete, "/schemas/1/morphisms/19")
            #expect(inIds.status == .conflict)
            #expect(
                inIds.json["error"]?["message"]?.scalarText
                    == "morphism 19 is in the ids of Ordered (102), Order (103), Contact (106), Items (114), address (120): remove those ids first",
                "\(inIds.json)")
            let breaking = try await api.call(
                .patch, "/schemas/1/objects/103", #"{"superId": ["18"], "ids": [["18"]]}"#)
            #expect(breaking.status == .conflict)
            #expect(
                breaking.json["error"]?["message"]?.scalarText?.hasPrefix(
                    "the change breaks the mapping \"Orders as documents\"") == true)
            let wrongKind = try await api.call(.post, "/schemas/1/morphisms", #"{"dom": 103}"#)
            #expect(wrongKind.status == .badRequest)
            let unknownEnd = try await api.call(.post, "/schemas/1/morphisms", #"{"dom": 103, "cod": 999}"#)
            #expect(unknownEnd.status == .badRequest)
            #expect(unknownEnd.json["error"]?["message"]?.scalarText?.contains("unknown object key 999") == true)
            // Nothing of the refused edits was stored.
            let schema = try await api.call(.get, "/schemas/1").json
            let morphisms = try #require(schema["morphisms"]?.arrayElements)
            #expect(morphisms.contains { $0["signature"] == .string("19") })
        }
    }

    /// Numbers at the ends of their ranges are refused with a message, never wrapped around.
    @Test func keysAndNumbersAtTheirLimitsAreRefusedNotOverflowed() async throws {
        try await withServer { api in
            for signature in ["2147483648", "-3", "0", "x"] {
                let refused = try await api.call(
                    .post, "/schemas/1/morphisms", #"{"dom": 103, "cod": 104, "signature": "\#(signature)"}"#)
                #expect(refused.status == .badRequest, "\(signature)")
                #expect(refused.json["error"]?["field"] == .string("signature"))
            }
            let largest = try await api.call(
                .post, "/schemas/1/morphisms", #"{"dom": 103, "cod": 104, "signature": 2147483647}"#)
            #expect(largest.status == .created, "\(largest.text)")
            let next = try await api.call(.post, "/schemas/1/morphisms", #"{"dom": 103, "cod": 104}"#)
            #expect(
                next.json["error"]?["message"]?.scalarText
                    == "the largest number is taken: give the morphism a signature")
            let last = try await api.call(
                .post, "/schemas/1/objects", #"{"key": 9223372036854775807, "label": "Last"}"#)
            #expect(last.status == .created, "\(last.text)")
            let after = try await api.call(.post, "/schemas/1/objects", #"{"label": "After"}"#)
            #expect(after.status == .badRequest)
            #expect(after.json["error"]?["field"] == .string("key"))
            #expect(try await api.call(.get, "/schemas/1/instance/morphisms/-2147483648/pairs").status == .badRequest)
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            let rows = "/schemas/1/instance/objects/103/rows"
            for (query, field) in [("page=0", "page"), ("page=x", "page"), ("size=1000000000000000000000", "size")] {
                let refused = try await api.call(.get, "\(rows)?\(query)")
                #expect(refused.json["error"]?["field"] == .string(field), "\(query): \(refused.text)")
            }
            let far = try await api.call(.get, "\(rows)?page=1000000000&size=1000")
            #expect(far.json["total"] == .number("2") && far.json["rows"] == .array([]), "\(far.text)")
        }
    }

    /// A session's instance category outlives edits of its schema category: jobs after the edit
    /// see the edited category (the server used to crash on a new object) and keep the data.
    @Test func jobsAfterAnEditUseTheEditedCategoryAndKeepTheData() async throws {
        try await withServer { api in
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            try await api.call(.post, "/jobs/4/start")
            let before = try await api.wait(4, for: ["Finished"])
            let model = try await api.call(.get, "/jobs/4/model").json["sha256"]
            // A tag, identified by its text (object 123), and a file of tags in the demo folder.
            try await api.call(.post, "/schemas/1/objects", #"{"label": "Tag"}"#)
            try await api.call(.post, "/schemas/1/morphisms", #"{"dom": 125, "cod": 123, "min": "ONE"}"#)
            let identified = try await api.call(
                .patch, "/schemas/1/objects/125", #"{"superId": ["25"], "ids": [["25"]]}"#)
            #expect(identified.status == .ok, "\(identified.text)")
            let folder = try await api.call(.get, "/databases/1").json["settings"]?["folder"]?.scalarText ?? ""
            try Data(#"{"name": "red"}\#n{"name": "blue"}\#n"#.utf8).write(
                to: URL(fileURLWithPath: folder).appendingPathComponent("tag.jsonl"))
            let tags = try await api.importKind("tag @125 { name: 25 }", from: "1")
            #expect(tags["status"] == .string("Finished"), "\(tags)")
            let instance = try await api.call(.get, "/schemas/1/instance").json["objects"]?.arrayItems ?? []
            let rows = Dictionary(uniqueKeysWithValues: instance.map { ($0["key"]?.scalarText ?? "", $0["rows"]) })
            #expect(rows["125"] == .number("2"))
            #expect(rows["103"] == .number("2"), "the orders imported before the edit are still there")
            try await api.call(.post, "/jobs/4/restart")
            #expect(try await api.wait(4, for: ["Finished"])["records"] == before["records"])
            #expect(try await api.call(.get, "/jobs/4/model").json["sha256"] == model)
        }
    }
}

/// Concurrent clients on the SQLite store: nothing acknowledged is lost, no number given twice.
@Suite struct ConcurrentEditingTests {
    @Test func concurrentEditsLoseNothing() async throws {
        try await withServer { api in
            let problems = try await ConcurrentEdits.problems(api)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}
