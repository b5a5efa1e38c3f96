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
        ScriptStatements.split(script, quotes: [UInt8(ascii: "'"), UInt8(ascii: "\"")], lineComment: "--") {
            bytes, start in
            // A quote ends the string unless it is doubled.
            let quote = bytes[start]
            var end = start + 1
            while end < bytes.count {
                if bytes[end] == quote {
                    if end + 1 < bytes.count && bytes[end + 1] == quote {
                        end += 2
                        continue
                    }
                    break
                }
                end += 1
            }
            return end
        }
    }
}

/// The loop the script splitters share: bytes are copied into the current statement until a `;`
/// outside quotes ends it; a quoted part (opened by one of `quotes`, closed where `closingQuote`
/// says) is copied whole, and a comment from `lineComment` to the line's end is dropped. It
/// works on bytes, so no grapheme cluster can hide a quote. Statements come back trimmed, empty
/// ones left out.
public enum ScriptStatements {
    public static func split(
        _ script: String, quotes: Set<UInt8>, lineComment: String,
        closingQuote: (_ bytes: [UInt8], _ start: Int) -> Int
    ) -> [String] {
        var statements: [String] = []
        var current: [UInt8] = []
        let bytes = Array(script.utf8)
        let comment = Array(lineComment.utf8)
        var index = 0
        func finish() {
            let text = String(decoding: current, as: UTF8.self).trimmingWhitespace()
            if !text.isEmpty { statements.append(text) }
            current.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if quotes.contains(byte) {
                let end = closingQuote(bytes, index)
                current.append(contentsOf: bytes[index..<min(end + 1, bytes.count)])
                index = end + 1
            } else if bytes[index...].starts(with: comment) {
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: ";") {
                finish()
                index += 1
            } else {
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
