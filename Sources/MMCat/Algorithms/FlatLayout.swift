/// The columns of a flat kind: a table row or a graph node, whose fields are values or arrays of
/// values, never nested documents.
///
/// Auxiliary nodes are flattened into their children, the names joined with `_`
/// (`_id: { customer }` gives the column `_id_customer`). A nested complex property or a dynamic
/// name has no place in a flat kind and is rejected with a message naming the property.
///
/// ```swift
/// // given: model: CategoryToModel
/// let layout = try FlatLayout(model: model, targetName: "PostgreSQL")
/// layout.columns.map(\.name)   // ["number", "customer"]
/// ```
public struct FlatLayout {
    /// One column with everything a printer needs to declare and fill it.
    public struct Column {
        public var name: String
        public var node: CategoryToModel.Node
        public var kind: ValueKind
        public var isArray: Bool
        /// True when the schema requires a value and every row has one (so NOT NULL holds).
        public var isRequired: Bool
        public var isPrimaryKey: Bool
        /// The type the schema declares for the column's attribute (``SchemaObject/dataType``).
        public var declaredType: String?
    }

    public let model: CategoryToModel
    public let columns: [Column]
    /// Positions in ``columns`` of the primary key, in the key's order; empty when the mapping has
    /// no column for one of its signatures.
    public let primaryKey: [Int]
    /// Positions in ``columns`` of each further id of the root object (a unique constraint) that
    /// has a column for every signature and is not the primary key.
    public let uniqueKeys: [[Int]]
    public let rows: [Int32]

    /// The layout of `model`'s kind; `leavingOut` names positions among the root's children
    /// that are not columns (a graph relationship's two ends, which ``RelationshipEnds`` reads).
    public init(
        model: CategoryToModel, targetName: String, file: String = "mapping", leavingOut: Set<Int> = []
    ) throws(InputError) {
        self.model = model
        var problems = ProblemList()
        var found: [(String, CategoryToModel.Node)] = []
        func flatten(_ node: CategoryToModel.Node, prefix: String, path: String) {
            for (index, child) in (node.children ?? []).enumerated()
            where !(node === model.root && leavingOut.contains(index)) {
                let childPath = "\(path).subpaths[\(index)]"
                guard let name = child.name.fixedName else {
                    problems.add(
                        "\(childPath).name",
                        "\(targetName) kinds have fixed columns; a dynamic name (a map) needs a document database")
                    continue
                }
                let full = prefix.isEmpty ? name : "\(prefix)_\(name)"
                if child.isAuxiliary {
                    flatten(child, prefix: full, path: childPath)
                } else if child.isComplex {
                    problems.add(
                        childPath,
                        "\(targetName) kinds are flat, but \"\(name)\" is a nested document; map it as a kind of its own rooted at \(model.schema.objects[child.objectIndex].displayName)"
                    )
                } else {
                    found.append((full, child))
                }
            }
        }
        flatten(model.root, prefix: "", path: "$.accessPath")
        var seen: [String: Int] = [:]
        for (index, (name, _)) in found.enumerated() {
            if seen[name] != nil {
                problems.add("$.accessPath", "two properties give the column name \"\(name)\"")
            }
            seen[name] = index
        }
        try problems.check(file: file)
        let rows = model.rootRows()
        let primaryKey = model.mapping.effectivePrimaryKey(in: model.schema)
        let keyColumns = primaryKey.compactMap { signature in found.firstIndex { $0.1.signature == signature } }
        let hasKey = !primaryKey.isEmpty && keyColumns.count == primaryKey.count
        self.rows = rows
        self.primaryKey = hasKey ? keyColumns : []
        let ids = model.schema.object(model.mapping.rootObject)?.ids ?? []
        self.uniqueKeys = ids.filter { $0 != primaryKey && !$0.contains(.empty) }.compactMap { id in
            let positions = id.compactMap { signature in found.firstIndex { $0.1.signature == signature } }
            return positions.count == id.count ? positions : nil
        }
        self.columns = found.enumerated().map { index, entry in
            let (name, node) = entry
            let complete =
                node.isRequired && !node.isArray && rows.allSatisfy { model.value(of: node, from: $0) != nil }
            return Column(
                name: name, node: node, kind: model.kind(of: node.objectIndex), isArray: node.isArray,
                isRequired: complete, isPrimaryKey: hasKey && keyColumns.contains(index),
                declaredType: model.schema.objects[node.objectIndex].dataType)
        }
    }

    /// The values of `column` for `row`: empty (NULL), one value, or the elements of an array.
    public func values(_ column: Column, row: Int32) -> [Int32] {
        model.values(of: column.node, from: row)
    }

    /// The value of a single-valued `column` for `row`, or nil (NULL).
    public func value(_ column: Column, row: Int32) -> Int32? {
        model.value(of: column.node, from: row)
    }
}
