/// Which kinds a query reads when its data lives in databases: for every base morphism its
/// triples walk, a mapping whose access path holds it, as few mappings as cover them all
/// (greedily: the mapping that covers most of what is left, first in the list on a tie).
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
        let covered = mappings.map { morphisms(of: $0.accessPath) }
        var choices: [Choice] = []
        while !needed.isEmpty {
            let best = covered.indices.max { a, b in
                let (countA, countB) = (
                    covered[a].filter { needed[$0] != nil }.count, covered[b].filter { needed[$0] != nil }.count
                )
                return countA < countB || (countA == countB && a > b)
            }
            guard let best, case let gained = covered[best].filter({ needed[$0] != nil }), !gained.isEmpty else {
                let (base, position) = needed.min { $0.key < $1.key }!
                let morphism = query.schema.morphisms[Signature(base: base)]!
                let from = query.schema.object(morphism.dom)!.displayName
                let to = query.schema.object(morphism.cod)!.displayName
                throw QueryError(
                    position,
                    "no mapping holds morphism \(base) (\(from) → \(to)), which this triple walks: give the mapping of a kind that holds it"
                )
            }
            for base in gained { needed[base] = nil }
            choices.append(Choice(mapping: best, morphisms: gained.sorted()))
        }
        return choices.sorted { $0.mapping < $1.mapping }
    }

    /// The base morphisms (positive) an access path's signatures and dynamic names walk.
    static func morphisms(of path: AccessPath) -> Set<Int32> {
        var found = Set((path.signature?.steps ?? []).map { abs($0) })
        if case .dynamic(let signature) = path.name { found.formUnion(signature.steps.map { abs($0) }) }
        for child in path.children { found.formUnion(morphisms(of: child)) }
        return found
    }
}
