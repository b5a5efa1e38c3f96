/// Splits a query into tokens, over Unicode scalars (never grapheme clusters, so a combining mark
/// cannot hide a quote), counting lines and columns for error messages. `#` starts a comment
/// that runs to the end of the line.
///
/// ```swift
/// let tokens = try QueryLexer.tokens(of: "?item 52/55 ?label .")
/// tokens.map(\.text)   // ["item", "52", "/", "55", "label", ".", ""]
/// ```
enum QueryLexer {
    static func tokens(of text: String) throws(QueryError) -> [QueryToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [QueryToken] = []
        var index = 0
        var line = 1
        var lineStart = 0
        func position(_ at: Int) -> QueryPosition { QueryPosition(line: line, column: at - lineStart + 1) }
        func scalar(_ at: Int) -> Unicode.Scalar? { at < scalars.count ? scalars[at] : nil }

        while index < scalars.count {
            let current = scalars[index]
            let start = index
            if current == "\n" {
                index += 1
                line += 1
                lineStart = index
                continue
            }
            if current == " " || current == "\t" || current == "\r" {
                index += 1
                continue
            }
            if current == "#" {
                while index < scalars.count && scalars[index] != "\n" { index += 1 }
                continue
            }
            if current == "?" {
                index += 1
                while let next = scalar(index), isNameScalar(next) { index += 1 }
                guard index > start + 1 else {
                    throw QueryError(position(start), "\"?\" must be followed by a variable's name")
                }
                tokens.append(
                    QueryToken(
                        kind: .variable, text: String(String.UnicodeScalarView(scalars[(start + 1)..<index])),
                        position: position(start)))
                continue
            }
            if isDigit(current) {
                index += 1
                while true {
                    while let next = scalar(index), isDigit(next) { index += 1 }
                    // A group after "." or ".-" belongs to the number (a decimal or a signature).
                    if scalar(index) == ".", let after = scalar(index + 1), isDigit(after) {
                        index += 1
                    } else if scalar(index) == ".", scalar(index + 1) == "-", let after = scalar(index + 2),
                        isDigit(after)
                    {
                        index += 2
                    } else {
                        break
                    }
                }
                tokens.append(
                    QueryToken(
                        kind: .number, text: String(String.UnicodeScalarView(scalars[start..<index])),
                        position: position(start)))
                continue
            }
            if isNameScalar(current) {
                while let next = scalar(index), isNameScalar(next) { index += 1 }
                tokens.append(
                    QueryToken(
                        kind: .name, text: String(String.UnicodeScalarView(scalars[start..<index])),
                        position: position(start)))
                continue
            }
            if current == "\"" || current == "'" {
                index += 1
                var value = String.UnicodeScalarView()
                while true {
                    guard let next = scalar(index), next != "\n" else {
                        throw QueryError(position(start), "the string is not closed on its line")
                    }
                    index += 1
                    if next == current { break }
                    if next == "\\" {
                        guard let escaped = scalar(index) else {
                            throw QueryError(position(start), "the string is not closed on its line")
                        }
                        index += 1
                        switch escaped {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        case "\\", "\"", "'": value.append(escaped)
                        default:
                            throw QueryError(
                                position(index - 2),
                                "unknown escape \"\\\(escaped)\" (write \\\\, \\\", \\', \\n, \\t or \\r)")
                        }
                        continue
                    }
                    value.append(next)
                }
                tokens.append(QueryToken(kind: .string, text: String(value), position: position(start)))
                continue
            }
            let pair = scalar(index + 1).map { String(current) + String($0) } ?? ""
            if ["!=", "<=", ">=", "&&", "||"].contains(pair) {
                index += 2
                tokens.append(QueryToken(kind: .symbol, text: pair, position: position(start)))
                continue
            }
            if "{}().;,/*+-=<>!".unicodeScalars.contains(current) {
                index += 1
                tokens.append(QueryToken(kind: .symbol, text: String(current), position: position(start)))
                continue
            }
            throw QueryError(position(start), "unexpected character \"\(current.escaped(asASCII: true))\"")
        }
        tokens.append(QueryToken(kind: .end, text: "", position: position(index)))
        return tokens
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    /// Letters (any script), digits and `_`: what names and variables are made of.
    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || isDigit(scalar) || scalar.properties.isAlphabetic
    }
}
