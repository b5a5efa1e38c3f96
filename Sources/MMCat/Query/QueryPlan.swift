/// How a query was answered, step by step, with the rows each step produced: what `EXPLAIN`
/// prints and the web application draws as a tree.
///
/// ```swift
/// // given: plan: QueryPlan
/// print(plan.text)
/// // documents: 3 rows
/// //   join triples: 5 rows
/// //     ?order 19 ?number (Order (103) → Number (104), to-one): 4 rows
/// ```
public struct QueryPlan: Sendable, Encodable {
    /// What the step does: `join triples`, `optional`, `read kind`, `filter`, …
    public var operation: String
    /// What it works on: a triple, a kind and its database, a condition.
    public var detail: String
    /// The rows (solutions, records or documents) the step produced; nil when it was not run.
    public var rows: Int?
    /// The native query a database ran for this step, when it ran one.
    public var native: String?
    /// How long the step took, when it is timed on its own (reading a kind).
    public var milliseconds: Double?
    public var children: [QueryPlan]

    public init(
        operation: String, detail: String = "", rows: Int? = nil, native: String? = nil, milliseconds: Double? = nil,
        children: [QueryPlan] = []
    ) {
        self.operation = operation
        self.detail = detail
        self.rows = rows
        self.native = native
        self.milliseconds = milliseconds
        self.children = children
    }

    /// The plan as indented lines.
    public var text: String {
        var lines: [String] = []
        func add(_ step: QueryPlan, _ depth: Int) {
            var line = String(repeating: "  ", count: depth) + step.operation
            if !step.detail.isEmpty { line += " " + step.detail }
            if let rows = step.rows { line += ": \(rows) rows" }
            if let milliseconds = step.milliseconds { line += " in \(milliseconds) ms" }
            lines.append(line)
            if let native = step.native {
                lines.append(String(repeating: "  ", count: depth + 2) + native)
            }
            for child in step.children { add(child, depth + 1) }
        }
        add(self, 0)
        return lines.joined(separator: "\n") + "\n"
    }
}
