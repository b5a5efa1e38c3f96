/// What each kind a query reads can leave in its database: the properties the query does not
/// need (projection), the records a constant or a filter rules out (selection), the records
/// that join no record of another kind of the same database meeting that kind's selection (a
/// join the database runs, `IN (SELECT …)`), and the records whose key no record read before
/// can join (a semi-join: the keys found so far sent as an `IN` list, MM-cat's dependent join).
/// The pattern is still evaluated whole afterwards, so a kind read with more than it needs
/// changes nothing; one read with less would, which is what the rules below prevent.
///
/// Records of a kind are left out only when no answer could use them: the pattern has no MINUS;
/// every triple that walks a morphism the kind is read for walks it from (or into) one variable
/// `?s` of the kind's root object, and `?s` is used nowhere but in the group's own triples (not
/// in OPTIONAL, UNION or VALUES), so every answer binds `?s` through a triple that must hold; and
/// the condition is on a top-level property whose value a triple of `?s` binds. A semi-join uses
/// only morphisms of kinds read already that no later kind touches, so its keys are final. A
/// join in the database pairs two kinds whose properties hold the same variable (a foreign key
/// and the key it references, or two columns bound to one attribute), where the other kind has
/// a selection: every answer's value of that variable is in a record of the other kind that
/// meets it.
///
/// ```swift
/// // given: query: Query, mappings: [Mapping], choices: [QueryKinds.Choice]
/// let pushdown = QueryPushdown(query: query, mappings: mappings, choices: choices)
/// for choice in pushdown.order { print(pushdown.read(choice).properties ?? []) }
/// ```
public struct QueryPushdown: Sendable {
    /// Which pushdowns are made (all by default); each can be switched off to measure it.
    public struct Options: Sendable, Equatable {
        public var projection = true
        public var selection = true
        public var semiJoin = true
        /// Joins with the selection of another kind of the same database, run by the database.
        public var join = true
        /// The most keys a semi-join sends; more, and the kind is read without it.
        public var semiJoinLimit = 5_000

        public init(projection: Bool = true, selection: Bool = true, semiJoin: Bool = true, join: Bool = true) {
            self.projection = projection
            self.selection = selection
            self.semiJoin = semiJoin
            self.join = join
        }

        public static let none = Options(projection: false, selection: false, semiJoin: false, join: false)
    }

    /// A top-level property's value bound to a variable by a triple of the kind's root variable
    /// (or a relationship end's key, `within` the end's property).
    struct Bound: Sendable {
        var property: String
        var within: String?
        var variable: Int
        /// Whether the property holds the variable's id value (an entity reached by a foreign
        /// key) rather than the variable's own value (an attribute).
        var byId: Bool
    }

    let query: Query
    let mappings: [Mapping]
    /// Where each mapping's kind lives when its family joins kinds inside its database (two
    /// kinds with the same place can be joined there); nil for the other families.
    let places: [String?]
    public let options: Options
    let choices: [QueryKinds.Choice]
    private let triples: [Query.Triple]
    private let topTriples: [Query.Triple]
    private let topFilters: [QueryExpression]
    private let nestedVariables: Set<Int>
    private let hasMinus: Bool

    public init(
        query: Query, mappings: [Mapping], choices: [QueryKinds.Choice], places: [String?]? = nil,
        options: Options = Options()
    ) {
        self.query = query
        self.mappings = mappings
        self.places = places ?? mappings.map { _ in nil }
        self.options = options
        triples = Query.triples(in: query.pattern)
        topTriples = query.pattern.elements.flatMap { element -> [Query.Triple] in
            if case .triples(let triples) = element { return triples }
            return []
        }
        topFilters = query.pattern.filters.flatMap(Self.conjuncts)
        var nested: Set<Int> = []
        var minus = false
        for element in query.pattern.elements {
            switch element {
            case .triples: continue
            case .values: continue
            case .optional(let group), .minus(let group):
                if case .minus = element { minus = true }
                nested.formUnion(Self.variables(in: group))
                minus = minus || Self.hasMinus(group)
            case .union(let branches):
                for branch in branches {
                    nested.formUnion(Self.variables(in: branch))
                    minus = minus || Self.hasMinus(branch)
                }
            case .subquery(let subquery):
                // Its LIMIT or HAVING may need records no outer condition keeps.
                nested.formUnion(Self.variables(in: subquery.pattern))
                nested.formUnion(subquery.variables)
                minus = minus || Self.hasMinus(subquery.pattern)
            }
        }
        nestedVariables = nested
        hasMinus = minus
        self.choices = choices
    }

