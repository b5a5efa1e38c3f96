import Foundation
import MMCat
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// `POST /schemas/{id}/query` on the demo: over the session's instance category after the import
/// job, paged; over the demo's databases (order documents in a folder, products in SQLite),
/// reading only the kinds that hold what the query walks; and errors that name the line and column.
@Suite struct QueryEndpointTests {
    func body(_ query: String, source: String? = nil, page: Int? = nil, size: Int? = nil) throws -> String {
        var members = [JSONMember("query", .string(query))]
        if let source { members.append(JSONMember("source", .string(source))) }
        if let page { members.append(JSONMember("page", .number(String(page)))) }
        if let size { members.append(JSONMember("size", .number(String(size)))) }
        var out = TextOutput()
        out.writeJSON(.object(members))
        return out.text
    }

    func texts(_ answer: JSONValue) -> [String] {
        (answer["documents"]?.arrayElements ?? []).map { document in
            var out = TextOutput()
            out.writeJSON(document)
            return out.text
        }
    }

    static let items = """
        SELECT { ?o number ?n ; items ?i . ?i name ?name . }
        WHERE { ?o 19 ?n ; 8 ?i . ?i 12.9 ?name } ORDER BY DESC(?n)
        """

    @Test func answersOverTheSessionsInstancePageByPage() async throws {
        try await withServer { api in
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            let all = try await api.call(.post, "/schemas/1/query", try body(Self.items))
            #expect(all.status == .ok, "\(all.text)")
            #expect(
                texts(all.json) == [
                    #"{"number": 2043, "items": [{"name": "Toy"}, {"name": "Book"}, {"name": "Doll"}]}"#,
                    #"{"number": 1653, "items": [{"name": "Knife"}]}"#,
                ])
            #expect(all.json["source"]?.scalarText == "session" && all.json["total"]?.scalarText == "2")
            #expect(all.json["plan"]?["operation"]?.scalarText == "documents")
            #expect(all.json["timings"]?["evaluating"]?.scalarText != nil)
            let second = try await api.call(.post, "/schemas/1/query", try body(Self.items, page: 2, size: 1))
            #expect(texts(second.json) == [#"{"number": 1653, "items": [{"name": "Knife"}]}"#])
            #expect(second.json["kept"]?.scalarText == "2")
        }
    }

    @Test func anEmptySessionStillChecksTheQuery() async throws {
        try await withServer { api in
            let empty = try await api.call(.post, "/schemas/1/query", try body(Self.items))
            #expect(empty.status == .ok && texts(empty.json).isEmpty, "\(empty.text)")
            let bad = try await api.call(
                .post, "/schemas/1/query", try body("SELECT { ?o number ?n }\nWHERE { ?o 999 ?n }"))
            #expect(bad.status == .badRequest)
            #expect(bad.json["error"]?["field"]?.scalarText == "query")
            #expect(
                bad.json["error"]?["message"]?.scalarText == "line 2, column 12: there is no morphism 999",
                "\(bad.text)")
            for (request, field) in [
                (#"{"query": "x", "source": "elsewhere"}"#, "source"), (#"{"query": 1}"#, "query"),
                (try body(Self.items, size: 5000), "size"), (#"{"query": "x", "extra": 1}"#, "extra"),
            ] {
                let reply = try await api.call(.post, "/schemas/1/query", request)
                #expect(
                    reply.status == .badRequest && reply.json["error"]?["field"]?.scalarText == field, "\(reply.text)")
            }
            #expect(try await api.call(.post, "/schemas/99/query", try body(Self.items)).status == .notFound)
        }
    }

    /// Products (their names held only by the SQLite table) with the orders they appear in (held
    /// by the order documents): two databases of two models in one answer. The export targets'
    /// databases do not hold their kinds yet: they are left out, and the plan says so.
    @Test func answersOverTheDatabasesReadingWhatTheQueryNeeds() async throws {
        try await withServer { api in
            let reply = try await api.call(
                .post, "/schemas/1/query",
                try body(
                    "SELECT { ?p name ?name ; orders ?n } WHERE { ?p 12 ?name ; -9 ?i . ?i 19.-8 ?n } ORDER BY ?name",
                    source: "databases"))
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(
                texts(reply.json) == [
                    #"{"name": "Book", "orders": [2043]}"#, #"{"name": "Doll", "orders": [2043]}"#,
                    #"{"name": "Knife", "orders": [1653]}"#, #"{"name": "Toy", "orders": [2043]}"#,
                ])
            let read = (reply.json["plan"]?["children"]?.arrayElements?.first?["children"]?.arrayElements ?? [])
                .compactMap { $0["detail"]?.scalarText }
            #expect(read.count == 2, "\(read)")
            #expect(read.first?.hasPrefix("order of Order documents (JSON folder)") == true, "\(read)")
            #expect(read.last?.hasPrefix("product of Shop (SQLite)") == true, "\(read)")
            // Each kind's read is timed, and the reading split by database.
            let reads = reply.json["plan"]?["children"]?.arrayElements?.first?["children"]?.arrayElements ?? []
            #expect(reads.allSatisfy { $0["milliseconds"]?.scalarText.flatMap(Double.init) != nil })
            let databases = reply.json["timings"]?["databases"]?.objectMembers?.map(\.key).sorted()
            #expect(
                databases == ["Order documents (JSON folder)", "Shop (SQLite)"], "\(String(describing: databases))")
            let notRead = reply.json["plan"]?["children"]?.arrayElements?.last
            #expect(notRead?["operation"]?.scalarText == "not read")
            #expect(notRead?["children"]?.arrayElements?.count == 3, "\(String(describing: notRead))")
        }
    }
}
