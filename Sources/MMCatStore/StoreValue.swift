import Foundation

/// A value the metadata store reads or writes: the handful of column types its tables use, the
/// same in SQLite and PostgreSQL.
package enum StoreValue: Sendable, Equatable {
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
/// // given: row: StoreRow
/// let id: Int64 = try row["id"]
/// let reason: String? = try row["reason"]
/// ```
struct StoreRow: Sendable {
    var columns: [String: StoreValue]

    /// The value of `column` as `T`, or an error naming the column when the stored value has
    /// another type (a store edited by hand, or written by another version).
    subscript<T: StoreDecodable>(_ column: String) -> T {
        get throws(StoreError) {
            guard let value = T(storeValue: columns[column] ?? .null) else {
                throw StoreError.corrupt(
                    "the metadata store's column \(column) holds \(columns[column] ?? .null), not a \(T.self)")
            }
            return value
        }
    }

    /// The value of `column` as one of the words `T` knows, or an error naming the column and
    /// the word when it is not one of them.
    func word<T: RawRepresentable>(_ column: String, as type: T.Type) throws(StoreError) -> T
    where T.RawValue == String {
        let text: String = try self[column]
        guard let value = T(rawValue: text) else {
            throw StoreError.corrupt(
                "the metadata store's column \(column) holds \"\(text)\", which this server does not know")
        }
        return value
    }
}