    /// The chosen kinds in the order they are best read: those with a selection first (they are
    /// few), those that may be semi-joined last.
    public var order: [QueryKinds.Choice] {
        choices.sorted { a, b in
            let (selectedA, selectedB) = (!selection(a).isEmpty, !selection(b).isEmpty)
            if selectedA != selectedB { return selectedA }
            let (joinedA, joinedB) = (!joinable(a).isEmpty, !joinable(b).isEmpty)
            if joinedA != joinedB { return joinedB }
            return a.mapping < b.mapping
        }
    }

    // MARK: Projection

    /// The mapping to read a kind through: its root's ids and the top-level properties whose
    /// signatures walk a morphism the query needs (a nested record whole), and their names for
    /// the database (nil when a property has no fixed name, as a map's keys).
    public func projected(_ choice: QueryKinds.Choice) -> (mapping: Mapping, properties: [String]?) {
        let mapping = mappings[choice.mapping]
        guard options.projection, let root = query.schema.object(mapping.rootObject) else { return (mapping, nil) }
        let needed = Set(triples.flatMap { $0.signature.steps.map { abs($0) } })
        let identifying = Set(root.superId + root.ids.flatMap { $0 } + mapping.effectivePrimaryKey(in: query.schema))
        var kept = mapping.accessPath
        kept.subpaths = mapping.accessPath.children.filter { child in
            // A property holding an id, or leading to one (a relationship's end holding its node's key).
            if let signature = child.signature,
                identifying.contains(where: { $0.steps.starts(with: signature.steps) })
            {
                return true
            }
            return !QueryKinds.morphisms(of: child).isDisjoint(with: needed)
        }
        var reduced = mapping
        reduced.accessPath = kept
        let names = kept.children.map(\.name.fixedName)
        return (reduced, names.contains(nil) ? nil : names.map { $0! })
    }

    // MARK: Selection

    /// The conditions the query's constants and filters put on a kind's records.
    public func selection(_ choice: QueryKinds.Choice) -> [KindRead.Condition] {
        guard options.selection, let bound = boundProperties(choice) else { return [] }
        var conditions: [KindRead.Condition] = []
        for triple in topTriples {
            guard case .constant(let value) = triple.object, let subject = rootVariable(choice),
                triple.subject == subject,
                let property = leafProperty(of: mappings[choice.mapping], steps: triple.signature.steps)
            else { continue }
            conditions.append(KindRead.Condition(property: property, values: [value]))
        }
        for filter in topFilters {
            guard let (variable, values) = Self.equality(filter) else { continue }
            for binding in bound where binding.variable == variable && !binding.byId {
                conditions.append(
                    KindRead.Condition(property: binding.property, within: binding.within, values: values))
            }
        }
        for element in query.pattern.elements {
            guard case .values(let variables, let rows) = element, variables.count == 1,
                rows.allSatisfy({ $0[0] != nil })
            else { continue }
            for binding in bound where binding.variable == variables[0] && !binding.byId {
                conditions.append(
                    KindRead.Condition(property: binding.property, within: binding.within, values: rows.map { $0[0]! }))
            }
        }
        return conditions
    }

    // MARK: Semi-joins

    /// The properties of a kind whose values another kind's records may limit: each with the
    /// variable whose values (or ids) it holds.
    func joinable(_ choice: QueryKinds.Choice) -> [Bound] {
        guard options.semiJoin, let bound = boundProperties(choice) else { return [] }
        return bound
    }

    /// The conditions the kinds read so far put on this kind: for each property bound to a
    /// variable that the triples over finished morphisms bind, the values those triples allow.
    /// `read` are the choices read already, `instance` holds what they read. A property the
    /// database joins already (``databaseJoins(_:)``) gets none.
    public func semiJoin(_ choice: QueryKinds.Choice, after read: [QueryKinds.Choice], instance: InstanceCategory)
        -> [KindRead.Condition]
    {
        let joinedInside = databaseJoins(choice)
        let candidates = joinable(choice).filter { candidate in
            !joinedInside.contains { $0.property == candidate.property && $0.within == candidate.within }
        }
        guard !candidates.isEmpty, !read.isEmpty else { return [] }
        // Morphisms whose pairs are final: read already, and in no kind still to read.
        let readMorphisms = Set(read.flatMap { QueryKinds.morphisms(of: mappings[$0.mapping].accessPath) })
        let later = order.filter { next in !read.contains(next) }
        let laterMorphisms = Set(later.flatMap { QueryKinds.morphisms(of: mappings[$0.mapping].accessPath) })
        let finished = topTriples.filter { triple in
            triple.signature.steps.allSatisfy { readMorphisms.contains(abs($0)) && !laterMorphisms.contains(abs($0)) }
        }
        var bound: Set<Int> = []
        for triple in finished {
            bound.insert(triple.subject)
            if case .variable(let object) = triple.object { bound.insert(object) }
        }
        let filters = topFilters.filter { filter in
            !filter.hasAggregate && Set(filter.plainVariables).isSubset(of: bound)
        }
        var conditions: [KindRead.Condition] = []
        for candidate in candidates where bound.contains(candidate.variable) {
            let values = QueryEvaluator(query: query, instance: instance)
                .values(of: candidate.variable, triples: finished, filters: filters, limit: options.semiJoinLimit)
            guard let values else { continue }
            conditions.append(
                KindRead.Condition(property: candidate.property, within: candidate.within, values: values))
        }
        return conditions
    }

