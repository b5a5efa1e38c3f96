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
        ScriptStatements.split(
            script, quotes: [UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`")], lineComment: "//",
            closingQuote: closingQuote)
    }

    /// A statement of the form `UNWIND [list] AS row ...` (as ``CypherPrinter`` writes its
    /// batches) with the list moved into a query parameter, FalkorDB's way: `CYPHER rows=[list]
    /// UNWIND $rows AS row ...`. The query text is then the same for every batch of a kind, so the
    /// server parses and plans it once, and reads the rows with its faster parameter parser. Nil
    /// for any other statement. The list's end is found byte by byte, past strings and quoted
    /// names, so a value holding `] AS row` cannot end it.
    public static func parameterized(_ statement: String) -> String? {
        let bytes = Array(statement.utf8)
        let start = Array("UNWIND [".utf8)
        let after = Array(" AS row".utf8)
        guard bytes.starts(with: start) else { return nil }
        var index = start.count - 1
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                index = closingQuote(bytes, from: index) + 1
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 {
                    let rest = bytes[(index + 1)...]
                    guard rest.starts(with: after) else { return nil }
                    let list = String(decoding: bytes[(start.count - 1)...index], as: UTF8.self)
                    return "CYPHER rows=" + list + " UNWIND $rows" + String(decoding: rest, as: UTF8.self)
                }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The position of the quote that closes the string or quoted name opening at `start` (or the
    /// end of the bytes): strings escape with a backslash; a backtick-quoted name has no escapes.
    private static func closingQuote(_ bytes: [UInt8], from start: Int) -> Int {
        let quote = bytes[start]
        var end = start + 1
        while end < bytes.count && bytes[end] != quote {
            end += quote != UInt8(ascii: "`") && bytes[end] == UInt8(ascii: "\\") ? 2 : 1
        }
        return end
    }
}
