/// Answers a ``Query`` over an instance category: the pattern's solutions, grouped, filtered by
/// HAVING, sorted, then shaped into one document per row of the output's root.
///
/// A group `{ … }` is evaluated left to right, each part extending the solutions found so far:
/// a triple follows its morphism's pairs from whichever end is bound (both ends bound: a check;
/// neither: every pair), an OPTIONAL keeps the solutions it cannot extend, a UNION concatenates
/// its branches, a MINUS removes the solutions that agree with one of its own, VALUES joins a
/// table of values, a subquery is answered on its own (grouped, filtered, sorted and cut as
/// its modifiers say) and its solutions joined; the group's FILTERs then hold for all of it. Triples in a row are taken in
/// the order that keeps the solutions few: a triple with a bound end first, then one with a
/// constant, then the one with the fewest pairs.
///
/// ```swift
/// // given: query: Query, instance: InstanceCategory
/// let answer = try QueryEvaluator(query: query, instance: instance).run()
/// answer.documents.count == min(answer.total, query.limit ?? .max)
/// ```
public struct QueryEvaluator {
    /// The answer: the documents of the page LIMIT and OFFSET chose (or a page of those), how
    /// many there are before LIMIT and OFFSET and how many they keep, and the plan with the rows
    /// each step produced.
    public struct Answer: Sendable {
        public var documents: [JSONValue]
        public var total: Int
        public var kept: Int
        public var plan: QueryPlan
    }

    let query: Query
    let instance: InstanceCategory
    /// The index in the instance of each variable's object (-1 for a computed value).
    private let objectIndexes: [Int]
    /// The values subqueries compute: a computed variable's cell is an index here.
    private let computed = ComputedValues()
    /// The most solutions a step may make: past it the query is refused, naming the step,
    /// before it holds the server's memory (a cross product of two large objects, say).
    public let solutionLimit: Int

    public init(query: Query, instance: InstanceCategory, solutionLimit: Int = 10_000_000) {
        self.query = query
        self.instance = instance
        self.solutionLimit = solutionLimit
        objectIndexes = query.variables.map { variable in
            variable.objectKey.map { instance.schema.index(ofKey: $0)! } ?? -1
        }
    }

    /// Runs the query; `page` (1-based, `size` documents each) takes one page of the documents
    /// LIMIT and OFFSET keep, and only its documents are built.
    public func run(page: (number: Int, size: Int)? = nil) throws(QueryError) -> Answer {
        instance.seal()
        var steps: [QueryPlan] = []
        var table = try extend(query.pattern, .unit(width: query.variables.count), plan: &steps)
        let groups = grouping(table)
        var having: [QueryPlan] = []
        if !query.having.isEmpty {
            var kept: [Int] = []
            for members in groups.members where query.having.allSatisfy({ holds($0, rows: members, in: table) }) {
                kept += members
            }
            kept.sort()
            table = table.selecting(kept)
            having.append(
                QueryPlan(
                    operation: "having", detail: "\(query.having.count) conditions over \(groups.members.count) groups",
                    rows: table.count))
        }
        let order = sortedRows(table)
        var rootRows: [Int32: [Int]] = [:]
        var roots: [Int32] = []
        for row in order {
            let value = table.cell(row, query.root)
            guard value >= 0 else { continue }
            if rootRows[value] == nil { roots.append(value) }
            rootRows[value, default: []].append(row)
        }
        let start = min(roots.count, query.offset ?? 0)
        let end = min(roots.count, start + (query.limit ?? roots.count))
        var chosen = roots[start..<end]
        if let page {
            chosen = chosen.dropFirst(max(0, page.number - 1) * page.size).prefix(page.size)
        }
        let documents = chosen.map { node(query.root, rows: rootRows[$0]!, in: table) }
        let rootName = "?\(query.variables[query.root].name)"
        let rootObject =
            query.variables[query.root].objectKey == nil ? "computed" : query.object(of: query.root).displayName
        let plan = QueryPlan(
            operation: "documents", detail: "one per \(rootName) (\(rootObject))",
            rows: documents.count,
            children: [QueryPlan(operation: "where", rows: table.count, children: steps)] + having)
        return Answer(documents: documents, total: roots.count, kept: end - start, plan: plan)
    }

