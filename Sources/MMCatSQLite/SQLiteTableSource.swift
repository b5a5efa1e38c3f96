import Foundation
import GRDB
import MMCat

/// The rows of a table of an SQLite database file, as records: one member per column, NULLs left
/// out. Integers and reals keep their SQLite text form, so values compare as the import expects.
///
/// Rows are read in batches of 1,000 in rowid order (each batch its own short read), so a table
/// of any size is imported in constant memory; a `WITHOUT ROWID` table is read in its primary-key
/// order by offset. The total is counted first, for progress bars.
///
/// ```swift
/// var rows = try SQLiteTableSource(path: "shop.sqlite", table: "customer")
/// while let record = try rows.next() { print(record.number) }
/// ```
public struct SQLiteTableSource: RecordSource {
    private let queue: DatabaseQueue
    private let path: String
    private let table: String
    private let quoted: String
    /// Whether the table has rowids (most do; `WITHOUT ROWID` tables do not).
    private let hasRowid: Bool
    private var batch: [JSONValue] = []
    private var position = 0
    private var lastRowid: Int64 = .min
    private var read = 0
    private var finished = false
    public let totalRecords: Int?
    /// The columns read (`*` for all) and the conditions with their arguments.
    private let columns: String
    private let filter: SQLiteRead.Filter
    /// The SELECT and its arguments, when the source reads part of the table.
    public let nativeQuery: String?
    static let batchSize = 1000

    /// Reads `table`, or of it what `read` asks (its columns, its rows that may match).
    public init(path: String, table: String, read: KindRead = .everything) throws(InputError) {
        self.path = path
        self.table = table
        quoted = "\"" + table.doubling("\"") + "\""
        do {
            var configuration = Configuration()
            configuration.readonly = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let quoted = quoted
            (hasRowid, totalRecords, columns, filter) = try queue.read { db in
                guard try db.tableExists(table) else {
                    throw InputError(file: path, location: "", message: "there is no table \"\(table)\"")
                }
                // Only columns the table has: SQLite reads an unknown "name" as a string.
                // (Bound, not GRDB's `columns(in:)`, whose PRAGMA breaks on a `"` in the name.)
                let existing = Set(
                    try String.fetchAll(db, sql: "SELECT name FROM pragma_table_xinfo(?)", arguments: [table]))
                let columns = SQLiteRead.columns(
                    KindRead(properties: read.properties.map { $0.filter(existing.contains) }))
                // A condition on a column the table lacks is left out (reading more is allowed).
                let filter = SQLiteRead.filter(
                    KindRead(conditions: read.conditions), columns: existing,
                    tables: { other in
                        guard (try? db.tableExists(other)) == true else { return nil }
                        return
                            (try? String.fetchAll(db, sql: "SELECT name FROM pragma_table_xinfo(?)", arguments: [other]))
                            .map(Set.init)
                    })
                let hasRowid = (try? db.makeStatement(sql: "SELECT rowid FROM \(quoted)")) != nil
                let count = try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM \(quoted)\(filter.sql.isEmpty ? "" : " WHERE " + filter.sql)",
                    arguments: StatementArguments(filter.arguments))
                return (hasRowid, count, columns, filter)
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, location: "", message: "cannot read the table \"\(table)\": \(error)")
        }
        let arguments = filter.arguments.map { "\($0.databaseValue)" }.joined(separator: ", ")
        nativeQuery =
            read.isEverything
            ? nil
            : "SELECT \(columns) FROM \(quoted)\(filter.sql.isEmpty ? "" : " WHERE " + filter.sql)"
                + (arguments.isEmpty ? "" : " -- arguments: \(arguments)")
    }

    /// Checks that `path` is an SQLite database this process can read, for "Test connection": a
    /// folder, a missing file or a file of another kind is an error saying so.
    public static func test(path: String) throws(InputError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw InputError(file: path, location: "settings.path", message: "there is no SQLite file here")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        } catch {
            throw InputError(file: path, location: "settings.path", message: "not a readable SQLite database: \(error)")
        }
    }

    public mutating func next() throws(InputError) -> SourceRecord? {
        if position == batch.count {
            guard !finished else { return nil }
            try fetch()
            guard position < batch.count else { return nil }
        }
        position += 1
        return SourceRecord(number: read - batch.count + position, value: batch[position - 1])
    }

    /// Reads the next batch: the rows after the last rowid seen (or at the next offset).
    private mutating func fetch() throws(InputError) {
        let condition = filter.sql.isEmpty ? "" : " AND " + filter.sql
        let sql =
            hasRowid
            ? "SELECT rowid, \(columns) FROM \(quoted) WHERE rowid > ?\(condition) ORDER BY rowid LIMIT \(Self.batchSize)"
            : "SELECT NULL, \(columns) FROM \(quoted) WHERE 1\(condition) LIMIT \(Self.batchSize) OFFSET ?"
        let arguments: [any DatabaseValueConvertible] =
            hasRowid ? [lastRowid] + filter.arguments : filter.arguments + [Int64(read)]
        do {
            let (records, last) = try queue.read { db in
                try Self.records(try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments)))
            }
            batch = records
            if let last { lastRowid = last }
        } catch {
            throw InputError(file: path, location: "", message: "cannot read the table \"\(table)\": \(error)")
        }
        position = 0
        read += batch.count
        finished = batch.count < Self.batchSize
    }

    /// The rows of a batch as records, the first (rowid) column left out, and the last rowid.
    private static func records(_ rows: RowCursor) throws -> ([JSONValue], Int64?) {
        var records: [JSONValue] = []
        records.reserveCapacity(batchSize)
        var lastRowid: Int64?
        // The column names once per batch.
        var names: [String] = []
        while let row = try rows.next() {
            if names.isEmpty { names = Array(row.columnNames) }
            var members: [JSONMember] = []
            members.reserveCapacity(row.count - 1)
            for index in 0..<row.count {
                // By position: a row's own (name, value) pairs would make each name anew.
                let value = try row.decode(DatabaseValue.self, atIndex: index)
                if index == 0 {
                    if case .int64(let rowid) = value.storage { lastRowid = rowid }
                    continue
                }
                switch value.storage {
                case .null: continue
                case .int64(let number): members.append(JSONMember(names[index], .number(String(number))))
                case .double(let number): members.append(JSONMember(names[index], .number(String(number))))
                case .string(let text): members.append(JSONMember(names[index], .string(text)))
                case .blob: continue
                }
            }
            records.append(.object(members))
        }
        return (records, lastRowid)
    }
}
