/// Suggests the mappings a person would write to move tables into a graph, as Neo4j's ETL tool
/// and OrientDB's Teleporter do: a node label per entity table, its foreign-key columns left
/// out (unless they are part of its key); a relationship type per foreign key, from the
/// referencing row to the referenced one; and a relationship with properties per junction table
/// (a table whose key is made of its two foreign keys and that nothing references), from the
/// first referenced row to the second.
///
/// Relationships follow MM-cat's convention (``RelationshipEnds``). A foreign key's relationship
/// is rooted at the referencing table's object and its `_from` end is that row itself (the empty
/// signature); it is named `TABLE_REFERENCED` (with the key columns when a table references
/// another twice), a junction's relationship keeps the junction's name.
///
/// ```swift
/// // given: inferred: InferredSchema
/// let graph = GraphSuggestion.mappings(tables: inferred.mappings, schema: inferred.schema)
/// graph.map(\.kindName)   // ["customer", "orders", "product", "orders_customer", "order_item"]
/// ```
public enum GraphSuggestion {
    /// The node mappings (in the tables' order), then the relationship mappings.
    public static func mappings(tables: [Mapping], schema: SchemaCategory) -> [Mapping] {
        let references = DocumentSuggestion.references(tables, schema: schema)
        func named(_ name: String) -> Mapping? { tables.first { $0.kindName == name } }
        /// A table's key columns, as the simple properties that identify its node.
        func keyColumns(_ table: Mapping) -> [AccessPath] {
            let key = table.effectivePrimaryKey(in: schema)
            return table.accessPath.children.filter { path in
                !path.isComplex && path.signature.map(key.contains) == true
            }
        }
        func identified(_ table: Mapping) -> Bool {
            let key = table.effectivePrimaryKey(in: schema)
            return !key.isEmpty && keyColumns(table).count == key.count
        }
        func isJunction(_ table: Mapping) -> Bool {
            let own = references.filter { $0.from == table.kindName }
            guard own.count == 2, identified(table), !references.contains(where: { $0.to == table.kindName }) else {
                return false
            }
            let keyNames = Set(keyColumns(table).compactMap(\.name.fixedName))
            let referenceNames = Set(own.flatMap(\.columns))
            return keyNames == referenceNames && own.allSatisfy { named($0.to).map(identified) == true }
        }
        var used = Set(tables.map(\.kindName))
        func uniqueName(_ base: String) -> String {
            var name = base
            while used.contains(name) { name += "_" }
            used.insert(name)
            return name
        }
        func end(_ prefix: String, _ table: Mapping, signature: Signature) -> AccessPath {
            AccessPath(name: .fixed(prefix + table.kindName), signature: signature, subpaths: keyColumns(table))
        }
        var nodes: [Mapping] = []
        var relationships: [Mapping] = []
        for table in tables {
            let own = references.filter { $0.from == table.kindName }
            if isJunction(table) {
                let (first, second) = (own[0], own[1])
                let columns = Set(own.flatMap(\.columns))
                var junction = table
                junction.name = "\(table.kindName) as relationships"
                junction.accessPath.subpaths =
                    [
                        end(RelationshipEnds.fromPrefix, named(first.to)!, signature: Signature(base: first.step)),
                        end(RelationshipEnds.toPrefix, named(second.to)!, signature: Signature(base: second.step)),
                    ] + table.accessPath.children.filter { !columns.contains($0.name.fixedName ?? "") }
                relationships.append(junction)
                continue
            }
            let keyNames = Set(keyColumns(table).compactMap(\.name.fixedName))
            let referenceColumns = Set(own.flatMap(\.columns)).subtracting(keyNames)
            var node = table
            node.name = "\(table.kindName) as nodes"
            node.accessPath.subpaths = table.accessPath.children.filter {
                !referenceColumns.contains($0.name.fixedName ?? "")
            }
            nodes.append(node)
            guard identified(table) else { continue }
            for reference in own {
                guard let target = named(reference.to), identified(target) else { continue }
                let twins = own.filter { $0.to == reference.to }.count > 1
                let name = uniqueName(
                    twins
                        ? "\(table.kindName)_\(reference.columns.joined(separator: "_"))"
                        : "\(table.kindName)_\(target.kindName)")
                relationships.append(
                    Mapping(
                        name: "\(name) as relationships", kindName: name, rootObject: table.rootObject,
                        primaryKey: table.primaryKey,
                        accessPath: AccessPath(
                            name: .fixed(""), signature: nil,
                            subpaths: [
                                end(RelationshipEnds.fromPrefix, table, signature: .empty),
                                end(RelationshipEnds.toPrefix, target, signature: Signature(base: reference.step)),
                            ])))
            }
        }
        return nodes + relationships
    }
}
