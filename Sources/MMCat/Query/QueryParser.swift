/// Reads a query's text into ``QuerySyntax`` by recursive descent, one method per rule of the
/// grammar in `docs/queries.md`. Every error names the line and column of the token it stopped at
/// and what it expected there.
struct QueryParser {
    private var tokens: [QueryToken]
    private var index = 0
    /// How many subqueries are read so far: each numbers the scope of its own variables.
    private var subqueries = 0

    /// Functions of FILTER, HAVING, ORDER BY and the output, with how many arguments each takes.
    static let functions: [String: ClosedRange<Int>] = [
        "CONTAINS": 2...2, "STRSTARTS": 2...2, "STRENDS": 2...2, "STRLEN": 1...1, "UCASE": 1...1,
        "LCASE": 1...1, "CONCAT": 1...64, "SUBSTR": 2...3, "BOUND": 1...1, "ABS": 1...1,
    ]
    static let aggregates: Set<String> = ["COUNT", "SUM", "AVG", "MIN", "MAX"]

    static func parse(_ text: String) throws(QueryError) -> QuerySyntax {
        var parser = QueryParser(tokens: try QueryLexer.tokens(of: text))
        return try parser.query()
    }

    private init(tokens: [QueryToken]) {
        self.tokens = tokens
    }

    private var current: QueryToken { tokens[index] }

    private mutating func advance() -> QueryToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func fail(_ expected: String) -> QueryError {
        QueryError(current.position, "expected \(expected), found \(current.shown)")
    }

    private mutating func expectSymbol(_ symbol: String, _ what: String? = nil) throws(QueryError) {
        guard current.isSymbol(symbol) else { throw fail(what ?? "\"\(symbol)\"") }
        _ = advance()
    }

    private mutating func expectKeyword(_ keyword: String) throws(QueryError) {
        guard current.isKeyword(keyword) else { throw fail(keyword) }
        _ = advance()
    }

