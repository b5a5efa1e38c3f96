import MMCat

/// Reads a graph as tables (``GraphCatalog``), for inference: each label's and type's first
/// thousand nodes or relationships sampled, and a label's key found by asking the whole graph.
/// The candidates are its indexed properties, then `id`, then the sampled properties on every
/// sampled node; the first that no node lacks and no two nodes share is the key. Labels and
/// types whose names hold a backtick cannot be quoted in Cypher and are left out.
///
/// ```swift
/// // given: session: any CypherSession
/// let catalog = try GraphCatalogReader.catalog(session)
/// ```
public enum GraphCatalogReader {
    public static func catalog(_ session: any CypherSession) throws(InputError) -> RelationalCatalog {
        let indexed = try session.indexedProperties()
        var labels: [GraphCatalog.Label] = []
        for label in try session.names("CALL db.labels()") where !label.containsASCII("`") {
            let quoted = "`" + label + "`"
            let nodes = try session.query("MATCH (n:\(quoted)) RETURN properties(n) LIMIT 1000", readOnly: true).rows
                .compactMap(\.first)
            let present = nodes.reduce(into: [String: Int]()) { counts, node in
                for member in node.objectMembers ?? [] where member.value.scalarText != nil {
                    counts[member.key, default: 0] += 1
                }
            }
            let onEvery = (nodes.first?.objectMembers ?? []).map(\.key).filter { present[$0] == nodes.count }
            var candidates: [String] = []
            for name in (indexed[label] ?? []) + ["id"] + onEvery
            where onEvery.contains(name) && !candidates.contains(name) {
                candidates.append(name)
            }
            var key: [String] = []
            for name in candidates.prefix(5) where !name.containsASCII("`") {
                let property = "n.`" + name + "`"
                let clashes = try session.query(
                    "MATCH (n:\(quoted)) WITH \(property) AS k, count(n) AS c WHERE k IS NULL OR c > 1 RETURN count(*)",
                    readOnly: true)
                if clashes.rows.first?.first?.scalarText == "0" {
                    key = [name]
                    break
                }
            }
            labels.append(GraphCatalog.Label(name: label, nodes: nodes, key: key))
        }
        var types: [GraphCatalog.RelationshipType] = []
        for type in try session.names("CALL db.relationshipTypes()") where !type.containsASCII("`") {
            var source = try GraphKindSource(session: session, kind: type, limit: 1000)
            var records: [JSONValue] = []
            while let record = try source.next() { records.append(record.value) }
            types.append(GraphCatalog.RelationshipType(name: type, relationships: records))
        }
        return GraphCatalog.catalog(labels: labels, types: types)
    }
}
