import MMCat

/// PostgreSQL types and literals: `BIGINT`, `NUMERIC`, `BOOLEAN`, `TEXT`, native arrays.
public struct PostgreSQLDialect: SQLDialect {
    public init() {}

    public func typeName(_ kind: ValueKind, isArray: Bool) -> String {
        let base: String
        switch kind {
        case .integer: base = "BIGINT"
        case .decimal: base = "NUMERIC"
        case .boolean: base = "BOOLEAN"
        case .text: base = "TEXT"
        }
        return isArray ? base + "[]" : base
    }

    public func arrayLiteral(_ elements: [String], kind: ValueKind) -> String {
        "ARRAY[" + elements.map { literal($0, kind: kind) }.joined(separator: ", ") + "]::"
            + typeName(kind, isArray: true)
    }

    public func booleanLiteral(_ value: Bool) -> String { value ? "TRUE" : "FALSE" }

    /// With `standard_conforming_strings` off, a backslash in a string would escape the quote
    /// after it; the script turns it on for its own transaction, so values are read as written.
    public var preamble: [String] { ["SET LOCAL standard_conforming_strings = on;"] }

    public var arraysAreTextLiterals: Bool { false }
    public var addsForeignKeysLater: Bool { true }

    /// A source type PostgreSQL knows by that name is declared as it was (`numeric(15,2)`,
    /// `timestamp with time zone`, `varchar(20)`); a few other databases' names are translated
    /// (SQLite's `DATETIME`, `DOUBLE`, `BLOB`...); any other is left to the values.
    public func declaredType(_ type: SQLTypeName) -> String? {
        let known: Set = [
            "smallint", "integer", "int", "int2", "int4", "int8", "bigint", "numeric", "decimal", "real",
            "double precision", "float4", "float8", "text", "varchar", "character varying", "char", "character",
            "boolean", "bool", "date", "time", "time without time zone", "time with time zone", "timestamp",
            "timestamp without time zone", "timestamp with time zone", "timestamptz", "interval", "json", "jsonb",
            "uuid", "bytea", "inet", "cidr", "money", "serial", "bigserial",
        ]
        let translated: [String: String] = [
            "datetime": "timestamp", "double": "double precision", "float": "double precision", "blob": "bytea",
            "tinyint": "smallint", "mediumint": "integer", "unsigned big int": "bigint", "nvarchar": "varchar",
            "string": "text", "clob": "text",
        ]
        let takesNumbers: Set = [
            "numeric", "decimal", "varchar", "character varying", "char", "character", "time",
            "time without time zone", "time with time zone", "timestamp", "timestamp without time zone",
            "timestamp with time zone", "interval",
        ]
        // `int(11)` and the like: the numbers are another database's display width.
        if known.contains(type.base) { return takesNumbers.contains(type.base) ? type.text : type.base }
        guard let name = translated[type.base] else { return nil }
        // Keep a length (`nvarchar(20)` -> `varchar(20)`) only where the translation takes one.
        let numbers = type.text.drop { $0 != "(" }.prefix { $0 != ")" }
        return name == "varchar" && !numbers.isEmpty ? name + numbers + ")" : name
    }

    public func quoteString(_ text: String) -> String { standardString(text) }

    public func nameProblem(_ name: String) -> String? { nil }
}

/// Prints a model as a `psql` script (see ``SQLScriptPrinter``).
///
/// ```swift
/// // given: model: CategoryToModel
/// let script = try PostgreSQLPrinter().print(model)
/// ```
public struct PostgreSQLPrinter: ModelPrinter {
    public let target = "postgresql"
    public let fileExtension = "sql"

    public init() {}

    public func print(_ model: CategoryToModel, to out: inout TextOutput) throws(InputError) {
        try SQLScriptPrinter(dialect: PostgreSQLDialect(), targetName: "PostgreSQL", batchSize: batchSize).print(
            model, to: &out)
    }

    /// Every table, then every table's rows, then the foreign keys (``SQLScriptPrinter/print(kinds:to:)``).
    public func print(kinds models: [CategoryToModel], to out: inout TextOutput) throws(InputError) {
        try SQLScriptPrinter(dialect: PostgreSQLDialect(), targetName: "PostgreSQL", batchSize: batchSize).print(
            kinds: models, to: &out)
    }

    /// `ALTER TABLE ... ADD FOREIGN KEY` for each key, in one transaction.
    public func constraints(_ keys: [ForeignKeyConstraint]) -> [UInt8]? {
        SQLScriptPrinter(dialect: PostgreSQLDialect(), targetName: "PostgreSQL").constraints(keys)
    }
}
