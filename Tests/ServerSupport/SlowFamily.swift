import Foundation
import MMCat
import MMCatFiles

/// A database family written for the tests, and the worked example of `docs/families.md`: a
/// "database" that makes up its records, `settings.records` of them, one every
/// `settings.pauseMilliseconds`. Tests register it beside the shipped families
/// (`withServer(families: Families.all + [SlowFamily()])`) and nothing else in the server, the
/// CLI or the web application needs to know about it. Its slowness keeps a job Running for as
/// long as a test needs, and a cancel stops it at the next record.
///
/// Each record is an order, `{"number": N}`, which the demo schema's mapping
/// `orders @103 { number: 19 }` imports. Its models are JSON Lines; it has no executor, so
/// executing one is refused by the family's default.
public struct SlowFamily: DatabaseFamily {
    public let name = "slow"
    public let title = "Slow test source"
    public let settings = [
        DatabaseSetting(name: "records", label: "Records", example: "1000"),
        DatabaseSetting(name: "pauseMilliseconds", label: "Pause per record (ms)", required: false, example: "10"),
    ]
    public let kindsAreFlat = false
    public let printer: any ModelPrinter = JSONLinesPrinter()

    public init() {}

    public func checkSettings(_ settings: [String: String]) throws(DatabaseError) {
        guard let count = Int(settings["records"] ?? ""), count >= 0 else {
            throw DatabaseError("records must be a whole number", setting: "settings.records")
        }
        _ = count
    }

    public var readsKinds: Bool { true }

    public func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource {
        SlowSource(count: Int(database["records"]) ?? 0, pause: Double(Int(database["pauseMilliseconds"]) ?? 0) / 1000)
    }

    public func testConnection(_ database: DatabaseAccess) async throws(DatabaseError) {}
}

/// Records `{"number": 1}` to `{"number": count}`, each after a pause.
struct SlowSource: RecordSource {
    let count: Int
    let pause: Double
    private var done = 0

    init(count: Int, pause: Double) {
        self.count = count
        self.pause = pause
    }

    var totalRecords: Int? { count }

    mutating func next() throws(InputError) -> SourceRecord? {
        guard done < count else { return nil }
        if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        done += 1
        return SourceRecord(number: done, value: .object([JSONMember("number", .number(String(done)))]))
    }
}
