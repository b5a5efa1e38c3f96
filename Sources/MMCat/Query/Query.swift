/// A query over a schema category, read and checked: every variable stands for the rows of one
/// schema object, every path is a signature that leads from its subject's object to its
/// object's, and the output pattern is a tree with one root.
///
/// ```swift
/// // given: schema: SchemaCategory
/// let query = try Query(parsing: """
///     SELECT { ?order number ?number ; items ?item . ?item name ?name . }
///     WHERE { ?order 19 ?number ; 8 ?item . ?item 12.9 ?name . }
///     """, schema: schema)
/// query.variables.map(\.name)   // ["order", "number", "item", "name"]
/// ```
///
/// The grammar, the meaning of each part and worked examples are in `docs/queries.md`.
public struct Query: Sendable {
    /// A variable and the schema object whose rows it stands for (none for a value a subquery
    /// computes with `AS`).
    public struct Variable: Sendable {
        public var name: String
        public var objectKey: Int?
        /// Where the variable is first written.
        public var position: QueryPosition
    }

    /// `?subject signature object`, resolved.
    struct Triple: Sendable {
        enum Object: Sendable {
            case variable(Int)
            case constant(QueryValue)
        }
        var subject: Int
        var signature: Signature
        var object: Object
        /// The path as written, for the plan.
        var written: String
        var position: QueryPosition
    }

    indirect enum Element: Sendable {
        case triples([Triple])
        case optional(Group)
        case union([Group])
        case minus(Group)
        case values([Int], rows: [[QueryValue?]])
        case subquery(Subquery)
    }

    /// GROUP BY, HAVING, ORDER BY, LIMIT and OFFSET of a query or a subquery.
    struct Modifiers: Sendable {
        var groupBy: [Int]
        var having: [QueryExpression]
        var orderBy: [(expression: QueryExpression, descending: Bool)]
        var limit: Int?
        var offset: Int?
    }

    /// `{ SELECT … WHERE { … } … }`: its solutions (a solution per group when grouped), over
    /// the object variables it gives and the values it computes, join its group's.
    struct Subquery: Sendable {
        var distinct: Bool
        var variables: [Int]
        var computed: [(variable: Int, expression: QueryExpression)]
        var pattern: Group
        var modifiers: Modifiers
        var position: QueryPosition
        /// Whether it groups its solutions (GROUP BY, or an aggregate in its projection or HAVING).
        var isGrouped = false
    }

    /// A `{ … }`: its parts in order, then its filters, which hold for the whole group.
    struct Group: Sendable {
        var elements: [Element]
        var filters: [QueryExpression]
    }

    /// A field of an output document.
    struct Field: Sendable {
        var name: String
        var value: QueryExpression
    }

    public let schema: SchemaCategory
    public let variables: [Variable]
    let pattern: Group
    /// The output's root variable and each output subject's fields, in written order.
    let root: Int
    let fields: [Int: [Field]]
    let groupBy: [Int]
    let having: [QueryExpression]
    let orderBy: [(expression: QueryExpression, descending: Bool)]
    public let limit: Int?
    public let offset: Int?
    /// For each variable, the variables a triple joins it to and whether that way is to-one.
    let edges: [Int: [(variable: Int, isFunctional: Bool)]]
    /// Values computed over a whole subquery (an aggregate without GROUP BY): one in every solution.
    let constants: Set<Int>

    /// Reads `text` and checks it against `schema`; the error names the line and column.
    public init(parsing text: String, schema: SchemaCategory) throws(QueryError) {
        let syntax = try QueryParser.parse(text)
        var resolver = QueryResolver(schema: schema)
        try resolver.resolveObjects(syntax)
        self.schema = schema
        self.variables = resolver.variables
        self.pattern = try resolver.group(syntax.pattern)
        let modifiers = try resolver.modifiers(syntax.modifiers)
        self.groupBy = modifiers.groupBy
        self.having = modifiers.having
        self.orderBy = modifiers.orderBy
        let (root, fields) = try resolver.output(syntax.output)
        self.root = root
        self.fields = fields
        self.limit = modifiers.limit
        self.offset = modifiers.offset
        var edges: [Int: [(variable: Int, isFunctional: Bool)]] = [:]
        for triple in Self.triples(in: pattern) {
            guard case .variable(let object) = triple.object else { continue }
            edges[triple.subject, default: []].append((object, schema.morphism(triple.signature)!.isFunctional))
            edges[object, default: []].append((triple.subject, schema.morphism(triple.signature.dual)!.isFunctional))
        }
        // A value a subquery computes is one per solution of the subquery: per group when it
        // groups by one variable (one in all when by none), per binding of the one variable its
        // expression reads else.
        var constants: Set<Int> = []
        for subquery in Self.subqueries(in: pattern) {
            for (variable, expression) in subquery.computed {
                if subquery.isGrouped && subquery.modifiers.groupBy.isEmpty { constants.insert(variable) }
                let from =
                    subquery.isGrouped
                    ? (subquery.modifiers.groupBy.count == 1 ? subquery.modifiers.groupBy : [])
                    : (Set(expression.plainVariables).count == 1 ? [expression.plainVariables[0]] : [])
                for source in from { edges[source, default: []].append((variable, true)) }
            }
        }
        self.edges = edges
        self.constants = constants
    }

    /// Every triple of `group`, nested groups included.
    static func triples(in group: Group) -> [Triple] {
        group.elements.flatMap { element -> [Triple] in
            switch element {
            case .triples(let triples): return triples
            case .optional(let inner), .minus(let inner): return triples(in: inner)
            case .union(let branches): return branches.flatMap(triples(in:))
            case .subquery(let subquery): return triples(in: subquery.pattern)
            case .values: return []
            }
        }
    }

    /// Every subquery of `group`, nested ones included.
    static func subqueries(in group: Group) -> [Subquery] {
        group.elements.flatMap { element -> [Subquery] in
            switch element {
            case .triples, .values: return []
            case .optional(let inner), .minus(let inner): return subqueries(in: inner)
            case .union(let branches): return branches.flatMap(subqueries(in:))
            case .subquery(let subquery): return [subquery] + subqueries(in: subquery.pattern)
            }
        }
    }

    /// The schema object of variable `index`, which a triple binds (so it is not computed).
    func object(of index: Int) -> SchemaObject {
        schema.object(variables[index].objectKey!)!
    }
}
