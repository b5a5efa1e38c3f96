/// A foreign key between two flat kinds written to one relational target, derived from the
/// schema category: a column of `table` whose signature goes one step (to one row) to the root of
/// another written kind and then along that kind's primary key references it. The integrity
/// constraints of a whole-database export.
public struct ForeignKeyConstraint: Sendable, Equatable {
    public var table: String
    public var columns: [String]
    public var referencedTable: String
    public var referencedColumns: [String]

    public init(table: String, columns: [String], referencedTable: String, referencedColumns: [String]) {
        self.table = table
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
    }

    /// The foreign keys among `mappings` (flat kinds written together): for each kind and each
    /// base step from its root to the root of a kind in the list (a to-one step), a key when the
    /// kind has a column for every signature of that kind's primary key behind the step.
    ///
    /// ```swift
    /// // given: schema: SchemaCategory, mappings: [Mapping]
    /// for key in ForeignKeyConstraint.derive(mappings, in: schema) { print(key.table, key.referencedTable) }
    /// ```
    public static func derive(_ mappings: [Mapping], in schema: SchemaCategory) -> [ForeignKeyConstraint] {
        /// The top-level columns of a flat kind: name and signature.
        func columns(_ mapping: Mapping) -> [(name: String, signature: Signature)] {
            mapping.accessPath.children.compactMap { path in
                guard let name = path.name.fixedName, let signature = path.signature, !path.isComplex else {
                    return nil
                }
                return (name, signature)
            }
        }
        var keys: [ForeignKeyConstraint] = []
        for mapping in mappings {
            let own = columns(mapping)
            var steps: [Int32] = []
            for column in own {
                guard let first = column.signature.steps.first, column.signature.steps.count > 1,
                    !steps.contains(first)
                else { continue }
                steps.append(first)
            }
            for step in steps {
                guard let morphism = schema.morphism(Signature(base: step)), morphism.max == .one else { continue }
                for target in mappings where target.rootObject == morphism.cod {
                    let primaryKey = target.effectivePrimaryKey(in: schema)
                    let referenced = columns(target)
                    var from: [String] = []
                    var to: [String] = []
                    for signature in primaryKey {
                        guard let column = own.first(where: { $0.signature.steps == [step] + signature.steps }),
                            let targetColumn = referenced.first(where: { $0.signature == signature })
                        else { break }
                        from.append(column.name)
                        to.append(targetColumn.name)
                    }
                    guard !primaryKey.isEmpty, from.count == primaryKey.count else { continue }
                    let key = ForeignKeyConstraint(
                        table: mapping.kindName, columns: from, referencedTable: target.kindName, referencedColumns: to)
                    if !keys.contains(key) { keys.append(key) }
                }
            }
        }
        return keys
    }
}
