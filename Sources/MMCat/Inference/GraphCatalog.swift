/// A graph's node labels and relationship types seen as a relational catalog, so that
/// ``CatalogInference`` infers its schema category and ``GraphSuggestion`` reads the tables back
/// as the graph's nodes and relationships: a table per label (its properties as columns, its key
/// as primary key) and a junction table per relationship type (the keys of its two ends, each a
/// foreign key to its label's table, together the primary key, and its own properties).
///
/// The family samples the graph and checks key candidates against all of it; this turns the
/// samples into tables. A property whose values are lists has no column (a note says so), and a
/// type whose ends have no key is left out with a note.
///
/// ```swift
/// let person = GraphCatalog.Label(name: "person", nodes: [.object([JSONMember("id", .number("1"))])], key: ["id"])
/// let catalog = GraphCatalog.catalog(labels: [person], types: [])
/// catalog.tables[0].primaryKey   // ["id"]
/// ```
public enum GraphCatalog {
    /// One node label: sampled nodes (their property maps) and the properties that identify a
    /// node (present on every node and unique over the whole label), empty when none does.
    public struct Label: Sendable {
        public var name: String
        public var nodes: [JSONValue]
        public var key: [String]

        public init(name: String, nodes: [JSONValue], key: [String]) {
            self.name = name
            self.nodes = nodes
            self.key = key
        }
    }

    /// One relationship type: sampled relationships as records of the graph family's source
    /// (own properties, plus `_from.LABEL` and `_to.LABEL` members holding the end nodes).
    public struct RelationshipType: Sendable {
        public var name: String
        public var relationships: [JSONValue]

        public init(name: String, relationships: [JSONValue]) {
            self.name = name
            self.relationships = relationships
        }
    }

    public static func catalog(labels: [Label], types: [RelationshipType]) -> RelationalCatalog {
        var notes: [String] = []
        var tables: [RelationalCatalog.Table] = []
        for label in labels {
            // A graph keeps a label (and a type) after its last node is deleted: nothing to infer.
            guard !label.nodes.isEmpty else {
                notes.append("label \(label.name) has no nodes, so it is left out")
                continue
            }
            var columns = Self.columns(label.nodes, kind: "label \(label.name)", notes: &notes)
            if label.key.isEmpty {
                notes.append(
                    "label \(label.name): no property is on every node and unique, so its nodes cannot be told apart or joined to relationships"
                )
            }
            for index in columns.indices where label.key.contains(columns[index].name) { columns[index].notNull = true }
            tables.append(RelationalCatalog.Table(name: label.name, columns: columns, primaryKey: label.key))
        }
        for type in types {
            guard !type.relationships.isEmpty else {
                notes.append("relationship type \(type.name) has no relationships, so it is left out")
                continue
            }
            let members = type.relationships.first?.objectMembers ?? []
            func end(_ prefix: String) -> RelationalCatalog.Table? {
                members.lazy.compactMap { member -> RelationalCatalog.Table? in
                    guard let (found, label) = RelationshipEnds.split(member.key), found == prefix else { return nil }
                    return tables.first { $0.name == label && !$0.primaryKey.isEmpty }
                }.first
            }
            guard let from = end(RelationshipEnds.fromPrefix), let to = end(RelationshipEnds.toPrefix) else {
                notes.append(
                    "relationship type \(type.name): a node at its ends has a label without a key (or none), so it is left out"
                )
                continue
            }
            let pairs = Set(
                type.relationships.map { record in
                    (record.objectMembers ?? []).filter { RelationshipEnds.isEndName($0.key) }.map(\.key).sorted()
                })
            if pairs.count > 1 {
                notes.append(
                    "relationship type \(type.name) joins several pairs of labels; inferred between \(from.name) and \(to.name), the others are rejected when read"
                )
            }
            let own = type.relationships.map { record in
                JSONValue.object((record.objectMembers ?? []).filter { !RelationshipEnds.isEndName($0.key) })
            }
            var columns = Self.columns(own, kind: "relationship type \(type.name)", notes: &notes)
            var used = Set(columns.map(\.name))
            func keyColumns(_ table: RelationalCatalog.Table, _ side: String) -> [RelationalCatalog.Column] {
                table.primaryKey.map { key in
                    var name = from.name == to.name ? "\(side)_\(key)" : "\(table.name)_\(key)"
                    while used.contains(name) { name += "_" }
                    used.insert(name)
                    return RelationalCatalog.Column(name: name, type: table.column(key)?.type ?? "text", notNull: true)
                }
            }
            let fromColumns = keyColumns(from, "from")
            let toColumns = keyColumns(to, "to")
            columns = fromColumns + toColumns + columns
            tables.append(
                RelationalCatalog.Table(
                    name: type.name, columns: columns, primaryKey: (fromColumns + toColumns).map(\.name),
                    foreignKeys: [
                        .init(columns: fromColumns.map(\.name), table: from.name, referencedColumns: from.primaryKey),
                        .init(columns: toColumns.map(\.name), table: to.name, referencedColumns: to.primaryKey),
                    ]))
        }
        return RelationalCatalog(tables: tables, notes: notes)
    }

    /// The columns of sampled property maps, in the order they first appear, typed by their
    /// values (`bigint`, `double precision`, `boolean`, `text`), NOT NULL when on every one.
    static func columns(_ maps: [JSONValue], kind: String, notes: inout [String]) -> [RelationalCatalog.Column] {
        var order: [String] = []
        var types: [String: String] = [:]
        var counts: [String: Int] = [:]
        var lists: [String] = []
        for map in maps {
            for member in map.objectMembers ?? [] {
                let type: String
                switch member.value {
                case .number(let text): type = Int64(text) != nil ? "bigint" : "double precision"
                case .bool: type = "boolean"
                case .string: type = "text"
                case .array:
                    if !lists.contains(member.key) { lists.append(member.key) }
                    continue
                case .null, .object: continue
                }
                if types[member.key] == nil { order.append(member.key) }
                counts[member.key, default: 0] += 1
                let known = types[member.key]
                types[member.key] =
                    known == nil || known == type
                    ? type
                    : (Set([known!, type]) == ["bigint", "double precision"] ? "double precision" : "text")
            }
        }
        for name in lists {
            notes.append("\(kind): property \(name) holds lists, which inferred tables do not hold; map it by hand")
        }
        return order.map { RelationalCatalog.Column(name: $0, type: types[$0]!, notNull: counts[$0] == maps.count) }
    }
}