    // MARK: Joins in the database

    /// The conditions other kinds of the same database put on this kind, as joins the database
    /// runs: for each property of the kind holding a variable's value (or id), the values a
    /// property of another kind of the database holds for the same variable in its records that
    /// meet that kind's selection (and, one step further, its own joins).
    public func databaseJoins(_ choice: QueryKinds.Choice) -> [KindRead.Condition] {
        databaseJoins(choice, visited: [choice.mapping], depth: 2)
    }

    private func databaseJoins(_ choice: QueryKinds.Choice, visited: Set<Int>, depth: Int) -> [KindRead.Condition] {
        guard options.join, depth > 0, let place = places[choice.mapping] else { return [] }
        let holders = holding(choice)
        guard !holders.isEmpty else { return [] }
        var conditions: [KindRead.Condition] = []
        for other in choices where !visited.contains(other.mapping) && places[other.mapping] == place {
            let others = holding(other)
            let pairs = holders.compactMap { holder in
                others.first { $0.variable == holder.variable }.map { (holder, $0) }
            }
            guard !pairs.isEmpty else { continue }
            let narrowing =
                selection(other)
                + databaseJoins(other, visited: visited.union([other.mapping]), depth: depth - 1)
            guard !narrowing.isEmpty else { continue }
            for (holder, otherHolder) in pairs {
                conditions.append(
                    KindRead.Condition(
                        property: holder.property, within: holder.within,
                        join: KindRead.Join(
                            kind: mappings[other.mapping].kindName, property: otherHolder.property,
                            within: otherHolder.within, conditions: narrowing)))
            }
        }
        return conditions
    }

    /// The kind's properties that hold a variable's value in every record: those its root
    /// variable's triples bind, and the property holding the root's own id.
    private func holding(_ choice: QueryKinds.Choice) -> [Bound] {
        guard let subject = rootVariable(choice), var holders = boundProperties(choice) else { return [] }
        if let id = singleId(of: subject), let property = leafProperty(of: mappings[choice.mapping], steps: id.steps) {
            holders.append(Bound(property: property, variable: subject, byId: true))
        }
        return holders
    }

    /// What the database is asked for a kind, `conditions` included.
    public func read(_ choice: QueryKinds.Choice, conditions: [KindRead.Condition] = []) -> KindRead {
        KindRead(
            properties: projected(choice).properties,
            conditions: selection(choice) + databaseJoins(choice) + conditions)
    }

    // MARK: The rules

    /// The variable every triple walking the kind's morphisms starts from (or ends at), when the
    /// rules allow leaving records out; nil when they do not.
    private func rootVariable(_ choice: QueryKinds.Choice) -> Int? {
        guard !hasMinus else { return nil }
        let root = mappings[choice.mapping].rootObject
        let morphisms = Set(choice.morphisms)
        var found: Int?
        for triple in triples {
            let steps = triple.signature.steps
            for (index, step) in steps.enumerated() where morphisms.contains(abs(step)) {
                let variable: Int
                if step > 0 && index == 0 {
                    variable = triple.subject
                } else if step < 0 && index == steps.count - 1, case .variable(let object) = triple.object {
                    variable = object
                } else {
                    return nil
                }
                guard query.variables[variable].objectKey == root, found == nil || found == variable else { return nil }
                found = variable
            }
        }
        guard let found, !nestedVariables.contains(found) else { return nil }
        return found
    }

