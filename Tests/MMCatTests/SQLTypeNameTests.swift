import MMCat
import MMCatPostgres
import MMCatSQLite
import Testing

/// Source column types reach the target's DDL only in a safe spelling, and each dialect declares
/// what it understands.
@Suite struct SQLTypeNameTests {
    @Test func safeSpellingsAreKept() throws {
        for (spelled, text, base) in [
            ("numeric(15,2)", "numeric(15,2)", "numeric"),
            (
                "timestamp(3) with time zone", "timestamp(3) with time zone",
                "timestamp with time zone"
            ),
            ("character varying(20)", "character varying(20)", "character varying"), ("INTEGER", "INTEGER", "integer"),
            ("integer[]", "integer[]", "integer"), ("double  precision", "double precision", "double precision"),
        ] {
            let name = try #require(SQLTypeName(spelled), "\(spelled)")
            #expect(name.text == text && name.base == base, "\(spelled)")
        }
    }

    @Test func anythingThatCouldEndTheDDLIsRefused() {
        for spelled in [
            "text); DROP TABLE x; --", "text -- x", "te\"xt", "int(1,2,3)", "(1)", "1st", "numeric(15,2)(3)", "text/*",
            "téxt", "", "int[] x", "varchar(\n20)",
        ] {
            #expect(SQLTypeName(spelled) == nil, "\(spelled)")
        }
    }

    @Test func eachDialectDeclaresWhatItUnderstands() throws {
        let postgres = PostgreSQLDialect()
        #expect(postgres.declaredType(try #require(SQLTypeName("numeric(15,2)"))) == "numeric(15,2)")
        #expect(postgres.declaredType(try #require(SQLTypeName("DATETIME"))) == "timestamp")
        #expect(postgres.declaredType(try #require(SQLTypeName("int(11)"))) == "int")
        #expect(postgres.declaredType(try #require(SQLTypeName("NVARCHAR(20)"))) == "varchar(20)")
        #expect(postgres.declaredType(try #require(SQLTypeName("geometry"))) == nil)
        #expect(
            SQLiteDialect().declaredType(try #require(SQLTypeName("timestamp with time zone")))
                == "timestamp with time zone")
    }
}
