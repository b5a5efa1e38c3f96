import Foundation
import MMCat
import MMCatServer
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// The OpenAPI document cannot drift from the server: its operations are exactly the router's,
/// and the checker every API test runs through (``OpenAPIContract``) does catch an answer that
/// does not fit.
@Suite struct OpenAPITests {
    @Test func theDocumentedOperationsAreExactlyTheRoutersRoutes() async throws {
        let context = try await ServerContext.open(ServerConfiguration.standard)
        let routed = Set(
            context.router().routes.map { route -> String in
                let path = route.path.description.hasPrefix("/") ? route.path.description : "/" + route.path.description
                let template = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                    segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
                }.joined(separator: "/")
                return "\(route.method.rawValue) \(template.replacingOccurrences(of: "/api/v1", with: ""))"
            })
        let documented = try OpenAPIContract.shared.get().operations
        #expect(routed.subtracting(documented).sorted() == [], "routes the document does not describe")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations no route serves")
        #expect(routed.count > 30)
    }

    @Test func theCheckerRefusesAnswersThatDoNotFit() throws {
        let contract = try OpenAPIContract.shared.get()
        let job = try JSONParser.parse(
            #"""
            {"id": 1, "name": "j", "type": "ModelToCategory", "mapping": 1, "status": "Finished",
             "queuePosition": null, "outcome": null, "reason": null, "createdAt": "2026-01-01T00:00:00Z",
             "startedAt": null, "endedAt": null, "records": {"read": 1, "written": 1, "rejected": 0},
             "progress": null, "log": ""}
            """#)
        #expect(contract.problems(method: "GET", path: "/jobs/1", status: 200, body: job) == [])
        func replaced(_ name: String, _ value: JSONValue) -> JSONValue {
            guard case .object(let members) = job else { return job }
            return .object(members.map { $0.key == name ? JSONMember(name, value) : $0 })
        }
        #expect(
            !contract.problems(method: "GET", path: "/jobs/1", status: 200, body: replaced("status", .string("Done")))
                .isEmpty)
        #expect(
            !contract.problems(method: "GET", path: "/jobs/1", status: 200, body: replaced("id", .string("1"))).isEmpty)
        #expect(
            !contract.problems(method: "GET", path: "/jobs/1", status: 200, body: replaced("progress", .number("3")))
                .isEmpty)
        #expect(!contract.problems(method: "GET", path: "/jobs/1", status: 418, body: job).isEmpty)
        #expect(!contract.problems(method: "GET", path: "/jobs/1/nothing", status: 200, body: job).isEmpty)
        #expect(!contract.problems(method: "PUT", path: "/jobs/1", status: 200, body: job).isEmpty)
        let error = try JSONParser.parse(#"{"error": {"code": "invalid", "message": "m", "field": null}}"#)
        #expect(contract.problems(method: "GET", path: "/jobs/x", status: 400, body: error) == [])
        #expect(!contract.problems(method: "GET", path: "/jobs/x", status: 400, body: .object([])).isEmpty)
    }
}
