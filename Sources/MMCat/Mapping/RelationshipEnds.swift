/// The two ends of a relationship kind of a graph database, found in its mapping by MM-cat's
/// convention: a mapping whose access path holds a complex property named `_from.LABEL` and one
/// named `_to.LABEL` describes a relationship type (its `kindName`), not a node label. LABEL is
/// the label of the node kind at that end; the property's signature leads from the relationship's
/// root object to that node's object, and its children are the node properties that identify the
/// node (an id of that object). The relationship's own properties are the other children.
///
/// ```
/// ORDERED @order_item {
///     quantity: quantity,
///     _from.order: order { number: number },
///     _to.product: product { id: id }
/// }
/// ```
///
/// ```swift
/// // given: mapping: Mapping, schema: SchemaCategory
/// if let ends = try RelationshipEnds(mapping, schema: schema) {
///     print(ends.from.label, ends.to.label)   // "order" "product"
/// }
/// ```
public struct RelationshipEnds: Sendable, Equatable {
    /// One end: the node label, the position of its property among the root's children, and
    /// the names and signatures (from the end's object) of the identifying properties.
    public struct End: Sendable, Equatable {
        public var label: String
        public var childIndex: Int
        public var signature: Signature
        public var keyNames: [String]
        public var keySignatures: [Signature]
    }

    public static let fromPrefix = "_from."
    public static let toPrefix = "_to."

    public var from: End
    public var to: End

    /// Whether a property name is one of the two special names (`_from.…` or `_to.…`).
    public static func isEndName(_ name: String) -> Bool {
        split(name) != nil
    }

    /// The prefix and the label of an end's name, compared byte by byte: as `Character`s, a
    /// label starting with a combining mark or a joiner would merge with the `.` into one
    /// grapheme and the prefix would not be seen.
    public static func split(_ name: String) -> (prefix: String, label: String)? {
        for prefix in [fromPrefix, toPrefix] where name.utf8.starts(with: prefix.utf8) {
            return (prefix, String(decoding: name.utf8.dropFirst(prefix.utf8.count), as: UTF8.self))
        }
        return nil
    }

    /// The ends of `mapping`, nil for a node kind (no `_from.`/`_to.` property), or an error
    /// locating every way the two properties break the convention: one end without the other, an
    /// end that is not a single node reached by a signature, or one whose properties do not
    /// identify that node (they must hold an id of its object).
    public init?(_ mapping: Mapping, schema: SchemaCategory, file: String = "mapping") throws(InputError) {
        var problems = ProblemList()
        var found: [String: (Int, AccessPath)] = [:]
        for (index, child) in mapping.accessPath.children.enumerated() {
            guard let name = child.name.fixedName, let (prefix, _) = Self.split(name) else { continue }
            if found[prefix] != nil {
                problems.add("$.accessPath.subpaths[\(index)].name", "a relationship has one \(prefix)LABEL property")
            }
            found[prefix] = (index, child)
        }
        if found.isEmpty { return nil }
        for (prefix, other) in [(Self.fromPrefix, Self.toPrefix), (Self.toPrefix, Self.fromPrefix)]
        where found[prefix] == nil {
            problems.add(
                "$.accessPath",
                "a relationship needs both ends: there is a \(other)LABEL property but no \(prefix)LABEL property")
        }
        try problems.check(file: file)
        func end(_ prefix: String) -> End? {
            let (index, path) = found[prefix]!
            let location = "$.accessPath.subpaths[\(index)]"
            let label = Self.split(path.name.fixedName!)!.label
            if label.isEmpty {
                problems.add("\(location).name", "name the node label after \(prefix), as \(prefix)Person")
            }
            guard let signature = path.signature, path.isComplex else {
                problems.add(
                    location,
                    "\(prefix)\(label) must be a complex property with a signature to the node's object, holding the properties that identify the node"
                )
                return nil
            }
            guard let target = schema.target(of: signature, from: mapping.rootObject),
                let object = schema.object(target)
            else {
                problems.add("\(location).signature", "\(signature) leads nowhere from the root object")
                return nil
            }
            if signature.steps.contains(where: { !(schema.morphism(Signature(base: $0))?.isFunctional ?? true) }) {
                problems.add(
                    "\(location).signature",
                    "a relationship has one node at each end, but \(signature) can lead to several \(object.displayName)"
                )
            }
            var names: [String] = []
            var signatures: [Signature] = []
            for (childIndex, child) in path.children.enumerated() {
                guard let name = child.name.fixedName, let childSignature = child.signature, !child.isComplex else {
                    problems.add(
                        "\(location).subpaths[\(childIndex)]",
                        "an end holds only the node's identifying properties: simple properties with fixed names")
                    continue
                }
                names.append(name)
                signatures.append(childSignature)
            }
            let identifying = object.ids.contains { id in id.allSatisfy(signatures.contains) }
            if !identifying {
                let ids = object.ids.map { "(" + $0.map(\.description).joined(separator: ", ") + ")" }
                problems.add(
                    location,
                    "the properties of \(prefix)\(label) do not identify \(object.displayName): they must hold one of its ids \(ids.joined(separator: " or "))"
                )
            }
            return End(
                label: label, childIndex: index, signature: signature, keyNames: names, keySignatures: signatures)
        }
        let from = end(Self.fromPrefix)
        let to = end(Self.toPrefix)
        try problems.check(file: file)
        self.from = from!
        self.to = to!
    }
}
