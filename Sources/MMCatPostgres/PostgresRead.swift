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
    /// there are none (a condition on a column the table lacks is left out: more rows, not an error).
    public static func filter(_ read: KindRead, types: [String: ColumnType]) -> String {
        let conditions = read.conditions.compactMap { condition -> String? in
            types[condition.property].flatMap { Self.condition(condition, type: $0) }
        }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
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
