/// A stream of the records of one kind: documents of a collection or a file, rows of a table.
///
/// Model to Category pulls records from a source one at a time; each database family provides a
/// source for its kinds (``JSONRecordReader`` reads documents from JSON text).
///
/// ```swift
/// // given: data: [UInt8]
/// var source = try JSONRecordReader(bytes: data, file: "orders.json")
/// while let record = try source.next() { print(record.number) }
/// ```
public protocol RecordSource {
    /// The next record, or nil after the last one. A source that cannot go on (a syntax error, a
    /// lost connection) throws, naming where it stopped.
    mutating func next() throws(InputError) -> SourceRecord?

    /// How many records the source holds, when it knows before they are read (a table read into
    /// memory); nil for a stream. Progress bars show "done of total" with it.
    var totalRecords: Int? { get }

    /// The query the database runs for this source, when it reads part of a kind (a query's
    /// plan shows it); nil for a kind read whole.
    var nativeQuery: String? { get }
}

extension RecordSource {
    public var totalRecords: Int? { nil }
    public var nativeQuery: String? { nil }
}

/// An input read a piece at a time (a file of gigabytes is never held whole): appends at most
/// `count` more bytes of it to `buffer`, and returns false, appending nothing, at its end.
public typealias InputChunks = (_ buffer: inout [UInt8], _ count: Int) throws(InputError) -> Bool

/// One record of a kind, with its position in the source (from 1), which rejections name.
public struct SourceRecord: Sendable {
    public var number: Int
    public var value: JSONValue

    public init(number: Int, value: JSONValue) {
        self.number = number
        self.value = value
    }
}
