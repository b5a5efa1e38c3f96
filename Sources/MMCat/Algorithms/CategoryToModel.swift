/// Category to Model: reads an instance category through a mapping, record by record, for the
/// printers that turn records into a script for a database (DDL, then DML).
///
/// It evaluates each signature of the access path on the data once (composites by composition),
/// orders rows deterministically (by their ids: numbers by value, texts by code point), and knows
/// each value object's ``ValueKind`` so printers can type columns and fields.
///
/// ```swift
/// // given: instance: InstanceCategory, mapping: Mapping
/// let model = try CategoryToModel(instance: instance, mapping: mapping)
/// let script = try PostgreSQLPrinter().print(model)
/// ```
public final class CategoryToModel {
    public let instance: InstanceCategory
    public let mapping: Mapping
    public let schema: SchemaCategory
    /// The root node, compiled.
    public let root: Node
    private var kinds: [Int: ValueKind] = [:]

    /// A node of the access path with its schema facts resolved.
    public final class Node {
        public let name: PropertyName
        public let signature: Signature?
        /// The object whose rows this node's fields are read from (for auxiliary nodes: the parent's).
        public let objectIndex: Int
        /// For non-auxiliary nodes: the object of `signature`'s domain (the parent node's object).
        public let parentObjectIndex: Int
        public let isArray: Bool
        public let isRequired: Bool
        public let children: [Node]?
        /// The node's signature evaluated on the data, computed on first use.
        var relation: Relation?
        /// For a simple node: the first value in output order for every slot of the parent
        /// object (-1 where there is none), computed on first use.
        var column: [Int32]?
        /// The dynamically named child, when this node is a map.
        public var dynamicChild: Node? {
            children?.first { if case .dynamic = $0.name { return true } else { return false } }
        }
        public var isComplex: Bool { children != nil }
        public var isAuxiliary: Bool { signature == nil }

        init(
            name: PropertyName, signature: Signature?, objectIndex: Int, parentObjectIndex: Int, isArray: Bool,
            isRequired: Bool, children: [Node]?
        ) {
            self.name = name
            self.signature = signature
            self.objectIndex = objectIndex
            self.parentObjectIndex = parentObjectIndex
            self.isArray = isArray
            self.isRequired = isRequired
            self.children = children
        }
    }

    /// Compiles `mapping` for export; throws when it does not fit the schema.
    public init(instance: InstanceCategory, mapping: Mapping, file: String = "mapping") throws(InputError) {
        self.instance = instance
        self.mapping = mapping
        let schema = instance.schema
        self.schema = schema
        let problems = mapping.validate(against: schema)
        if !problems.isEmpty { throw InputError(file: file, problems: problems) }
        let rootIndex = schema.index(ofKey: mapping.rootObject)!
        func compile(_ path: AccessPath, parent: Int) -> Node {
            guard let signature = path.signature else {
                return Node(
                    name: path.name, signature: nil, objectIndex: parent, parentObjectIndex: parent, isArray: false,
                    isRequired: false, children: path.subpaths.map { $0.map { compile($0, parent: parent) } })
            }
            let morphism = signature.isEmpty ? nil : schema.morphism(signature)
            let target = morphism.map { schema.index(ofKey: $0.cod)! } ?? parent
            return Node(
                name: path.name, signature: signature, objectIndex: target, parentObjectIndex: parent,
                isArray: !(morphism?.isFunctional ?? true), isRequired: morphism?.min == .one,
                children: path.subpaths.map { $0.map { compile($0, parent: target) } })
        }
        self.root = Node(
            name: .fixed(""), signature: nil, objectIndex: rootIndex, parentObjectIndex: rootIndex, isArray: false,
            isRequired: true, children: mapping.accessPath.children.map { compile($0, parent: rootIndex) })
        instance.seal()
    }

    /// Root rows the model leaves out (``leaveOut(_:)``).
    private var leftOut: Set<Int32> = []

    /// ``rootRows()`` as last sorted (until rows are left out).
    private var sortedRootRows: [Int32]?

    /// The rows of the root object in output order, less those left out. Sorted once: the check
    /// for incomplete rows, the layout and the printer all ask.
    public func rootRows() -> [Int32] {
        if let sortedRootRows { return sortedRootRows }
        let object = instance.objects[root.objectIndex]
        let key = mapping.effectivePrimaryKey(in: schema).compactMap(object.position(of:))
        let rows = leftOut.isEmpty ? object.liveRows : object.liveRows.filter { !leftOut.contains($0) }
        let sorted = sorted(rows, of: root.objectIndex, by: key)
        sortedRootRows = sorted
        return sorted
    }

