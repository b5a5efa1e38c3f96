import Foundation
import MMCat
import MMCatTestSupport
import Testing

/// The server as a real process: killed with SIGKILL while a job runs and another waits, then
/// started again on the same data folder.
@Suite struct ServerProcessTests {
    struct Server {
        let process: Process
        let port: Int

        static func start(data: String, port: Int, jobDelay: Double) throws -> Server {
            let process = Process()
            process.executableURL = TestSupport.mmcat
            process.arguments = [
                "serve", "--demo", "--data", data, "--port", String(port), "--job-delay", String(jobDelay),
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let server = Server(process: process, port: port)
            for _ in 0..<200 {
                if (try? server.call("GET", "/health"))?["status"] == .string("ok") { return server }
                Thread.sleep(forTimeInterval: 0.05)
            }
            process.terminate()
            throw ServiceError(message: "the server did not answer on port \(port)")
        }

        /// Polls job `id` for about two seconds; whether it was seen Running.
        func waitUntilRunning(_ id: Int) throws -> Bool {
            for _ in 0..<100 {
                if try call("GET", "/jobs/\(id)")["status"] == .string("Running") { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return false
        }

        /// Calls the API with curl and parses the JSON answer.
        @discardableResult
        func call(_ method: String, _ path: String) throws -> JSONValue {
            let result = try TestSupport.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                [
                    "curl", "-s", "-X", method, "-H", "X-MMCat-Session: kill-test",
                    "http://127.0.0.1:\(port)/api/v1\(path)",
                ])
            return try JSONParser.parse(result.stdout)
        }
    }

    @Test func aKilledServerCancelsTheRunningJobAndRunsTheQueuedOnes() throws {
        let data = try TestSupport.temporaryDirectory().path
        let port = 20_000 + Int(ProcessInfo.processInfo.processIdentifier % 20_000)
        let first = try Server.start(data: data, port: port, jobDelay: 3)
        try first.call("POST", "/jobs/1/start")
        try first.call("POST", "/jobs/3/start")
        #expect(try first.waitUntilRunning(1))
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()

        let second = try Server.start(data: data, port: port, jobDelay: 0)
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
        let job1 = try second.call("GET", "/jobs/1")
        #expect(job1["status"] == .string("Canceled"))
        #expect(job1["reason"] == .string("server stopped"))
    }

    /// SIGTERM while a job waits its delay: the server stops at once, and the job's status and
    /// the session's instance category agree (Canceled "server stopped", no rows).
    @Test func aStoppedServerEndsTheRunningJobCleanlyAndQuickly() throws {
        let data = try TestSupport.temporaryDirectory().path
        let port = 20_000 + Int((ProcessInfo.processInfo.processIdentifier + 7_919) % 20_000)
        let first = try Server.start(data: data, port: port, jobDelay: 30)
        try first.call("POST", "/jobs/1/start")
        #expect(try first.waitUntilRunning(1))
        let stopped = Date()
        first.process.terminate()  // SIGTERM
        first.process.waitUntilExit()
        let seconds = Date().timeIntervalSince(stopped)
        #expect(seconds < 5, "the server took \(seconds) s to stop")

        let second = try Server.start(data: data, port: port, jobDelay: 0)
        defer {
            second.process.terminate()
            second.process.waitUntilExit()
        }
        let job = try second.call("GET", "/jobs/1")
        #expect(job["status"] == .string("Canceled"))
        #expect(job["reason"] == .string("server stopped"))
        let objects = try second.call("GET", "/schemas/1/instance")["objects"]?.arrayItems ?? []
        #expect(objects.allSatisfy { $0["rows"] == .number("0") }, "the canceled job left rows")
    }
}
