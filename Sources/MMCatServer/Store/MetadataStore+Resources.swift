import Foundation
import GRDB
import MMCat

extension MetadataStore {
    // MARK: Schema categories

    public func schemas() throws -> [StoredSchema] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM schema_category ORDER BY id").map(Self.schema) }
    }

    public func schema(_ id: Int64) throws -> StoredSchema {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM schema_category WHERE id = ?", arguments: [id])
            else { throw APIError.notFound("schema category \(id)") }
            return try Self.schema(row)
        }
    }

    private static func schema(_ row: Row) throws -> StoredSchema {
        let json = try JSONParser.parse(row["json"], file: "stored schema")
        return StoredSchema(
            id: row["id"], name: row["name"], json: json, schema: try SchemaCategory.decode(json, file: "stored schema")
        )
    }

    /// Stores a validated schema category; returns its id.
    public func createSchema(name: String, json: JSONValue) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO schema_category (name, json) VALUES (?, ?)", arguments: [name, Self.text(json)])
            return db.lastInsertedRowID
        }
    }

    /// Replaces a schema category; `check` sees the mappings over it and refuses a breaking change.
    public func replaceSchema(
        _ id: Int64, name: String, json: JSONValue, check: ([StoredMapping]) throws -> Void
    ) throws {
        try write { db in
            guard try Row.fetchOne(db, sql: "SELECT id FROM schema_category WHERE id = ?", arguments: [id]) != nil
            else { throw APIError.notFound("schema category \(id)") }
            try check(try Self.mappings(db, schema: id))
            try db.execute(
                sql: "UPDATE schema_category SET name = ?, json = ? WHERE id = ?",
                arguments: [name, Self.text(json), id])
        }
    }

    public func deleteSchema(_ id: Int64) throws {
        try write { db in
            if let mapping = try Self.mappings(db, schema: id).first {
                throw APIError.conflict(
                    "schema category \(id) is used by the mapping \"\(mapping.mapping.name ?? mapping.mapping.kindName)\""
                )
            }
            try db.execute(sql: "DELETE FROM schema_category WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw APIError.notFound("schema category \(id)") }
        }
    }

    // MARK: Databases

    public func databases() throws -> [StoredDatabase] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM database ORDER BY id").map(Self.database) }
    }

    public func database(_ id: Int64) throws -> StoredDatabase {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM database WHERE id = ?", arguments: [id]) else {
                throw APIError.notFound("database \(id)")
            }
            return Self.database(row)
        }
    }

    private static func database(_ row: Row) -> StoredDatabase {
        var settings: [String: String] = [:]
        if case .object(let members)? = try? JSONParser.parse(row["settings"]) {
            for member in members { settings[member.key] = member.value.scalarText }
        }
        return StoredDatabase(
            id: row["id"], label: row["label"], type: DatabaseType(rawValue: row["type"]) ?? .files, settings: settings,
            sealedPassword: row["secret"])
    }

    /// Stores a database; `sealedPassword` is already encrypted.
    public func createDatabase(
        label: String, type: DatabaseType, settings: [String: String], sealedPassword: Data? = nil
    ) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO database (label, type, settings, secret) VALUES (?, ?, ?, ?)",
                arguments: [label, type.rawValue, Self.text(settings), sealedPassword])
            return db.lastInsertedRowID
        }
    }

    /// Changes a database's label and settings, and its password when `sealedPassword` is given.
    public func updateDatabase(_ id: Int64, label: String, settings: [String: String], sealedPassword: Data?) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE database SET label = ?, settings = ?, secret = coalesce(?, secret) WHERE id = ?",
                arguments: [label, Self.text(settings), sealedPassword, id])
            if db.changesCount == 0 { throw APIError.notFound("database \(id)") }
        }
    }

    public func deleteDatabase(_ id: Int64) throws {
        try write { db in
            let users = try Row.fetchAll(db, sql: "SELECT * FROM mapping WHERE database_id = ?", arguments: [id])
            if let user = users.first.flatMap({ try? Self.mapping($0) }) {
                throw APIError.conflict(
                    "database \(id) is used by the mapping \"\(user.mapping.name ?? user.mapping.kindName)\"")
            }
            try db.execute(sql: "DELETE FROM database WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw APIError.notFound("database \(id)") }
        }
    }

    // MARK: Mappings

    public func mappings(schema: Int64? = nil) throws -> [StoredMapping] {
        try read { db in
            guard let schema else {
                return try Row.fetchAll(db, sql: "SELECT * FROM mapping ORDER BY id").map(Self.mapping)
            }
            return try Self.mappings(db, schema: schema)
        }
    }

    private static func mappings(_ db: Database, schema: Int64) throws -> [StoredMapping] {
        try Row.fetchAll(db, sql: "SELECT * FROM mapping WHERE schema_id = ? ORDER BY id", arguments: [schema])
            .map(Self.mapping)
    }

    public func mapping(_ id: Int64) throws -> StoredMapping {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM mapping WHERE id = ?", arguments: [id]) else {
                throw APIError.notFound("mapping \(id)")
            }
            return try Self.mapping(row)
        }
    }

    private static func mapping(_ row: Row) throws -> StoredMapping {
        StoredMapping(
            id: row["id"], schemaId: row["schema_id"], databaseId: row["database_id"],
            mapping: try Mapping.decode(JSONParser.parse(row["json"]), file: "stored mapping"))
    }

    public func createMapping(schema: Int64, database: Int64, mapping: Mapping) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO mapping (schema_id, database_id, json) VALUES (?, ?, ?)",
                arguments: [schema, database, Self.text(mapping.json)])
            return db.lastInsertedRowID
        }
    }

    public func replaceMapping(_ id: Int64, database: Int64, mapping: Mapping) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE mapping SET database_id = ?, json = ? WHERE id = ?",
                arguments: [database, Self.text(mapping.json), id])
            if db.changesCount == 0 { throw APIError.notFound("mapping \(id)") }
        }
    }

    public func deleteMapping(_ id: Int64) throws {
        try write { db in
            if let job = try String.fetchOne(db, sql: "SELECT name FROM job WHERE mapping_id = ?", arguments: [id]) {
                throw APIError.conflict("mapping \(id) is used by the job \"\(job)\"")
            }
            try db.execute(sql: "DELETE FROM mapping WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw APIError.notFound("mapping \(id)") }
        }
    }

    static func text(_ json: JSONValue) -> String {
        var out = TextOutput()
        out.writeJSON(json)
        return out.text
    }

    static func text(_ settings: [String: String]) -> String {
        text(.object(settings.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) }))
    }
}
