/// Runs a model (a script a ``ModelPrinter`` wrote) on its database, all or nothing where the
/// database has transactions, and reports how many rows or documents it wrote.
///
/// ```swift
/// // given: script: [UInt8]
/// let written = try await SQLiteModelExecutor(path: "shop.sqlite").execute(script)
/// ```
public protocol ModelExecutor: Sendable {
    func execute(_ script: [UInt8]) async throws(InputError) -> Int
}
