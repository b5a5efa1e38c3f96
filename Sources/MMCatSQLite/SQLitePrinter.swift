import MMCat

/// SQLite types and literals. Decimals go to `NUMERIC` columns, which keep `2` an integer and `1.5`
/// a real, so values read back with the text they had. SQLite has no arrays: an array is stored as JSON text (readable with
/// SQLite's `json_each`). Booleans are kept as the texts `true`/`false` in a `BOOLEAN` column, so
/// reading them back gives the same values.
public struct SQLiteDialect: SQLDialect {
    public init() {}

    public func typeName(_ kind: ValueKind, isArray: Bool) -> String {
        if isArray { return "TEXT" }
        switch kind {
        case .integer: return "INTEGER"
        case .decimal: return "NUMERIC"
        case .boolean: return "BOOLEAN"
        case .text: return "TEXT"
        }
    }

    public func arrayLiteral(_ elements: [String], kind: ValueKind) -> String {
        var out = TextOutput()
        out.write("[")
        for (index, element) in elements.enumerated() {
            if index > 0 { out.write(", ") }
            if kind == .text { out.writeJSONString(element) } else { out.write(element) }
        }
        out.write("]")
        return quoteString(out.text)
    }

    public func booleanLiteral(_ value: Bool) -> String { value ? "'true'" : "'false'" }

    public var preamble: [String] { [] }

    /// Arrays are JSON text, where a NUL is written `\u0000`.
    public var arraysAreTextLiterals: Bool { true }
    public var addsForeignKeysLater: Bool { false }

    /// SQLite takes any type name (it keeps the name and gives the column an affinity by it), so
    /// the source's type is declared as it was.
    public func declaredType(_ type: SQLTypeName) -> String? { type.text }

    /// The `sqlite3` shell drops a carriage return that ends a line, even inside a string, so a
    /// carriage return is written outside the quotes: `'a' || char(13) || 'b'`.
    public func quoteString(_ text: String) -> String {
        guard text.containsASCII("\r") else { return standardString(text) }
        let parts = text.utf8.split(separator: 13, omittingEmptySubsequences: false).map {
            standardString(String(decoding: $0, as: UTF8.self))
        }
        return "(" + parts.joined(separator: " || char(13) || ") + ")"
    }

    /// Names cannot be written in pieces like values: one with a carriage return is refused.
    public func nameProblem(_ name: String) -> String? {
        name.containsASCII("\r")
            ? "holds a carriage return, which the sqlite3 shell drops at the end of a line" : nil
    }
}

/// Prints a model as an `sqlite3` script (see ``SQLScriptPrinter``).
public struct SQLitePrinter: ModelPrinter {
    public let target = "sqlite"
    public let fileExtension = "sql"
    /// Declared in each table's `CREATE TABLE` (SQLite cannot add them later).
    public var foreignKeys: [ForeignKeyConstraint] = []

    public init() {}

    public func print(_ model: CategoryToModel, to out: inout TextOutput) throws(InputError) {
        try SQLScriptPrinter(
            dialect: SQLiteDialect(), targetName: "SQLite", batchSize: batchSize, foreignKeys: foreignKeys
        ).print(model, to: &out)
    }

    /// Every table, then every table's rows, then the foreign keys (``SQLScriptPrinter/print(kinds:to:)``).
    public func print(kinds models: [CategoryToModel], to out: inout TextOutput) throws(InputError) {
        try SQLScriptPrinter(dialect: SQLiteDialect(), targetName: "SQLite", batchSize: batchSize).print(
            kinds: models, to: &out)
    }

    public func withForeignKeys(_ keys: [ForeignKeyConstraint]) -> any ModelPrinter {
        var printer = self
        printer.foreignKeys = keys
        return printer
    }
}
