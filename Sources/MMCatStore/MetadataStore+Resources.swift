import Foundation
import MMCat

extension MetadataStore {
    // MARK: Schema categories

    package func schemas() async throws -> [StoredSchema] {
        try await read { db in try db.fetchAll("SELECT * FROM schema_category ORDER BY id").map(Self.schema) }
    }

    package func schema(_ id: Int64) async throws -> StoredSchema {
        try await read { db in
            guard let row = try db.fetchOne("SELECT * FROM schema_category WHERE id = ?", [id])
            else { throw StoreError.notFound("schema category \(id)") }
            return try Self.schema(row)
        }
    }

    private static func schema(_ row: StoreRow) throws -> StoredSchema {
        let json = try JSONParser.parse(try row["json"], file: "stored schema")
        return StoredSchema(
            id: try row["id"], name: try row["name"], json: json,
            schema: try SchemaCategory.decode(json, file: "stored schema")
        )
    }

    /// Stores a validated schema category; returns its id.
    package func createSchema(name: String, json: JSONValue) async throws -> Int64 {
        try await write { db in
            return try db.insert(
                "INSERT INTO schema_category (name, json) VALUES (?, ?)", [name, Self.text(json)])
        }
    }

    /// Creates a schema category and `mappings` over it, each of its database, in one
    /// transaction (what an inference makes): all of them, or nothing. Returns their ids.
    package func createSchema(
        name: String, json: JSONValue, mappings: [(mapping: Mapping, database: Int64)]
    ) async throws -> (schema: Int64, mappings: [Int64]) {
        try await write { db in
            for database in Set(mappings.map(\.database)) {
                guard try db.fetchOne("SELECT id FROM database WHERE id = ?", [database]) != nil else {
                    throw StoreError.notFound("database \(database)")
                }
            }
            let schema = try db.insert(
                "INSERT INTO schema_category (name, json) VALUES (?, ?)", [name, Self.text(json)])
            let ids = try mappings.map { mapping, database in
                try db.insert(
                    "INSERT INTO mapping (schema_id, database_id, json) VALUES (?, ?, ?)",
                    [schema, database, Self.text(mapping.json)])
            }
            return (schema, ids)
        }
    }

    /// Replaces a schema category; `check` sees the mappings over it and refuses a breaking change.
    package func replaceSchema(
        _ id: Int64, name: String, json: JSONValue, check: @escaping @Sendable ([StoredMapping]) throws -> Void
    ) async throws {
        try await write { db in
            guard try db.fetchOne("SELECT id FROM schema_category WHERE id = ?", [id]) != nil
            else { throw StoreError.notFound("schema category \(id)") }
            try check(try Self.mappings(db, schema: id))
            try db.execute(
                "UPDATE schema_category SET name = ?, json = ? WHERE id = ?",
                [name, Self.text(json), id])
        }
    }

    /// Edits a schema category in one transaction: the stored category is locked, read and given to
    /// `change` with the mappings over it; what `change` returns is stored. Concurrent edits
    /// therefore follow one another, each seeing the last, and none is lost.
    package func editSchema(
        _ id: Int64, _ change: @escaping @Sendable (StoredSchema, [StoredMapping]) throws -> JSONValue
    ) async throws -> StoredSchema {
        try await write { db in
            let stored = try Self.lockedSchema(db, id)
            let json = try change(stored, try Self.mappings(db, schema: id))
            try db.execute("UPDATE schema_category SET json = ? WHERE id = ?", [Self.text(json), id])
            return try Self.schema(try db.fetchOne("SELECT * FROM schema_category WHERE id = ?", [id])!)
        }
    }

    /// The schema category `id`, its row locked until the transaction ends (a PostgreSQL row lock;
    /// an SQLite write transaction holds the whole file already), so that an edit and a mapping
    /// checked against it cannot interleave.
    private static func lockedSchema(_ db: any StoreConnection, _ id: Int64) throws -> StoredSchema {
        guard try db.execute("UPDATE schema_category SET name = name WHERE id = ?", [id]) == 1,
            let row = try db.fetchOne("SELECT * FROM schema_category WHERE id = ?", [id])
        else { throw StoreError.notFound("schema category \(id)") }
        return try schema(row)
    }

    package func deleteSchema(_ id: Int64) async throws {
        try await write { db in
            if let mapping = try Self.mappings(db, schema: id).first {
                throw StoreError.conflict(
                    "schema category \(id) is used by the mapping \"\(mapping.mapping.name ?? mapping.mapping.kindName)\""
                )
            }
            let changed = try db.execute("DELETE FROM schema_category WHERE id = ?", [id])
            if changed == 0 { throw StoreError.notFound("schema category \(id)") }
        }
    }

    // MARK: Databases

    package func databases() async throws -> [StoredDatabase] {
        try await read { db in try db.fetchAll("SELECT * FROM database ORDER BY id").map(Self.database) }
    }

    package func database(_ id: Int64) async throws -> StoredDatabase {
        try await read { db in
            guard let row = try db.fetchOne("SELECT * FROM database WHERE id = ?", [id]) else {
                throw StoreError.notFound("database \(id)")
            }
            return try Self.database(row)
        }
    }

