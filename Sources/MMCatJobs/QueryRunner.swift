import MMCat

/// Answers a query where its data lives: over an instance category at hand (a session's, a
/// dump's), or over databases, by reading into a fresh instance category the kinds
/// ``QueryKinds`` chooses (each through its mapping, as Model to Category does) and answering
/// there. Each kind is read with what ``QueryPushdown`` leaves in its database (columns not
/// needed, records ruled out, keys no record read before can join); the plan shows each kind's
/// native query, and the timings what reading costs next to evaluating.
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
        /// Of that, each database's share, by its name (none over an instance category).
        public var databases: [String: Double] = [:]
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
        let answer = try QueryEvaluator(query: query, instance: instance).run(page: page)
        return Result(
            answer: answer,
            timings: Timings(
                planning: milliseconds(parsed - start), reading: 0, evaluating: milliseconds(clock.now - parsed)))
    }

    /// Answers `text` over the databases of `kinds`: a query error names its line and column, a
    /// kind that cannot be read is an ``InputError`` naming the database and the kind. Each kind
    /// is read with what ``QueryPushdown`` leaves in its database (`pushdown` says which).
    public static func answer(
        _ text: String, schema: SchemaCategory, kinds: [Kind], page: (number: Int, size: Int)? = nil,
        pushdown options: QueryPushdown.Options = QueryPushdown.Options()
    ) throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let query = try Query(parsing: text, schema: schema)
        let choices = try QueryKinds.choose(for: query, from: kinds.map(\.mapping))
        // Kinds of one database whose family joins kinds inside it share a place.
        let places = kinds.map { kind -> String? in
            guard kind.family.joinsKinds else { return nil }
            let settings = kind.access.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return ([kind.family.name, kind.database] + settings).joined(separator: "\u{0}")
        }
        let pushdown = QueryPushdown(
            query: query, mappings: kinds.map(\.mapping), choices: choices, places: places, options: options)
        let planned = clock.now
        let instance = InstanceCategory(schema: schema)
        var reads: [QueryPlan] = []
        var read: [QueryKinds.Choice] = []
        var databases: [String: Double] = [:]
        for choice in pushdown.order {
            let kind = kinds[choice.mapping]
            let started = clock.now
            let joined = pushdown.semiJoin(choice, after: read, instance: instance)
            let request = pushdown.read(choice, conditions: joined)
            var source = try kind.family.openKind(kind.mapping.kindName, in: kind.access, reading: request)
            let mapping = pushdown.projected(choice).mapping
            let summary = try ModelToCategory(plan: ImportPlan(schema: schema, mapping: mapping), instance: instance)
                .run(&source)
            read.append(choice)
            let took = milliseconds(clock.now - started)
            databases[kind.database, default: 0] += took
            let rejected = summary.rejected > 0 ? "; \(summary.rejected) records rejected" : ""
            let how = describe(request, joined: joined.count)
            reads.append(
                QueryPlan(
                    operation: "read kind",
                    detail:
                        "\(kind.mapping.kindName) of \(kind.database) (\(kind.family.title)), \(how), for morphisms \(choice.morphisms.map(String.init).joined(separator: ", "))\(rejected)",
                    rows: summary.read, native: source.nativeQuery, milliseconds: took))
        }
        instance.seal()
        let readDone = clock.now
        var answer = try QueryEvaluator(query: query, instance: instance).run(page: page)
        answer.plan.children.insert(
            QueryPlan(operation: "read", rows: reads.reduce(0) { $0 + ($1.rows ?? 0) }, children: reads), at: 0)
        return Result(
            answer: answer,
            timings: Timings(
                planning: milliseconds(planned - start), reading: milliseconds(readDone - planned),
                databases: databases.mapValues { ($0 * 1000).rounded() / 1000 },
                evaluating: milliseconds(clock.now - readDone)))
    }

    /// How a kind was read: whole, or which properties and how many conditions (joins in the
    /// database and semi-joins among them).
    private static func describe(_ read: KindRead, joined: Int) -> String {
        guard !read.isEverything else { return "whole" }
        var parts: [String] = []
        if let properties = read.properties { parts.append("\(properties.count) properties") }
        let inside = read.conditions.filter { $0.join != nil }.count
        let selected = read.conditions.count - joined - inside
        if selected > 0 { parts.append("\(selected) conditions") }
        if inside > 0 {
            parts.append(
                "\(inside) joins in the database (with \(read.conditions.compactMap(\.join?.kind).joined(separator: ", ")))"
            )
        }
        if joined > 0 {
            parts.append(
                "\(joined) semi-joins (\(read.conditions.suffix(joined).map { "\($0.values.count) keys" }.joined(separator: ", ")))"
            )
        }
        return parts.joined(separator: ", ")
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return (milliseconds * 1000).rounded() / 1000
    }
}