    /// The kind's top-level properties bound, by the root variable's own triples, to variables
    /// used nowhere but in the group's own triples; nil when the rules allow no condition.
    private func boundProperties(_ choice: QueryKinds.Choice) -> [Bound]? {
        guard let subject = rootVariable(choice) else { return nil }
        let mapping = mappings[choice.mapping]
        var bound: [Bound] = []
        for triple in topTriples {
            guard case .variable(let object) = triple.object else { continue }
            // `?s path ?x`, or `?x dual ?s` read backwards.
            let (other, steps): (Int, [Int32])
            if triple.subject == subject {
                (other, steps) = (object, triple.signature.steps)
            } else if object == subject {
                (other, steps) = (triple.subject, triple.signature.dual.steps)
            } else {
                continue
            }
            guard !nestedVariables.contains(other) else { continue }
            if let property = leafProperty(of: mapping, steps: steps) {
                bound.append(Bound(property: property, variable: other, byId: false))
            } else if let property = foreignKey(of: mapping, steps: steps, to: other) {
                bound.append(Bound(property: property, variable: other, byId: true))
            } else if let (end, key) = endKey(of: mapping, steps: steps, to: other) {
                bound.append(Bound(property: key, within: end, variable: other, byId: true))
            }
        }
        return bound
    }

    /// The fixed name of the root's leaf property whose signature walks exactly `steps`.
    private func leafProperty(of mapping: Mapping, steps: [Int32]) -> String? {
        mapping.accessPath.children.first { child in
            !child.isComplex && child.signature?.steps == steps && child.name.fixedName != nil
        }?.name.fixedName
    }

    /// The fixed name of the root's leaf property that walks `steps` and then the one signature
    /// of the first id of `variable`'s object: it holds the id of the entity `variable` binds.
    private func foreignKey(of mapping: Mapping, steps: [Int32], to variable: Int) -> String? {
        singleId(of: variable).flatMap { leafProperty(of: mapping, steps: steps + $0.steps) }
    }

    /// A relationship end (`_from.orders: orders_o_id { o_id: o_id }`) whose signature is
    /// `steps` and whose one key holds the single-signature id of the node `variable` binds:
    /// the end's name and the key's.
    private func endKey(of mapping: Mapping, steps: [Int32], to variable: Int) -> (String, String)? {
        guard let id = singleId(of: variable) else { return nil }
        for child in mapping.accessPath.children where child.isComplex && child.signature?.steps == steps {
            guard let end = child.name.fixedName, RelationshipEnds.isEndName(end) else { continue }
            let key = child.children.first { !$0.isComplex && $0.signature == id }
            if let name = key?.name.fixedName { return (end, name) }
        }
        return nil
    }

    /// The one signature of the first id of the entity `variable` binds (what its value is); nil
    /// for an attribute or an id of several signatures.
    private func singleId(of variable: Int) -> Signature? {
        let object = query.object(of: variable)
        guard !object.isValueObject, let id = object.ids.first, id.count == 1 else { return nil }
        return id[0]
    }

    private static func conjuncts(_ expression: QueryExpression) -> [QueryExpression] {
        if case .binary("&&", let left, let right) = expression { return conjuncts(left) + conjuncts(right) }
        return [expression]
    }

    /// `?v = constant`, `constant = ?v` or `?v IN (constants)`: the variable and its values.
    private static func equality(_ expression: QueryExpression) -> (Int, [QueryValue])? {
        switch expression {
        case .binary("=", .variable(let variable), .constant(let value)),
            .binary("=", .constant(let value), .variable(let variable)):
            return (variable, [value])
        case .membership(.variable(let variable), let list, negated: false):
            let values = list.compactMap { item -> QueryValue? in
                if case .constant(let value) = item { return value }
                return nil
            }
            return values.count == list.count && !values.isEmpty ? (variable, values) : nil
        default: return nil
        }
    }

    private static func variables(in group: Query.Group) -> Set<Int> {
        var found = Set(
            Query.triples(in: group).flatMap { triple -> [Int] in
                if case .variable(let object) = triple.object { return [triple.subject, object] }
                return [triple.subject]
            })
        for element in group.elements {
            switch element {
            case .values(let variables, _): found.formUnion(variables)
            case .subquery(let subquery): found.formUnion(variables(in: subquery.pattern))
            case .triples, .optional, .minus, .union: continue
            }
        }
        return found
    }

    private static func hasMinus(_ group: Query.Group) -> Bool {
        group.elements.contains { element in
            switch element {
            case .minus: return true
            case .triples, .values: return false
            case .optional(let inner): return hasMinus(inner)
            case .union(let branches): return branches.contains(where: hasMinus)
            case .subquery(let subquery): return hasMinus(subquery.pattern)
            }
        }
    }
}
