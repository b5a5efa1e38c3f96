import MMCat

/// The Cypher that reads what a query needs of a graph kind (``KindRead``): the nodes of a label,
/// or the relationships of a type, whose properties may hold the values asked, and, for a
/// condition joined with another kind of the graph, a `MATCH` path to it: the relationships
/// whose start node meets the node kind's conditions (`MATCH (a)-[r:item]->(b) WHERE a:orders
/// AND a.o_date IN ['2024-01-02']`), or the nodes with such a relationship (`MATCH (n:orders),
/// (n)-[r1:item]->(m1) WHERE r1.i_quantity IN [5] WITH DISTINCT n`).
///
/// A value compared as a number matches a property holding that number or its text as the
/// query writes it (`5`, `'5'`); another value matches the property's text, and `"true"` or
/// `"false"` also the boolean (the import reads all of them as that text). Strings are quoted as
/// ``CypherPrinter`` quotes them; a name holding a backtick, a NUL in a value or a number
/// Cypher cannot write leaves its condition out (more records, never fewer).
///
/// ```swift
/// let read = KindRead(conditions: [.init(property: "o_date", values: [.text("2024-01-02")])])
/// CypherRead.node("orders", read)   // MATCH (n:`orders`) WHERE (n.`o_date` IN ['2024-01-02'])
/// ```
public enum CypherRead {
    /// `MATCH … [WHERE …] [WITH DISTINCT n]` reading the nodes of `label` as `n`.
    public static func node(_ label: String, _ read: KindRead) -> String {
        var builder = Builder(patterns: ["(n:\(quote(label)))"])
        builder.onNode("n", label: label, read.conditions, depth: 2)
        return builder.text(distinct: "n")
    }

    /// `MATCH … [WHERE …] [WITH DISTINCT a, r, b]` reading the relationships of `type` as `r`,
    /// from `a` to `b`.
    public static func relationship(_ type: String, _ read: KindRead) -> String {
        var builder = Builder(patterns: ["(a)-[r:\(quote(type))]->(b)"])
        builder.onRelationship("r", from: "a", to: "b", read.conditions, depth: 2)
        return builder.text(distinct: "a, r, b")
    }

    private static func quote(_ name: String) -> String {
        "`" + name + "`"
    }

    /// The patterns and conditions of one read, made as the conditions are walked.
    private struct Builder {
        var patterns: [String]
        var conditions: [String] = []
        var joined = false
        var count = 0

        func text(distinct: String) -> String {
            "MATCH " + patterns.joined(separator: ", ")
                + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + (joined ? " WITH DISTINCT \(distinct)" : "")
        }

        mutating func fresh(_ prefix: String) -> String {
            count += 1
            return "\(prefix)\(count)"
        }

        /// Conditions on node `variable` of `label`: its own properties, and its relationships
        /// of a joined kind whose end holds this node's key.
        mutating func onNode(_ variable: String, label: String, _ conditions: [KindRead.Condition], depth: Int) {
            for condition in conditions where condition.within == nil {
                guard let join = condition.join else {
                    add(CypherRead.matches(variable, condition.property, condition.values))
                    continue
                }
                guard depth > 0, let end = join.within, let (prefix, endLabel) = RelationshipEnds.split(end),
                    endLabel == label, join.property == condition.property, !join.kind.containsASCII("`")
                else { continue }
                let (relationship, other) = (fresh("r"), fresh("m"))
                let isStart = prefix == RelationshipEnds.fromPrefix
                let (from, to) = isStart ? (variable, other) : (other, variable)
                patterns.append("(\(from))-[\(relationship):\(quote(join.kind))]->(\(to))")
                joined = true
                onRelationship(relationship, from: from, to: to, join.conditions, depth: depth - 1)
            }
        }

        /// Conditions on relationship `variable` from `from` to `to`: its own properties, its
        /// ends' keys, and its ends' node kinds when a condition joins them.
        mutating func onRelationship(
            _ variable: String, from: String, to: String, _ conditions: [KindRead.Condition], depth: Int
        ) {
            for condition in conditions {
                guard let end = condition.within else {
                    if condition.join == nil { add(CypherRead.matches(variable, condition.property, condition.values)) }
                    continue
                }
                guard let (prefix, endLabel) = RelationshipEnds.split(end), !endLabel.containsASCII("`") else {
                    continue
                }
                let node = prefix == RelationshipEnds.fromPrefix ? from : to
                guard let join = condition.join else {
                    add(CypherRead.matches(node, condition.property, condition.values))
                    continue
                }
                guard depth > 0, join.within == nil, join.kind == endLabel, join.property == condition.property else {
                    continue
                }
                self.conditions.append("\(node):\(quote(endLabel))")
                onNode(node, label: endLabel, join.conditions, depth: depth - 1)
            }
        }

        mutating func add(_ condition: String?) {
            if let condition { conditions.append(condition) }
        }
    }

    /// `variable.property` holds one of `values`, as queries compare; nil when it cannot be written.
    static func matches(_ variable: String, _ property: String, _ values: [QueryValue]) -> String? {
        guard !property.containsASCII("`") else { return nil }
        let expression = "\(variable).\(quote(property))"
        let printer = CypherPrinter()
        var numbers: [String] = []
        var texts: [String] = []
        var flags: [String] = []
        for value in values {
            if value.comparesAsNumber {
                guard let number = value.numericValue, let literal = numberLiteral(number) else { return nil }
                numbers.append(literal)
                texts.append(value.text)
            } else {
                texts.append(value.text)
                if value.text == "true" || value.text == "false" { flags.append(value.text) }
            }
        }
        guard !texts.contains(where: { $0.utf8.contains(0) }) else { return nil }
        var parts: [String] = []
        if !numbers.isEmpty { parts.append("\(expression) IN [\(numbers.joined(separator: ", "))]") }
        if !texts.isEmpty {
            parts.append("\(expression) IN [\(texts.map(printer.quoteString).joined(separator: ", "))]")
        }
        if !flags.isEmpty { parts.append("\(expression) IN [\(flags.joined(separator: ", "))]") }
        // No value at all: no record can match (a semi-join that found no keys).
        return parts.isEmpty ? "false" : "(" + parts.joined(separator: " OR ") + ")"
    }

    /// A number as Cypher writes it: whole numbers as integers, others in plain decimals; nil
    /// for one it cannot write exactly so.
    private static func numberLiteral(_ number: Double) -> String? {
        if number == number.rounded() && abs(number) < 9e15 { return String(Int64(number)) }
        let text = String(number)
        return text.contains("e") || !number.isFinite ? nil : text
    }
}