    /// The distinct values `variable` takes in the solutions of `triples` and `filters` alone
    /// (a part of the query's pattern), or nil when there are more than `limit`.
    func values(of variable: Int, triples: [Query.Triple], filters: [QueryExpression], limit: Int) -> [QueryValue]? {
        instance.seal()
        var steps: [QueryPlan] = []
        let part = Query.Group(elements: triples.isEmpty ? [] : [.triples(triples)], filters: filters)
        // Too many solutions: no semi-join then, the whole query meets the limit itself.
        guard let table = try? extend(part, .unit(width: query.variables.count), plan: &steps) else { return nil }
        var seen: Set<Int32> = []
        var values: [QueryValue] = []
        for row in 0..<table.count {
            let bound = table.cell(row, variable)
            guard bound >= 0, seen.insert(bound).inserted else { continue }
            guard values.count < limit else { return nil }
            if let value = value(ofRow: bound, in: objectIndexes[variable]) { values.append(value) }
        }
        return values
    }

    // MARK: Patterns

    /// `input` extended by every part of `group`, then filtered by the group's filters.
    private func extend(_ group: Query.Group, _ input: SolutionTable, plan: inout [QueryPlan]) throws(QueryError)
        -> SolutionTable
    {
        // Every step's origins point into the table before it; composed, they point into `input`.
        var table = input.indexed
        for element in group.elements {
            switch element {
            case .triples(let triples):
                var steps: [QueryPlan] = []
                table = try join(triples, table, plan: &steps).composed(after: table)
                plan.append(QueryPlan(operation: "join triples", rows: table.count, children: steps))
            case .optional(let inner):
                var steps: [QueryPlan] = []
                let extended = try extend(inner, table, plan: &steps)
                var byOrigin = [[Int]](repeating: [], count: table.count)
                for row in 0..<extended.count { byOrigin[Int(extended.origins[row])].append(row) }
                var result = SolutionTable(width: table.width)
                for row in 0..<table.count {
                    if byOrigin[row].isEmpty {
                        result.append(table, row, origin: Int32(row))
                    } else {
                        for other in byOrigin[row] { result.append(extended, other, origin: Int32(row)) }
                    }
                }
                table = result.composed(after: table)
                plan.append(QueryPlan(operation: "optional", rows: table.count, children: steps))
            case .union(let branches):
                var result = SolutionTable(width: table.width)
                var children: [QueryPlan] = []
                for branch in branches {
                    var steps: [QueryPlan] = []
                    let extended = try extend(branch, table, plan: &steps)
                    for row in 0..<extended.count { result.append(extended, row, origin: extended.origins[row]) }
                    children.append(
                        QueryPlan(
                            operation: branches.count == 1 ? "group" : "branch", rows: extended.count, children: steps))
                }
                table = result.composed(after: table)
                plan +=
                    branches.count == 1
                    ? children : [QueryPlan(operation: "union", rows: table.count, children: children)]
            case .minus(let inner):
                var steps: [QueryPlan] = []
                let removed = try extend(inner, .unit(width: table.width), plan: &steps)
                let keep = (0..<table.count).filter { row in
                    !(0..<removed.count).contains { other in
                        table.sharesBinding(row, with: other, of: removed)
                            && table.compatible(row, with: other, of: removed)
                    }
                }
                table = table.selecting(keep).composed(after: table)
                plan.append(QueryPlan(operation: "minus", rows: table.count, children: steps))
            case .values(let variables, let rows):
                table = try joinValues(variables, rows, table).composed(after: table)
                plan.append(
                    QueryPlan(
                        operation: "values",
                        detail: variables.map { "?\(query.variables[$0].name)" }.joined(separator: " "),
                        rows: table.count))
            case .subquery(let subquery):
                var steps: [QueryPlan] = []
                let answered = try answer(subquery, plan: &steps)
                table = try joinSolutions(answered, on: subquery, table).composed(after: table)
                let gives = (subquery.variables + subquery.computed.map(\.variable)).map {
                    "?\(query.variables[$0].name)"
                }
                steps.append(QueryPlan(operation: "solutions", rows: answered.count))
                plan.append(
                    QueryPlan(
                        operation: "subquery", detail: "gives \(gives.joined(separator: " "))", rows: table.count,
                        children: steps))
            }
        }
        if !group.filters.isEmpty {
            let keep = (0..<table.count).filter { row in
                group.filters.allSatisfy { filter in
                    filter.evaluate({ value(of: $0, in: table, row: row) }, { _, _, _ in nil }) == .boolean(true)
                }
            }
            table = table.selecting(keep).composed(after: table)
            plan.append(QueryPlan(operation: "filter", detail: "\(group.filters.count) conditions", rows: table.count))
        }
        return table
    }

