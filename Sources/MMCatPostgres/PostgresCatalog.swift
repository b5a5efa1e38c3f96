import Logging
import MMCat
import NIOCore
import PostgresNIO

/// The tables of a PostgreSQL database as inference needs them, read from `pg_catalog` in one
/// read-only transaction: the ordinary and partitioned tables of the current schema (the first of
/// the search path, `public` by default), by name, with their columns (`format_type`, so
/// `numeric(15,2)` and `timestamp with time zone` keep their words), primary keys, unique
/// constraints and foreign keys, columns in key order.
///
/// ```swift
/// // given: settings: PostgresSettings
/// let catalog = try PostgresCatalog.read(settings: settings)
/// ```
public enum PostgresCatalog {
    public static func read(settings: PostgresSettings) throws(InputError) -> RelationalCatalog {
        let connection = try settings.connectWaiting(logger: Logger(label: "mmcat.postgres"))
        defer { connection.closeQuietly() }
        let location = settings.location
        func rows(_ sql: String) throws(InputError) -> [[String?]] {
            do {
                return try connection.simpleQuery(sql).wait().map { row in
                    row.map { cell in
                        guard var bytes = cell.bytes else { return nil }
                        return bytes.readString(length: bytes.readableBytes)
                    }
                }
            } catch {
                throw InputError(file: location, location: "", message: PostgresSettings.message(for: error))
            }
        }
        _ = try rows("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        let scope = """
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
            """
        var tables: [String: RelationalCatalog.Table] = [:]
        var order: [String] = []
        for row in try rows("SELECT c.oid::text, c.relname \(scope) ORDER BY c.relname") {
            guard let oid = row[0], let name = row[1] else { continue }
            tables[oid] = .init(name: name, columns: [])
            order.append(oid)
        }
        for row in try rows(
            """
            SELECT a.attrelid::text, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attrelid, a.attnum
            """)
        {
            guard let oid = row[0], let name = row[1] else { continue }
            tables[oid]?.columns.append(.init(name: name, type: row[2] ?? "text", notNull: row[3] == "true"))
        }
        // Key columns come as JSON arrays of names, in key order: names may hold any character.
        for row in try rows(
            """
            SELECT k.conrelid::text, k.contype,
                (SELECT json_agg(a.attname ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY u(num, ord)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num)::text,
                f.relname,
                (SELECT json_agg(a.attname ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY u(num, ord)
                    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num)::text
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class f ON f.oid = k.confrelid
            WHERE k.contype IN ('p', 'u', 'f') AND n.nspname = current_schema()
            ORDER BY k.conrelid, k.contype, k.conname
            """)
        {
            guard let oid = row[0], tables[oid] != nil else { continue }
            let columns = try names(row[2], location)
            switch row[1] {
            case "p": tables[oid]?.primaryKey = columns
            case "u": tables[oid]?.uniques.append(columns)
            default:
                tables[oid]?.foreignKeys.append(
                    .init(columns: columns, table: row[3] ?? "", referencedColumns: try names(row[4], location)))
            }
        }
        _ = try rows("COMMIT")
        return RelationalCatalog(tables: order.compactMap { tables[$0] })
    }

    private static func names(_ json: String?, _ location: String) throws(InputError) -> [String] {
        guard let json else { return [] }
        return try JSONParser.parse(json, file: location).arrayElements?.compactMap(\.scalarText) ?? []
    }
}
