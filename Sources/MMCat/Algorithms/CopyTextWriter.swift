/// Writes the rows of a flat kind in PostgreSQL's `COPY ... FROM STDIN` text format: one line a
/// row, columns separated by tabs, `\N` for NULL, and in values the backslash, tab, line feed and
/// carriage return escaped on bytes, so no value can end a column or a row early. A text with a
/// NUL character is refused (PostgreSQL text cannot hold one), naming the record.
///
/// ```swift
/// // given: layout: FlatLayout
/// var out = TextOutput()
/// try CopyTextWriter(layout: layout).writeRows(to: &out)
/// ```
public struct CopyTextWriter {
    public let layout: FlatLayout

    public init(layout: FlatLayout) {
        self.layout = layout
    }

    /// Whether the kind can go through COPY here: array columns need the SQL path.
    public var isSupported: Bool { !layout.columns.contains(where: \.isArray) }

    public func writeRows(to out: inout TextOutput) throws(InputError) {
        var next = 0
        while next < layout.rows.count { next = try writeRows(from: next, atLeast: Int.max, to: &out) }
    }

    /// Writes rows from the position `first` of ``FlatLayout/rows`` until `atLeast` bytes are out
    /// (or the rows end); returns the position of the next row to write. A loader streams a
    /// large kind this way, so that the database parses one chunk while the next is made.
    public func writeRows(from first: Int, atLeast bytes: Int, to out: inout TextOutput) throws(InputError) -> Int {
        let model = layout.model
        let pool = model.instance.pool
        // The nodes alone: reading a whole column description per cell costs a retain per field.
        let nodes = layout.columns.map(\.node)
        let start = out.totalCount
        var position = first
        while position < layout.rows.count && out.totalCount - start < bytes {
            let row = layout.rows[position]
            position += 1
            for (position, node) in nodes.enumerated() {
                if position > 0 { out.write(byte: 0x09) }
                guard let value = model.value(of: node, from: row) else {
                    out.write("\\N")
                    continue
                }
                var text = pool.text(value)
                let clean = text.withUTF8 { bytes in
                    // Most values need no escape: their bytes go out in one piece.
                    guard bytes.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x00 })
                    else {
                        out.write(bytes: bytes)
                        return true
                    }
                    return false
                }
                if !clean { try writeEscaped(text, column: position, to: &out) }
            }
            out.write(byte: 0x0A)
            out.flushIfNeeded()
        }
        return position
    }

    private func writeEscaped(_ text: String, column: Int, to out: inout TextOutput) throws(InputError) {
        for byte in text.utf8 {
            switch byte {
            case 0x5C: out.write("\\\\")
            case 0x09: out.write("\\t")
            case 0x0A: out.write("\\n")
            case 0x0D: out.write("\\r")
            case 0x00:
                throw InputError(
                    file: "kind \"\(ScriptQuoting.commentText(layout.model.mapping.kindName))\"",
                    location: "column \"\(layout.columns[column].name)\"",
                    message: "a value holds a NUL character (U+0000), which PostgreSQL text cannot hold")
            default: out.write(byte: byte)
            }
        }
    }
}