    /// `input` joined with the pairs of each triple, in the order that keeps solutions few.
    private func join(_ triples: [Query.Triple], _ input: SolutionTable, plan: inout [QueryPlan]) throws(QueryError)
        -> SolutionTable
    {
        var bound = Set(
            (0..<input.width).filter { variable in
                input.count > 0 && (0..<input.count).allSatisfy { input.cell($0, variable) >= 0 }
            })
        var remaining = triples
        var table = input.indexed
        while !remaining.isEmpty {
            let next = remaining.indices.min { a, b in cost(remaining[a], bound) < cost(remaining[b], bound) }!
            let triple = remaining.remove(at: next)
            table = try follow(triple, table).composed(after: table)
            bound.insert(triple.subject)
            if case .variable(let object) = triple.object { bound.insert(object) }
            plan.append(QueryPlan(operation: "triple", detail: describe(triple), rows: table.count))
        }
        return table
    }

    /// How costly following `triple` is next: bound ends first, then constants, then by pairs.
    private func cost(_ triple: Query.Triple, _ bound: Set<Int>) -> (Int, Int) {
        let pairs = relation(triple.signature, from: triple.subject).pairCount
        let objectBound: Bool
        switch triple.object {
        case .variable(let object): objectBound = bound.contains(object)
        case .constant: return (bound.contains(triple.subject) ? 0 : 1, pairs)
        }
        if bound.contains(triple.subject) || objectBound { return (0, pairs) }
        return (2, pairs)
    }

    private func describe(_ triple: Query.Triple) -> String {
        let schema = instance.schema
        let morphism = schema.morphism(triple.signature)!
        let object: String
        switch triple.object {
        case .variable(let index): object = "?\(query.variables[index].name)"
        case .constant(let value): object = value.written
        }
        return
            "?\(query.variables[triple.subject].name) \(triple.written) \(object) (\(schema.object(morphism.dom)!.displayName) → \(schema.object(morphism.cod)!.displayName), \(morphism.isFunctional ? "to-one" : "to-many"))"
    }

    private func relation(_ signature: Signature, from variable: Int) -> Relation {
        instance.relation(signature, from: objectIndexes[variable])
    }

