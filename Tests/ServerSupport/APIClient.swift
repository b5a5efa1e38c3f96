import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MMCat
import MMCatFamilies
import MMCatServer

/// A small client over HummingbirdTesting: JSON in, status and JSON out, one session. Every
/// answer is checked against the OpenAPI document (``OpenAPIContract``): an undocumented
/// operation or status, or a body that does not fit its schema, throws ``ContractViolation``,
/// so that each API test also checks the document. A test that asks for something undocumented
/// on purpose (a path spelled to get around the guards) sets `checksContract` to false.
public struct APIClient: Sendable {
    public let client: any TestClientProtocol
    public var session = "test-session"
    public var token: String?
    public var checksContract = true

    public init(client: any TestClientProtocol, session: String = "test-session", token: String? = nil) {
        self.client = client
        self.session = session
        self.token = token
    }

    public struct Reply: Sendable {
        public var status: HTTPResponse.Status
        public var json: JSONValue
        public var text: String
        public var headers: HTTPFields
    }

    @discardableResult
    public func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [HTTPField.Name("X-MMCat-Session")!: session]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(
            uri: "/api/v1" + path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let text = String(buffer: response.body)
        let parsed = try? JSONParser.parse(text)
        if checksContract {
            let isJSON = response.headers[.contentType]?.hasPrefix("application/json") == true
            let problems = try OpenAPIContract.shared.get().problems(
                method: method.rawValue, path: path, status: Int(response.status.code), body: isJSON ? parsed : nil)
            if !problems.isEmpty { throw ContractViolation(problems: problems, body: text) }
        }
        return Reply(status: response.status, json: parsed ?? .null, text: text, headers: response.headers)
    }

    /// An answer the OpenAPI document does not describe.
    public struct ContractViolation: Error, CustomStringConvertible {
        public var problems: [String]
        public var body: String
        public var description: String { problems.joined(separator: "\n") + "\nbody: " + body.prefix(500) }
    }

    public func job(_ id: Int64) async throws -> JSONValue {
        try await call(.get, "/jobs/\(id)").json
    }

    public func status(_ id: Int64) async throws -> String {
        try await job(id)["status"]?.scalarText ?? "?"
    }

    /// Waits until job `id` has one of `statuses` (at most `seconds`).
    @discardableResult
    public func wait(_ id: Int64, for statuses: Set<String>, seconds: Double = 20) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let job = try await job(id)
            if statuses.contains(job["status"]?.scalarText ?? "") { return job }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TimeoutError(message: "job \(id) did not reach \(statuses) in \(seconds) s")
    }

    /// Maps `kind` of database `database` onto the demo schema with `mapping` (the text notation),
    /// runs a Model to Category job over it and returns the job as it ended.
    public func importKind(_ mapping: String, from database: String) async throws -> JSONValue {
        let created = try await call(
            .post, "/mappings", #"{"schema": 1, "database": \#(database), "text": "\#(mapping)"}"#)
        let job = try await call(
            .post, "/jobs",
            #"{"name": "import", "type": "ModelToCategory", "mapping": \#(created.json["id"]?.scalarText ?? "")}"#)
        let id = Int64(job.json["id"]?.scalarText ?? "") ?? 0
        try await call(.post, "/jobs/\(id)/start")
        return try await wait(id, for: ["Finished", "Canceled"])
    }

    /// A Model to Category job over a ``SlowFamily`` database of `records` orders, one every
    /// `pause` milliseconds (the server must have that family); returns the job's id, not started.
    public func slowJob(records: Int, pause: Int) async throws -> Int64 {
        let database = try await call(
            .post, "/databases",
            #"{"label": "slow", "type": "slow", "settings": {"records": "\#(records)", "pauseMilliseconds": "\#(pause)"}}"#
        )
        guard let databaseId = database.json["id"]?.scalarText else {
            throw TimeoutError(message: "the slow database was not created: \(database.text)")
        }
        let mapping = try await call(
            .post, "/mappings", #"{"schema": 1, "database": \#(databaseId), "text": "orders @103 { number: 19 }"}"#)
        let job = try await call(
            .post, "/jobs",
            #"{"name": "slow", "type": "ModelToCategory", "mapping": \#(mapping.json["id"]?.scalarText ?? "")}"#)
        guard let id = job.json["id"]?.scalarText.flatMap({ Int64($0) }) else {
            throw TimeoutError(message: "the slow job was not created: \(job.text)")
        }
        return id
    }

    public struct TimeoutError: Error {
        public var message: String
    }
}

/// A server over a fresh data folder, demo workspace included unless told otherwise.
public func withServer(
    demo: Bool = true, jobDelay: Duration = .zero, sessionTimeout: Duration = .seconds(1800),
    data: String? = nil, filesRoots: [String] = [FileManager.default.temporaryDirectory.path],
    families: [any DatabaseFamily] = Families.all,
    _ body: @escaping @Sendable (APIClient) async throws -> Void
) async throws {
    var configuration = ServerConfiguration()
    configuration.families = families
    configuration.filesRoots = filesRoots
    configuration.demo = demo
    configuration.jobDelay = jobDelay
    configuration.sessionTimeout = sessionTimeout
    configuration.dataDirectory =
        data ?? FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-server-\(UUID().uuidString)").path
    let context = try await ServerContext.open(configuration)
    try await context.application().test(.router) { client in
        try await body(APIClient(client: client))
    }
}

extension ServerConfiguration {
    /// A configuration with the families this build ships, as `mmcat serve` has.
    public static var standard: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.families = Families.all
        return configuration
    }
}
