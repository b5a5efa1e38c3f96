import Foundation
import MMCat
import MMCatTestSupport
import Testing

@testable import MMCatJobs
@testable import MMCatServer
@testable import MMCatStore

/// The API shows a running job's progress, and only its.
@Suite struct ProgressRepresentationTests {
    @Test func theJobShowsItsProgressWhileItRuns() throws {
        let progress = JobProgress()
        progress.update(7, kind: 0, of: ["order"], done: 512, total: 2000)
        let list = try JSONValueEncoder().encode(
            JobAnswer.list([try Self.runningJob(7), try Self.runningJob(8)], progress: progress, viewer: "s"))
        let jobs = try #require(list.arrayElements, "the jobs are not an array: \(list)")
        #expect(jobs[0]["progress"]?["done"] == .number("512"))
        #expect(jobs[0]["progress"]?["total"] == .number("2000"))
        #expect(jobs[0]["progress"]?["kinds"] == .null)
        #expect(jobs[1]["progress"] == .null)
        // A job of several kinds lists each: its records read and its total.
        progress.update(8, kind: 1, of: ["customer", "orders"], done: 3, total: 9)
        let several = try JSONValueEncoder().encode(
            JobAnswer.list([try Self.runningJob(8)], progress: progress, viewer: "s"))
        let kinds = several.arrayElements?.first?["progress"]?["kinds"]?.arrayElements ?? []
        #expect(kinds.map { $0["kind"]?.scalarText ?? "" } == ["customer", "orders"])
        #expect(kinds.map { $0["done"]?.scalarText ?? "" } == ["0", "3"])
        progress.clear(7)
        #expect(progress.of(7) == nil)
    }

    static func runningJob(_ id: Int64) throws -> StoredJob {
        try StoredJob(
            row: StoreRow(columns: [
                "id": .integer(id), "name": .text("j"), "type": .text("ModelToCategory"), "mapping_id": .integer(1),
                "status": .text("Running"), "created_at": .real(0), "log": .text(""),
            ]), mappings: [])
    }
}
