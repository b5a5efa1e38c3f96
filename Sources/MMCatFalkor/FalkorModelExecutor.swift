import MMCat
import MMCatCypher

/// Runs a Cypher model (the script ``CypherPrinter`` writes) on a FalkorDB graph, one statement
/// per `GRAPH.QUERY`: indexes, then nodes and relationships a batch at a time, each batch's rows
/// sent as a query parameter (``CypherStatementSplitter/parameterized(_:)``), which FalkorDB
/// reads faster than the same rows written into the query. Each statement is
/// atomic in FalkorDB; the graph has no transaction around several, so a failure leaves the
/// batches before it written, and the error names the statement.
///
/// The relationship statements return the ends of each relationship whose end node is not in the
/// graph; the executor runs every batch and then fails naming them (up to ten) and how many
/// nodes and relationships were written, so that no relationship is lost without a word.
public struct FalkorModelExecutor: ModelExecutor {
    let settings: FalkorSettings

    public init(settings: FalkorSettings) {
        self.settings = settings
    }

    public func execute(_ script: [UInt8]) async throws(InputError) -> Int {
        try await report(script).written
    }

    /// Runs the model; the report counts the nodes and the relationships created.
    public func report(_ script: [UInt8]) async throws(InputError) -> ExecutionReport {
        let graph = try settings.connect()
        var nodes = 0
        var relationships = 0
        var unjoined: [String] = []
        var unjoinedCount = 0
        let statements = CypherStatementSplitter.split(String(decoding: script, as: UTF8.self))
        for (index, statement) in statements.enumerated() {
            let reply: FalkorGraph.Reply
            do {
                reply = try graph.query(CypherStatementSplitter.parameterized(statement) ?? statement)
            } catch {
                let message = error.problems.map(\.message).joined(separator: "; ")
                throw InputError(
                    file: settings.label, location: "statement \(index + 1) of \(statements.count)",
                    message:
                        "\(message) (after \(nodes) nodes and \(relationships) relationships written): \(statement.prefix(120))"
                )
            }
            nodes += reply.statistic("Nodes created")
            relationships += reply.statistic("Relationships created")
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
                file: settings.label, location: "",
                message:
                    "\(unjoinedCount) relationships were not written because a node at an end is not in the graph (\(nodes) nodes and \(relationships) relationships were): \(unjoined.joined(separator: "; "))\(unjoinedCount > unjoined.count ? "; ..." : "")"
            )
        }
        return ExecutionReport(
            written: nodes + relationships, parts: ["nodes": nodes, "relationships": relationships])
    }
}
