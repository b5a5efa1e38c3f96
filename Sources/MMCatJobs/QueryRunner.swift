import MMCat

/// Answers a query where its data lives: over an instance category at hand (a session's, a
/// dump's), or over databases, by reading into a fresh instance category the kinds
/// ``QueryKinds`` chooses (each through its mapping, as Model to Category does) and answering
/// there. Nothing is pushed into the databases yet: every chosen kind is read whole, which the
/// plan says, and the timings show what reading costs next to evaluating.
///
/// ```swift
/// // given: schema: SchemaCategory, kinds: [QueryRunner.Kind]
/// let result = try QueryRunner.answer("SELECT { ?o number ?n } WHERE { ?o 19 ?n }", schema: schema, kinds: kinds)
/// print(result.answer.plan.text, result.timings.reading)
/// ```
public enum QueryRunner {
    /// A kind that can be read for a query: its mapping and its database, opened.
    public struct Kind: Sendable {
        public var mapping: Mapping
        /// The database's name, for the plan.
        public var database: String
        public var family: any DatabaseFamily
        public var access: DatabaseAccess

        public init(mapping: Mapping, database: String, family: any DatabaseFamily, access: DatabaseAccess) {
            self.mapping = mapping
            self.database = database
            self.family = family
            self.access = access
        }
    }

    /// Where the time went, in milliseconds.
    public struct Timings: Sendable, Encodable {
        /// Reading the query and choosing the kinds.
        public var planning: Double
        /// Reading the kinds from their databases (0 over an instance category at hand).
        public var reading: Double
        /// Joining, filtering, grouping, sorting and shaping the documents.
        public var evaluating: Double
    }

    public struct Result: Sendable {
        public var answer: QueryEvaluator.Answer
        public var timings: Timings
    }

    /// Answers `text` over `instance`; `page` takes one page of the documents.
    public static func answer(_ text: String, instance: InstanceCategory, page: (number: Int, size: Int)? = nil)
        throws(QueryError) -> Result
    {
        let clock = ContinuousClock()
        let start = clock.now
        let query = try Query(parsing: text, schema: instance.schema)
        let parsed = clock.now
        let answer = QueryEvaluator(query: query, instance: instance).run(page: page)
        return Result(
            answer: answer,
            timings: Timings(
                planning: milliseconds(parsed - start), reading: 0, evaluating: milliseconds(clock.now - parsed)))
    }

    /// Answers `text` over the databases of `kinds`: a query error names its line and column, a
    /// kind that cannot be read is an ``InputError`` naming the database and the kind.
    public static func answer(
        _ text: String, schema: SchemaCategory, kinds: [Kind], page: (number: Int, size: Int)? = nil
    ) throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let query = try Query(parsing: text, schema: schema)
        let choices = try QueryKinds.choose(for: query, from: kinds.map(\.mapping))
        let planned = clock.now
        let instance = InstanceCategory(schema: schema)
        var reads: [QueryPlan] = []
        for choice in choices {
            let kind = kinds[choice.mapping]
            var source = try kind.family.openKind(kind.mapping.kindName, in: kind.access)
            let summary = try ModelToCategory(
                plan: ImportPlan(schema: schema, mapping: kind.mapping), instance: instance
            )
            .run(&source)
            let rejected = summary.rejected > 0 ? "; \(summary.rejected) records rejected" : ""
            reads.append(
                QueryPlan(
                    operation: "read kind",
                    detail:
                        "\(kind.mapping.kindName) of \(kind.database) (\(kind.family.title)), whole, for morphisms \(choice.morphisms.map(String.init).joined(separator: ", "))\(rejected)",
                    rows: summary.read))
        }
        instance.seal()
        let read = clock.now
        var answer = QueryEvaluator(query: query, instance: instance).run(page: page)
        answer.plan.children.insert(
            QueryPlan(operation: "read", rows: reads.reduce(0) { $0 + ($1.rows ?? 0) }, children: reads), at: 0)
        return Result(
            answer: answer,
            timings: Timings(
                planning: milliseconds(planned - start), reading: milliseconds(read - planned),
                evaluating: milliseconds(clock.now - read)))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return (milliseconds * 1000).rounded() / 1000
    }
}