    /// The root rows that lack a value the schema requires of a top-level simple property (its
    /// morphism has min ONE), with the names of the properties: typically a row that exists only
    /// because other rows point at it, such as a customer known from an order's `customer_id`
    /// but absent from the customer table. A target that enforces its constraints would refuse
    /// them (or, with the column made nullable, hold a row the source never had).
    ///
    /// A relationship (see ``RelationshipEnds``) is incomplete, too, when an end reaches no node
    /// or a node without its identifying values: it could not be joined to its nodes.
    public func incompleteRows() -> [(row: Int32, missing: [String])] {
        let required = (root.children ?? []).filter { $0.isRequired && !$0.isComplex && !$0.isArray }
        let ends = relationshipEnds.map { [$0.from, $0.to] } ?? []
        guard !required.isEmpty || !ends.isEmpty else { return [] }
        return rootRows().compactMap { row in
            // Most rows are complete: find that out without making a list per row.
            if required.allSatisfy({ value(of: $0, from: row) != nil })
                && (ends.isEmpty || !isRelationship(row) || ends.allSatisfy({ endNode($0, of: row) != nil }))
            {
                return nil
            }
            var missing = required.filter { value(of: $0, from: row) == nil }.compactMap(\.name.fixedName)
            for end in ends where isRelationship(row) && endNode(end, of: row) == nil {
                missing.append(root.children![end.childIndex].name.description)
            }
            return missing.isEmpty ? nil : (row, missing)
        }
    }

    /// The two ends when the mapping is a graph relationship's (``RelationshipEnds``), else nil.
    public private(set) lazy var relationshipEnds: RelationshipEnds? =
        (try? RelationshipEnds(mapping, schema: schema)) ?? nil

    /// Whether a root row of a relationship kind stands for a relationship. When one end is the
    /// root row itself (its signature is empty: a relationship drawn from a foreign key, rooted
    /// at the referencing row), only the rows whose other end reaches a node do; a row without
    /// the reference is simply no relationship. Otherwise every root row is one.
    public func isRelationship(_ row: Int32) -> Bool {
        guard let ends = relationshipEnds else { return false }
        let from = root.children![ends.from.childIndex]
        let to = root.children![ends.to.childIndex]
        if from.signature == .empty { return !targets(of: to, from: row).isEmpty }
        if to.signature == .empty { return !targets(of: from, from: row).isEmpty }
        return true
    }

    /// The row of the node at `end` of the relationship `row`, when it is there with every
    /// identifying value; nil otherwise.
    public func endNode(_ end: RelationshipEnds.End, of row: Int32) -> Int32? {
        let node = root.children![end.childIndex]
        guard let target = targets(of: node, from: row).first,
            absentNodes[node.objectIndex]?.contains(target) != true
        else { return nil }
        let complete = node.children!.allSatisfy { value(of: $0, from: target) != nil }
        return complete ? target : nil
    }

    /// Rows of other objects that the target will not hold (left out of their own node kind),
    /// by object index: a relationship ending at one of them cannot be joined.
    private var absentNodes: [Int: Set<Int32>] = [:]

    /// The root rows left out of the model (``leaveOut(_:)``).
    public var leftOutRows: Set<Int32> { leftOut }

    /// Marks `rows` of the object at `objectIndex` as absent from the target: the node kind that
    /// writes them left them out. A relationship ending at one is then incomplete.
    public func treatAsAbsent(_ rows: Set<Int32>, of objectIndex: Int) {
        absentNodes[objectIndex, default: []].formUnion(rows)
    }

    /// Leaves `rows` of the root object out of the model.
    public func leaveOut(_ rows: some Sequence<Int32>) {
        leftOut.formUnion(rows)
        sortedRootRows = nil
    }

    /// "the record with id = 99" for a root row, by the mapping's primary key (for messages); each
    /// key property named as a flat kind names its column (`_id_customer` under an auxiliary node).
    public func describe(_ row: Int32) -> String {
        let object = instance.objects[root.objectIndex]
        let parts = mapping.effectivePrimaryKey(in: schema).map { signature -> String in
            let value = object.position(of: signature).map { object.value(row, $0) }.flatMap { $0 >= 0 ? $0 : nil }
            return "\(name(of: signature) ?? signature.description) = \(value.map(instance.pool.text) ?? "null")"
        }
        return parts.isEmpty ? "a record" : "the record with " + parts.joined(separator: ", ")
    }

