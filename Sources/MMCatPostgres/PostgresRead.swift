import MMCat

/// The SQL that reads what a query needs of a table (``KindRead``): its columns, and a `WHERE`
/// that keeps every row whose value could equal one of a condition's values as queries compare
/// them. On an integer column a value compared as a number is an integer literal (`"o_id" IN
/// (100, 101)`, which an index serves), a fraction matches nothing; on a `numeric` or floating
/// point column it is a `numeric`; on any other column it matches a text that is a number of that value (`55.00` and
/// `55`). Any other value matches the column's exact text (the text the import reads: `::text`).
/// Literals are written with `'` doubled, read with `standard_conforming_strings` on (the source
/// sets it for its transaction), so no backslash escapes; a value holding a NUL byte, which
/// PostgreSQL text cannot hold, drops its condition (more rows, never fewer).
///
/// A condition with a ``KindRead/Join`` is a semi-join PostgreSQL runs: `"o_customer" IN (SELECT
/// "c_id" FROM "customer" WHERE …)`. Two integer (or two numeric) columns are compared as they
/// are, which an index or a hash serves; any other pair by their texts, which is how the import
/// matches keys. A join whose table or column is missing is left out.
///
/// ```swift
/// let read = KindRead(conditions: [.init(property: "c_city", values: [.text("Brno")])])
/// PostgresRead.filter(read, types: ["c_city": .other])   // WHERE ("c_city"::text IN ('Brno'))
/// ```
public enum PostgresRead {
    /// What a column holds, as far as comparing numbers goes.
    public enum ColumnType: Sendable {
        case integer
        case numeric
        case other
    }

    /// The printer's dialect, whose identifier and string quoting the conditions use.
    private static let dialect = PostgreSQLDialect()

    /// A string literal, or nil when the text holds a NUL byte.
    static func literal(_ text: String) -> String? {
        text.utf8.contains(0) ? nil : dialect.standardString(text)
    }

    /// ` WHERE …` for the read's conditions on columns of `types`, or the empty string when
    /// there are none (a condition on a column the table lacks is left out: more rows, not an
    /// error). `tables` gives the column types of a table a join reads (nil: no such table).
    public static func filter(
        _ read: KindRead, types: [String: ColumnType], tables: (String) -> [String: ColumnType]? = { _ in nil }
    ) -> String {
        let conditions = conjunction(read.conditions, types: types, tables: tables)
        return conditions.isEmpty ? "" : " WHERE " + conditions
    }

    /// The conditions that can be written, joined by AND (empty for none).
    private static func conjunction(
        _ conditions: [KindRead.Condition], types: [String: ColumnType], tables: (String) -> [String: ColumnType]?
    ) -> String {
        conditions.compactMap { condition -> String? in
            // A property nested in another (a relationship's end) is no column.
            guard condition.within == nil, let type = types[condition.property] else { return nil }
            if let join = condition.join { return Self.join(condition.property, type: type, join, tables: tables) }
            return Self.condition(condition, type: type)
        }.joined(separator: " AND ")
    }

    /// `column IN (SELECT …)` over the join's table, or nil when it lacks the table or column.
    private static func join(
        _ property: String, type: ColumnType, _ join: KindRead.Join, tables: (String) -> [String: ColumnType]?
    ) -> String? {
        guard join.within == nil, let columns = tables(join.kind), let other = columns[join.property] else {
            return nil
        }
        let asIs = type == other && type != .other
        let cast = asIs ? "" : "::text"
        let inner = conjunction(join.conditions, types: columns, tables: tables)
        return
            "\(dialect.quoteIdentifier(property))\(cast) IN (SELECT \(dialect.quoteIdentifier(join.property))\(cast) FROM \(dialect.quoteIdentifier(join.kind))\(inner.isEmpty ? "" : " WHERE " + inner))"
    }

    /// A condition as SQL, or nil when it cannot be written (then it is not pushed).
    static func condition(_ condition: KindRead.Condition, type: ColumnType) -> String? {
        let column = dialect.quoteIdentifier(condition.property)
        var parts: [String] = []
        let texts = condition.values.filter { !$0.comparesAsNumber }.map(\.text)
        let numbers = condition.values.filter(\.comparesAsNumber)
        if !texts.isEmpty {
            let literals = texts.compactMap(literal)
            guard literals.count == texts.count else { return nil }
            parts.append("\(column)::text IN (\(literals.joined(separator: ", ")))")
        }
        if !numbers.isEmpty {
            switch type {
            case .integer:
                // A fraction never equals an integer; whole numbers past Int64 do not fit one either.
                let whole = numbers.compactMap(\.numericValue).filter { $0 == $0.rounded() && abs($0) < 9e18 }
                    .map { String(Int64($0)) }
                parts.append(whole.isEmpty ? "false" : "\(column) IN (\(whole.joined(separator: ", ")))")
            case .numeric:
                let literals = numbers.compactMap { literal($0.text) }.map { $0 + "::numeric" }
                parts.append("\(column) IN (\(literals.joined(separator: ", ")))")
            case .other:
                let literals = numbers.compactMap { literal($0.text) }.map { $0 + "::numeric" }
                parts.append(
                    "(CASE WHEN \(column)::text ~ '^-?(0|[1-9][0-9]*)([.][0-9]+)?$' THEN \(column)::text::numeric IN (\(literals.joined(separator: ", "))) ELSE false END)"
                )
            }
        }
        // No value at all: no row can match (a semi-join that found no keys).
        return parts.isEmpty ? "false" : "(" + parts.joined(separator: " OR ") + ")"
    }
}
