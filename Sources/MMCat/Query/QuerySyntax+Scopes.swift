/// A subquery's own variables: every variable written inside it that it does not project is
/// renumbered into its scope, so `?o` inside `{ SELECT ?c WHERE { ?o o_customer ?c } }` is
/// another variable than an `?o` outside, as in SPARQL. A nested subquery has scoped its own
/// already; the variables it projects are the enclosing subquery's to scope or to project.
extension VariableSyntax {
    mutating func scope(_ scope: Int, keeping names: Set<String>) {
        if self.scope == 0 && !names.contains(name) { self.scope = scope }
    }
}

extension SubquerySyntax {
    mutating func scope(_ scope: Int, keeping names: Set<String>) {
        for index in projection.indices {
            switch projection[index] {
            case .variable(var variable):
                variable.scope(scope, keeping: names)
                projection[index] = .variable(variable)
            case .computed(var expression, as: var variable):
                expression.scope(scope, keeping: names)
                variable.scope(scope, keeping: names)
                projection[index] = .computed(expression, as: variable)
            }
        }
        pattern.scope(scope, keeping: names)
        modifiers.scope(scope, keeping: names)
    }
}

extension ModifiersSyntax {
    mutating func scope(_ scope: Int, keeping names: Set<String>) {
        for index in groupBy.indices { groupBy[index].scope(scope, keeping: names) }
        for index in having.indices { having[index].scope(scope, keeping: names) }
        for index in orderBy.indices { orderBy[index].expression.scope(scope, keeping: names) }
    }
}

extension GroupSyntax {
    mutating func scope(_ scope: Int, keeping names: Set<String>) {
        for index in elements.indices {
            switch elements[index] {
            case .triple(var triple):
                triple.subject.scope(scope, keeping: names)
                if case .variable(var object) = triple.object {
                    object.scope(scope, keeping: names)
                    triple.object = .variable(object)
                }
                elements[index] = .triple(triple)
            case .optional(var inner):
                inner.scope(scope, keeping: names)
                elements[index] = .optional(inner)
            case .minus(var inner):
                inner.scope(scope, keeping: names)
                elements[index] = .minus(inner)
            case .union(var branches):
                for branch in branches.indices { branches[branch].scope(scope, keeping: names) }
                elements[index] = .union(branches)
            case .filter(var expression):
                expression.scope(scope, keeping: names)
                elements[index] = .filter(expression)
            case .values(var variables, let rows, let position):
                for variable in variables.indices { variables[variable].scope(scope, keeping: names) }
                elements[index] = .values(variables, rows: rows, position: position)
            case .subquery(var subquery):
                subquery.scope(scope, keeping: names)
                elements[index] = .subquery(subquery)
            }
        }
    }
}

extension ExpressionSyntax {
    mutating func scope(_ scope: Int, keeping names: Set<String>) {
        switch self {
        case .variable(var variable):
            variable.scope(scope, keeping: names)
            self = .variable(variable)
        case .constant: return
        case .not(var inner):
            inner.scope(scope, keeping: names)
            self = .not(inner)
        case .negate(var inner, let position):
            inner.scope(scope, keeping: names)
            self = .negate(inner, position)
        case .binary(let symbol, var left, var right, let position):
            left.scope(scope, keeping: names)
            right.scope(scope, keeping: names)
            self = .binary(symbol, left, right, position)
        case .membership(var value, var list, let negated):
            value.scope(scope, keeping: names)
            for index in list.indices { list[index].scope(scope, keeping: names) }
            self = .membership(value, list, negated: negated)
        case .call(let name, var arguments, let position):
            for index in arguments.indices { arguments[index].scope(scope, keeping: names) }
            self = .call(name, arguments, position)
        case .aggregate(let name, let distinct, var argument, let position):
            argument?.scope(scope, keeping: names)
            self = .aggregate(name, distinct: distinct, argument, position)
        }
    }
}