    /// The name of the simple property that holds `signature` from the root, auxiliary nodes'
    /// names joined with `_` as ``FlatLayout`` joins them.
    private func name(of signature: Signature) -> String? {
        func find(_ nodes: [Node], prefix: String) -> String? {
            for node in nodes {
                guard let name = node.name.fixedName else { continue }
                let full = prefix.isEmpty ? name : "\(prefix)_\(name)"
                if node.isAuxiliary, let found = find(node.children ?? [], prefix: full) { return found }
                // A relationship's end that is the root row itself holds the row's own key.
                if node.signature == .empty, node.isComplex, let found = find(node.children ?? [], prefix: prefix) {
                    return found
                }
                if node.signature == signature && !node.isComplex { return full }
            }
            return nil
        }
        return find(root.children ?? [], prefix: "")
    }

    /// The node's signature evaluated on the data (cached on the node: export asks once per row).
    private func relation(of node: Node) -> Relation {
        if let relation = node.relation { return relation }
        let relation = instance.relation(node.signature ?? .empty, from: node.parentObjectIndex)
        node.relation = relation
        return relation
    }

    /// The rows that `node` reaches from `row` (its parent's row), in output order.
    public func targets(of node: Node, from row: Int32) -> [Int32] {
        guard node.signature != nil else { return [row] }
        let found = relation(of: node).targets(of: row)
        if found.count <= 1 { return Array(found) }
        let object = instance.objects[node.objectIndex]
        return sorted(Array(found), of: node.objectIndex, by: object.idPositions.first ?? [])
    }

    /// The values that a simple `node` reaches from `row`, in output order.
    public func values(of node: Node, from row: Int32) -> [Int32] {
        guard let signature = node.signature, !signature.isEmpty else {
            return value(of: node, from: row).map { [$0] } ?? []
        }
        let object = instance.objects[node.objectIndex]
        var result = relation(of: node).targets(of: row).map { object.value($0, 0) }.filter { $0 >= 0 }
        if result.count > 1 { result.sort(by: instance.pool.precedes) }
        return result
    }

    /// The first value (in output order) that a simple `node` reaches from `row`, without building an
    /// array: what a single-valued field holds. Read from the node's column, so that a field
    /// costs one array read per row however its value is reached.
    @inline(__always)
    public func value(of node: Node, from row: Int32) -> Int32? {
        if node.column == nil { node.column = column(of: node) }
        let value = node.column.unsafelyUnwrapped.withUnsafeBufferPointer { column in
            Int(row) < column.count ? column[Int(row)] : -1
        }
        return value >= 0 ? value : nil
    }

    /// Computes now what reading `node` would compute on first use (its column, its relation, a
    /// map's names): after every node of a mapping was prepared, the model only reads the
    /// instance, so several threads may read it at once.
    func prepare(_ node: Node) {
        if !node.isComplex && !node.isArray && node.column == nil { node.column = column(of: node) }
        if node.signature != nil { _ = relation(of: node) }
        if case .dynamic(let signature) = node.name { _ = instance.relation(signature, from: node.parentObjectIndex) }
    }

    /// The first value in output order of a simple `node` for every slot of its parent object.
    private func column(of node: Node) -> [Int32] {
        let parent = instance.objects[node.parentObjectIndex]
        guard let signature = node.signature, !signature.isEmpty else {
            return (0..<Int32(parent.slotCount)).map { parent.value($0, 0) }
        }
        let object = instance.objects[node.objectIndex]
        let relation = relation(of: node)
        let pool = instance.pool
        var column = [Int32](repeating: -1, count: parent.slotCount)
        for row in column.indices {
            for target in relation.targets(of: Int32(row)) {
                let value = object.value(target, 0)
                if value >= 0 && (column[row] < 0 || pool.precedes(value, column[row])) { column[row] = value }
            }
        }
        return column
    }

    /// The key of a map entry: the value of the dynamic name's signature from the entry's row.
    public func entryName(_ dynamic: Node, row: Int32) -> Int32? {
        guard case .dynamic(let signature) = dynamic.name else { return nil }
        let object = instance.objects[dynamic.parentObjectIndex]
        let names = instance.relation(signature, from: dynamic.parentObjectIndex).targets(of: row)
        guard let first = names.first else {
            // The name may be a value the row itself carries.
            return object.position(of: signature).map { object.value(row, $0) }.flatMap { $0 >= 0 ? $0 : nil }
        }
        let target = schema.morphism(signature).flatMap { schema.index(ofKey: $0.cod) } ?? 0
        let value = instance.objects[target].value(first, 0)
        return value >= 0 ? value : nil
    }

