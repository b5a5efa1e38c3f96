import MMCat
import MMCatStore

/// A schema category as the API shows it: its id and name, then the members of its document
/// (objects, morphisms) as they are stored, positions and labels included.
struct SchemaAnswer: Encodable {
    var id: Int64
    var name: String
    var document: [JSONMember]

    init(_ stored: StoredSchema) {
        id = stored.id
        name = stored.name
        document = (stored.json.objectMembers ?? []).filter { $0.key != "name" }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        try container.encode(id, forKey: MemberKey("id"))
        try container.encode(name, forKey: MemberKey("name"))
        for member in document { try container.encode(member.value, forKey: MemberKey(member.key)) }
    }
}
