/// The data in the shape of a schema category: rows per object, pairs per morphism.
///
/// Base morphisms store their pairs once, in the positive direction; the dual is the same pairs read
/// backwards. A composite signature is evaluated by composing its steps, so data imported through
/// one mapping can be exported through any other. A composite pair whose intermediate rows cannot
/// be told from the values at hand is kept as a *shortcut* under the composite's own signature.
///
/// ```swift
/// // given: schema: SchemaCategory, mapping: Mapping, data: [UInt8]
/// let instance = InstanceCategory(schema: schema)
/// var records = try JSONRecordReader(bytes: data, file: "orders.json")
/// _ = try ModelToCategory(plan: ImportPlan(schema: schema, mapping: mapping), instance: instance).run(&records)
/// instance.seal()
/// guard let order = schema.index(ofKey: 103) else { return }   // Order
/// let items = instance.relation(try Signature(parsing: "8"), from: order)
/// ```
///
/// An instance is not thread-safe: it has one owner at a time (a command, a job, the session
/// store), which is why it may be handed across concurrency domains.
public final class InstanceCategory: @unchecked Sendable {
    public let schema: SchemaCategory
    public var pool = ValuePool()
    /// Instance objects in the order of `schema.objects`.
    public let objects: [InstanceObject]
    /// Pairs of base morphisms, by positive base number.
    private(set) var bases: [Int32: PairStore] = [:]
    /// Pairs of composites that could not be split into their steps.
    private(set) var shortcuts: [Signature: PairStore] = [:]
    /// Composites that a mapping used on this instance: the dump lists them, evaluated.
    public var trackedComposites: Set<Signature> = []
    private var relations: [Signature: Relation] = [:]
    private var decompositions: [Signature: Decomposition?] = [:]
    private var mergesAtLastSeal = 0
    /// Reused buffer for the values of intermediate rows while a composite pair is split.
    private var scratch: [Int32] = []

    public init(schema: SchemaCategory) {
        self.schema = schema
        self.objects = schema.objects.map(InstanceObject.init(schemaObject:))
    }

    /// An instance of given parts (one ``InstanceSnapshot`` read, or one rebased onto an edited
    /// category), its pairs sealed for the merges its objects hold.
    init(
        schema: SchemaCategory, pool: ValuePool, objects: [InstanceObject], bases: [Int32: PairStore],
        shortcuts: [Signature: PairStore], trackedComposites: Set<Signature>
    ) {
        self.schema = schema
        self.pool = pool
        self.objects = objects
        self.bases = bases
        self.shortcuts = shortcuts
        self.trackedComposites = trackedComposites
        mergesAtLastSeal = objects.reduce(0) { $0 + $1.mergeCount }
    }

    private init(copying other: InstanceCategory) {
        schema = other.schema
        pool = other.pool
        objects = other.objects.map { $0.copy() }
        bases = other.bases.mapValues { $0.copy() }
        shortcuts = other.shortcuts.mapValues { $0.copy() }
        trackedComposites = other.trackedComposites
        mergesAtLastSeal = other.mergesAtLastSeal
    }

    /// An independent copy that shares storage until one of them changes: a job imports into a
    /// copy and the session keeps the original until the job finishes, so a canceled or failed
    /// job leaves the instance as it was.
    public func copy() -> InstanceCategory {
        InstanceCategory(copying: self)
    }

