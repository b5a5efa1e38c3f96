/// Splits an SQL script into its statements, as `psql` does: a `;` ends a statement unless it is
/// inside a string (`'...'`, quotes doubled), a quoted identifier (`"..."`) or a `--` comment.
///
/// Drivers that run one statement per call (PostgreSQL's extended protocol) execute a model this way.
///
/// ```swift
/// SQLStatementSplitter.split("BEGIN;\nINSERT INTO \"t;\" VALUES ('a;b');\nCOMMIT;\n")
/// // ["BEGIN", "INSERT INTO \"t;\" VALUES ('a;b')", "COMMIT"]
/// ```
public enum SQLStatementSplitter {
    public static func split(_ script: String) -> [String] {
        var statements: [String] = []
        var current: [UInt8] = []
        let bytes = Array(script.utf8)
        var index = 0
        func finish() {
            let text = String(decoding: current, as: UTF8.self).trimmingWhitespace()
            if !text.isEmpty { statements.append(text) }
            current.removeAll()
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                var end = index + 1
                while end < bytes.count {
                    if bytes[end] == byte {
                        if end + 1 < bytes.count && bytes[end + 1] == byte {
                            end += 2
                            continue
                        }
                        break
                    }
                    end += 1
                }
                current.append(contentsOf: bytes[index..<min(end + 1, bytes.count)])
                index = end + 1
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: ";"):
                finish()
                index += 1
            default:
                current.append(byte)
                index += 1
            }
        }
        finish()
        return statements
    }
}

extension String {
    /// The text without leading and trailing spaces and line breaks.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
