import Foundation
import MMCat

/// A schema category as the server keeps it: its id, its name and its JSON document.
package struct StoredSchema: Sendable {
    package var id: Int64
    package var name: String
    package var json: JSONValue
    package var schema: SchemaCategory
}

/// A database: a label, a type and connection settings (a folder, a file, a host...).
package struct StoredDatabase: Sendable {
    package var id: Int64
    package var label: String
    /// The name of its ``DatabaseFamily`` (`postgresql`); it never changes.
    package var type: String
    package var settings: [String: String]
    /// The password, encrypted with the server's key (see ``SecretBox``); never sent anywhere.
    package var sealedPassword: Data?

    package init(id: Int64, label: String, type: String, settings: [String: String], sealedPassword: Data? = nil) {
        self.id = id
        self.label = label
        self.type = type
        self.settings = settings
        self.sealedPassword = sealedPassword
    }
}

/// A mapping with the schema category it is over and the database its kind lives in.
package struct StoredMapping: Sendable {
    package var id: Int64
    package var schemaId: Int64
    package var databaseId: Int64
    package var mapping: Mapping
}

/// What a job does with its mapping.
package enum JobType: String, Sendable, Codable {
    /// Import the mapping's kind from its database into the session's instance category.
    case modelToCategory = "ModelToCategory"
    /// Produce the DDL and DML for the mapping's database from the session's instance category.
    case categoryToModel = "CategoryToModel"
}

/// Where a job is in its life. `queued` is a job started and waiting for its turn.
package enum JobStatus: String, Sendable {
    case ready = "Ready"
    case queued = "Queued"
    case running = "Running"
    case finished = "Finished"
    case canceled = "Canceled"
}

/// A job and what its last run did.
package struct StoredJob: Sendable {
    package var id: Int64
    package var name: String
    package var type: JobType
    /// The first of the job's mappings.
    package var mappingId: Int64 { mappingIds[0] }
    /// The mappings the job works on, in order: one kind, or several (a whole database).
    package var mappingIds: [Int64]
    package var status: JobStatus
    /// The order in the queue while queued (smaller runs first).
    package var queueOrder: Int64?
    /// The session whose instance category the job works on (set when started).
    package var session: String?
    /// The server whose queue holds the job and that runs it (the one the session lives in).
    package var server: String?
    package var createdAt: Date
    package var startedAt: Date?
    package var endedAt: Date?
    package var recordsRead: Int?
    package var recordsWritten: Int?
    package var recordsRejected: Int?
    /// For a canceled job: `error` (with its message in `reason`) or `canceled` (by a user or the server).
    package var outcome: String?
    package var reason: String?
    package var log: String

    /// The job in `row` and its mappings (`mappings` empty for a job from before jobs had several:
    /// its `mapping_id` alone).
    init(row: StoreRow, mappings: [Int64]) throws(StoreError) {
        id = try row["id"]
        name = try row["name"]
        type = try row.word("type", as: JobType.self)
        mappingIds = mappings.isEmpty ? [try row["mapping_id"]] : mappings
        status = try row.word("status", as: JobStatus.self)
        queueOrder = try row["queue_order"]
        session = try row["session"]
        server = try row["server"]
        createdAt = Date(timeIntervalSince1970: try row["created_at"])
        startedAt = (try row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        endedAt = (try row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        recordsRead = try row["records_read"]
        recordsWritten = try row["records_written"]
        recordsRejected = try row["records_rejected"]
        outcome = try row["outcome"]
        reason = try row["reason"]
        log = try row["log"]
    }
}

/// A model: the script a Category to Model job produced for its mapping's database.
package struct StoredModel: Sendable {
    package var jobId: Int64
    package var target: String
    package var text: [UInt8]
    /// The SHA-256 of `text` in hex, kept with it: a re-run that changes it changed the model.
    package var sha256: String
    package var createdAt: Date
}
