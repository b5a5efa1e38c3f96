import MMCat
import MMCatPostgres
import Testing

/// The `WHERE` a query's read of a table becomes, by column type: integer lists an index serves,
/// numbers as numbers, texts exactly, quotes doubled, and nothing at all for no values.
@Suite struct PostgresReadTests {
    func filter(_ values: [QueryValue], _ type: PostgresRead.ColumnType) -> String {
        PostgresRead.filter(KindRead(conditions: [.init(property: "c", values: values)]), types: ["c": type])
    }

    @Test func eachColumnTypeGetsItsComparison() {
        #expect(filter([.integer(7), .text("8"), .decimal(2.5)], .integer) == #" WHERE ("c" IN (7, 8))"#)
        #expect(filter([.decimal(2.5)], .integer) == " WHERE (false)")
        #expect(filter([.decimal(2.5)], .numeric) == #" WHERE ("c" IN ('2.5'::numeric))"#)
        #expect(filter([.text("O'Brien")], .other) == #" WHERE ("c"::text IN ('O''Brien'))"#)
        #expect(
            filter([.integer(55)], .other)
                == #" WHERE ((CASE WHEN "c"::text ~ '^-?(0|[1-9][0-9]*)([.][0-9]+)?$' THEN "c"::text::numeric IN ('55'::numeric) ELSE false END))"#
        )
    }

    @Test func noValueMatchesNoRowAndANulByteDropsTheCondition() {
        // A semi-join that found no keys: no row can match.
        #expect(filter([], .integer) == " WHERE false")
        // PostgreSQL text cannot hold NUL: the condition is not pushed (more rows, never fewer).
        #expect(filter([.text("a\u{0}b")], .other) == "")
        // A condition on a column the table lacks is left out.
        #expect(
            PostgresRead.filter(KindRead(conditions: [.init(property: "x", values: [.integer(1)])]), types: [:]) == "")
    }
}