    /// This instance on an edited version of its schema category. The rows of every object whose
    /// superId and ids did not change carry over (renamed and moved objects included), and so do
    /// the pairs of every morphism that still joins two such objects; an object whose superId or
    /// ids changed starts empty, as its rows may no longer be identified the same way. Returns the
    /// new instance (sharing storage with this one until either changes) and the keys of the
    /// objects whose rows were dropped, deleted objects included, for the log.
    ///
    /// ```swift
    /// // given: instance: InstanceCategory, editedSchema: SchemaCategory
    /// let (current, dropped) = instance.rebased(onto: editedSchema)
    /// ```
    public func rebased(onto edited: SchemaCategory) -> (instance: InstanceCategory, dropped: [Int]) {
        var kept: Set<Int> = []
        var dropped: [Int] = []
        var bases: [Int32: PairStore] = [:]
        var shortcuts: [Signature: PairStore] = [:]
        let carried = edited.objects.map { object -> InstanceObject in
            guard let old = self.object(key: object.key) else { return InstanceObject(schemaObject: object) }
            if old.schemaObject.superId == object.superId && old.schemaObject.ids == object.ids {
                kept.insert(object.key)
                return old.copy(as: object)
            }
            if old.liveRowCount > 0 { dropped.append(object.key) }
            return InstanceObject(schemaObject: object)
        }
        for old in objects where edited.index(ofKey: old.schemaObject.key) == nil && old.liveRowCount > 0 {
            dropped.append(old.schemaObject.key)
        }
        func moved(_ signature: Signature, _ store: PairStore) -> PairStore? {
            guard let before = schema.morphism(signature), let after = edited.morphism(signature),
                before.dom == after.dom, before.cod == after.cod, kept.contains(after.dom), kept.contains(after.cod),
                let domain = edited.index(ofKey: after.dom), let codomain = edited.index(ofKey: after.cod)
            else { return nil }
            return store.copy(domain: domain, codomain: codomain)
        }
        for (base, store) in self.bases {
            bases[base] = moved(Signature(base: base), store)
        }
        for (signature, store) in self.shortcuts {
            shortcuts[signature] = moved(signature, store)
        }
        let result = InstanceCategory(
            schema: edited, pool: pool, objects: carried, bases: bases, shortcuts: shortcuts,
            trackedComposites: trackedComposites.filter { edited.morphism($0) != nil })
        // Pairs are re-pointed through merged rows at the next seal, whatever was sealed before.
        result.mergesAtLastSeal = -1
        return (result, dropped.sorted())
    }

    /// The instance object of the schema object with `key`.
    public func object(key: Int) -> InstanceObject? {
        schema.index(ofKey: key).map { objects[$0] }
    }

    /// Adds or merges a row of the object at `objectIndex`; nil when the values cover none of its ids.
    public func upsert(object objectIndex: Int, values: ArraySlice<Int32>) -> Int32? {
        objects[objectIndex].upsert(values)
    }

    /// Where the pairs of `signature` go: a base store (read backwards for a dual) or a composite.
    enum PairTarget {
        case base(PairStore, reversed: Bool)
        /// A composite, with how to split its pairs into steps when that is possible.
        case composite(Signature, Decomposition?)
        case identity
    }

    func pairTarget(_ signature: Signature) -> PairTarget {
        guard !signature.isEmpty else { return .identity }
        guard signature.isBase else { return .composite(signature, decomposition(signature)) }
        let step = signature.steps[0]
        return .base(baseStore(step), reversed: step < 0)
    }

    func baseStore(_ step: Int32) -> PairStore {
        let positive = abs(step)
        if let store = bases[positive] { return store }
        let morphism = schema.morphisms[Signature(base: positive)]!
        let store = PairStore(
            domain: schema.index(ofKey: morphism.dom)!, codomain: schema.index(ofKey: morphism.cod)!)
        bases[positive] = store
        return store
    }

    /// Records that row `dom` maps to row `cod` along `signature` (and so `cod` to `dom` along the dual).
    public func addPair(_ signature: Signature, dom: Int32, cod: Int32) {
        add(pairTarget(signature), dom: dom, cod: cod)
    }

    func add(_ target: PairTarget, dom: Int32, cod: Int32) {
        switch target {
        case .identity: return
        case .base(let store, let reversed):
            if reversed { store.append(cod, dom) } else { store.append(dom, cod) }
        case .composite(let signature, let plan):
            if !(plan.map { decompose($0, dom: dom, cod: cod) } ?? false) {
                shortcut(signature).append(dom, cod)
            }
        }
    }

