import GRDB
import MMCat

/// The SQL that reads what a query needs of an SQLite table (``KindRead``): its columns, and a
/// condition that keeps every row whose value could equal one of a condition's values as
/// queries compare them. A value compared as a number matches a stored number of that value, or
/// a text that reads as one (`CAST(… AS REAL)`, a superset the query narrows again); any other
/// value matches the column's text exactly. Values are bound as arguments, never written into
/// the SQL. A condition with a ``KindRead/Join`` is a semi-join SQLite runs, comparing the two
/// columns' texts as the import matches keys: `CAST("o_customer" AS TEXT) IN (SELECT
/// CAST("c_id" AS TEXT) FROM "customer" WHERE …)`.
///
/// ```swift
/// let read = KindRead(properties: ["c_name"], conditions: [.init(property: "c_city", values: [.text("Brno")])])
/// SQLiteRead.filter(read).sql   // (CAST("c_city" AS TEXT) IN (?))
/// ```
public enum SQLiteRead {
    /// A condition's SQL and its arguments, in order.
    public struct Filter {
        public var sql: String
        public var arguments: [any DatabaseValueConvertible]
    }

    /// The printer's dialect, whose identifier quoting the columns use.
    private static let dialect = SQLiteDialect()

    /// The column list (`*` for every column).
    public static func columns(_ read: KindRead) -> String {
        guard let properties = read.properties else { return "*" }
        return properties.isEmpty ? "NULL" : properties.map(dialect.quoteIdentifier).joined(separator: ", ")
    }

    /// Every condition, joined by AND (an empty SQL for none). With `columns`, a condition on a
    /// column not among them is left out (SQLite would read an unknown `"name"` as a string);
    /// `tables` gives the columns of a table a join reads (nil: no such table, no join).
    public static func filter(
        _ read: KindRead, columns: Set<String>? = nil, tables: (String) -> Set<String>? = { _ in nil }
    ) -> Filter {
        var parts: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        // A property nested in another (a relationship's end) is no column.
        for condition in read.conditions
        where condition.within == nil && columns?.contains(condition.property) ?? true {
            let column = dialect.quoteIdentifier(condition.property)
            if let join = condition.join {
                guard join.within == nil, let others = tables(join.kind), others.contains(join.property) else {
                    continue
                }
                let inner = filter(KindRead(conditions: join.conditions), columns: others, tables: tables)
                parts.append(
                    "CAST(\(column) AS TEXT) IN (SELECT CAST(\(dialect.quoteIdentifier(join.property)) AS TEXT) FROM \(dialect.quoteIdentifier(join.kind))\(inner.sql.isEmpty ? "" : " WHERE " + inner.sql))"
                )
                arguments += inner.arguments
                continue
            }
            var either: [String] = []
            let texts = condition.values.filter { !$0.comparesAsNumber }.map(\.text)
            let numbers = condition.values.compactMap(\.numericValue)
            if !texts.isEmpty {
                either.append("CAST(\(column) AS TEXT) IN (\(marks(texts.count)))")
                arguments += texts
            }
            if !numbers.isEmpty {
                either.append(
                    "\(column) IN (\(marks(numbers.count))) OR (typeof(\(column)) = 'text' AND CAST(\(column) AS REAL) IN (\(marks(numbers.count))))"
                )
                arguments += numbers + numbers
            }
            // No value at all: no row can match (a semi-join that found no keys).
            parts.append(either.isEmpty ? "0" : "(" + either.joined(separator: " OR ") + ")")
        }
        return Filter(sql: parts.joined(separator: " AND "), arguments: arguments)
    }

    private static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
