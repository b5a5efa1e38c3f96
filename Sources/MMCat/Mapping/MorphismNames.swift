/// The names by which the mapping notation may write objects and signatures instead of numbers.
///
/// From an object, a name means the one base morphism (or dual) leaving it whose `label` is that
/// name; failing that, the one leaving it whose codomain object is labelled so. A path of names
/// separated by `/` is read in the order it is walked (`customer_id/id`: first the foreign key,
/// then the customer's id), unlike a numeric composite, which is written last step first
/// (`1.13`). A root object may be named by its label when no other object has it.
///
/// ```swift
/// // given: schema: SchemaCategory
/// let names = MorphismNames(schema: schema)
/// let step = try names.step(named: "customer_id", from: 12).get()   // the foreign key from orders (12)
/// names.path(of: step.signature, from: 12)   // "customer_id"
/// ```
public struct MorphismNames: Sendable {
    public let schema: SchemaCategory
    /// The base morphisms and duals leaving each object, in signature order.
    private let leaving: [Int: [SchemaMorphism]]

    public init(schema: SchemaCategory) {
        self.schema = schema
        var leaving: [Int: [SchemaMorphism]] = [:]
        for morphism in schema.morphisms.values.sorted(by: { $0.signature < $1.signature })
        where morphism.signature.isBase {
            leaving[morphism.dom, default: []].append(morphism)
        }
        self.leaving = leaving
    }

    /// Why no single object is labelled `label`, or its key.
    public func object(named label: String) -> Result<Int, NameProblem> {
        let found = schema.objects.filter { $0.label == label }
        switch found.count {
        case 1: return .success(found[0].key)
        case 0: return .failure(NameProblem("no object is labelled \"\(label)\""))
        default:
            let keys = found.map { String($0.key) }.joined(separator: ", ")
            return .failure(NameProblem("several objects are labelled \"\(label)\" (keys \(keys)): write the key"))
        }
    }

    /// The morphism leaving `object` that `name` means, or why there is not exactly one.
    public func step(named name: String, from object: Int) -> Result<SchemaMorphism, NameProblem> {
        let candidates = leaving[object] ?? []
        var found = candidates.filter { $0.label == name }
        if found.isEmpty { found = candidates.filter { schema.object($0.cod)?.label == name } }
        if found.count == 1 { return .success(found[0]) }
        let from = "object \(describe(object))"
        if found.isEmpty {
            let known = candidates.compactMap { $0.label ?? schema.object($0.cod)?.label }
            let list =
                known.isEmpty
                ? "none has a name" : "its morphisms are " + known.map { "\"\($0)\"" }.joined(separator: ", ")
            return .failure(NameProblem("no morphism named \"\(name)\" leaves \(from) (\(list))"))
        }
        let signatures = found.map(\.signature.description).joined(separator: ", ")
        return .failure(
            NameProblem("\"\(name)\" is ambiguous from \(from): it names \(signatures); write the signature"))
    }

    /// The names of `signature` walked from `object`, each of which reads back to its step; nil
    /// when a step has no such name (the notation then writes the number).
    public func path(of signature: Signature, from object: Int) -> [String]? {
        guard !signature.isEmpty else { return nil }
        var names: [String] = []
        var current = object
        for number in signature.steps {
            guard let morphism = schema.morphism(Signature(base: number)), morphism.dom == current else { return nil }
            let name = [morphism.label, schema.object(morphism.cod)?.label].compactMap { $0 }.first { name in
                !name.isEmpty && (try? step(named: name, from: current).get())?.signature == morphism.signature
            }
            guard let name else { return nil }
            names.append(name)
            current = morphism.cod
        }
        return names
    }

    private func describe(_ key: Int) -> String {
        guard let label = schema.object(key)?.label, !label.isEmpty else { return String(key) }
        return "\(label) (\(key))"
    }
}

/// Why a name in the mapping notation does not name one object or morphism.
public struct NameProblem: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
