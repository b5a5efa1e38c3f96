/// The conceptual schema: objects by key and morphisms by signature.
///
/// Base morphisms are stored in both directions (`n` and `-n`); composites are derived on demand
/// from their steps unless the schema lists them to pin their cardinality.
///
/// ```swift
/// // given: text: String
/// let schema = try SchemaCategory.load(bytes: Array(text.utf8), file: "orders.schema.json")
/// schema.morphism(try Signature(parsing: "10.9"))?.cod   // 117
/// ```
public struct SchemaCategory: Sendable, Equatable {
    public var name: String?
    /// Objects in key order.
    public private(set) var objects: [SchemaObject]
    /// Base morphisms in both directions, and listed composites.
    public private(set) var morphisms: [Signature: SchemaMorphism]
    private var indexByKey: [Int: Int]

    /// Builds a category from checked parts; ``validate()`` tells what is wrong with them.
    public init(name: String? = nil, objects: [SchemaObject], morphisms: [SchemaMorphism]) {
        self.name = name
        self.objects = objects.sorted { $0.key < $1.key }
        self.indexByKey = [:]
        for (index, object) in self.objects.enumerated() where indexByKey[object.key] == nil {
            indexByKey[object.key] = index
        }
        self.morphisms = [:]
        for morphism in morphisms where self.morphisms[morphism.signature] == nil {
            self.morphisms[morphism.signature] = morphism
        }
        // A dual that is not listed defaults to 0..*.
        for morphism in morphisms where morphism.signature.isBase {
            let dual = morphism.signature.dual
            if self.morphisms[dual] == nil {
                self.morphisms[dual] = SchemaMorphism(
                    signature: dual, dom: morphism.cod, cod: morphism.dom, min: .zero, max: .star)
            }
        }
    }

    /// The position of the object with `key` in ``objects``.
    public func index(ofKey key: Int) -> Int? { indexByKey[key] }

    public func object(_ key: Int) -> SchemaObject? {
        indexByKey[key].map { objects[$0] }
    }

    /// The morphism named `signature`: a listed one, or a composite derived from its steps
    /// (dom and cod from the chain; min ONE and max ONE only if every step has them).
    /// Nil for ε, for an unknown base, or for steps that do not chain.
    public func morphism(_ signature: Signature) -> SchemaMorphism? {
        if let listed = morphisms[signature] { return listed }
        guard signature.isComposite else { return nil }
        var result: SchemaMorphism?
        for step in signature.steps {
            guard let base = morphisms[Signature(base: step)] else { return nil }
            guard let soFar = result else {
                result = base
                continue
            }
            guard soFar.cod == base.dom else { return nil }
            result = SchemaMorphism(
                signature: signature, dom: soFar.dom, cod: base.cod,
                min: soFar.min == .one && base.min == .one ? .one : .zero,
                max: soFar.max == .one && base.max == .one ? .one : .star)
        }
        return result
    }

    /// The object reached from `key` along `signature` (ε stays at `key`), or nil if the path leads nowhere.
    public func target(of signature: Signature, from key: Int) -> Int? {
        if signature.isEmpty { return key }
        guard let morphism = morphism(signature), morphism.dom == key else { return nil }
        return morphism.cod
    }

    /// Why `signature` does not lead anywhere from `key`, or nil when it does.
    public func pathProblem(_ signature: Signature, from key: Int) -> String? {
        var current = key
        for step in signature.steps {
            guard let base = morphisms[Signature(base: step)] else {
                return "signature \"\(signature)\": there is no morphism \(step)"
            }
            guard base.dom == current else {
                let from = object(current)?.displayName ?? "\(current)"
                return
                    "signature \"\(signature)\": morphism \(step) starts at \(object(base.dom)?.displayName ?? "\(base.dom)"), not at \(from)"
            }
            current = base.cod
        }
        return nil
    }
}
