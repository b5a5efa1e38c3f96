import MMCat

/// The records of one kind of a graph, streamed from one query: for a node label, each node's
/// properties; for a relationship type, the relationship's properties plus, by MM-cat's
/// convention (``RelationshipEnds``), its start node's properties under `_from.LABEL` and its end
/// node's under `_to.LABEL` (one such member per label of the node), which is what a relationship
/// mapping reads.
///
/// ```swift
/// // given: session: any CypherSession
/// var source = try GraphKindSource(session: session, kind: "ORDERED")
/// while let record = try source.next() { print(record.value) }
/// ```
public struct GraphKindSource: RecordSource {
    private let rows: CypherRows
    private let isRelationship: Bool
    private var number = 0
    public let totalRecords: Int?
    /// The Cypher, when the source reads part of the kind.
    public let nativeQuery: String?

    /// Opens `kind`, a label or a relationship type of the graph; an error lists the ones there
    /// are. With `limit`, only that many records are read (a sample); with `read`, the records
    /// ``CypherRead`` finds for it (uncounted, since counting would run the match twice).
    public init(session: any CypherSession, kind: String, limit: Int? = nil, read: KindRead = .everything)
        throws(InputError)
    {
        let cap = limit.map { " LIMIT \($0)" } ?? ""
        let labels = try session.names("CALL db.labels()")
        let types = try session.names("CALL db.relationshipTypes()")
        guard !kind.containsASCII("`") else {
            throw InputError(
                file: session.label, location: "kind \"\(kind)\"", message: "a kind name cannot hold a backtick")
        }
        let quoted = "`" + kind + "`"
        // The kind's match (with the read's conditions), what it returns, and how it is counted.
        let (match, returned, counting): (String, String, String)
        switch (labels.contains(kind), types.contains(kind)) {
        case (true, true):
            throw InputError(
                file: session.label, location: "kind \"\(kind)\"",
                message: "the graph has both a node label and a relationship type of this name; rename one")
        case (true, false):
            isRelationship = false
            (match, returned) = (CypherRead.node(kind, read), "RETURN properties(n)")
            counting = "MATCH (n:\(quoted)) RETURN count(n)"
        case (false, true):
            isRelationship = true
            (match, returned) = (
                CypherRead.relationship(kind, read),
                "RETURN properties(r), labels(a), properties(a), labels(b), properties(b)"
            )
            counting = "MATCH ()-[r:\(quoted)]->() RETURN count(r)"
        case (false, false):
            throw InputError(
                file: session.label, location: "kind \"\(kind)\"",
                message:
                    "the graph has no node label or relationship type of this name; its labels: \(labels.joined(separator: ", ")); its relationship types: \(types.joined(separator: ", "))"
            )
        }
        totalRecords = read.conditions.isEmpty ? Self.count(try session.query(counting, readOnly: true), limit) : nil
        nativeQuery = read.conditions.isEmpty ? nil : "\(match) \(returned)"
        rows = try session.stream("\(match) \(returned)\(cap)")
    }

    public mutating func next() throws(InputError) -> SourceRecord? {
        guard let row = try rows.next() else { return nil }
        number += 1
        guard isRelationship, row.count == 5 else { return SourceRecord(number: number, value: row.first ?? .null) }
        var members = row[0].objectMembers ?? []
        for (prefix, labels, properties) in [
            (RelationshipEnds.fromPrefix, row[1], row[2]), (RelationshipEnds.toPrefix, row[3], row[4]),
        ] {
            for case .string(let label) in labels.arrayElements ?? [] {
                members.append(JSONMember(prefix + label, properties))
            }
        }
        return SourceRecord(number: number, value: .object(members))
    }

    private static func count(_ reply: CypherReply, _ limit: Int?) -> Int? {
        reply.rows.first?.first?.scalarText.flatMap { Int($0) }.map { min($0, limit ?? .max) }
    }
}
