import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// The server as a real process: killed with SIGKILL while a job runs and another waits, then
/// started again on the same data folder.
@Suite struct ServerProcessTests {
    struct Server {
        let process: Process
        let port: Int

        /// Starts `mmcat serve --demo` on `port`; its standard error goes to `log` when given.
        static func start(data: String, port: Int, log: URL? = nil, arguments: [String] = []) throws -> Server {
            let process = Process()
            process.executableURL = TestSupport.mmcat
            process.arguments =
                [
                    "serve", "--demo", "--data", data, "--port", String(port), "--files-root", data,
                ] + arguments
            process.standardOutput = FileHandle.nullDevice
            if let log {
                FileManager.default.createFile(atPath: log.path, contents: nil)
                process.standardError = try FileHandle(forWritingTo: log)
            } else {
                process.standardError = FileHandle.nullDevice
            }
            try process.run()
            let server = Server(process: process, port: port)
            for _ in 0..<200 {
                if (try? server.call("GET", "/health"))?["status"] == .string("ok") { return server }
                Thread.sleep(forTimeInterval: 0.05)
            }
            process.terminate()
            throw ServiceError(message: "the server did not answer on port \(port)")
        }

        /// Polls job `id` for about ten seconds; whether it was seen Running.
        func waitUntilRunning(_ id: Int) throws -> Bool {
            for _ in 0..<500 {
                if try call("GET", "/jobs/\(id)")["status"] == .string("Running") { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return false
        }

        /// Calls the API with curl and parses the JSON answer.
        @discardableResult
        func call(_ method: String, _ path: String, _ body: String? = nil) throws -> JSONValue {
            let result = try TestSupport.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                [
                    "curl", "-s", "-X", method, "-H", "X-MMCat-Session: kill-test", "-H",
                    "Content-Type: application/json",
                ] + (body.map { ["--data-binary", $0] } ?? []) + ["http://127.0.0.1:\(port)/api/v1\(path)"])
            return try JSONParser.parse(result.stdout)
        }

        /// A Model to Category job over 200,000 orders in `folder/big.jsonl`, long enough (seconds,
        /// in a debug build) to be Running when the test stops the server; returns its id.
        func bigJob(in data: String) throws -> Int {
            let folder = data + "/big"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let lines = (1...200_000).map {
                #"{"number": \#($0), "items": [{"productId": \#($0 % 97), "quantity": 1}]}"#
            }
            try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: folder + "/big.jsonl"))
            let database = try call(
                "POST", "/databases", #"{"label": "big", "type": "files", "settings": {"folder": "\#(folder)"}}"#)
            let mapping = try call(
                "POST", "/mappings",
                #"{"schema": 1, "database": \#(database["id"]?.scalarText ?? ""), "text": "big @103 { number: 19, items: 8 { productId: 10.9, quantity: 13 } }"}"#
            )
            let job = try call(
                "POST", "/jobs",
                #"{"name": "big", "type": "ModelToCategory", "mapping": \#(mapping["id"]?.scalarText ?? "")}"#)
            guard let id = job["id"]?.scalarText.flatMap({ Int($0) }) else {
                throw ServiceError(message: "the big job was not created: \(job)")
            }
            return id
        }
    }

    @Test func aKilledServerCancelsTheRunningJobAndRunsTheQueuedOnes() throws {
        let data = try TestSupport.temporaryDirectory().path
        let port = 20_000 + Int(ProcessInfo.processInfo.processIdentifier % 20_000)
        let first = try Server.start(data: data, port: port)
        let big = try first.bigJob(in: data)
        try first.call("POST", "/jobs/\(big)/start")
        try first.call("POST", "/jobs/3/start")
        #expect(try first.waitUntilRunning(big))
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()

        let second = try Server.start(data: data, port: port)
        defer {
            second.process.terminate()
            second.process.waitUntilExit()
        }
        var job3 = JSONValue.null
        for _ in 0..<200 {
            job3 = try second.call("GET", "/jobs/3")
            if job3["status"] == .string("Finished") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(job3["status"] == .string("Finished"))
        let killed = try second.call("GET", "/jobs/\(big)")
        #expect(killed["status"] == .string("Canceled"))
        #expect(killed["reason"] == .string("server stopped"))
        #expect(killed["log"]?.scalarText?.contains("canceled: server stopped") == true, "\(killed)")
    }

    /// SIGTERM while a job runs: the server stops at once, and the job's status and the
    /// session's instance category agree (Canceled "server stopped", no rows).
    @Test func aStoppedServerEndsTheRunningJobCleanlyAndQuickly() throws {
        let data = try TestSupport.temporaryDirectory().path
        let port = 20_000 + Int((ProcessInfo.processInfo.processIdentifier + 7_919) % 20_000)
        let first = try Server.start(data: data, port: port)
        let big = try first.bigJob(in: data)
        try first.call("POST", "/jobs/\(big)/start")
        #expect(try first.waitUntilRunning(big))
        let stopped = Date()
        first.process.terminate()  // SIGTERM
        first.process.waitUntilExit()
        let seconds = Date().timeIntervalSince(stopped)
        #expect(seconds < 5, "the server took \(seconds) s to stop")

        let second = try Server.start(data: data, port: port)
        defer {
            second.process.terminate()
            second.process.waitUntilExit()
        }
        let job = try second.call("GET", "/jobs/\(big)")
        #expect(job["status"] == .string("Canceled"))
        #expect(job["reason"] == .string("server stopped"))
        let objects = try second.call("GET", "/schemas/1/instance")["objects"]?.arrayItems ?? []
        #expect(objects.allSatisfy { $0["rows"] == .number("0") }, "the canceled job left rows")
    }

    /// Every request is logged when answered (method, path, status, time), and job events too;
    /// `--log-level warning` silences both.
    @Test func theServerLogsEachRequestAndJobAtTheChosenLevel() throws {
        let data = try TestSupport.temporaryDirectory()
        let port = 20_000 + Int((ProcessInfo.processInfo.processIdentifier + 3_571) % 20_000)
        let log = data.appendingPathComponent("server.log")
        let server = try Server.start(data: data.path, port: port, log: log)
        try server.call("GET", "/schemas")
        try server.call("GET", "/mappings/999")
        try server.call("POST", "/jobs/1/start")
        for _ in 0..<200 {
            if try server.call("GET", "/jobs/1")["status"] == .string("Finished") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        server.process.terminate()
        server.process.waitUntilExit()
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("GET /api/v1/schemas 200 "), "\(text)")
        #expect(text.contains("GET /api/v1/mappings/999 404 "))
        #expect(text.contains("job started") && text.contains("job ended"))
        #expect(!text.contains("kill-test"), "the session header is not logged")

        let quiet = data.appendingPathComponent("quiet.log")
        let second = try Server.start(
            data: data.path, port: port, log: quiet, arguments: ["--log-level", "warning"])
        try second.call("GET", "/schemas")
        second.process.terminate()
        second.process.waitUntilExit()
        #expect(!(try String(contentsOf: quiet, encoding: .utf8)).contains("GET /api/v1/schemas"))
    }
}
