/// The quoting rules every printer uses, applied to UTF-8 bytes and Unicode scalars.
///
/// Never to `Character`s: a grapheme cluster can hold a quote together with the character before
/// it (U+0600, a "prepend" character, followed by `'` is one `Character`), so a loop or a check
/// over characters misses the quote, and a name or value ends its literal early. The quotes these
/// functions look for are ASCII, and in UTF-8 an ASCII byte never occurs inside another
/// character's bytes, so working on bytes finds every one.
///
/// ```swift
/// "O'Brien".doubling("'")                  // O''Brien
/// ScriptQuoting.commentText("a\u{2028}b")  // a\u{2028}b, all printable ASCII
/// ```
public enum ScriptQuoting {
    /// Text that can stand inside a comment of any script (`--`, `//` or `/* */`): printable ASCII
    /// only. Everything else, line and paragraph separators included, is written as `\u{XXXX}`,
    /// a backslash as `\\`, a double quote as `\"` (names are shown in quotes), and the `/` of
    /// `*/` and `</` as `\/`, so nothing the user named ends the comment, or a script in HTML.
    public static func commentText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "/" where previous == "*" || previous == "<": out += "\\/"
            case " "..."~": out.unicodeScalars.append(scalar)
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
            previous = scalar
        }
        return out
    }
}

extension String {
    /// The text with every `quote` doubled, as SQL strings and identifiers want (`'` → `''`).
    /// `quote` must be ASCII: the doubling is done on UTF-8 bytes (see ``ScriptQuoting``).
    public func doubling(_ quote: Unicode.Scalar) -> String {
        precondition(quote.isASCII, "only ASCII quotes can be doubled byte by byte")
        let byte = UInt8(quote.value)
        guard utf8.contains(byte) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 8)
        for unit in utf8 {
            out.append(unit)
            if unit == byte { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension StringProtocol {
    /// Whether the text holds the ASCII character `scalar` anywhere, even where it is part of a
    /// larger grapheme cluster (which `contains(_: Character)` would not see).
    public func containsASCII(_ scalar: Unicode.Scalar) -> Bool {
        precondition(scalar.isASCII, "only ASCII characters can be found byte by byte")
        return utf8.contains(UInt8(scalar.value))
    }
}
