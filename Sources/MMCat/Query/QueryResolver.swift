/// Looks a query's names up in a schema category: which object each variable stands for, which
/// signature each path is, which variable each expression reads. Variables get their objects
/// from the triples that use them; a path written with names is read from its subject's object,
/// so such triples wait until another triple has fixed the subject (or the name is unique in the
/// whole schema).
struct QueryResolver {
    let schema: SchemaCategory
    let names: MorphismNames
    private(set) var variables: [Query.Variable] = []
    private(set) var variableIndex: [String: Int] = [:]
    private var signatures: [QueryPosition: Signature] = [:]

    init(schema: SchemaCategory) {
        self.schema = schema
        self.names = MorphismNames(schema: schema)
    }

    // MARK: Objects of the variables

    /// Gives every variable of the pattern its object (or, computed by a subquery, none) and
    /// every path its signature.
    mutating func resolveObjects(_ syntax: QuerySyntax) throws(QueryError) {
        for variable in Self.computed(in: syntax.pattern) {
            if let index = variableIndex[variable.key] {
                throw QueryError(
                    variable.position,
                    "?\(variable.name) is computed twice (first at line \(variables[index].position.line)): give each AS its own variable"
                )
            }
            variableIndex[variable.key] = variables.count
            variables.append(Query.Variable(name: variable.name, objectKey: nil, position: variable.position))
        }
        var pending = Self.triples(in: syntax.pattern)
        while !pending.isEmpty {
            var waiting: [TripleSyntax] = []
            for triple in pending {
                if !(try resolve(triple)) { waiting.append(triple) }
            }
            if waiting.count == pending.count {
                let triple = waiting[0]
                throw QueryError(
                    triple.path[0].position,
                    "cannot tell which object ?\(triple.subject.name) is, so the name \(Self.describe(triple.path[0])) cannot be looked up: write this morphism's signature, or one for ?\(triple.subject.name) in another triple"
                )
            }
            pending = waiting
        }
    }

    private static func triples(in group: GroupSyntax) -> [TripleSyntax] {
        group.elements.flatMap { element -> [TripleSyntax] in
            switch element {
            case .triple(let triple): return [triple]
            case .optional(let inner), .minus(let inner): return triples(in: inner)
            case .union(let branches): return branches.flatMap(triples(in:))
            case .subquery(let subquery): return triples(in: subquery.pattern)
            case .filter, .values: return []
            }
        }
    }

    /// The variables the subqueries of `group` compute (`AS`), nested ones included.
    private static func computed(in group: GroupSyntax) -> [VariableSyntax] {
        group.elements.flatMap { element -> [VariableSyntax] in
            switch element {
            case .subquery(let subquery):
                return subquery.projection.compactMap { projection in
                    if case .computed(_, as: let variable) = projection { return variable }
                    return nil
                } + computed(in: subquery.pattern)
            case .optional(let inner), .minus(let inner): return computed(in: inner)
            case .union(let branches): return branches.flatMap(computed(in:))
            case .triple, .filter, .values: return []
            }
        }
    }

    /// The error for a computed variable written in a triple.
    private func computedInTriple(_ variable: VariableSyntax) -> QueryError {
        QueryError(
            variable.position,
            "?\(variable.name) is a value a subquery computes (AS), not an object: no morphism leaves it")
    }

    private static func describe(_ step: PathStepSyntax) -> String {
        switch step.form {
        case .signature(let signature): return "\"\(signature)\""
        case .name(let name, let reversed): return "\"\(reversed ? "-" : "")\(name)\""
        }
    }