    /// Every solution of `input` extended by the pairs of `triple` it agrees with.
    private func follow(_ triple: Query.Triple, _ input: SolutionTable) throws(QueryError) -> SolutionTable {
        let forward = relation(triple.signature, from: triple.subject)
        let subject = triple.subject
        var output = SolutionTable(width: input.width)
        switch triple.object {
        case .constant(let value):
            let codomain = instance.schema.index(ofKey: instance.schema.morphism(triple.signature)!.cod)!
            let matching = rows(of: codomain, equalTo: value)
            let matchingSet = Set(matching)
            let backward = instance.relation(triple.signature.dual, from: codomain)
            for row in 0..<input.count {
                try check(output, at: triple.position)
                let from = input.cell(row, subject)
                if from >= 0 {
                    if forward.targets(of: from).contains(where: matchingSet.contains) {
                        output.append(input, row, origin: Int32(row))
                    }
                } else {
                    for target in matching {
                        for source in backward.targets(of: target) {
                            output.append(input, row, origin: Int32(row), binding: subject, to: source)
                        }
                    }
                }
            }
        case .variable(let object):
            let backward = instance.relation(triple.signature.dual, from: objectIndexes[object])
            for row in 0..<input.count {
                try check(output, at: triple.position)
                let from = input.cell(row, subject)
                let to = input.cell(row, object)
                if from >= 0 && to >= 0 {
                    if forward.targets(of: from).contains(to) { output.append(input, row, origin: Int32(row)) }
                } else if from >= 0 {
                    for target in forward.targets(of: from) {
                        output.append(input, row, origin: Int32(row), binding: object, to: target)
                    }
                } else if to >= 0 {
                    for source in backward.targets(of: to) {
                        output.append(input, row, origin: Int32(row), binding: subject, to: source)
                    }
                } else {
                    for source in instance.objects[objectIndexes[subject]].liveRows {
                        try check(output, at: triple.position)
                        for target in forward.targets(of: source) {
                            let start = output.count
                            output.append(input, row, origin: Int32(row), binding: subject, to: source)
                            output.rebind(start, object, to: target)
                        }
                    }
                }
            }
        }
        try check(output, at: triple.position)
        return output
    }

    /// The rows of the object at `objectIndex` whose value (an attribute's) or first id value
    /// (an entity's) is `value`.
    private func rows(of objectIndex: Int, equalTo value: QueryValue) -> [Int32] {
        let object = instance.objects[objectIndex]
        if object.schemaObject.isValueObject, case .text = value, let id = instance.pool.id(of: value.text) {
            // The exact text first: most constants are written as the data holds them.
            if let row = object.row(withValue: id) { return [row] }
        }
        return object.liveRows.filter { row in self.value(ofRow: row, in: objectIndex)?.equals(value) ?? false }
    }

    // MARK: Subqueries

    /// A subquery's own solutions: its pattern from nothing bound, then one solution per group
    /// (grouped) or per solution, with its computed values, kept by HAVING, made distinct,
    /// sorted, cut by OFFSET and LIMIT; only the variables it gives are bound.
    private func answer(_ subquery: Query.Subquery, plan: inout [QueryPlan]) throws(QueryError) -> SolutionTable {
        let table = try extend(subquery.pattern, .unit(width: query.variables.count), plan: &plan)
        let modifiers = subquery.modifiers
        // Each solution of the subquery, with the solutions of the pattern it stands for. Grouped
        // without GROUP BY, all of them are one group, even none (COUNT is then 0).
        var members =
            subquery.isGrouped ? grouping(table, by: modifiers.groupBy).members : (0..<table.count).map { [$0] }
        if subquery.isGrouped && modifiers.groupBy.isEmpty && members.isEmpty { members = [[]] }
        members = members.filter { rows in modifiers.having.allSatisfy { holds($0, rows: rows, in: table) } }
        var solutions: [(cells: [Int32], rows: [Int])] = members.map { rows in
            var cells = [Int32](repeating: -1, count: table.width)
            if let first = rows.first {
                for variable in subquery.variables { cells[variable] = table.cell(first, variable) }
            }
            for (variable, expression) in subquery.computed {
                cells[variable] = evaluate(expression, rows: rows, in: table).map(computed.id) ?? -1
            }
            return (cells, rows)
        }
        if subquery.distinct {
            var seen: Set<[Int32]> = []
            solutions = solutions.filter { seen.insert($0.cells).inserted }
        }
        if !modifiers.orderBy.isEmpty {
            let keys = solutions.map { solution in
                modifiers.orderBy.map { evaluate($0.expression, rows: solution.rows, in: table) }
            }
            let order = solutions.indices.sorted { a, b in Self.before(keys[a], keys[b], modifiers.orderBy) ?? (a < b) }
            solutions = order.map { solutions[$0] }
        }
        let start = min(solutions.count, modifiers.offset ?? 0)
        let end = min(solutions.count, start + (modifiers.limit ?? solutions.count))
        var result = SolutionTable(width: table.width)
        for solution in solutions[start..<end] { result.append(cells: solution.cells[...], origin: 0) }
        return result
    }

