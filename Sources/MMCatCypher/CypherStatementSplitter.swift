import MMCat

/// Splits a Cypher script into its statements, as `cypher-shell` does: a `;` ends a statement
/// unless it is inside a string (`'...'` or `"..."`, with backslash escapes), a backtick-quoted
/// name, or a `//` comment (which is dropped). It works on bytes, so no grapheme cluster can hide
/// a quote.
///
/// Servers that take one query per command (FalkorDB's `GRAPH.QUERY`) run a model this way.
///
/// ```swift
/// CypherStatementSplitter.split("// a comment; still one\nCREATE (:`a;b` {s: 'x;\\'y'});\nRETURN 1;\n")
/// // ["CREATE (:`a;b` {s: 'x;\\'y'})", "RETURN 1"]
/// ```
public enum CypherStatementSplitter {
    public static func split(_ script: String) -> [String] {
        var statements: [String] = []
        var current: [UInt8] = []
        let bytes = Array(script.utf8)
        var index = 0
        func finish() {
            let text = String(decoding: current, as: UTF8.self).trimmingWhitespace()
            if !text.isEmpty { statements.append(text) }
            current.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                var end = index + 1
                while end < bytes.count && bytes[end] != byte {
                    // Strings escape with a backslash; a backtick-quoted name has no escapes.
                    end += byte != UInt8(ascii: "`") && bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                current.append(contentsOf: bytes[index..<min(end + 1, bytes.count)])
                index = end + 1
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
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