    /// Resolves one triple; false when its subject's object is not known yet and a name needs it.
    private mutating func resolve(_ triple: TripleSyntax) throws(QueryError) -> Bool {
        var current: Int?
        if let index = variableIndex[triple.subject.key] {
            guard let key = variables[index].objectKey else { throw computedInTriple(triple.subject) }
            current = key
        }
        var steps: [Int32] = []
        for step in triple.path {
            let morphism: SchemaMorphism
            switch step.form {
            case .signature(let signature):
                for number in signature.steps where schema.morphisms[Signature(base: number)] == nil {
                    throw QueryError(step.position, "there is no morphism \(number)")
                }
                guard let found = schema.morphism(signature) else {
                    throw QueryError(
                        step.position,
                        "\(schema.pathProblem(signature, from: schema.morphisms[Signature(base: signature.steps[0])]!.dom) ?? "signature \"\(signature)\" leads nowhere")"
                    )
                }
                morphism = found
            case .name(let name, let reversed):
                if let from = current {
                    morphism = try named(name, reversed: reversed, from: from, at: step.position)
                } else if let unique = uniquelyNamed(name, reversed: reversed) {
                    morphism = unique
                } else {
                    return false
                }
            }
            if let from = current, morphism.dom != from {
                let here = steps.isEmpty ? "?\(triple.subject.name) is" : "the path so far ends at"
                throw QueryError(
                    step.position,
                    "type mismatch: \(here) \(schema.object(from)!.displayName), but \(Self.describe(step)) starts at \(schema.object(morphism.dom)!.displayName)"
                )
            }
            if current == nil { try bind(triple.subject, to: morphism.dom) }
            steps += morphism.signature.steps
            current = morphism.cod
        }
        let signature = Signature(steps: steps)
        signatures[triple.path[0].position] = signature
        if case .variable(let object) = triple.object {
            try bind(object, to: current!)
        }
        return true
    }

    private mutating func bind(_ variable: VariableSyntax, to key: Int) throws(QueryError) {
        if let index = variableIndex[variable.key] {
            guard let known = variables[index].objectKey else { throw computedInTriple(variable) }
            guard known == key else {
                throw QueryError(
                    variable.position,
                    "type mismatch: ?\(variable.name) is \(schema.object(known)!.displayName) elsewhere, but \(schema.object(key)!.displayName) here"
                )
            }
            return
        }
        variableIndex[variable.key] = variables.count
        variables.append(Query.Variable(name: variable.name, objectKey: key, position: variable.position))
    }

    /// The morphism named `name` leaving `from` (or, reversed, arriving there, walked backwards).
    private func named(_ name: String, reversed: Bool, from: Int, at position: QueryPosition) throws(QueryError)
        -> SchemaMorphism
    {
        if !reversed {
            switch names.step(named: name, from: from) {
            case .success(let morphism): return morphism
            case .failure(let problem): throw QueryError(position, problem.description)
            }
        }
        let arriving = schema.morphisms.values.filter { morphism in
            morphism.signature.isBase && morphism.signature.steps[0] > 0 && morphism.cod == from
                && (morphism.label == name || schema.object(morphism.dom)?.label == name)
        }
        guard arriving.count == 1, let dual = schema.morphism(arriving[0].signature.dual) else {
            let problem = arriving.isEmpty ? "no morphism named \"\(name)\" arrives at" : "\"\(name)\" is ambiguous at"
            throw QueryError(position, "\(problem) \(schema.object(from)!.displayName): write the signature")
        }
        return dual
    }

    /// The one base morphism or dual labelled `name` in the whole schema (its dual when reversed).
    private func uniquelyNamed(_ name: String, reversed: Bool) -> SchemaMorphism? {
        let labelled = schema.morphisms.values.filter { $0.signature.isBase && $0.label == name }
        guard labelled.count == 1 else { return nil }
        return reversed ? schema.morphism(labelled[0].signature.dual) : labelled[0]
    }

    // MARK: The pattern

    func index(_ variable: VariableSyntax) throws(QueryError) -> Int {
        guard let index = variableIndex[variable.key] else {
            let place = variable.scope == 0 ? "WHERE" : "the subquery (which does not give it outside)"
            throw QueryError(
                variable.position, "?\(variable.name) is used but never bound: no triple of \(place) has it")
        }
        return index
    }

    func group(_ syntax: GroupSyntax) throws(QueryError) -> Query.Group {
        var group = Query.Group(elements: [], filters: [])
        var triples: [Query.Triple] = []
        func flush() {
            if !triples.isEmpty { group.elements.append(.triples(triples)) }
            triples = []
        }
        for element in syntax.elements {
            switch element {
            case .triple(let triple):
                let object: Query.Triple.Object
                switch triple.object {
                case .variable(let variable): object = .variable(try index(variable))
                case .constant(let value, _): object = .constant(value)
                }
                let written = triple.path.map { step in
                    switch step.form {
                    case .signature(let signature): return Self.walkOrder(signature)
                    case .name(let name, let reversed): return (reversed ? "-" : "") + name
                    }
                }.joined(separator: "/")
                triples.append(
                    Query.Triple(
                        subject: try index(triple.subject), signature: signatures[triple.path[0].position]!,
                        object: object, written: written, position: triple.subject.position))
            case .filter(let expression):
                if let position = expression.aggregatePosition {
                    throw QueryError(
                        position,
                        "FILTER cannot hold an aggregate: put the condition in HAVING")
                }
                group.filters.append(try self.expression(expression))
            case .optional(let inner):
                flush()
                group.elements.append(.optional(try self.group(inner)))
            case .minus(let inner):
                flush()
                group.elements.append(.minus(try self.group(inner)))
            case .union(let branches):
                flush()
                group.elements.append(.union(try branches.map { branch throws(QueryError) in try self.group(branch) }))
            case .values(let variables, let rows, _):
                flush()
                group.elements.append(
                    .values(try variables.map { variable throws(QueryError) in try index(variable) }, rows: rows))
            case .subquery(let subquery):
                flush()
                group.elements.append(.subquery(try self.subquery(subquery)))
            }
        }
        flush()
        return group
    }

    /// A subquery: its pattern, its projection and its modifiers. Grouped (by GROUP BY or an
    /// aggregate), it may give only the variables it groups by, and compute from those and aggregates.
    func subquery(_ syntax: SubquerySyntax) throws(QueryError) -> Query.Subquery {
        let pattern = try group(syntax.pattern)
        let modifiers = try self.modifiers(syntax.modifiers)
        var subquery = Query.Subquery(
            distinct: syntax.distinct, variables: [], computed: [], pattern: pattern, modifiers: modifiers,
            position: syntax.position)
        let grouped =
            !modifiers.groupBy.isEmpty
            || syntax.projection.contains { projection in
                if case .computed(let expression, _) = projection { return expression.aggregatePosition != nil }
                return false
            } || syntax.modifiers.having.contains { $0.aggregatePosition != nil }
        subquery.isGrouped = grouped
        for projection in syntax.projection {
            switch projection {
            case .variable(let variable):
                let index = try index(variable)
                if grouped && !modifiers.groupBy.contains(index) {
                    throw QueryError(
                        variable.position,
                        "the subquery groups its solutions, so it can give ?\(variable.name) only if it groups by it: add it to GROUP BY"
                    )
                }
                subquery.variables.append(index)
            case .computed(let expression, as: let variable):
                if grouped,
                    let loose = expression.plainVariables.first(where: {
                        (try? modifiers.groupBy.contains(index($0))) != true
                    })
                {
                    throw QueryError(
                        loose.position,
                        "the subquery groups its solutions, so ?\(loose.name) may be read only inside an aggregate or if it is grouped by"
                    )
                }
                subquery.computed.append((try index(variable), try self.expression(expression)))
            }
        }
        return subquery
    }

    /// GROUP BY, HAVING, ORDER BY, LIMIT and OFFSET, looked up.
    func modifiers(_ syntax: ModifiersSyntax) throws(QueryError) -> Query.Modifiers {
        let groupBy = try syntax.groupBy.map { variable throws(QueryError) in try index(variable) }
        let having = try syntax.having.map { expression throws(QueryError) in try self.expression(expression) }
        // Without an aggregate, a HAVING condition is a FILTER's, and may read grouped variables only.
        for (expression, syntax) in zip(having, syntax.having) where !expression.hasAggregate && !groupBy.isEmpty {
            if let loose = syntax.plainVariables.first(where: { !groupBy.contains(variableIndex[$0.key]!) }) {
                throw QueryError(
                    loose.position,
                    "HAVING reads ?\(loose.name) outside an aggregate, but it is not grouped by: put the condition in FILTER"
                )
            }
        }
        let orderBy = try syntax.orderBy.map { key throws(QueryError) in
            (expression: try self.expression(key.expression), descending: key.descending)
        }
        return Query.Modifiers(
            groupBy: groupBy, having: having, orderBy: orderBy, limit: syntax.limit, offset: syntax.offset)
    }

    /// A signature as a query writes it: steps in the order walked, `/` between.
    static func walkOrder(_ signature: Signature) -> String {
        signature.steps.map(String.init).joined(separator: "/")
    }

    func expression(_ syntax: ExpressionSyntax) throws(QueryError) -> QueryExpression {
        switch syntax {
        case .variable(let variable): return .variable(try index(variable))
        case .constant(let value): return .constant(value)
        case .not(let inner): return .not(try expression(inner))
        case .negate(let inner, _): return .negate(try expression(inner))
        case .binary(let symbol, let left, let right, _):
            return .binary(symbol, try expression(left), try expression(right))
        case .membership(let value, let list, let negated):
            return .membership(
                try expression(value), try list.map { item throws(QueryError) in try expression(item) },
                negated: negated)
        case .call(let name, let arguments, _):
            return .call(name, try arguments.map { argument throws(QueryError) in try expression(argument) })
        case .aggregate(let name, let distinct, let argument, let position):
            let resolved = try argument.map { inner throws(QueryError) in try expression(inner) }
            if name == "SUM" || name == "AVG", case .variable(let index)? = resolved,
                let object = variables[index].objectKey.flatMap(schema.object)
            {
                if !object.isValueObject {
                    throw QueryError(
                        position,
                        "type mismatch: \(name) needs numbers, but ?\(variables[index].name) is the entity \(object.displayName), not an attribute"
                    )
                }
            }
            return .aggregate(name, distinct: distinct, resolved)
        }
    }

    // MARK: The output pattern

    /// The output's root variable and its subjects' fields; the output must be a tree.
    func output(_ triples: [OutputTriple]) throws(QueryError) -> (root: Int, fields: [Int: [Query.Field]]) {
        guard let first = triples.first else {
            throw QueryError(QueryPosition(line: 1, column: 1), "the output pattern is empty: name at least one field")
        }
        var fields: [Int: [Query.Field]] = [:]
        var parents: [Int: (parent: Int, position: QueryPosition)] = [:]
        var order: [Int] = []
        for triple in triples {
            let subject = try index(triple.subject)
            if fields[subject] == nil { order.append(subject) }
            if fields[subject, default: []].contains(where: { $0.name == triple.name }) {
                throw QueryError(triple.namePosition, "?\(triple.subject.name) has two fields named \"\(triple.name)\"")
            }
            let value = try expression(triple.value)
            if case .variable(let child) = value {
                if let earlier = parents[child] {
                    throw QueryError(
                        triple.namePosition,
                        "?\(variables[child].name) is already the field of ?\(variables[earlier.parent].name) (line \(earlier.position.line)): a variable has one place in the output"
                    )
                }
                parents[child] = (subject, triple.namePosition)
            }
            fields[subject, default: []].append(Query.Field(name: triple.name, value: value))
        }
        let roots = order.filter { parents[$0] == nil }
        guard roots.count == 1 else {
            if roots.isEmpty {
                throw QueryError(first.subject.position, "the output pattern is a cycle: it needs one root")
            }
            let names = roots.map { "?\(variables[$0].name)" }.joined(separator: " and ")
            throw QueryError(
                first.subject.position,
                "the output pattern has one root, not several: \(names) are each the subject of none")
        }
        // Every subject must hang under the root (no cycle away from it).
        for subject in order {
            var seen: Set<Int> = [subject]
            var at = subject
            while let parent = parents[at]?.parent {
                guard seen.insert(parent).inserted else {
                    throw QueryError(
                        first.subject.position, "the output pattern has a cycle through ?\(variables[subject].name)")
                }
                at = parent
            }
        }
        return (roots[0], fields)
    }
}