    private func shortcut(_ signature: Signature) -> PairStore {
        if let store = shortcuts[signature] { return store }
        let morphism = schema.morphism(signature)!
        let store = PairStore(domain: schema.index(ofKey: morphism.dom)!, codomain: schema.index(ofKey: morphism.cod)!)
        shortcuts[signature] = store
        return store
    }

    /// Tries again to split every shortcut pair into its steps: rows may have gained values since.
    public func materializeShortcuts() {
        for (signature, store) in shortcuts {
            guard let plan = decomposition(signature) else { continue }
            let domain = objects[store.domain]
            let codomain = objects[store.codomain]
            store.filter { dom, cod in
                !decompose(plan, dom: domain.find(dom), cod: codomain.find(cod))
            }
            if store.count == 0 { shortcuts[signature] = nil }
        }
    }

    // MARK: Materializing composites

    /// How to rebuild the rows a composite passes through: for each intermediate object, where each
    /// superId value comes from (a value of the domain row, or the codomain row's own value).
    struct Decomposition {
        enum Source {
            case domain(Int)
            case codomainValue
            case unknown
        }
        var objectIndexes: [Int]
        /// Where the pairs of each step go.
        var stepTargets: [PairTarget]
        var sources: [[Source]]
    }

    private func decomposition(_ signature: Signature) -> Decomposition? {
        if let cached = decompositions[signature] { return cached }
        let built = buildDecomposition(signature)
        decompositions[signature] = built
        return built
    }

    private func buildDecomposition(_ signature: Signature) -> Decomposition? {
        guard let morphism = schema.morphism(signature), let first = schema.object(morphism.dom),
            let last = schema.object(morphism.cod)
        else { return nil }
        var keys = [first.key]
        for step in signature.steps {
            guard let base = schema.morphisms[Signature(base: step)] else { return nil }
            keys.append(base.cod)
        }
        let canCancel: (Int32) -> Bool = { [schema] step in
            schema.morphisms[Signature(base: -step)]?.isFunctional ?? false
        }
        var sources: [[Decomposition.Source]] = []
        for index in 1..<(keys.count - 1) {
            let object = schema.object(keys[index])!
            let prefix = Signature(steps: Array(signature.steps[0..<index]))
            let row: [Decomposition.Source] = object.superId.map { attribute in
                let path = prefix.followed(by: attribute).reduced(canCancel: canCancel)
                if path == signature && last.isValueObject { return .codomainValue }
                if let position = first.superId.firstIndex(of: path) { return .domain(position) }
                return .unknown
            }
            let identifiable = object.ids.contains { id in
                id.allSatisfy { attribute in
                    guard let position = object.superId.firstIndex(of: attribute) else { return false }
                    if case .unknown = row[position] { return false }
                    return true
                }
            }
            guard identifiable else { return nil }
            sources.append(row)
        }
        return Decomposition(
            objectIndexes: keys.map { schema.index(ofKey: $0)! },
            stepTargets: signature.steps.map { pairTarget(Signature(base: $0)) }, sources: sources)
    }

    /// Creates the intermediate rows of a composite pair and the pairs of each step; false when the
    /// values needed to identify an intermediate row are not known (then nothing is written).
    private func decompose(_ plan: Decomposition, dom: Int32, cod: Int32) -> Bool {
        let domain = objects[plan.objectIndexes[0]]
        let codomainValue = objects[plan.objectIndexes.last!].value(cod, 0)
        // All intermediate rows are checked before any is written, so a failure writes nothing.
        scratch.removeAll(keepingCapacity: true)
        for (offset, sources) in plan.sources.enumerated() {
            let start = scratch.count
            for source in sources {
                switch source {
                case .domain(let position): scratch.append(domain.value(dom, position))
                case .codomainValue: scratch.append(codomainValue)
                case .unknown: scratch.append(-1)
                }
            }
            let object = objects[plan.objectIndexes[offset + 1]]
            guard object.idPositions.contains(where: { $0.allSatisfy { scratch[start + $0] >= 0 } }) else {
                return false
            }
        }
        var previous = dom
        var start = 0
        for offset in plan.sources.indices {
            let object = objects[plan.objectIndexes[offset + 1]]
            let row = object.upsert(scratch[start..<(start + object.arity)])!
            start += object.arity
            add(plan.stepTargets[offset], dom: previous, cod: row)
            previous = row
        }
        add(plan.stepTargets.last!, dom: previous, cod: cod)
        return true
    }

