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
        let pool = layout.model.instance.pool
        for row in layout.rows {
            for (position, column) in layout.columns.enumerated() {
                if position > 0 { out.write(byte: 0x09) }
                guard let value = layout.value(column, row: row) else {
                    out.write("\\N")
                    continue
                }
                let text = pool.text(value)
                for byte in text.utf8 {
                    switch byte {
                    case 0x5C: out.write("\\\\")
                    case 0x09: out.write("\\t")
                    case 0x0A: out.write("\\n")
                    case 0x0D: out.write("\\r")
                    case 0x00:
                        throw InputError(
                            file: "kind \"\(ScriptQuoting.commentText(layout.model.mapping.kindName))\"",
                            location: "column \"\(column.name)\"",
                            message: "a value holds a NUL character (U+0000), which PostgreSQL text cannot hold")
                    default: out.write(byte: byte)
                    }
                }
            }
            out.write(byte: 0x0A)
            out.flushIfNeeded()
        }
    }
}