    private mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        _ = advance()
        return true
    }

    private mutating func acceptKeyword(_ keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        _ = advance()
        return true
    }

    private mutating func variable() throws(QueryError) -> VariableSyntax {
        guard current.kind == .variable else { throw fail("a variable (?name)") }
        let token = advance()
        return VariableSyntax(name: token.text, position: token.position)
    }

    // MARK: The query and its modifiers

    private mutating func query() throws(QueryError) -> QuerySyntax {
        try expectKeyword("SELECT")
        try expectSymbol("{", "\"{\" after SELECT")
        let output = try outputTriples()
        try expectKeyword("WHERE")
        let pattern = try group()
        let syntax = QuerySyntax(output: output, pattern: pattern, modifiers: try modifiers())
        guard current.kind == .end else { throw fail("the end of the query") }
        return syntax
    }

    /// GROUP BY, HAVING, ORDER BY, LIMIT and OFFSET, each optional, in this order (LIMIT and
    /// OFFSET either way round).
    private mutating func modifiers() throws(QueryError) -> ModifiersSyntax {
        var modifiers = ModifiersSyntax()
        if acceptKeyword("GROUP") {
            try expectKeyword("BY")
            repeat { modifiers.groupBy.append(try variable()) } while current.kind == .variable
        }
        if acceptKeyword("HAVING") {
            repeat { modifiers.having.append(try bracketted()) } while current.isSymbol("(")
        }
        if acceptKeyword("ORDER") {
            try expectKeyword("BY")
            repeat {
                if current.isKeyword("ASC") || current.isKeyword("DESC") {
                    let descending = advance().text.uppercased() == "DESC"
                    modifiers.orderBy.append((try bracketted(), descending))
                } else if current.kind == .variable {
                    modifiers.orderBy.append((.variable(try variable()), false))
                } else {
                    modifiers.orderBy.append((try bracketted(), false))
                }
            } while current.kind == .variable || current.isSymbol("(") || current.isKeyword("ASC")
                || current.isKeyword("DESC")
        }
        for _ in 0..<2 {
            if modifiers.limit == nil && acceptKeyword("LIMIT") {
                modifiers.limit = try count("LIMIT")
            } else if modifiers.offset == nil && acceptKeyword("OFFSET") {
                modifiers.offset = try count("OFFSET")
            }
        }
        return modifiers
    }

    /// `SELECT [DISTINCT] ?v (expression AS ?n) … WHERE { … } modifiers }`, after the `{`: the
    /// variables it does not project become its own (``VariableSyntax/scope``).
    private mutating func subquery(at position: QueryPosition) throws(QueryError) -> SubquerySyntax {
        try expectKeyword("SELECT")
        let distinct = acceptKeyword("DISTINCT")
        var projection: [SubquerySyntax.Projection] = []
        while !current.isKeyword("WHERE") {
            if current.kind == .variable {
                projection.append(.variable(try variable()))
            } else if acceptSymbol("(") {
                let expression = try self.expression()
                try expectKeyword("AS")
                projection.append(.computed(expression, as: try variable()))
                try expectSymbol(")")
            } else {
                throw fail("a variable, (expression AS ?name) or WHERE")
            }
        }
        guard !projection.isEmpty else { throw fail("the variables the subquery gives its group") }
        var names: Set<String> = []
        for variable in projection.map(\.variable) where !names.insert(variable.name).inserted {
            throw QueryError(variable.position, "the subquery gives ?\(variable.name) twice")
        }
        try expectKeyword("WHERE")
        var subquery = SubquerySyntax(
            distinct: distinct, projection: projection, pattern: try group(), modifiers: try modifiers(),
            position: position)
        try expectSymbol("}", "\"}\" after the subquery")
        subqueries += 1
        subquery.scope(subqueries, keeping: names)
        return subquery
    }

    private mutating func count(_ keyword: String) throws(QueryError) -> Int {
        guard current.kind == .number, let number = Int(current.text) else {
            throw fail("a whole number after \(keyword)")
        }
        _ = advance()
        return number
    }

    // MARK: The output pattern

    /// `?subject name value ; name value . ?other …` up to the closing `}`.
    private mutating func outputTriples() throws(QueryError) -> [OutputTriple] {
        var triples: [OutputTriple] = []
        while !acceptSymbol("}") {
            let subject = try variable()
            repeat {
                guard current.kind == .name || current.kind == .string else {
                    throw fail("a field's name (a word or a quoted string)")
                }
                let name = advance()
                let value = try outputValue()
                triples.append(
                    OutputTriple(subject: subject, name: name.text, namePosition: name.position, value: value))
                if current.isSymbol(",") {
                    throw QueryError(current.position, "a field has one value: write another name for the next one")
                }
            } while acceptSymbol(";") && !current.isSymbol(".") && !current.isSymbol("}")
            if !acceptSymbol(".") && !current.isSymbol("}") { throw fail("\".\", \";\" or \"}\"") }
        }
        return triples
    }

    private mutating func outputValue() throws(QueryError) -> ExpressionSyntax {
        if current.kind == .variable { return .variable(try variable()) }
        return try primary()
    }

    // MARK: Patterns

    private mutating func group() throws(QueryError) -> GroupSyntax {
        let position = current.position
        try expectSymbol("{")
        var elements: [GroupElementSyntax] = []
        while !acceptSymbol("}") {
            if acceptSymbol(".") { continue }
            if current.isSymbol("{") && tokens[index + 1].isKeyword("SELECT") {
                let position = advance().position
                elements.append(.subquery(try subquery(at: position)))
            } else if acceptKeyword("OPTIONAL") {
                elements.append(.optional(try group()))
            } else if acceptKeyword("MINUS") {
                elements.append(.minus(try group()))
            } else if acceptKeyword("FILTER") {
                elements.append(.filter(try bracketted()))
            } else if current.isKeyword("VALUES") {
                elements.append(try values())
            } else if current.isSymbol("{") {
                var branches = [try group()]
                while acceptKeyword("UNION") { branches.append(try group()) }
                elements.append(.union(branches))
            } else if current.kind == .variable {
                try triples(into: &elements)
            } else {
                throw fail("a triple, OPTIONAL, MINUS, FILTER, VALUES, a { group }, a { SELECT … } or \"}\"")
            }
        }
        return GroupSyntax(elements: elements, position: position)
    }

    /// `?subject path object , object ; path object …`
    private mutating func triples(into elements: inout [GroupElementSyntax]) throws(QueryError) {
        let subject = try variable()
        repeat {
            let path = try path()
            repeat {
                let object: TripleObjectSyntax
                if current.kind == .variable {
                    object = .variable(try variable())
                } else {
                    let position = current.position
                    object = .constant(try constant(), position)
                }
                elements.append(.triple(TripleSyntax(subject: subject, path: path, object: object)))
            } while acceptSymbol(",")
        } while acceptSymbol(";") && !current.isSymbol(".") && !current.isSymbol("}")
        if !current.isSymbol(".") && !current.isSymbol("}") { throw fail("\".\", \";\", \",\" or \"}\"") }
    }

    /// Steps separated by `/`, walked in the order written.
    private mutating func path() throws(QueryError) -> [PathStepSyntax] {
        var steps: [PathStepSyntax] = []
        repeat {
            let position = current.position
            let reversed = acceptSymbol("-")
            if current.kind == .number {
                let token = advance()
                guard let signature = try? Signature(parsing: token.text) else {
                    throw QueryError(token.position, "\"\(token.text)\" is not a signature")
                }
                steps.append(
                    PathStepSyntax(form: .signature(reversed ? signature.dual : signature), position: position))
            } else if current.kind == .name {
                steps.append(PathStepSyntax(form: .name(advance().text, reversed: reversed), position: position))
            } else {
                throw fail("a morphism: a signature (52, -52, 1.-2.-3) or a name")
            }
        } while acceptSymbol("/")
        return steps
    }

    private mutating func values() throws(QueryError) -> GroupElementSyntax {
        let position = advance().position
        var variables: [VariableSyntax] = []
        let list = acceptSymbol("(")
        repeat { variables.append(try variable()) } while list && current.kind == .variable
        if list { try expectSymbol(")") }
        try expectSymbol("{")
        var rows: [[QueryValue?]] = []
        while !acceptSymbol("}") {
            if list {
                try expectSymbol("(", "\"(\" and one value per variable")
                var row: [QueryValue?] = []
                while !acceptSymbol(")") { row.append(try valuesEntry()) }
                guard row.count == variables.count else {
                    throw QueryError(
                        current.position, "a row of VALUES has \(row.count) values for \(variables.count) variables")
                }
                rows.append(row)
            } else {
                rows.append([try valuesEntry()])
            }
        }
        return .values(variables, rows: rows, position: position)
    }

    private mutating func valuesEntry() throws(QueryError) -> QueryValue? {
        if acceptKeyword("UNDEF") { return nil }
        return try constant()
    }

    private mutating func constant() throws(QueryError) -> QueryValue {
        let negative = acceptSymbol("-")
        let token = current
        switch token.kind {
        case .number:
            _ = advance()
            let text = negative ? "-" + token.text : token.text
            if let integer = Int64(text) { return .integer(integer) }
            guard !token.text.contains("-"), let decimal = Double(text) else {
                throw QueryError(token.position, "\"\(token.text)\" is not a number")
            }
            return .decimal(decimal)
        case .string where !negative:
            _ = advance()
            return .text(token.text)
        case .name where !negative && (token.isKeyword("TRUE") || token.isKeyword("FALSE")):
            _ = advance()
            return .boolean(token.isKeyword("TRUE"))
        default:
            throw fail("a value (a number, a quoted string, true or false)")
        }
    }

    // MARK: Expressions, loosest first

    private mutating func bracketted() throws(QueryError) -> ExpressionSyntax {
        try expectSymbol("(")
        let inner = try expression()
        try expectSymbol(")")
        return inner
    }

    /// Operands of the next tighter level joined, left to right, by any of `symbols`.
    private mutating func leftAssociative(
        _ symbols: Set<String>, _ operand: (inout QueryParser) throws(QueryError) -> ExpressionSyntax
    ) throws(QueryError) -> ExpressionSyntax {
        var left = try operand(&self)
        while current.kind == .symbol && symbols.contains(current.text) {
            let token = advance()
            left = .binary(token.text, left, try operand(&self), token.position)
        }
        return left
    }

    private mutating func expression() throws(QueryError) -> ExpressionSyntax {
        try leftAssociative(["||"]) { parser throws(QueryError) in try parser.conjunction() }
    }

    private mutating func conjunction() throws(QueryError) -> ExpressionSyntax {
        try leftAssociative(["&&"]) { parser throws(QueryError) in try parser.comparison() }
    }

    private mutating func comparison() throws(QueryError) -> ExpressionSyntax {
        let left = try additive()
        for symbol in ["=", "!=", "<", ">", "<=", ">="] where current.isSymbol(symbol) {
            let position = advance().position
            return .binary(symbol, left, try additive(), position)
        }
        let negated = current.isKeyword("NOT") && tokens[index + 1].isKeyword("IN")
        if negated { _ = advance() }
        if acceptKeyword("IN") {
            try expectSymbol("(")
            var list: [ExpressionSyntax] = []
            if !current.isSymbol(")") {
                repeat { list.append(try expression()) } while acceptSymbol(",")
            }
            try expectSymbol(")")
            return .membership(left, list, negated: negated)
        }
        return left
    }

    private mutating func additive() throws(QueryError) -> ExpressionSyntax {
        try leftAssociative(["+", "-"]) { parser throws(QueryError) in try parser.multiplicative() }
    }

    private mutating func multiplicative() throws(QueryError) -> ExpressionSyntax {
        try leftAssociative(["*", "/"]) { parser throws(QueryError) in try parser.unary() }
    }

    private mutating func unary() throws(QueryError) -> ExpressionSyntax {
        if acceptSymbol("!") { return .not(try unary()) }
        if current.isSymbol("-") {
            let position = advance().position
            return .negate(try unary(), position)
        }
        return try primary()
    }

    private mutating func primary() throws(QueryError) -> ExpressionSyntax {
        let token = current
        if token.isSymbol("(") { return try bracketted() }
        if token.kind == .variable { return .variable(try variable()) }
        if token.kind == .name && tokens[index + 1].isSymbol("(") {
            let name = token.text.uppercased()
            if Self.aggregates.contains(name) {
                _ = advance()
                _ = advance()
                let distinct = acceptKeyword("DISTINCT")
                let argument: ExpressionSyntax?
                if name == "COUNT" && acceptSymbol("*") {
                    argument = nil
                } else {
                    argument = try expression()
                }
                try expectSymbol(")")
                if argument?.aggregatePosition != nil {
                    throw QueryError(token.position, "an aggregate cannot hold another aggregate")
                }
                return .aggregate(name, distinct: distinct, argument, token.position)
            }
            guard let arity = Self.functions[name] else {
                let known = (Self.functions.keys.sorted() + Self.aggregates.sorted()).joined(separator: ", ")
                throw QueryError(token.position, "unknown function \"\(token.text)\" (known: \(known))")
            }
            _ = advance()
            _ = advance()
            var arguments: [ExpressionSyntax] = []
            if !current.isSymbol(")") {
                repeat { arguments.append(try expression()) } while acceptSymbol(",")
            }
            try expectSymbol(")")
            guard arity.contains(arguments.count) else {
                let expected = arity.count == 1 ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
                throw QueryError(token.position, "\(name) takes \(expected) arguments, not \(arguments.count)")
            }
            return .call(name, arguments, token.position)
        }
        return .constant(try constant())
    }
}
