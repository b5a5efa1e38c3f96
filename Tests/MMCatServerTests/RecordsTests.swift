import Foundation
import MMCat
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// The instance browser's records: an object's rows with their attributes and the entities they
/// reach, searched, filtered, sorted and paged, on the demo's orders after its import job.
@Suite struct RecordsTests {
    func records(_ api: APIClient, _ key: Int, _ query: String = "") async throws -> JSONValue {
        let reply = try await api.call(.get, "/schemas/1/instance/objects/\(key)/records\(query)")
        #expect(reply.status == .ok, "\(reply.text)")
        return reply.json
    }

    func names(_ answer: JSONValue) -> [String] {
        (answer["records"]?.arrayElements ?? []).map {
            $0["fields"]?["12"]?["reached"]?.arrayElements?.first?["text"]?.scalarText ?? "?"
        }
    }

    @Test func productsShowTheirAttributesAndAreSearchedFilteredAndSorted() async throws {
        try await withServer { api in
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            let all = try await records(api, 116)
            #expect(all["label"]?.scalarText == "Product")
            #expect(all["total"]?.scalarText == "4")
            let fields = (all["fields"]?.arrayElements ?? []).map {
                "\($0["signature"]?.scalarText ?? "") \($0["name"]?.scalarText ?? "")"
            }
            #expect(fields == ["11 Price", "12 Name", "-9 Items"], "\(fields)")
            #expect(all["fields"]?.arrayElements?.last?["many"] == .bool(true))
            #expect(all["fields"]?.arrayElements?.first?["value"] == .bool(true))

            // Prices compare as numbers: 350 > 299 > 199 > 125.
            let byPrice = try await records(api, 116, "?sort=11&order=desc")
            #expect(names(byPrice) == ["Doll", "Knife", "Book", "Toy"])
            let byName = try await records(api, 116, "?sort=12&size=2&page=2")
            #expect(names(byName) == ["Knife", "Toy"])
            #expect(byName["total"]?.scalarText == "4")

            let searched = try await records(api, 116, "?search=KNI")
            #expect(names(searched) == ["Knife"])
            let book = try await records(api, 116, "?filter=12:Book")
            #expect(book["total"]?.scalarText == "1")
            // The item that reaches it, with the id a browser opens it by.
            let item = book["records"]?.arrayElements?.first?["fields"]?["-9"]
            #expect(item?["count"]?.scalarText == "1")
            let id = item?["reached"]?.arrayElements?.first?["id"]
            #expect(id?["10.9"]?.scalarText == "765" && id?["19.-8"]?.scalarText == "2043", "\(String(describing: id))")
            let byId = try await records(api, 116, "?filter=10:765")
            #expect(names(byId) == ["Book"])
            #expect(try await records(api, 116, "?filter=10:765&filter=12:Toy")["total"]?.scalarText == "0")
        }
    }

    @Test func anOrderListsItsItems() async throws {
        try await withServer { api in
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            let orders = try await records(api, 103, "?filter=19:2043")
            let items = orders["records"]?.arrayElements?.first?["fields"]?["8"]
            #expect(items?["count"]?.scalarText == "3")
            let texts = (items?["reached"]?.arrayElements ?? []).compactMap { $0["text"]?.scalarText }.sorted()
            #expect(texts == ["123, 2043", "734, 2043", "765, 2043"])
            let sorted = try await records(api, 103, "?sort=19&order=desc")
            let numbers = (sorted["records"]?.arrayElements ?? []).map { $0["id"]?["19"]?.scalarText ?? "" }
            #expect(numbers == ["2043", "1653"])
        }
    }

    @Test func aBadQueryNamesTheParameter() async throws {
        try await withServer { api in
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            for (query, field) in [
                ("?filter=12", "filter"), ("?filter=x:1", "filter"), ("?sort=name", "sort"), ("?order=up", "order"),
                ("?search=" + String(repeating: "a", count: 201), "search"), ("?size=0", "size"),
            ] {
                let reply = try await api.call(.get, "/schemas/1/instance/objects/116/records\(query)")
                #expect(reply.status == .badRequest, "\(query)")
                #expect(reply.json["error"]?["field"]?.scalarText == field, "\(query): \(reply.text)")
            }
            #expect(try await api.call(.get, "/schemas/1/instance/objects/999/records").status == .notFound)
        }
    }
}

/// The export preview: a mapping's kind as Category to Model would write it from the session's
/// instance, documents for a document family and rows by column for a flat one, paged.
@Suite struct PreviewTests {
    @Test func aMappingPreviewsItsDocumentsOrRowsFromTheSessionsData() async throws {
        try await withServer { api in
            #expect(try await api.call(.get, "/mappings/1/preview").status == .notFound, "no data yet")
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            let documents = try await api.call(.get, "/mappings/1/preview").json
            #expect(documents["flat"] == .bool(false) && documents["total"]?.scalarText == "2", "\(documents)")
            // In the export's order, by key: 1653, then 2043 with its three items.
            let orders = try #require(documents["records"]?.arrayElements)
            #expect(orders.map { $0["number"]?.scalarText ?? "" } == ["1653", "2043"])
            #expect(orders[1]["items"]?.arrayElements?.count == 3, "\(orders[1])")
            let rows = try await api.call(.get, "/mappings/2/preview?size=3&page=2").json
            #expect(rows["flat"] == .bool(true) && rows["kind"]?.scalarText == "order_item")
            #expect(rows["total"]?.scalarText == "4")
            let last = try #require(rows["records"]?.arrayElements)
            #expect(last.count == 1)
            #expect(last[0].objectMembers?.map(\.key).sorted() == ["number", "productId", "quantity"], "\(last)")
            #expect(try await api.call(.get, "/mappings/2/preview?size=0").status == .badRequest)
        }
    }
}
