/// A mapping compiled against its schema for Model to Category: for every complex node of the
/// access path, the object it stands for, where each superId value is read from, and its children.
///
/// Compiling once up front keeps the per-record work to walking JSON and looking up hash indexes,
/// and it is also where a mapping that could never identify its rows is caught, before any data.
///
/// ```swift
/// // given: schema: SchemaCategory, mapping: Mapping
/// let plan = try ImportPlan(schema: schema, mapping: mapping)
/// plan.root.objectIndex   // the root object's position in schema.objects
/// ```
public struct ImportPlan: Sendable {
    /// Where one superId value of a row comes from, relative to the node's JSON object.
    enum ValueSource: Sendable {
        /// A field, reached through these keys (through auxiliary nodes and nested single documents).
        case field([String])
        /// The key of the current map entry.
        case entryKey
        /// The value of the current map entry, or a field inside it.
        case entryValue([String])
        /// A value the parent row carries, at this position of the parent object's superId.
        case parent(Int)
    }

    /// A complex node: the object its rows belong to and how to fill them.
    final class Node: Sendable {
        let objectIndex: Int
        let object: SchemaObject
        let sources: [ValueSource?]
        /// True when rows are nested documents without an identifier: they get technical ids.
        let technical: Bool
        let simpleChildren: [SimpleChild]
        let complexChildren: [ComplexChild]
        let dynamic: DynamicChild?
        /// Keys of the node's JSON object that belong to named children (not map entries).
        let fixedKeys: Set<String>

        init(
            objectIndex: Int, object: SchemaObject, sources: [ValueSource?], technical: Bool,
            simpleChildren: [SimpleChild], complexChildren: [ComplexChild], dynamic: DynamicChild?,
            fixedKeys: Set<String>
        ) {
            self.objectIndex = objectIndex
            self.object = object
            self.sources = sources
            self.technical = technical
            self.simpleChildren = simpleChildren
            self.complexChildren = complexChildren
            self.dynamic = dynamic
            self.fixedKeys = fixedKeys
        }
    }

    struct SimpleChild: Sendable {
        var path: [String]
        var slot: Int
        var targetIndex: Int
    }

    struct ComplexChild: Sendable {
        var path: [String]
        var slot: Int
        var node: Node
    }

    /// The dynamically named child of a map node: each entry's key and value.
    struct DynamicChild: Sendable {
        var nameSlot: Int
        var nameTargetIndex: Int
        var valueSlot: Int
        /// The value object of a simple map, or the node of a map of documents.
        var valueTargetIndex: Int?
        var valueNode: Node?
    }

    let root: Node
    /// The signatures the plan adds pairs to; children refer to them by position (their slot).
    let signatures: [Signature]
    /// Every composite signature the mapping uses (the dump lists them).
    public let composites: Set<Signature>

    /// Compiles `mapping`; throws every problem found, located by JSON path, naming `file`.
    public init(schema: SchemaCategory, mapping: Mapping, file: String = "mapping") throws(InputError) {
        var compiler = Compiler(schema: schema)
        let root = compiler.compileRoot(mapping)
        try compiler.problems.check(file: file)
        self.root = root!
        self.signatures = compiler.signatures
        self.composites = compiler.composites
    }

    /// Builds the plan tree; structural checks of the mapping happen in `Mapping.validate`.
    private struct Compiler {
        let schema: SchemaCategory
        var problems = ProblemList()
        var composites: Set<Signature> = []
        var signatures: [Signature] = []

        init(schema: SchemaCategory) {
            self.schema = schema
        }

        mutating func slot(_ signature: Signature) -> Int {
            if signature.isComposite { composites.insert(signature) }
            if let index = signatures.firstIndex(of: signature) { return index }
            signatures.append(signature)
            return signatures.count - 1
        }

        mutating func compileRoot(_ mapping: Mapping) -> Node? {
            guard schema.object(mapping.rootObject) != nil else {
                problems.add("$.rootObject", "unknown object key \(mapping.rootObject)")
                return nil
            }
            return compile(
                mapping.accessPath, objectKey: mapping.rootObject, incoming: nil, parent: nil, path: "$.accessPath")
        }

        mutating func compile(
            _ node: AccessPath, objectKey: Int, incoming: Signature?, parent: SchemaObject?, path: String
        ) -> Node? {
            let object = schema.object(objectKey)!
            var simple: [SimpleChild] = []
            var complex: [ComplexChild] = []
            var dynamic: DynamicChild?
            var fixedKeys = Set<String>()
            var table: [Signature: ValueSource] = [:]
            let mark = problems.count
            for (index, child) in node.children.enumerated() {
                let childPath = "\(path).subpaths[\(index)]"
                if let name = child.name.fixedName { fixedKeys.insert(name) }
                if case .dynamic(let nameSignature) = child.name {
                    dynamic = compileDynamic(
                        child, nameSignature: nameSignature, object: object, table: &table, path: childPath)
                    continue
                }
                collect(
                    child, prefix: [], object: object, path: childPath, simple: &simple, complex: &complex,
                    table: &table)
            }
            return finish(
                object: object, incoming: incoming, parent: parent, table: table, simple: simple, complex: complex,
                dynamic: dynamic, fixedKeys: fixedKeys, path: path, mark: mark)
        }