    /// `input` joined with a subquery's solutions: each pair that agrees where both are bound,
    /// found through the first variable the subquery gives and binds in every solution, when
    /// the input binds it.
    private func joinSolutions(_ solutions: SolutionTable, on subquery: Query.Subquery, _ input: SolutionTable)
        throws(QueryError) -> SolutionTable
    {
        let given = subquery.variables + subquery.computed.map(\.variable)
        let key = given.first { variable in (0..<solutions.count).allSatisfy { solutions.cell($0, variable) >= 0 } }
        var byKey: [Int32: [Int]] = [:]
        if let key {
            for row in 0..<solutions.count { byKey[solutions.cell(row, key), default: []].append(row) }
        }
        var output = SolutionTable(width: input.width)
        for row in 0..<input.count {
            try check(output, at: subquery.position)
            let candidates: [Int]
            if let key, input.cell(row, key) >= 0 {
                candidates = byKey[input.cell(row, key)] ?? []
            } else {
                candidates = Array(0..<solutions.count)
            }
            for other in candidates where input.compatible(row, with: other, of: solutions) {
                let start = output.count
                output.append(input, row, origin: Int32(row))
                for variable in given where input.cell(row, variable) < 0 {
                    output.rebind(start, variable, to: solutions.cell(other, variable))
                }
            }
        }
        return output
    }

    /// `input` joined with the rows of a VALUES table; a value the instance does not hold matches nothing.
    private func joinValues(_ variables: [Int], _ table: [[QueryValue?]], _ input: SolutionTable) throws(QueryError)
        -> SolutionTable
    {
        var candidates: [[Int32?]] = []
        for values in table {
            var combinations: [[Int32?]] = [[]]
            for (variable, value) in zip(variables, values) {
                let found: [Int32?] =
                    value.map { value in
                        objectIndexes[variable] < 0
                            ? [computed.id(value)] : self.rows(of: objectIndexes[variable], equalTo: value).map { $0 }
                    } ?? [nil]
                combinations = combinations.flatMap { prefix in found.map { prefix + [$0] } }
            }
            candidates += combinations
        }
        var output = SolutionTable(width: input.width)
        for row in 0..<input.count {
            try check(output, at: query.variables[variables[0]].position)
            for candidate in candidates {
                var agrees = true
                for (variable, value) in zip(variables, candidate) {
                    if let value, input.cell(row, variable) >= 0 && input.cell(row, variable) != value {
                        agrees = false
                    }
                }
                guard agrees else { continue }
                let start = output.count
                output.append(input, row, origin: Int32(row))
                for (variable, value) in zip(variables, candidate) {
                    if let value { output.rebind(start, variable, to: value) }
                }
            }
        }
        return output
    }

    /// Refuses a step that made more solutions than ``solutionLimit``.
    private func check(_ table: SolutionTable, at position: QueryPosition) throws(QueryError) {
        guard table.count > solutionLimit else { return }
        throw QueryError(
            position,
            "this part of the pattern makes more than \(solutionLimit) solutions: join it to the rest by a variable, or add a filter"
        )
    }

    /// Where a UNION is written: its first branch's first triple, or the query's start.
    private static func position(of branches: [Query.Group]) -> QueryPosition {
        branches.lazy.flatMap(Query.triples(in:)).first?.position ?? QueryPosition(line: 1, column: 1)
    }

