import MMCat
import MMCatStore

/// A mapping as the API shows it: its id, schema category and database, the members of its JSON
/// form (`formats.md`), and the same access path in the text notation; after a save, `notes` on
/// what the mapping meets in its database (a kind that is not there yet).
struct MappingAnswer: Encodable {
    var id: Int64
    var schema: Int64
    var database: Int64
    var document: [JSONMember]
    var text: String
    var notes: [String] = []

    init(_ stored: StoredMapping, notes: [String] = []) {
        self.notes = notes
        id = stored.id
        schema = stored.schemaId
        database = stored.databaseId
        document = (stored.mapping.json.objectMembers ?? []).filter { $0.key != "database" }
        text = AccessPathText.print(stored.mapping)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        try container.encode(id, forKey: MemberKey("id"))
        try container.encode(schema, forKey: MemberKey("schema"))
        try container.encode(database, forKey: MemberKey("database"))
        for member in document { try container.encode(member.value, forKey: MemberKey(member.key)) }
        try container.encode(text, forKey: MemberKey("text"))
        if !notes.isEmpty { try container.encode(notes, forKey: MemberKey("notes")) }
    }
}
