/// An expression with its variables numbered, as ``Query`` evaluates it.
indirect enum QueryExpression: Sendable {
    case variable(Int)
    case constant(QueryValue)
    case not(QueryExpression)
    case negate(QueryExpression)
    case binary(String, QueryExpression, QueryExpression)
    case membership(QueryExpression, [QueryExpression], negated: Bool)
    case call(String, [QueryExpression])
    /// An aggregate over a group of solutions; a nil argument is `COUNT(*)`.
    case aggregate(String, distinct: Bool, QueryExpression?)

    /// Evaluates the expression; `variable` gives a variable's value in the solution at hand
    /// (nil when unbound), `aggregate` an aggregate's value over the solution's group. Nil is an
    /// error or no value: a FILTER keeps a solution only when its expression is `true`.
    func evaluate(
        _ variable: (Int) -> QueryValue?, _ aggregate: (String, Bool, QueryExpression?) -> QueryValue?
    ) -> QueryValue? {
        func value(_ expression: QueryExpression) -> QueryValue? { expression.evaluate(variable, aggregate) }
        switch self {
        case .variable(let index): return variable(index)
        case .constant(let constant): return constant
        case .aggregate(let name, let distinct, let argument): return aggregate(name, distinct, argument)
        case .not(let inner):
            guard case .boolean(let flag)? = value(inner) else { return nil }
            return .boolean(!flag)
        case .negate(let inner):
            switch value(inner) {
            case .integer(let number)?: return number == .min ? .decimal(-Double(number)) : .integer(-number)
            case .decimal(let number)?: return .decimal(-number)
            default: return nil
            }
        case .binary(let symbol, let left, let right):
            return Self.binary(symbol, value(left), { value(right) })
        case .membership(let element, let list, let negated):
            guard let found = value(element) else { return nil }
            let contained = list.contains { value($0)?.equals(found) ?? false }
            return .boolean(contained != negated)
        case .call(let name, let arguments):
            if name == "BOUND" { return .boolean(value(arguments[0]) != nil) }
            let values = arguments.map(value)
            if values.contains(where: { $0 == nil }) { return nil }
            return Self.call(name, values.map { $0! })
        }
    }

    private static func binary(_ symbol: String, _ left: QueryValue?, _ right: () -> QueryValue?) -> QueryValue? {
        switch symbol {
        case "&&", "||":
            // As in SPARQL: false && error is false, true || error is true.
            let isAnd = symbol == "&&"
            if case .boolean(let flag)? = left, flag != isAnd { return .boolean(flag) }
            guard case .boolean(let second)? = right() else { return nil }
            guard case .boolean = left else { return second != isAnd ? .boolean(second) : nil }
            return .boolean(second)
        default: break
        }
        guard let left, let right = right() else { return nil }
        switch symbol {
        case "=": return .boolean(left.equals(right))
        case "!=": return .boolean(!left.equals(right))
        case "<", ">", "<=", ">=":
            guard let order = left.compared(to: right) else { return nil }
            switch symbol {
            case "<": return .boolean(order < 0)
            case ">": return .boolean(order > 0)
            case "<=": return .boolean(order <= 0)
            default: return .boolean(order >= 0)
            }
        default:
            return arithmetic(symbol, left, right)
        }
    }

    /// `+ - * /` on numbers: integers stay integers unless they overflow or divide unevenly.
    static func arithmetic(_ symbol: String, _ left: QueryValue, _ right: QueryValue) -> QueryValue? {
        if case .integer(let a) = left, case .integer(let b) = right {
            switch symbol {
            case "+":
                let (sum, overflow) = a.addingReportingOverflow(b)
                if !overflow { return .integer(sum) }
            case "-":
                let (difference, overflow) = a.subtractingReportingOverflow(b)
                if !overflow { return .integer(difference) }
            case "*":
                let (product, overflow) = a.multipliedReportingOverflow(by: b)
                if !overflow { return .integer(product) }
            default:
                if b != 0 && a % b == 0 && !(a == .min && b == -1) { return .integer(a / b) }
            }
        }
        guard let a = left.number, let b = right.number else { return nil }
        switch symbol {
        case "+": return .decimal(a + b)
        case "-": return .decimal(a - b)
        case "*": return .decimal(a * b)
        default: return b == 0 ? nil : .decimal(a / b)
        }
    }

    private static func call(_ name: String, _ values: [QueryValue]) -> QueryValue? {
        let texts = values.map(\.text)
        switch name {
        case "CONTAINS": return .boolean(Self.find(texts[1], in: texts[0]))
        case "STRSTARTS": return .boolean(texts[0].unicodeScalars.starts(with: texts[1].unicodeScalars))
        case "STRENDS":
            return .boolean(texts[0].unicodeScalars.reversed().starts(with: texts[1].unicodeScalars.reversed()))
        case "STRLEN": return .integer(Int64(texts[0].unicodeScalars.count))
        case "UCASE": return .text(texts[0].uppercased())
        case "LCASE": return .text(texts[0].lowercased())
        case "CONCAT": return .text(texts.joined())
        case "ABS":
            switch values[0] {
            case .integer(let number): return number == .min ? .decimal(-Double(number)) : .integer(abs(number))
            case .decimal(let number): return .decimal(abs(number))
            default: return nil
            }
        case "SUBSTR":
            // 1-based, in Unicode scalars, as SPARQL's SUBSTR.
            guard case .integer(let start) = values[1] else { return nil }
            let scalars = Array(texts[0].unicodeScalars)
            var length = Int64(scalars.count)
            if values.count == 3 {
                guard case .integer(let given) = values[2], given >= 0 else { return nil }
                length = given
            }
            let from = max(start, 1)
            let to = min(
                Int64(scalars.count) + 1, start.addingReportingOverflow(length).overflow ? .max : start + length)
            guard from < to else { return .text("") }
            return .text(String(String.UnicodeScalarView(scalars[Int(from - 1)..<Int(to - 1)])))
        default: return nil
        }
    }

    /// Whether `needle`'s scalars occur in `haystack`'s (not grapheme clusters: `"e"` is found in
    /// `"e\u{301}"`, as PostgreSQL's `strpos` finds it).
    private static func find(_ needle: String, in haystack: String) -> Bool {
        let whole = Array(haystack.unicodeScalars)
        let part = Array(needle.unicodeScalars)
        guard part.count <= whole.count else { return false }
        for start in 0...(whole.count - part.count) where whole[start..<(start + part.count)].elementsEqual(part) {
            return true
        }
        return false
    }

    /// Variables read outside aggregates.
    var plainVariables: [Int] {
        switch self {
        case .variable(let index): return [index]
        case .constant, .aggregate: return []
        case .not(let inner), .negate(let inner): return inner.plainVariables
        case .binary(_, let left, let right): return left.plainVariables + right.plainVariables
        case .membership(let value, let list, _): return value.plainVariables + list.flatMap(\.plainVariables)
        case .call(_, let arguments): return arguments.flatMap(\.plainVariables)
        }
    }

    var hasAggregate: Bool {
        switch self {
        case .aggregate: return true
        case .variable, .constant: return false
        case .not(let inner), .negate(let inner): return inner.hasAggregate
        case .binary(_, let left, let right): return left.hasAggregate || right.hasAggregate
        case .membership(let value, let list, _): return value.hasAggregate || list.contains(where: \.hasAggregate)
        case .call(_, let arguments): return arguments.contains(where: \.hasAggregate)
        }
    }
}
