import Foundation
import MMCat

/// A schema category as the server keeps it: its id, its name and its JSON document.
public struct StoredSchema: Sendable {
    public var id: Int64
    public var name: String
    public var json: JSONValue
    public var schema: SchemaCategory
}

/// The kinds of database the server knows. The type of a database never changes.
public enum DatabaseType: String, Sendable, CaseIterable {
    /// A folder of JSON, JSON Lines and CSV files; the kind is the file name.
    case files
    case sqlite
    case postgresql
    case mongodb
    case neo4j

    /// The printer of models for this database.
    var printerTarget: String {
        switch self {
        case .files: return "mongodb"
        default: return rawValue
        }
    }
}

/// A database: a label, a type and connection settings (a folder, a file, a host...).
public struct StoredDatabase: Sendable {
    public var id: Int64
    public var label: String
    public var type: DatabaseType
    public var settings: [String: String]
    /// The password, encrypted with the server's key (see ``SecretBox``); never sent anywhere.
    var sealedPassword: Data?
}

/// A mapping with the schema category it is over and the database its kind lives in.
public struct StoredMapping: Sendable {
    public var id: Int64
    public var schemaId: Int64
    public var databaseId: Int64
    public var mapping: Mapping
}

/// What a job does with its mapping.
public enum JobType: String, Sendable {
    /// Import the mapping's kind from its database into the session's instance category.
    case modelToCategory = "ModelToCategory"
    /// Produce the DDL and DML for the mapping's database from the session's instance category.
    case categoryToModel = "CategoryToModel"
}

/// Where a job is in its life. `queued` is a job started and waiting for its turn.
public enum JobStatus: String, Sendable {
    case ready = "Ready"
    case queued = "Queued"
    case running = "Running"
    case finished = "Finished"
    case canceled = "Canceled"
}

/// A job and what its last run did.
public struct StoredJob: Sendable {
    public var id: Int64
    public var name: String
    public var type: JobType
    public var mappingId: Int64
    public var status: JobStatus
    /// The order in the queue while queued (smaller runs first).
    public var queueOrder: Int64?
    /// The session whose instance category the job works on (set when started).
    public var session: String?
    /// The server whose queue holds the job and that runs it (the one the session lives in).
    public var server: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var endedAt: Date?
    public var recordsRead: Int?
    public var recordsWritten: Int?
    public var recordsRejected: Int?
    /// For a canceled job: `error` (with its message in `reason`) or `canceled` (by a user or the server).
    public var outcome: String?
    public var reason: String?
    public var log: String

    init(row: StoreRow) {
        id = row["id"]
        name = row["name"]
        type = JobType(rawValue: row["type"]) ?? .modelToCategory
        mappingId = row["mapping_id"]
        status = JobStatus(rawValue: row["status"]) ?? .ready
        queueOrder = row["queue_order"]
        session = row["session"]
        server = row["server"]
        createdAt = Date(timeIntervalSince1970: row["created_at"])
        startedAt = (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        endedAt = (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        recordsRead = row["records_read"]
        recordsWritten = row["records_written"]
        recordsRejected = row["records_rejected"]
        outcome = row["outcome"]
        reason = row["reason"]
        log = row["log"]
    }
}

/// A model: the script a Category to Model job produced for its mapping's database.
public struct StoredModel: Sendable {
    public var jobId: Int64
    public var target: String
    public var text: [UInt8]
    /// The SHA-256 of `text` in hex, kept with it: a re-run that changes it changed the model.
    public var sha256: String
    public var createdAt: Date
}