    // MARK: Reading

    /// Re-points pairs of merged rows and removes duplicate pairs; call before reading relations
    /// (after any change: relations evaluated before are dropped here).
    public func seal() {
        relations.removeAll()
        let merges = objects.reduce(0) { $0 + $1.mergeCount }
        let canonicalize = merges != mergesAtLastSeal
        mergesAtLastSeal = merges
        for store in bases.values {
            store.seal(domain: objects[store.domain], codomain: objects[store.codomain], canonicalize: canonicalize)
        }
        for store in shortcuts.values {
            store.seal(domain: objects[store.domain], codomain: objects[store.codomain], canonicalize: canonicalize)
        }
    }

    /// The pairs of `signature` on the data, for each row of its domain; composites are composed step by
    /// step and joined with their shortcut pairs. Call ``seal()`` after changing the instance.
    public func relation(_ signature: Signature, from objectIndex: Int) -> Relation {
        if signature.isEmpty { return .identity(slots: objects[objectIndex].slotCount) }
        if let cached = relations[signature] { return cached }
        let result: Relation
        if signature.isBase {
            let store = baseStore(signature.steps[0])
            let reversed = signature.steps[0] < 0
            let domain = reversed ? store.codomain : store.domain
            result = store.relation(slots: objects[domain].slotCount, transposed: reversed)
        } else {
            var composed = relation(Signature(base: signature.steps[0]), from: objectIndex)
            for step in signature.steps.dropFirst() {
                let base = schema.morphisms[Signature(base: step)]!
                composed = composed.followed(by: relation(Signature(base: step), from: schema.index(ofKey: base.dom)!))
            }
            let slots = objects[objectIndex].slotCount
            if let store = shortcuts[signature], store.count > 0 {
                composed = composed.union(store.relation(slots: slots, transposed: false))
            }
            if let store = shortcuts[signature.dual], store.count > 0 {
                composed = composed.union(store.relation(slots: slots, transposed: true))
            }
            result = composed
        }
        relations[signature] = result
        return result
    }

    /// Signatures of base morphisms that hold pairs, positive, in signature order.
    public var baseSignaturesWithPairs: [Signature] {
        bases.filter { $0.value.count > 0 }.keys.sorted().map { Signature(base: $0) }
    }

    /// Composite signatures whose shortcut pairs could not be split into steps.
    public var shortcutSignatures: [Signature] {
        shortcuts.filter { $0.value.count > 0 }.keys.sorted()
    }

    /// The number of live rows over all objects and of stored pairs over all morphisms.
    /// About how many bytes of memory the instance holds: values, rows, indexes, pairs and the
    /// relations built from them. A server weighs sessions' instances by it.
    public var estimatedBytes: Int {
        pool.estimatedBytes + objects.reduce(0) { $0 + $1.estimatedBytes }
            + bases.values.reduce(0) { $0 + $1.estimatedBytes } + shortcuts.values.reduce(0) { $0 + $1.estimatedBytes }
            + relations.values.reduce(0) { $0 + $1.estimatedBytes }
    }

    public var size: (rows: Int, pairs: Int) {
        (
            objects.reduce(0) { $0 + $1.liveRowCount },
            bases.values.reduce(0) { $0 + $1.count } + shortcuts.values.reduce(0) { $0 + $1.count }
        )
    }
}
