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
    /// A variable and the schema object whose rows it stands for.
    public struct Variable: Sendable {
        public var name: String
        public var objectKey: Int
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

    /// Reads `text` and checks it against `schema`; the error names the line and column.
    public init(parsing text: String, schema: SchemaCategory) throws(QueryError) {
        let syntax = try QueryParser.parse(text)
        var resolver = QueryResolver(schema: schema)
        try resolver.resolveObjects(syntax)
        self.schema = schema
        self.variables = resolver.variables
        self.pattern = try resolver.group(syntax.pattern)
        let resolvedGroupBy = try syntax.groupBy.map { variable throws(QueryError) in try resolver.index(variable) }
        self.groupBy = resolvedGroupBy
        self.having = try syntax.having.map { expression throws(QueryError) in try resolver.expression(expression) }
        self.orderBy = try syntax.orderBy.map { key throws(QueryError) in
            (try resolver.expression(key.expression), key.descending)
        }
        // Without an aggregate, a HAVING condition is a FILTER's, and may read grouped variables only.
        for (expression, syntax) in zip(having, syntax.having)
        where !expression.hasAggregate && !resolvedGroupBy.isEmpty {
            if let loose = syntax.plainVariables.first(where: {
                !resolvedGroupBy.contains(resolver.variableIndex[$0.name]!)
            }) {
                throw QueryError(
                    loose.position,
                    "HAVING reads ?\(loose.name) outside an aggregate, but it is not grouped by: put the condition in FILTER"
                )
            }
        }
        let (root, fields) = try resolver.output(syntax.output)
        self.root = root
        self.fields = fields
        self.limit = syntax.limit
        self.offset = syntax.offset
        var edges: [Int: [(variable: Int, isFunctional: Bool)]] = [:]
        for triple in Self.triples(in: pattern) {
            guard case .variable(let object) = triple.object else { continue }
            edges[triple.subject, default: []].append((object, schema.morphism(triple.signature)!.isFunctional))
            edges[object, default: []].append((triple.subject, schema.morphism(triple.signature.dual)!.isFunctional))
        }
        self.edges = edges
    }

    /// Every triple of `group`, nested groups included.
    static func triples(in group: Group) -> [Triple] {
        group.elements.flatMap { element -> [Triple] in
            switch element {
            case .triples(let triples): return triples
            case .optional(let inner), .minus(let inner): return triples(in: inner)
            case .union(let branches): return branches.flatMap(triples(in:))
            case .values: return []
            }
        }
    }

    /// The schema object of variable `index`.
    func object(of index: Int) -> SchemaObject {
        schema.object(variables[index].objectKey)!
    }
}
