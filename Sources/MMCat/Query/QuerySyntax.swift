/// The parsed form of a query, before its names are looked up in a schema category.
///
/// `SELECT { output } WHERE { pattern } GROUP BY … HAVING … ORDER BY … LIMIT … OFFSET …`; the
/// grammar is in `docs/queries.md`.
struct QuerySyntax: Sendable {
    var output: [OutputTriple]
    var pattern: GroupSyntax
    var modifiers = ModifiersSyntax()
}

/// `GROUP BY … HAVING … ORDER BY … LIMIT … OFFSET …`, of a query or a subquery.
struct ModifiersSyntax: Sendable {
    var groupBy: [VariableSyntax] = []
    var having: [ExpressionSyntax] = []
    var orderBy: [(expression: ExpressionSyntax, descending: Bool)] = []
    var limit: Int?
    var offset: Int?
}

struct VariableSyntax: Sendable, Equatable {
    var name: String
    var position: QueryPosition
    /// 0 for a variable of the query; a subquery's own number for one it does not project,
    /// which is then another variable than any of the same name outside it.
    var scope = 0

    /// What tells variables apart: the name, and the subquery it is local to.
    var key: String { scope == 0 ? name : "\(name)#\(scope)" }
}

/// `{ SELECT [DISTINCT] ?v (expression AS ?n) … WHERE { … } modifiers }` inside a pattern: its
/// solutions, over the variables it projects, join the group's.
struct SubquerySyntax: Sendable {
    enum Projection: Sendable {
        case variable(VariableSyntax)
        case computed(ExpressionSyntax, as: VariableSyntax)

        var variable: VariableSyntax {
            switch self {
            case .variable(let variable), .computed(_, as: let variable): return variable
            }
        }
    }
    var distinct: Bool
    var projection: [Projection]
    var pattern: GroupSyntax
    var modifiers: ModifiersSyntax
    var position: QueryPosition
}

/// `?subject name value` of the output pattern: the field `name` of the subject's document.
struct OutputTriple: Sendable {
    var subject: VariableSyntax
    var name: String
    var namePosition: QueryPosition
    var value: ExpressionSyntax
}

/// `{ … }`: triples, filters and the other parts, in their written order.
struct GroupSyntax: Sendable {
    var elements: [GroupElementSyntax]
    var position: QueryPosition
}

indirect enum GroupElementSyntax: Sendable {
    case triple(TripleSyntax)
    case optional(GroupSyntax)
    /// `{ … } UNION { … }`; one branch is a nested group, its filters kept inside it.
    case union([GroupSyntax])
    case minus(GroupSyntax)
    case filter(ExpressionSyntax)
    case values([VariableSyntax], rows: [[QueryValue?]], position: QueryPosition)
    case subquery(SubquerySyntax)
}

/// `?subject path object`: the subject reaches the object along the path.
struct TripleSyntax: Sendable {
    var subject: VariableSyntax
    var path: [PathStepSyntax]
    var object: TripleObjectSyntax
}

/// One step of a path: a signature written with numbers (`52`, `-52`, `1.-2.-3`) or a name,
/// possibly reversed (`-name`).
struct PathStepSyntax: Sendable {
    enum Form: Sendable {
        case signature(Signature)
        case name(String, reversed: Bool)
    }
    var form: Form
    var position: QueryPosition
}

enum TripleObjectSyntax: Sendable {
    case variable(VariableSyntax)
    case constant(QueryValue, QueryPosition)
}

/// An expression of FILTER, HAVING, ORDER BY or an output field.
indirect enum ExpressionSyntax: Sendable {
    case variable(VariableSyntax)
    case constant(QueryValue)
    case not(ExpressionSyntax)
    case negate(ExpressionSyntax, QueryPosition)
    case binary(String, ExpressionSyntax, ExpressionSyntax, QueryPosition)
    case membership(ExpressionSyntax, [ExpressionSyntax], negated: Bool)
    case call(String, [ExpressionSyntax], QueryPosition)
    /// An aggregate; a nil argument is `COUNT(*)`.
    case aggregate(String, distinct: Bool, ExpressionSyntax?, QueryPosition)

    /// The variables the expression reads, outside aggregates.
    var plainVariables: [VariableSyntax] {
        switch self {
        case .variable(let variable): return [variable]
        case .constant, .aggregate: return []
        case .not(let inner), .negate(let inner, _): return inner.plainVariables
        case .binary(_, let left, let right, _): return left.plainVariables + right.plainVariables
        case .membership(let value, let list, _): return value.plainVariables + list.flatMap(\.plainVariables)
        case .call(_, let arguments, _): return arguments.flatMap(\.plainVariables)
        }
    }

    /// Where the first aggregate of the expression is written; nil when it holds none.
    var aggregatePosition: QueryPosition? {
        switch self {
        case .aggregate(_, _, _, let position): return position
        case .variable, .constant: return nil
        case .not(let inner), .negate(let inner, _): return inner.aggregatePosition
        case .binary(_, let left, let right, _): return left.aggregatePosition ?? right.aggregatePosition
        case .membership(let value, let list, _):
            return value.aggregatePosition ?? list.lazy.compactMap(\.aggregatePosition).first
        case .call(_, let arguments, _): return arguments.lazy.compactMap(\.aggregatePosition).first
        }
    }
}
