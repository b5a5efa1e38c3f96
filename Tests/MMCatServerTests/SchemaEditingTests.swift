import Foundation
import HTTPTypes
import MMCat
import MMCatServer
import MMCatServerTestSupport
import Testing

/// Editing a schema category object by object and morphism by morphism, as the editor does.
@Suite struct SchemaEditingTests {
    @Test func addEditAndDeleteObjectsAndMorphisms() async throws {
        try await withServer { api in
            let added = try await api.call(
                .post, "/schemas/1/objects", #"{"label": "Discount", "position": {"x": 10, "y": 20}}"#)
            #expect(added.status == .created)
            guard case .array(let objects)? = added.json["objects"] else { return }
            #expect(objects.last?["key"] == .number("125"))
            let morphism = try await api.call(
                .post, "/schemas/1/morphisms", #"{"dom": 103, "cod": 125, "min": "ZERO"}"#)
            #expect(morphism.status == .created)
            guard case .array(let morphisms)? = morphism.json["morphisms"] else { return }
            let last = morphisms.suffix(2).map { $0["signature"]?.scalarText ?? "" }
            #expect(last == ["25", "-25"])
            #expect(morphisms.last?["dom"] == .number("125") && morphisms.last?["max"] == .string("STAR"))
            let moved = try await api.call(
                .patch, "/schemas/1/objects/125", #"{"position": {"x": 300, "y": 40}, "key": 9}"#)
            guard case .array(let after)? = moved.json["objects"] else { return }
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
            let invalid = try await api.call(.delete, "/schemas/1/morphisms/19")
            #expect(invalid.status == .badRequest)
            #expect(invalid.json["error"]?["message"]?.scalarText?.contains("there is no morphism 19") == true)
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
            guard case .array(let morphisms)? = schema["morphisms"] else { return }
            #expect(morphisms.contains { $0["signature"] == .string("19") })
        }
    }
}
