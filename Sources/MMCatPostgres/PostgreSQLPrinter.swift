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

    /// `ALTER TABLE ... ADD FOREIGN KEY` for each key, in one transaction.
    public func constraints(_ keys: [ForeignKeyConstraint]) -> [UInt8]? {
        SQLScriptPrinter(dialect: PostgreSQLDialect(), targetName: "PostgreSQL").constraints(keys)
    }
}
