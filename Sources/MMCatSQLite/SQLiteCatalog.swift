import Foundation
import GRDB
import MMCat

/// The tables of an SQLite database as inference needs them, read from its pragmas
/// (`table_info`, `index_list`, `index_info`, `foreign_key_list`), read-only, tables by name.
///
/// ```swift
/// let catalog = try SQLiteCatalog.read(path: "shop.sqlite")
/// ```
public enum SQLiteCatalog {
    public static func read(path: String) throws(InputError) -> RelationalCatalog {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, location: "", message: "there is no SQLite file here")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            return try DatabaseQueue(path: path, configuration: configuration).read { db in
                let names = try String.fetchAll(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
                )
                return RelationalCatalog(tables: try names.map { try table($0, in: db) })
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, location: "", message: "not a readable SQLite database: \(error)")
        }
    }

    private static func table(_ name: String, in db: Database) throws -> RelationalCatalog.Table {
        var columns: [RelationalCatalog.Column] = []
        var keyed: [(Int, String)] = []
        for row in try Row.fetchAll(
            db, sql: "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", arguments: [name])
        {
            let column: String = row["name"]
            let position: Int = row["pk"]
            if position > 0 { keyed.append((position, column)) }
            // A primary key column holds no NULL in practice (SQLite lets one in only by a
            // historical accident): it counts as NOT NULL.
            columns.append(
                .init(name: column, type: row["type"], notNull: (row["notnull"] as Int) == 1 || position > 0))
        }
        let primaryKey = keyed.sorted { $0.0 < $1.0 }.map(\.1)
        var uniques: [[String]] = []
        for index in try Row.fetchAll(
            db, sql: "SELECT name, \"unique\", origin FROM pragma_index_list(?)", arguments: [name])
        where (index["unique"] as Int) == 1 && (index["origin"] as String) != "pk" {
            let indexName: String = index["name"]
            let indexColumns = try String.fetchAll(
                db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [indexName])
            if !indexColumns.isEmpty && indexColumns != primaryKey && !uniques.contains(indexColumns) {
                uniques.append(indexColumns)
            }
        }
        var foreignKeys: [Int: RelationalCatalog.ForeignKey] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT id, seq, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq",
            arguments: [name])
        {
            let id: Int = row["id"]
            var key = foreignKeys[id] ?? .init(columns: [], table: row["table"], referencedColumns: [])
            key.columns.append(row["from"])
            key.referencedColumns.append((row["to"] as String?) ?? "")
            foreignKeys[id] = key
        }
        // `to` is empty when the key names only the table: it references that table's primary key.
        let resolved = try foreignKeys.keys.sorted().map { id in
            var key = foreignKeys[id]!
            if key.referencedColumns.contains("") {
                let target = try Row.fetchAll(
                    db, sql: "SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk",
                    arguments: [key.table])
                key.referencedColumns = target.map { $0["name"] }
            }
            return key
        }
        return .init(name: name, columns: columns, primaryKey: primaryKey, uniques: uniques, foreignKeys: resolved)
    }
}