    /// The kind of every value of the object at `objectIndex` together (text if they differ).
    public func kind(of objectIndex: Int) -> ValueKind {
        if let known = kinds[objectIndex] { return known }
        let object = instance.objects[objectIndex]
        var result: ValueKind?
        for row in object.liveRows {
            let value = object.value(row, 0)
            guard value >= 0 else { continue }
            let kind = instance.pool.kind(value)
            result = result.map { $0.joined(with: kind) } ?? kind
            if result == .text { break }
        }
        kinds[objectIndex] = result ?? .text
        return result ?? .text
    }

    private func sorted(_ rows: [Int32], of objectIndex: Int, by positions: [Int]) -> [Int32] {
        guard !positions.isEmpty, rows.count > 1 else { return rows }
        let object = instance.objects[objectIndex]
        let pool = instance.pool
        if rows.count < 64 {
            return rows.sorted { left, right in
                for position in positions {
                    let a = object.value(left, position)
                    let b = object.value(right, position)
                    if a == b { continue }
                    if a < 0 || b < 0 { return a < b }
                    return pool.precedes(a, b)
                }
                return left < right
            }
        }
        // Many rows: rank each position's values once, then sort rows by their ranks (integers).
        let ranks = positions.map { position in pool.ranks(of: rows.lazy.map { object.value($0, position) }) }
        func rank(_ row: Int32, _ index: Int) -> Int32 {
            let value = object.value(row, positions[index])
            return value < 0 ? 0 : ranks[index][Int(value)]
        }
        var keyed: [(key: UInt64, rest: [Int32], row: Int32)] = rows.map { row in
            let first = UInt64(UInt32(rank(row, 0))) << 32
            let second = positions.count > 1 ? UInt64(UInt32(rank(row, 1))) : 0
            let rest = positions.count > 2 ? (2..<positions.count).map { rank(row, $0) } : []
            return (first | second, rest, row)
        }
        keyed.sort { left, right in
            if left.key != right.key { return left.key < right.key }
            if left.rest != right.rest { return left.rest.lexicographicallyPrecedes(right.rest) }
            return left.row < right.row
        }
        return keyed.map(\.row)
    }
}
/// Turns a ``CategoryToModel`` into the script (the model) of one database system.
///
/// ```swift
/// // given: model: CategoryToModel, file: FileHandle
/// let bytes = try MongoDBPrinter().print(model)               // in memory
/// var out = TextOutput { chunk in file.write(Data(chunk)) }   // or streamed
/// try MongoDBPrinter().print(model, to: &out)
/// out.flush()
/// ```
public protocol ModelPrinter: Sendable {
    /// The name used on the command line (`--target`).
    var target: String { get }
    /// The extension of a downloaded model file (`sql`, `js`, `cypher`).
    var fileExtension: String { get }
    /// Writes the script; checks that the mapping suits the target before writing anything.
    func print(_ model: CategoryToModel, to out: inout TextOutput) throws(InputError)
    /// This printer for kinds written together with foreign keys between them (default: itself).
    func withForeignKeys(_ keys: [ForeignKeyConstraint]) -> any ModelPrinter
    /// The script that adds foreign keys after the data, or nil (the default).
    func constraints(_ keys: [ForeignKeyConstraint]) -> [UInt8]?
    /// Writes one model of several kinds of one database (a whole database), with the
    /// integrity constraints between them. The default writes each kind's model in turn, its
    /// printer given the foreign keys among them, then ``constraints(_:)``.
    func print(kinds models: [CategoryToModel], to out: inout TextOutput) throws(InputError)
}

extension ModelPrinter {
    /// The number of rows or documents per statement in large exports.
    public var batchSize: Int { 1000 }

    /// This printer for kinds written together with these foreign keys between them: relational
    /// printers declare them (or ``constraints(_:)`` adds them after the data); the others, whose
    /// models hold no references, ignore them.
    public func withForeignKeys(_ keys: [ForeignKeyConstraint]) -> any ModelPrinter { self }

    /// The script that adds `keys` once every kind holds its data, or nil when the printer's
    /// models declare them themselves or have none.
    public func constraints(_ keys: [ForeignKeyConstraint]) -> [UInt8]? { nil }

    public func print(kinds models: [CategoryToModel], to out: inout TextOutput) throws(InputError) {
        guard let schema = models.first?.schema else { return }
        let keys = ForeignKeyConstraint.derive(models.map(\.mapping), in: schema)
        let printer = withForeignKeys(keys)
        for model in models { try printer.print(model, to: &out) }
        if let constraints = printer.constraints(keys) { out.write(bytes: constraints) }
    }

    /// The whole script in memory.
    public func print(_ model: CategoryToModel) throws(InputError) -> [UInt8] {
        var out = TextOutput()
        try print(model, to: &out)
        return out.bytes
    }
}
