import MMCat
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// `POST /databases/{id}/infer` on the demo workspace (database 1: a folder of order documents;
/// 2: the shop's SQLite file): a schema category and a mapping per kind, made in one go, that a
/// whole-database job then imports.
@Suite struct InferenceEndpointTests {
    @Test func aDatabaseBecomesASchemaCategoryWithAMappingPerTable() async throws {
        try await withServer { api in
            let reply = try await api.call(.post, "/databases/2/infer", #"{"name": "Shop"}"#)
            #expect(reply.status == .created, "\(reply.text)")
            let schemaId = try #require(reply.json["schema"]?.scalarText)
            let mappingIds = reply.json["mappings"]?.arrayElements?.compactMap(\.scalarText) ?? []
            #expect(mappingIds.count == 2)
            let schema = try await api.call(.get, "/schemas/\(schemaId)").json
            #expect(schema["name"] == .string("Shop"))
            let labels = Set((schema["objects"]?.arrayElements ?? []).compactMap { $0["label"]?.scalarText })
            #expect(labels.isSuperset(of: ["product", "order_item", "price", "quantity"]), "\(labels)")
            let kinds = try await mappingIds.asyncMap { id in
                try await api.call(.get, "/mappings/\(id)").json["kindName"]?.scalarText ?? ""
            }
            #expect(Set(kinds) == ["product", "order_item"])
            // Every table into one instance category, by one job over the inferred mappings.
            let job = try await api.call(
                .post, "/jobs",
                #"{"name": "Import the shop", "type": "ModelToCategory", "mappings": [\#(mappingIds.joined(separator: ", "))]}"#
            )
            let id = try #require(job.json["id"]?.scalarText.flatMap { Int64($0) })
            try await api.call(.post, "/jobs/\(id)/start")
            let finished = try await api.wait(id, for: ["Finished"])
            #expect(finished["records"]?["read"] == .number("9"))
            #expect(finished["records"]?["rejected"] == .number("0"))
        }
    }

    @Test func documentsAreSampledIntoNestedMappings() async throws {
        try await withServer { api in
            let reply = try await api.call(.post, "/databases/1/infer")
            #expect(reply.status == .created, "\(reply.text)")
            let mapping = try #require(reply.json["mappings"]?.arrayElements?.first?.scalarText)
            let text = try await api.call(.get, "/mappings/\(mapping)").json["text"]?.scalarText ?? ""
            #expect(text.contains("items:") && text.contains("productId:"), "\(text)")
            let schema = try await api.call(.get, "/schemas/\(reply.json["schema"]?.scalarText ?? "")").json
            #expect(schema["name"] == .string("Inferred from Order documents (JSON folder)"))
        }
    }

    /// Suggested documents for another database: product documents for the folder of files,
    /// which a job over the inferred table mapping and the suggestion then moves there.
    @Test func suggestedDocumentsAreMappingsOfTheirTargetDatabase() async throws {
        try await withServer { api in
            let reply = try await api.call(
                .post, "/databases/2/infer", #"{"suggest": {"roots": ["product"], "database": 1}}"#)
            #expect(reply.status == .created, "\(reply.text)")
            let suggested = try #require(reply.json["suggested"]?.arrayElements?.first?.scalarText)
            let mapping = try await api.call(.get, "/mappings/\(suggested)").json
            #expect(mapping["database"] == .number("1") && mapping["kindName"] == .string("product"))
            let tables = reply.json["mappings"]?.arrayElements?.compactMap(\.scalarText) ?? []
            let product = try await tables.asyncMap { id in
                (id, try await api.call(.get, "/mappings/\(id)").json["kindName"]?.scalarText)
            }.first { $0.1 == "product" }?.0
            for (type, id) in [("ModelToCategory", product ?? ""), ("CategoryToModel", suggested)] {
                let job = try await api.call(
                    .post, "/jobs", #"{"name": "\#(type)", "type": "\#(type)", "mapping": \#(id)}"#)
                let jobId = try #require(job.json["id"]?.scalarText.flatMap { Int64($0) })
                try await api.call(.post, "/jobs/\(jobId)/start")
                #expect(try await api.wait(jobId, for: ["Finished"])["records"]?["written"] == .number("5"))
            }
        }
    }

    /// Without roots, the target gets its own family's kinds for the tables: for another
    /// SQLite database, the same tables, mapped for that database (what the Migrate page writes).
    @Test func withoutRootsTheTargetGetsItsFamilysKinds() async throws {
        try await withServer { api in
            let tables = try await api.call(.post, "/databases/2/infer", #"{"suggest": {"database": 3}}"#)
            #expect(tables.status == .created, "\(tables.text)")
            let suggested = try await (tables.json["suggested"]?.arrayElements ?? []).asyncMap { id in
                try await api.call(.get, "/mappings/\(id.scalarText ?? "")").json
            }
            #expect(suggested.map { $0["kindName"]?.scalarText ?? "" }.sorted() == ["order_item", "product"])
            #expect(suggested.allSatisfy { $0["database"]?.scalarText == "3" })
        }
    }

    @Test func aBadRequestIsNamedAndMakesNothing() async throws {
        try await withServer { api in
            let before = try await api.call(.get, "/schemas").json.arrayElements?.count
            let zero = try await api.call(.post, "/databases/2/infer", #"{"sample": 0}"#)
            #expect(zero.status == .badRequest)
            #expect(zero.json["error"]?["field"] == .string("sample"))
            let unknown = try await api.call(.post, "/databases/2/infer", #"{"tables": ["x"]}"#)
            #expect(unknown.status == .badRequest)
            #expect(try await api.call(.post, "/databases/99/infer").status == .notFound)
            let flat = try await api.call(.post, "/databases/2/infer", #"{"suggest": {"roots": ["product"]}}"#)
            #expect(flat.status == .badRequest)
            #expect(flat.json["error"]?["field"] == .string("suggest.database"), "\(flat.text)")
            let root = try await api.call(
                .post, "/databases/2/infer", #"{"suggest": {"roots": ["nope"], "database": 1}}"#)
            #expect(root.json["error"]?["field"] == .string("suggest.roots"), "\(root.text)")
            #expect(root.json["error"]?["message"]?.scalarText?.contains("the kinds are") == true)
            #expect(try await api.call(.get, "/schemas").json.arrayElements?.count == before)
        }
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
