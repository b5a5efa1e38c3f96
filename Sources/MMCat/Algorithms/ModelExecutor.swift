/// Runs a model (a script a ``ModelPrinter`` wrote) on its database, all or nothing where the
/// database has transactions, and reports how many rows or documents it wrote.
///
/// ```swift
/// // given: script: [UInt8]
/// let written = try await SQLiteModelExecutor(path: "shop.sqlite").execute(script)
/// ```
public protocol ModelExecutor: Sendable {
    func execute(_ script: [UInt8]) async throws(InputError) -> Int
    /// Runs the model `print` writes, taking it chunk by chunk where the executor can (a file
    /// takes each chunk as it comes, so a large model never sits whole in memory). By default
    /// the model is printed whole, then run.
    func execute(printing print: (inout TextOutput) throws(InputError) -> Void) async throws(InputError) -> Int
    /// Runs the model and says what it wrote, by part where the database has several (a graph's
    /// nodes and relationships). The default reports ``execute(_:)``'s count alone.
    func report(_ script: [UInt8]) async throws(InputError) -> ExecutionReport
}

extension ModelExecutor {
    public func execute(printing print: (inout TextOutput) throws(InputError) -> Void) async throws(InputError)
        -> Int
    {
        var out = TextOutput()
        try print(&out)
        return try await execute(out.bytes)
    }

    public func report(_ script: [UInt8]) async throws(InputError) -> ExecutionReport {
        ExecutionReport(written: try await execute(script))
    }
}

/// What running a model wrote: the total (rows, documents, or nodes and relationships), and the
/// count of each part by name where the database has parts (`nodes`, `relationships`).
public struct ExecutionReport: Sendable, Equatable {
    public var written: Int
    public var parts: [String: Int]

    public init(written: Int, parts: [String: Int] = [:]) {
        self.written = written
        self.parts = parts
    }
}
