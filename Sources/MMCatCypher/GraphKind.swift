import MMCat

/// One kind of a graph, checked and laid out for a Cypher printer: a node label (a flat kind) or
/// a relationship type (a flat kind of its own properties and two ends, see ``RelationshipEnds``).
///
/// ```swift
/// // given: model: CategoryToModel
/// switch try GraphKind(model) {
/// case .node(let layout): print(layout.columns.map(\.name))
/// case .relationship(let relationship): print(relationship.ends.from.label)
/// }
/// ```
public enum GraphKind {
    case node(FlatLayout)
    case relationship(RelationshipLayout)

    /// A relationship kind: its properties as columns, its ends, and the compiled end nodes.
    public struct RelationshipLayout {
        public let properties: FlatLayout
        public let ends: RelationshipEnds
        public var model: CategoryToModel { properties.model }
    }

    /// The kind of `model`, or an error naming every problem: a nested document or map, a broken
    /// relationship end, or a name holding a backtick (Neo4j doubles it, FalkorDB cannot read
    /// it, so no name with one is written).
    public init(_ model: CategoryToModel) throws(InputError) {
        var names = [model.mapping.kindName]
        if let ends = try RelationshipEnds(model.mapping, schema: model.schema) {
            let properties = try FlatLayout(
                model: model, targetName: "Neo4j", leavingOut: [ends.from.childIndex, ends.to.childIndex])
            names += properties.columns.map(\.name) + [ends.from, ends.to].flatMap { [$0.label] + $0.keyNames }
            self = .relationship(RelationshipLayout(properties: properties, ends: ends))
        } else {
            let layout = try FlatLayout(model: model, targetName: "Neo4j")
            names += layout.columns.map(\.name)
            self = .node(layout)
        }
        var problems = ProblemList()
        for name in names where name.containsASCII("`") {
            problems.add(
                "$", "the name \"\(name)\" contains a backtick, which Cypher databases disagree on how to quote")
        }
        try problems.check(file: "mapping")
    }

    public var model: CategoryToModel {
        switch self {
        case .node(let layout): return layout.model
        case .relationship(let layout): return layout.model
        }
    }
}
