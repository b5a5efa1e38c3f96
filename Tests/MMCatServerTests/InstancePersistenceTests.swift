import Foundation
import MMCat
import MMCatServer
import MMCatServerTestSupport
import MMCatTestSupport
import Synchronization
import Testing

/// A session's instance category survives a restart of the server (a snapshot under
/// `DATA/instances` after each import), expires by the same idle timeout, and a damaged snapshot
/// is dropped rather than crashing the server.
struct InstancePersistenceTests {
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-persist-\(UUID())").path
    }

    static func rowCounts(_ api: APIClient) async throws -> [String: String] {
        let objects = try await api.call(.get, "/schemas/1/instance").json["objects"]?.arrayItems ?? []
        return Dictionary(
            uniqueKeysWithValues: objects.map { ($0["key"]?.scalarText ?? "", $0["rows"]?.scalarText ?? "") })
    }

    static func snapshots(in data: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: data + "/instances"))?.filter {
            $0.hasSuffix(".instance")
        }
            ?? []
    }

    @Test func theInstanceCategoryIsThereAfterARestart() async throws {
        let data = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let before = Mutex<([String: String], String)>(([:], ""))
        try await withServer(data: data) { api in
            try await api.call(.post, "/jobs/1/start")
            let job = try await api.wait(1, for: ["Finished"])
            #expect(job["log"]?.scalarText?.contains("saved the instance category for a restart") == true)
            try await api.call(.post, "/jobs/4/start")
            try await api.wait(4, for: ["Finished"])
            let counts = try await Self.rowCounts(api)
            let digest = try await api.call(.get, "/jobs/4/model").json["sha256"]?.scalarText ?? ""
            before.withLock { $0 = (counts, digest) }
        }
        #expect(Self.snapshots(in: data).count == 1)
        try await withServer(data: data) { api in
            let counts = try await Self.rowCounts(api)
            let (expected, digest) = before.withLock { $0 }
            #expect(counts == expected)
            #expect(counts["103"] == "2")
            // Another session sees nothing of it.
            var stranger = api
            stranger.session = "someone-else"
            let theirs = try await Self.rowCounts(stranger)
            #expect(theirs.values.allSatisfy { $0 == "0" }, "\(theirs)")
            // Exporting from the instance read back gives the same model, byte for byte.
            try await api.call(.post, "/jobs/4/restart")
            try await api.wait(4, for: ["Finished"])
            #expect(try await api.call(.get, "/jobs/4/model").json["sha256"]?.scalarText == digest)
        }
    }

    @Test func aSavedInstanceExpiresLikeAnyOther() async throws {
        let data = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: data) }
        // The first server keeps sessions long enough not to expire this one itself on a slow
        // machine; the second, started after the timeout has passed, must.
        try await withServer(sessionTimeout: .seconds(60), data: data) { api in
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
        }
        #expect(Self.snapshots(in: data).count == 1)
        try await Task.sleep(for: .milliseconds(1500))
        try await withServer(sessionTimeout: .seconds(1), data: data) { api in
            let counts = try await Self.rowCounts(api)
            #expect(counts.values.allSatisfy { $0 == "0" }, "\(counts)")
        }
        #expect(Self.snapshots(in: data).isEmpty)
    }

    @Test func aDamagedSnapshotIsDroppedNotFatal() async throws {
        let data = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: data) }
        try await withServer(data: data) { api in
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
        }
        let file = data + "/instances/" + (Self.snapshots(in: data).first ?? "")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        bytes.removeLast(bytes.count / 2)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        try await withServer(data: data) { api in
            let counts = try await Self.rowCounts(api)
            #expect(counts.values.allSatisfy { $0 == "0" }, "\(counts)")
            // The session goes on: a new import works and is saved again.
            try await api.call(.post, "/jobs/1/start")
            #expect(try await api.wait(1, for: ["Finished"])["status"] == .string("Finished"))
            #expect(try await Self.rowCounts(api)["103"] == "2")
        }
        #expect(Self.snapshots(in: data).count == 1)
    }
}
