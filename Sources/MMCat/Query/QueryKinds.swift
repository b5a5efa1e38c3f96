/// Which kinds a query reads when its data lives in databases: for every base morphism its
/// triples walk, a mapping whose access path holds it, as few mappings as cover them all
/// (greedily: the mapping that covers most of what is left, first in the list on a tie).
///
/// A kind *holds* a morphism when the morphism leaves one of its records or nested records (the
/// first step of a property's signature): it then has the pairs of every row it holds. A kind
/// that only reaches a morphism further along a path (the customer's id at the end of an order's
/// foreign key) has the pairs of the rows it refers to, not of all of them: it is read for that
/// morphism only when no kind holds it. A relationship's ends (`_from.…`, `_to.…`) are such
/// references too: a relationship kind holds its own properties and the morphisms to its ends.
///
/// ```swift
/// // given: query: Query, mappings: [Mapping]
/// for choice in try QueryKinds.choose(for: query, from: mappings) {
///     print(mappings[choice.mapping].kindName, choice.morphisms)
/// }
/// ```
public enum QueryKinds {
    /// A chosen mapping (its index in the list given) and the base morphisms (positive) it is read for.
    public struct Choice: Sendable, Equatable {
        public var mapping: Int
        public var morphisms: [Int32]
    }

    public static func choose(for query: Query, from mappings: [Mapping]) throws(QueryError) -> [Choice] {
        var needed: [Int32: QueryPosition] = [:]
        for triple in Query.triples(in: query.pattern) {
            for step in triple.signature.steps where needed[abs(step)] == nil { needed[abs(step)] = triple.position }
        }
        let reached = mappings.map { morphisms(of: $0.accessPath) }
        let held = mappings.map { heldMorphisms(of: $0.accessPath) }
        var choices: [Choice] = []
        for covered in [held, reached] {
            while let (best, morphisms) = bestGain(covered, needed) {
                for base in morphisms { needed[base] = nil }
                if let index = choices.firstIndex(where: { $0.mapping == best }) {
                    choices[index].morphisms = (choices[index].morphisms + morphisms).sorted()
                } else {
                    choices.append(Choice(mapping: best, morphisms: morphisms))
                }
            }
        }
        if let (base, position) = needed.min(by: { $0.key < $1.key }) {
            let morphism = query.schema.morphisms[Signature(base: base)]!
            let from = query.schema.object(morphism.dom)!.displayName
            let to = query.schema.object(morphism.cod)!.displayName
            throw QueryError(
                position,
                "no mapping holds morphism \(base) (\(from) → \(to)), which this triple walks: give the mapping of a kind that holds it"
            )
        }
        return choices.sorted { $0.mapping < $1.mapping }
    }

    /// The mapping that covers most of `needed` (the first on a tie) and what it covers; nil when none covers any.
    private static func bestGain(_ covered: [Set<Int32>], _ needed: [Int32: QueryPosition]) -> (Int, [Int32])? {
        var best: (Int, [Int32])?
        for (index, morphisms) in covered.enumerated() {
            let gained = morphisms.filter { needed[$0] != nil }.sorted()
            if !gained.isEmpty && gained.count > (best?.1.count ?? 0) { best = (index, gained) }
        }
        return best
    }

    /// The base morphisms (positive) that leave a record or nested record of the access path.
    static func heldMorphisms(of path: AccessPath) -> Set<Int32> {
        var found: Set<Int32> = []
        for child in path.children {
            if let first = child.signature?.steps.first { found.insert(abs(first)) }
            if case .dynamic(let signature) = child.name, let first = signature.steps.first { found.insert(abs(first)) }
            // A nested record's own properties leave it (an auxiliary node stays in its parent);
            // a relationship's end only names its node by key, as a foreign key does: reached.
            if child.isComplex && !(child.name.fixedName.map(RelationshipEnds.isEndName) ?? false) {
                found.formUnion(heldMorphisms(of: child))
            }
        }
        return found
    }

    /// The base morphisms (positive) an access path's signatures and dynamic names walk.
    static func morphisms(of path: AccessPath) -> Set<Int32> {
        var found = Set((path.signature?.steps ?? []).map { abs($0) })
        if case .dynamic(let signature) = path.name { found.formUnion(signature.steps.map { abs($0) }) }
        for child in path.children { found.formUnion(morphisms(of: child)) }
        return found
    }
}
