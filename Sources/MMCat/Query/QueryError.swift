/// A query that cannot be read or answered: where in its text (line and column, both from 1,
/// columns counted in Unicode scalars) and what is wrong.
///
/// ```swift
/// // given: schema: SchemaCategory
/// do {
///     _ = try Query(parsing: "SELECT { ?o number ?n } WHERE { ?o 999 ?n }", schema: schema)
/// } catch {
///     print(error)   // line 1, column 37: there is no morphism 999
/// }
/// ```
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(_ position: QueryPosition, _ message: String) {
        self.line = position.line
        self.column = position.column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A place in a query's text.
public struct QueryPosition: Sendable, Equatable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}