    // MARK: Values

    /// The value variable `variable` has in solution `row` of `table`, or nil when unbound.
    func value(of variable: Int, in table: SolutionTable, row: Int) -> QueryValue? {
        let bound = table.cell(row, variable)
        guard bound >= 0 else { return nil }
        return objectIndexes[variable] < 0 ? computed.value(bound) : value(ofRow: bound, in: objectIndexes[variable])
    }

    /// An attribute row's value; an entity row's first id: its value when it has one signature,
    /// else its values joined by `, `.
    func value(ofRow row: Int32, in objectIndex: Int) -> QueryValue? {
        let object = instance.objects[objectIndex]
        let positions = object.schemaObject.isValueObject ? [0] : object.idPositions.first ?? []
        let values = positions.map { object.value(row, $0) }
        guard !values.isEmpty, values.allSatisfy({ $0 >= 0 }) else { return nil }
        if values.count == 1 {
            return QueryValue(text: instance.pool.text(values[0]), kind: instance.pool.kind(values[0]))
        }
        return .text(values.map { instance.pool.text($0) }.joined(separator: ", "))
    }

    // MARK: Groups, HAVING and ORDER BY

    /// The solutions' groups: by GROUP BY's variables, else by the output's root (one group per document).
    private func grouping(_ table: SolutionTable) -> (members: [[Int]], ofRow: [Int]) {
        grouping(table, by: query.groupBy.isEmpty ? [query.root] : query.groupBy)
    }

    /// The solutions' groups by the cells of `keys` (one group of all for no keys), in order of first solution.
    private func grouping(_ table: SolutionTable, by keys: [Int]) -> (members: [[Int]], ofRow: [Int]) {
        var index: [[Int32]: Int] = [:]
        var members: [[Int]] = []
        var ofRow: [Int] = []
        for row in 0..<table.count {
            let key = keys.map { table.cell(row, $0) }
            let group = index[key] ?? members.count
            if group == members.count {
                index[key] = group
                members.append([])
            }
            members[group].append(row)
            ofRow.append(group)
        }
        return (members, ofRow)
    }

    private func holds(_ condition: QueryExpression, rows: [Int], in table: SolutionTable) -> Bool {
        evaluate(condition, rows: rows, in: table) == .boolean(true)
    }

    /// `expression` over a group of solutions: aggregates over all of them, plain variables
    /// from the first.
    func evaluate(_ expression: QueryExpression, rows: [Int], in table: SolutionTable) -> QueryValue? {
        expression.evaluate(
            { variable in rows.first.flatMap { value(of: variable, in: table, row: $0) } },
            { name, distinct, argument in aggregate(name, distinct: distinct, argument, rows: rows, in: table) })
    }

    private func aggregate(
        _ name: String, distinct: Bool, _ argument: QueryExpression?, rows: [Int], in table: SolutionTable
    )
        -> QueryValue?
    {
        guard let argument else {
            if !distinct { return .integer(Int64(rows.count)) }
            return .integer(Int64(Set(rows.map { Array(table.row($0)) }).count))
        }
        var values = rows.compactMap { row in
            argument.evaluate({ value(of: $0, in: table, row: row) }, { _, _, _ in nil })
        }
        if distinct {
            var seen: Set<String> = []
            values = values.filter { seen.insert($0.distinctKey).inserted }
        }
        switch name {
        case "COUNT": return .integer(Int64(values.count))
        case "MIN": return values.min { $0.sortsBefore($1) }
        case "MAX": return values.max { $0.sortsBefore($1) }
        default:
            // SUM and AVG of no values are null, as in SQL; a value that is no number makes them null.
            guard let first = values.first else { return nil }
            var sum = first
            for value in values.dropFirst() {
                guard let added = QueryExpression.arithmetic("+", sum, value) else { return nil }
                sum = added
            }
            guard sum.number != nil else { return nil }
            if name == "SUM" { return sum }
            return QueryExpression.arithmetic("/", sum.number.map(QueryValue.decimal)!, .integer(Int64(values.count)))
        }
    }

