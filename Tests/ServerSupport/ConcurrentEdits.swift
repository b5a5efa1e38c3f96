import Foundation
import HTTPTypes
import MMCat
import MMCatTestSupport

/// Many clients editing one schema category at once, and mappings racing the deletion of the
/// morphism they use: what every metadata store must survive (run on SQLite by the server tests
/// and on PostgreSQL by the integration tests).
public enum ConcurrentEdits {
    /// What went wrong, one line per problem; empty when nothing acknowledged was lost.
    public static func problems(_ api: APIClient, clients: Int = 20, each: Int = 5) async throws -> [String] {
        var problems: [String] = []
        let before = try await api.call(.get, "/schemas/1").json
        let objectsBefore = before["objects"]?.arrayItems.count ?? 0
        let morphismsBefore = before["morphisms"]?.arrayItems.count ?? 0
        // Each client adds objects, and a morphism from Order (103) to each of them.
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var labels: [String] = []
                    for item in 0..<each {
                        let label = "c\(client)-\(item)"
                        let added = try await api.call(.post, "/schemas/1/objects", #"{"label": "\#(label)"}"#)
                        guard added.status == .created,
                            let key = added.json["objects"]?.arrayItems.first(where: {
                                $0["label"]?.scalarText == label
                            })?["key"]?.scalarText
                        else { return ["object \(label): \(added.status) \(added.text.prefix(200))"] }
                        let morphism = try await api.call(
                            .post, "/schemas/1/morphisms", #"{"dom": 103, "cod": \#(key)}"#)
                        guard morphism.status == .created else {
                            return ["morphism to \(label): \(morphism.status) \(morphism.text.prefix(200))"]
                        }
                        labels.append(label)
                    }
                    return labels
                }
            }
            var all: [String] = []
            for try await result in group { all += result }
            return all
        }
        problems += acknowledged.filter { !$0.hasPrefix("c") }
        let after = try await api.call(.get, "/schemas/1").json
        let objects = after["objects"]?.arrayItems ?? []
        let morphisms = after["morphisms"]?.arrayItems ?? []
        let labels = Set(objects.compactMap { $0["label"]?.scalarText })
        let lost = acknowledged.filter { $0.hasPrefix("c") && !labels.contains($0) }
        if !lost.isEmpty { problems.append("\(lost.count) acknowledged objects are missing: \(lost.prefix(5))") }
        let keys = objects.compactMap { $0["key"]?.scalarText }
        if Set(keys).count != keys.count { problems.append("a key was given twice") }
        let signatures = morphisms.compactMap { $0["signature"]?.scalarText }
        if Set(signatures).count != signatures.count { problems.append("a morphism number was given twice") }
        if objects.count != objectsBefore + clients * each {
            problems.append("\(objects.count - objectsBefore) objects added, \(clients * each) acknowledged")
        }
        if morphisms.count != morphismsBefore + 2 * clients * each {
            problems.append(
                "\((morphisms.count - morphismsBefore) / 2) morphisms added, \(clients * each) acknowledged")
        }
        return problems + (try await racingMappings(api))
    }

    /// Creates a mapping over a new morphism while the morphism is deleted, `tries` times: one of
    /// the two must be refused, and the schema category must stay editable.
    static func racingMappings(_ api: APIClient, tries: Int = 40) async throws -> [String] {
        var problems: [String] = []
        for attempt in 0..<tries {
            let object = try await api.call(.post, "/schemas/1/objects", #"{"label": "race\#(attempt)"}"#)
            guard
                let key = object.json["objects"]?.arrayItems.first(where: {
                    $0["label"]?.scalarText == "race\(attempt)"
                })?["key"]?.scalarText
            else { return ["race \(attempt): no object"] }
            let morphism = try await api.call(.post, "/schemas/1/morphisms", #"{"dom": 103, "cod": \#(key)}"#)
            guard
                let signature = morphism.json["morphisms"]?.arrayItems.last(where: { $0["cod"]?.scalarText == key })?[
                    "signature"]?.scalarText
            else { return ["race \(attempt): no morphism"] }
            async let mapping = api.call(
                .post, "/mappings",
                #"{"schema": 1, "database": 1, "text": "race\#(attempt) @103 { number: 19, x: \#(signature) }"}"#)
            async let deletion = api.call(.delete, "/schemas/1/morphisms/\(signature)")
            let (created, deleted) = try await (mapping, deletion)
            if created.status == .created && deleted.status == .ok {
                problems.append("race \(attempt): the mapping and the deletion of morphism \(signature) both succeeded")
            }
            if created.status != .created && deleted.status != .ok {
                problems.append("race \(attempt): both refused (\(created.status), \(deleted.status))")
            }
            let edit = try await api.call(.patch, "/schemas/1/objects/\(key)", #"{"label": "raced\#(attempt)"}"#)
            if edit.status != .ok {
                problems.append(
                    "race \(attempt): the schema category can no longer be edited: \(edit.text.prefix(200))")
                break
            }
        }
        return problems
    }
}
