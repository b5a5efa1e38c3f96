import MMCat

/// Runs a Cypher model (the script ``CypherPrinter`` writes) on a graph, one statement at a time
/// through a ``CypherSession``: indexes, then nodes and relationships a batch at a time. Each
/// statement commits on its own (FalkorDB has no transaction around several, and a model of
/// millions of nodes is too large for one Neo4j transaction), so a failure leaves the batches
/// before it written, and the error names the statement and what was written.
///
/// An index statement that meets the same index already there is passed over.
///
/// The relationship statements return the ends of each relationship whose end node is not in the
/// graph; the executor runs every batch and then fails naming them (up to ten) and how many
/// nodes and relationships were written, so that no relationship is lost without a word.
///
/// ```swift
/// // given: settings: DatabaseAccess, family: FalkorFamily
/// let executor = GraphModelExecutor(label: "shop") { () throws(InputError) in try family.session(settings) }
/// ```
public struct GraphModelExecutor: ModelExecutor {
    let label: String
    let connect: @Sendable () throws(InputError) -> any CypherSession

    public init(label: String, connect: @escaping @Sendable () throws(InputError) -> any CypherSession) {
        self.label = label
        self.connect = connect
    }

    public func execute(_ script: [UInt8]) async throws(InputError) -> Int {
        try await report(script).written
    }

    /// Runs the model; the report counts the nodes and the relationships created.
    public func report(_ script: [UInt8]) async throws(InputError) -> ExecutionReport {
        let session = try connect()
        var nodes = 0
        var relationships = 0
        var unjoined: [String] = []
        var unjoinedCount = 0
        let statements = CypherStatementSplitter.split(String(decoding: script, as: UTF8.self))
        for (index, statement) in statements.enumerated() {
            let reply: CypherReply
            do {
                reply = try session.runStatement(statement)
            } catch {
                let message = error.problems.map(\.message).joined(separator: "; ")
                if Self.isExistingIndex(statement, message) { continue }
                throw InputError(
                    file: label, location: "statement \(index + 1) of \(statements.count)",
                    message:
                        "\(message) (after \(nodes) nodes and \(relationships) relationships written): \(statement.prefix(120))"
                )
            }
            nodes += reply.nodesCreated
            relationships += reply.relationshipsCreated
            for row in reply.rows {
                unjoinedCount += 1
                guard unjoined.count < 10 else { continue }
                let half = row.count / 2
                let describe = { (values: ArraySlice<JSONValue>) in
                    values.map { $0.scalarText.map { "\"\($0)\"" } ?? "null" }.joined(separator: ", ")
                }
                unjoined.append("(\(describe(row[..<half]))) -> (\(describe(row[half...])))")
            }
        }
        guard unjoinedCount == 0 else {
            throw InputError(
                file: label, location: "",
                message:
                    "\(unjoinedCount) relationships were not written because a node at an end is not in the graph (\(nodes) nodes and \(relationships) relationships were): \(unjoined.joined(separator: "; "))\(unjoinedCount > unjoined.count ? "; ..." : "")"
            )
        }
        return ExecutionReport(
            written: nodes + relationships, parts: ["nodes": nodes, "relationships": relationships])
    }

    /// Whether a failed statement created an index that is already there (a graph migrated into
    /// before, or indexed by its owner): what it wanted holds, so the model goes on. FalkorDB
    /// knows no `IF NOT EXISTS`, so the printer cannot ask for this itself; FalkorDB says
    /// "already indexed", Neo4j "already exists" (`EquivalentSchemaRuleAlreadyExists`).
    static func isExistingIndex(_ statement: String, _ message: String) -> Bool {
        statement.utf8.starts(with: "CREATE INDEX ".utf8)
            && (message.contains("already indexed") || message.contains("EquivalentSchemaRuleAlreadyExists")
                || message.contains("already exists"))
    }
}
