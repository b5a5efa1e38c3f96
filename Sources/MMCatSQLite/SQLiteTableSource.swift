import GRDB
import MMCat

/// The rows of a table of an SQLite database file, as records: one member per column, NULLs left
/// out. Integers and reals keep their SQLite text form, so values compare as the import expects.
///
/// ```swift
/// var rows = try SQLiteTableSource(path: "shop.sqlite", table: "customer")
/// while let record = try rows.next() { ... }
/// ```
public struct SQLiteTableSource: RecordSource {
    private var records: [SourceRecord]
    private var position = 0
    public var totalRecords: Int? { records.count }

    public init(path: String, table: String) throws(InputError) {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let quoted = "\"" + table.doubling("\"") + "\""
            records = try queue.read { db in
                guard try db.tableExists(table) else {
                    throw InputError(file: path, location: "", message: "there is no table \"\(table)\"")
                }
                var records: [SourceRecord] = []
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(quoted)")
                while let row = try rows.next() {
                    var members: [JSONMember] = []
                    for (column, value) in row {
                        switch value.storage {
                        case .null: continue
                        case .int64(let number): members.append(JSONMember(column, .number(String(number))))
                        case .double(let number): members.append(JSONMember(column, .number(String(number))))
                        case .string(let text): members.append(JSONMember(column, .string(text)))
                        case .blob: continue
                        }
                    }
                    records.append(SourceRecord(number: records.count + 1, value: .object(members)))
                }
                return records
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, location: "", message: "cannot read the table \"\(table)\": \(error)")
        }
    }

    public mutating func next() throws(InputError) -> SourceRecord? {
        guard position < records.count else { return nil }
        position += 1
        return records[position - 1]
    }
}
