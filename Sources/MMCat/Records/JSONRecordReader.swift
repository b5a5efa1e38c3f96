/// Reads the records (documents) of a kind from JSON text, one at a time.
///
/// The input is either one JSON array of documents or JSON Lines (one document per line); the
/// first non-blank character decides. Records are numbered from 1 in the order they appear.
///
/// ```swift
/// // given: data: Data
/// var reader = try JSONRecordReader(bytes: Array(data), file: "orders.json")
/// while let record = try reader.next() { print(record.number, record.value) }
/// ```
public struct JSONRecordReader: RecordSource {
    private var parser: JSONParser
    private let isArray: Bool
    private var finished = false
    private var count = 0

    public init(bytes: [UInt8], file: String) throws(InputError) {
        parser = JSONParser(bytes: bytes, file: file)
        parser.skipByteOrderMark()
        isArray = parser.skipWhitespace() == UInt8(ascii: "[")
        if isArray {
            parser.offset += 1
            if parser.consume(UInt8(ascii: "]")) {
                finished = true
                try expectEnd()
            }
        }
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws(InputError) -> SourceRecord? {
        if finished { return nil }
        if isArray {
            let value = try parser.parseValue()
            if !parser.consume(UInt8(ascii: ",")) {
                guard parser.consume(UInt8(ascii: "]")) else {
                    throw parser.error("expected ',' or ']' after record \(count + 1)")
                }
                finished = true
                try expectEnd()
            }
            count += 1
            return SourceRecord(number: count, value: value)
        }
        guard parser.skipWhitespace() != nil else {
            finished = true
            return nil
        }
        let value = try parser.parseValue()
        count += 1
        return SourceRecord(number: count, value: value)
    }

    private mutating func expectEnd() throws(InputError) {
        if parser.skipWhitespace() != nil {
            throw parser.error("unexpected text after the top-level array")
        }
    }
}
