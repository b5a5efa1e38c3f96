import Foundation

/// Runs blocking or CPU-heavy work (an import, a store transaction waiting on PostgreSQL) on a
/// GCD worker thread, so that it neither blocks an event loop nor holds one of the few threads of
/// Swift's cooperative pool (two on a 2-core machine) that every request handler needs.
///
/// ```swift
/// // given: plan: ImportPlan, instance: InstanceCategory, data: [UInt8]
/// let summary = try await Offload.run {
///     var source = try JSONRecordReader(bytes: data, file: "orders.jsonl")
///     return try ModelToCategory(plan: plan, instance: instance).run(&source)
/// }
/// ```
package enum Offload {
    package static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Result { try body() }) }
        }.get()
    }
}