    /// The solutions' indexes in ORDER BY's order (stable; no value sorts last either way).
    private func sortedRows(_ table: SolutionTable) -> [Int] {
        guard !query.orderBy.isEmpty else { return Array(0..<table.count) }
        let groups = grouping(table)
        let keys: [[QueryValue?]] = (0..<table.count).map { row in
            query.orderBy.map { key in
                key.expression.hasAggregate
                    ? evaluate(key.expression, rows: groups.members[groups.ofRow[row]], in: table)
                    : key.expression.evaluate({ value(of: $0, in: table, row: row) }, { _, _, _ in nil })
            }
        }
        return (0..<table.count).sorted { a, b in Self.before(keys[a], keys[b], query.orderBy) ?? (a < b) }
    }

    /// Whether ORDER BY puts keys `a` before keys `b` (nil when they tie): no value sorts last either way.
    private static func before(
        _ a: [QueryValue?], _ b: [QueryValue?], _ orderBy: [(expression: QueryExpression, descending: Bool)]
    ) -> Bool? {
        for (position, key) in orderBy.enumerated() {
            switch (a[position], b[position]) {
            case (nil, nil): continue
            case (.some, nil): return true
            case (nil, .some): return false
            case (let left?, let right?):
                if left.sortsBefore(right) { return !key.descending }
                if right.sortsBefore(left) { return key.descending }
            }
        }
        return nil
    }

    // MARK: Documents

    /// The document of `variable`'s binding in `rows` (which all share it): its fields, each a
    /// value, a nested document, or an array of them where the pattern lets it have several.
    private func node(_ variable: Int, rows: [Int], in table: SolutionTable) -> JSONValue {
        guard let fields = query.fields[variable] else {
            return rows.first.flatMap { value(of: variable, in: table, row: $0) }?.json ?? .null
        }
        var members: [JSONMember] = []
        for field in fields {
            members.append(JSONMember(field.name, fieldValue(field.value, of: variable, rows: rows, in: table)))
        }
        return .object(members)
    }

    private func fieldValue(_ expression: QueryExpression, of parent: Int, rows: [Int], in table: SolutionTable)
        -> JSONValue
    {
        if case .variable(let child) = expression {
            var childRows: [Int32: [Int]] = [:]
            var children: [Int32] = []
            for row in rows {
                let value = table.cell(row, child)
                guard value >= 0 else { continue }
                if childRows[value] == nil { children.append(value) }
                childRows[value, default: []].append(row)
            }
            let nodes = children.map { node(child, rows: childRows[$0]!, in: table) }
            if functional(from: parent, to: child) { return nodes.first ?? .null }
            return .array(nodes)
        }
        if expression.hasAggregate { return evaluate(expression, rows: rows, in: table)?.json ?? .null }
        if expression.plainVariables.allSatisfy({ functional(from: parent, to: $0) }) {
            return rows.first.flatMap { row in evaluate(expression, rows: [row], in: table) }?.json ?? .null
        }
        var seen: Set<String> = []
        let values = rows.compactMap { row in evaluate(expression, rows: [row], in: table) }
            .filter { seen.insert($0.distinctKey).inserted }
        return .array(values.map(\.json))
    }

    /// Whether each binding of `from` has at most one binding of `to`: a path between them in
    /// the pattern's triples that is to-one all the way, or `to` is one value for all.
    func functional(from: Int, to: Int) -> Bool {
        if query.constants.contains(to) { return true }
        var reached: Set<Int> = [from]
        var frontier = [from]
        while let at = frontier.popLast() {
            if at == to { return true }
            for (next, isFunctional) in query.edges[at] ?? [] where isFunctional && reached.insert(next).inserted {
                frontier.append(next)
            }
        }
        return false
    }
}