    private static func database(_ row: StoreRow) throws -> StoredDatabase {
        let id: Int64 = try row["id"]
        guard case .object(let members)? = try? JSONParser.parse(try row["settings"] as String) else {
            throw StoreError.corrupt("the stored settings of database \(id) are not a JSON object")
        }
        var settings: [String: String] = [:]
        for member in members {
            guard let text = member.value.scalarText else {
                throw StoreError.corrupt("the stored setting \(member.key) of database \(id) is not a string")
            }
            settings[member.key] = text
        }
        return StoredDatabase(
            id: id, label: try row["label"], type: try row["type"], settings: settings,
            sealedPassword: try row["secret"])
    }

    /// Stores a database; `sealedPassword` is already encrypted.
    package func createDatabase(
        label: String, type: String, settings: [String: String], sealedPassword: Data? = nil
    ) async throws -> Int64 {
        try await write { db in
            return try db.insert(
                "INSERT INTO database (label, type, settings, secret) VALUES (?, ?, ?, ?)",
                [label, type, Self.text(settings), sealedPassword])
        }
    }

    /// Changes a database's label and settings, and its password when `sealedPassword` is given.
    package func updateDatabase(_ id: Int64, label: String, settings: [String: String], sealedPassword: Data?)
        async throws
    {
        try await write { db in
            let changed = try db.execute(
                "UPDATE database SET label = ?, settings = ?, secret = coalesce(?, secret) WHERE id = ?",
                [label, Self.text(settings), sealedPassword, id])
            if changed == 0 { throw StoreError.notFound("database \(id)") }
        }
    }

    package func deleteDatabase(_ id: Int64) async throws {
        try await write { db in
            let users = try db.fetchAll("SELECT * FROM mapping WHERE database_id = ?", [id])
            if let user = users.first.flatMap({ try? Self.mapping($0) }) {
                throw StoreError.conflict(
                    "database \(id) is used by the mapping \"\(user.mapping.name ?? user.mapping.kindName)\"")
            }
            let changed = try db.execute("DELETE FROM database WHERE id = ?", [id])
            if changed == 0 { throw StoreError.notFound("database \(id)") }
        }
    }

    // MARK: Mappings

    package func mappings(schema: Int64? = nil) async throws -> [StoredMapping] {
        try await read { db in
            guard let schema else {
                return try db.fetchAll("SELECT * FROM mapping ORDER BY id").map(Self.mapping)
            }
            return try Self.mappings(db, schema: schema)
        }
    }

    private static func mappings(_ db: any StoreConnection, schema: Int64) throws -> [StoredMapping] {
        try db.fetchAll("SELECT * FROM mapping WHERE schema_id = ? ORDER BY id", [schema])
            .map(Self.mapping)
    }

    package func mapping(_ id: Int64) async throws -> StoredMapping {
        try await read { db in
            guard let row = try db.fetchOne("SELECT * FROM mapping WHERE id = ?", [id]) else {
                throw StoreError.notFound("mapping \(id)")
            }
            return try Self.mapping(row)
        }
    }

    private static func mapping(_ row: StoreRow) throws -> StoredMapping {
        StoredMapping(
            id: try row["id"], schemaId: try row["schema_id"], databaseId: try row["database_id"],
            mapping: try Mapping.decode(JSONParser.parse(try row["json"]), file: "stored mapping"))
    }

    /// Stores a new mapping after `check` accepted it against its schema category, as it is inside
    /// the transaction (locked, so that no edit of the category slips in between).
    package func createMapping(
        schema: Int64, database: Int64, mapping: Mapping, check: @escaping @Sendable (SchemaCategory) throws -> Void
    ) async throws -> Int64 {
        try await write { db in
            try Self.checkMapping(db, schema: schema, database: database, check: check)
            return try db.insert(
                "INSERT INTO mapping (schema_id, database_id, json) VALUES (?, ?, ?)",
                [schema, database, Self.text(mapping.json)])
        }
    }

    /// Replaces a mapping after `check` accepted it against its schema category (see
    /// ``createMapping(schema:database:mapping:check:)``).
    package func replaceMapping(
        _ id: Int64, schema: Int64, database: Int64, mapping: Mapping,
        check: @escaping @Sendable (SchemaCategory) throws -> Void
    ) async throws {
        try await write { db in
            try Self.checkMapping(db, schema: schema, database: database, check: check)
            let changed = try db.execute(
                "UPDATE mapping SET database_id = ?, json = ? WHERE id = ?",
                [database, Self.text(mapping.json), id])
            if changed == 0 { throw StoreError.notFound("mapping \(id)") }
        }
    }

    /// Inside a mapping's save: its schema category locked and given to `check`, and its database
    /// still there.
    private static func checkMapping(
        _ db: any StoreConnection, schema: Int64, database: Int64, check: (SchemaCategory) throws -> Void
    ) throws {
        try check(try lockedSchema(db, schema).schema)
        guard try db.fetchOne("SELECT id FROM database WHERE id = ?", [database]) != nil else {
            throw StoreError.notFound("database \(database)")
        }
    }

    package func deleteMapping(_ id: Int64) async throws {
        try await write { db in
            if let job: String = try db.value(
                "SELECT name FROM job WHERE id IN (SELECT job_id FROM job_mapping WHERE mapping_id = ?)", [id])
            {
                throw StoreError.conflict("mapping \(id) is used by the job \"\(job)\"")
            }
            let changed = try db.execute("DELETE FROM mapping WHERE id = ?", [id])
            if changed == 0 { throw StoreError.notFound("mapping \(id)") }
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