        /// Adds a named child (and, through auxiliary nodes, its descendants) to the node's children
        /// and to the table of fields that can supply superId values.
        mutating func collect(
            _ child: AccessPath, prefix: [String], object: SchemaObject, path: String,
            simple: inout [SimpleChild], complex: inout [ComplexChild], table: inout [Signature: ValueSource]
        ) {
            guard let name = child.name.fixedName else { return }
            let fieldPath = prefix + [name]
            // No signature (an auxiliary node), or the empty one on a complex property (the row
            // itself, nested under a name, as a graph relationship's `_from` end can be): the
            // children are the row's own fields.
            guard let signature = child.signature, !(signature.isEmpty && child.isComplex) else {
                for (index, grandchild) in child.children.enumerated() {
                    collect(
                        grandchild, prefix: fieldPath, object: object, path: "\(path).subpaths[\(index)]",
                        simple: &simple, complex: &complex, table: &table)
                }
                return
            }
            guard let morphism = schema.morphism(signature), morphism.dom == object.key else {
                problems.add(
                    "\(path).signature", schema.pathProblem(signature, from: object.key) ?? "invalid signature")
                return
            }
            if child.isComplex {
                if let node = compile(
                    child, objectKey: morphism.cod, incoming: signature, parent: object, path: path)
                {
                    complex.append(ComplexChild(path: fieldPath, slot: slot(signature), node: node))
                }
                if morphism.isFunctional {
                    addSources(child, fieldPath: fieldPath, signature: signature, to: &table)
                }
            } else {
                guard schema.object(morphism.cod)!.isValueObject else {
                    problems.add(
                        "\(path).signature",
                        "a simple property must lead to a value object, but \"\(signature)\" leads to \(schema.object(morphism.cod)!.displayName), whose rows are identified by other values; make it a complex property"
                    )
                    return
                }
                simple.append(
                    SimpleChild(path: fieldPath, slot: slot(signature), targetIndex: schema.index(ofKey: morphism.cod)!)
                )
                if table[signature] == nil { table[signature] = .field(fieldPath) }
            }
        }

        /// Records the simple descendants of `node` (through single nested documents) as value sources.
        func addSources(
            _ node: AccessPath, fieldPath: [String], signature: Signature, to table: inout [Signature: ValueSource]
        ) {
            guard node.isComplex else {
                if table[signature] == nil { table[signature] = .field(fieldPath) }
                return
            }
            for child in node.children {
                guard let name = child.name.fixedName else { continue }
                guard let step = child.signature else {
                    addSources(child, fieldPath: fieldPath + [name], signature: signature, to: &table)
                    continue
                }
                let combined = signature.followed(by: step)
                if child.isComplex, !(schema.morphism(combined)?.isFunctional ?? false) { continue }
                addSources(child, fieldPath: fieldPath + [name], signature: combined, to: &table)
            }
        }

        mutating func compileDynamic(
            _ child: AccessPath, nameSignature: Signature, object: SchemaObject, table: inout [Signature: ValueSource],
            path: String
        ) -> DynamicChild? {
            guard let nameMorphism = schema.morphism(nameSignature), nameMorphism.dom == object.key,
                let signature = child.signature, let morphism = schema.morphism(signature), morphism.dom == object.key
            else {
                problems.add(path, "the signatures of a dynamically named property must start at \(object.displayName)")
                return nil
            }
            table[nameSignature] = .entryKey
            var result = DynamicChild(
                nameSlot: slot(nameSignature), nameTargetIndex: schema.index(ofKey: nameMorphism.cod)!,
                valueSlot: slot(signature))
            if child.isComplex {
                result.valueNode = compile(
                    child, objectKey: morphism.cod, incoming: signature, parent: object, path: path)
                if morphism.isFunctional {
                    var nested: [Signature: ValueSource] = [:]
                    addSources(child, fieldPath: [], signature: signature, to: &nested)
                    for (key, source) in nested where table[key] == nil {
                        if case .field(let keys) = source { table[key] = .entryValue(keys) }
                    }
                }
            } else {
                result.valueTargetIndex = schema.index(ofKey: morphism.cod)!
                table[signature] = .entryValue([])
            }
            return result.valueNode == nil && child.isComplex ? nil : result
        }

        mutating func finish(
            object: SchemaObject, incoming: Signature?, parent: SchemaObject?, table: [Signature: ValueSource],
            simple: [SimpleChild], complex: [ComplexChild], dynamic: DynamicChild?, fixedKeys: Set<String>,
            path: String, mark: Int
        ) -> Node {
            let sources: [ValueSource?] = object.superId.map { attribute in
                if let source = table[attribute] { return source }
                if let incoming, let parent, let rest = attribute.afterGoingBack(along: incoming),
                    let position = parent.superId.firstIndex(of: rest)
                {
                    return .parent(position)
                }
                return nil
            }
            let identifiable = object.ids.contains { id in
                id.allSatisfy { attribute in
                    object.superId.firstIndex(of: attribute).map { sources[$0] != nil } ?? false
                }
            }
            let technical = !identifiable && object.isValueObject
            if !identifiable && !technical {
                let needs = object.ids.map { "[\($0.map { "\"\($0)\"" }.joined(separator: ", "))]" }
                    .joined(separator: " or ")
                problems.add(
                    path,
                    "rows of \(object.displayName) cannot be identified: no id (\(needs)) can be read from the record, its map entry or the parent row; add properties with those signatures",
                    before: mark)
            }
            return Node(
                objectIndex: schema.index(ofKey: object.key)!, object: object, sources: sources, technical: technical,
                simpleChildren: simple, complexChildren: complex, dynamic: dynamic, fixedKeys: fixedKeys)
        }
    }
}
