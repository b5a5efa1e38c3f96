import Foundation

/// A value the metadata store reads or writes: the handful of column types its tables use, the
/// same in SQLite and PostgreSQL.
public enum StoreValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// Swift values that can be bound as statement arguments.
protocol StoreArgument {
    var storeValue: StoreValue { get }
}

/// Swift values that can be read from a column.
protocol StoreDecodable {
    init?(storeValue: StoreValue)
}

extension Int64: StoreArgument, StoreDecodable {
    var storeValue: StoreValue { .integer(self) }
    init?(storeValue: StoreValue) {
        switch storeValue {
        case .integer(let value): self = value
        case .real(let value): self.init(exactly: value)
        default: return nil
        }
    }
}

extension Int: StoreArgument, StoreDecodable {
    var storeValue: StoreValue { .integer(Int64(self)) }
    init?(storeValue: StoreValue) {
        guard let value = Int64(storeValue: storeValue) else { return nil }
        self.init(value)
    }
}

extension Double: StoreArgument, StoreDecodable {
    var storeValue: StoreValue { .real(self) }
    init?(storeValue: StoreValue) {
        switch storeValue {
        case .real(let value): self = value
        case .integer(let value): self.init(value)
        default: return nil
        }
    }
}

extension String: StoreArgument, StoreDecodable {
    var storeValue: StoreValue { .text(self) }
    init?(storeValue: StoreValue) {
        guard case .text(let value) = storeValue else { return nil }
        self = value
    }
}

extension Data: StoreArgument, StoreDecodable {
    var storeValue: StoreValue { .blob(self) }
    init?(storeValue: StoreValue) {
        switch storeValue {
        case .blob(let value): self = value
        case .text(let value): self.init(value.utf8)
        default: return nil
        }
    }
}

extension Optional: StoreArgument where Wrapped: StoreArgument {
    var storeValue: StoreValue { self?.storeValue ?? .null }
}

extension Optional: StoreDecodable where Wrapped: StoreDecodable {
    init?(storeValue: StoreValue) {
        self = storeValue == .null ? .none : Wrapped(storeValue: storeValue)
    }
}

/// One row of a query result, by column name.
///
/// ```swift
/// let id: Int64 = row["id"]
/// let reason: String? = row["reason"]
/// ```
struct StoreRow: Sendable {
    var columns: [String: StoreValue]

    /// The value of `column` as `T`. The store's own tables are read only with the types they were
    /// created with, so a mismatch is a bug in this code, not in any input.
    subscript<T: StoreDecodable>(_ column: String) -> T {
        guard let value = T(storeValue: columns[column] ?? .null) else {
            preconditionFailure("metadata column \(column) is \(columns[column] ?? .null), not \(T.self)")
        }
        return value
    }
}
