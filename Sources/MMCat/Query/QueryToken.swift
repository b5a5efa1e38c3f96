/// One token of a query: what it is, its text and where it starts.
struct QueryToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `?name`; the text is the name without `?`.
        case variable
        /// A word: a keyword, a function or a morphism's or field's name.
        case name
        /// Digits, with `.` and `.-` between groups (`2043`, `12.5`, `1.-2.-3`).
        case number
        /// A quoted string; the text is its value, escapes resolved.
        case string
        /// One of `{ } ( ) . ; , / * + - = != < > <= >= && || !`.
        case symbol
        case end
    }

    var kind: Kind
    var text: String
    var position: QueryPosition

    /// Whether this is the word `keyword`, in any letter case.
    func isKeyword(_ keyword: String) -> Bool {
        kind == .name && text.uppercased() == keyword
    }

    func isSymbol(_ symbol: String) -> Bool {
        kind == .symbol && text == symbol
    }

    /// How an error message names the token.
    var shown: String {
        switch kind {
        case .variable: return "?\(text)"
        case .string: return "a string"
        case .end: return "the end of the query"
        case .name, .number, .symbol: return "\"\(text)\""
        }
    }
}
