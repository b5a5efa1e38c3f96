/// Suggests the mapping a person would write to move tables into documents: one document per
/// row of a root table, with the rows of the tables that reference it nested as arrays (at any
/// depth, a junction table's rows included), the column that points back to the parent left out
/// (the nesting says it), and to-one references either kept as key columns or embedded as
/// documents of the referenced row's columns.
///
/// The tables are described by their flat mappings (as ``CatalogInference`` makes them), so the
/// suggestion works for any schema category whose kinds have flat mappings.
///
/// ```swift
/// // given: inferred: InferredSchema
/// guard let orders = inferred.mappings.first(where: { $0.kindName == "orders" }) else { return }
/// let nested = DocumentSuggestion.mapping(root: orders, tables: inferred.mappings, schema: inferred.schema)
/// ```
public enum DocumentSuggestion {
    /// The nested mapping rooted at `root`'s table; `embedReferences` embeds the referenced rows
    /// of to-one references instead of keeping their key columns; nesting stops at `depth`.
    public static func mapping(
        root: Mapping, tables: [Mapping], schema: SchemaCategory, embedReferences: Bool = false, depth: Int = 4
    ) -> Mapping {
        let references = self.references(tables, schema: schema)
        func properties(_ table: Mapping, back: Int32?, level: Int, visited: Set<String>) -> [AccessPath] {
            var result: [AccessPath] = []
            var embedded: Set<Int32> = []
            for path in table.accessPath.children {
                guard let signature = path.signature, let first = signature.steps.first else {
                    result.append(path)
                    continue
                }
                if signature.steps.count > 1 && first == back { continue }
                if embedReferences, signature.steps.count > 1,
                    let reference = references.first(where: { $0.from == table.kindName && $0.step == first }),
                    let target = tables.first(where: { $0.kindName == reference.to }),
                    !visited.contains(target.kindName)
                {
                    if embedded.insert(first).inserted {
                        result.append(
                            AccessPath(
                                name: .fixed(reference.embeddedName(among: references)),
                                signature: Signature(base: first),
                                subpaths: properties(
                                    target, back: nil, level: level + 1, visited: visited.union([target.kindName])
                                )
                                .filter { $0.subpaths == nil }))
                    }
                    continue
                }
                result.append(path)
            }
            guard level < depth else { return result }
            for reference in references where reference.to == table.kindName && !visited.contains(reference.from) {
                guard let child = tables.first(where: { $0.kindName == reference.from }) else { continue }
                result.append(
                    AccessPath(
                        name: .fixed(reference.nestedName(among: references)),
                        signature: Signature(base: -reference.step),
                        subpaths: properties(
                            child, back: reference.step, level: level + 1, visited: visited.union([child.kindName]))))
            }
            return result
        }
        return Mapping(
            name: "\(root.kindName) as documents", kindName: root.kindName, rootObject: root.rootObject,
            primaryKey: root.primaryKey,
            accessPath: AccessPath(
                name: .fixed(""), signature: nil,
                subpaths: properties(root, back: nil, level: 0, visited: [root.kindName])))
    }

    /// A to-one reference between two tables: the first step of the columns of `from` that
    /// reach `to`'s root, and those columns.
    struct Reference {
        var from: String
        var to: String
        var step: Int32
        var columns: [String]

        /// The name of the referenced row embedded in the referencing one: the key column without
        /// its `_id` (`customer_id` -> `customer`), else the referenced table's name.
        func embeddedName(among all: [Reference]) -> String {
            if columns.count == 1, let column = columns.first, column.hasSuffix("_id"), column.count > 3 {
                return String(column.dropLast(3))
            }
            let twins = all.filter { $0.from == from && $0.to == to }
            return twins.count > 1 ? "\(to)_\(columns.joined(separator: "_"))" : to
        }

        /// The name of the referencing rows nested in the referenced one: the referencing table's
        /// name, with its key columns when it references that table more than once.
        func nestedName(among all: [Reference]) -> String {
            let twins = all.filter { $0.from == from && $0.to == to }
            return twins.count > 1 ? "\(from)_by_\(columns.joined(separator: "_"))" : from
        }
    }

    static func references(_ tables: [Mapping], schema: SchemaCategory) -> [Reference] {
        var result: [Reference] = []
        for table in tables {
            var steps: [Int32] = []
            for path in table.accessPath.children {
                guard let signature = path.signature, signature.steps.count > 1, let first = signature.steps.first,
                    !steps.contains(first)
                else { continue }
                steps.append(first)
            }
            for step in steps {
                guard let morphism = schema.morphism(Signature(base: step)), morphism.max == .one else { continue }
                let columns = table.accessPath.children.compactMap { path in
                    path.signature?.steps.first == step && (path.signature?.steps.count ?? 0) > 1
                        ? path.name.fixedName : nil
                }
                for target in tables where target.rootObject == morphism.cod {
                    result.append(Reference(from: table.kindName, to: target.kindName, step: step, columns: columns))
                }
            }
        }
        return result
    }
}
