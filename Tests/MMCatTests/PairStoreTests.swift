import MMCat
import MMCatTestSupport
import PropertyBased
import Testing

/// A morphism's pairs are kept as a column (one codomain row per domain row) until a row gets a
/// second one, and must read the same either way: after rows merge (a person known by an email in
/// one record and by a number in another, joined by a third), after a merged row turns out to
/// have two names, in both directions, and through a snapshot. The reference is worked out from
/// the generated records alone.
@Suite struct PairStoreTests {
    static let mapping = "person @1 { email: 1, ssn: 2, name: 3, phones: 4 }"

    /// One record of person `person`: known by email, by number or by both; maybe a name, maybe phones.
    struct Record {
        var person: Int
        var email: Bool
        var ssn: Bool
        var name: String?
        var phones: [String]

        init(_ pick: UInt32) {
            person = Int(pick % 7)
            let known = (pick >> 3) % 5
            email = known < 2 || known == 4
            ssn = known >= 2
            name = (pick >> 6) % 3 == 0 ? nil : "name \((pick >> 8) % 3)"
            phones = (0..<Int((pick >> 10) % 3)).map { "phone \((pick >> (12 + 2 * $0)) % 4)" }
        }

        var json: String {
            var members: [String] = []
            if email { members.append("\"email\": \"e\(person)\"") }
            if ssn { members.append("\"ssn\": \"s\(person)\"") }
            if let name { members.append("\"name\": \"\(name)\"") }
            if !phones.isEmpty { members.append("\"phones\": [\(phones.map { "\"\($0)\"" }.joined(separator: ", "))]") }
            return "{\(members.joined(separator: ", "))}"
        }
    }

    /// The values a person's row should reach along `field`: the records of one person are one
    /// row when some record names both its email and its number, else a row per id.
    static func expected(_ records: [Record], person: Int, byEmail: Bool, _ field: (Record) -> [String]) -> Set<String>
    {
        let own = records.filter { $0.person == person }
        let joined = own.contains { $0.email && $0.ssn }
        return Set(own.filter { joined || (byEmail ? $0.email : $0.ssn) }.flatMap(field))
    }

    static func texts(_ instance: InstanceCategory, _ signature: String, row: Int32) throws -> Set<String> {
        let relation = instance.relation(try Signature(parsing: signature), from: instance.schema.index(ofKey: 1)!)
        let target = instance.object(key: instance.schema.target(of: try Signature(parsing: signature), from: 1)!)!
        return Set(relation.targets(of: row).map { instance.pool.text(target.value($0, 0)) })
    }

    /// Checks every person row, and every name's persons (the dual), against the records.
    static func check(_ instance: InstanceCategory, _ records: [Record]) throws {
        instance.seal()
        let people = instance.object(key: 1)!
        var personOfName: [String: Set<Int32>] = [:]
        for row in people.liveRows {
            let email = people.value(row, 0)
            let known = email >= 0 ? instance.pool.text(email) : instance.pool.text(people.value(row, 1))
            let person = Int(known.dropFirst())!
            let byEmail = email >= 0
            let names = try texts(instance, "3", row: row)
            #expect(names == expected(records, person: person, byEmail: byEmail) { $0.name.map { [$0] } ?? [] })
            #expect(try texts(instance, "4", row: row) == expected(records, person: person, byEmail: byEmail, \.phones))
            for name in names { personOfName[name, default: []].insert(row) }
        }
        let nameIndex = instance.schema.index(ofKey: 4)!
        let dual = instance.relation(try Signature(parsing: "-3"), from: nameIndex)
        let nameObject = instance.object(key: 4)!
        for row in nameObject.liveRows {
            let name = instance.pool.text(nameObject.value(row, 0))
            #expect(Set(dual.targets(of: row)) == personOfName[name, default: []], "\(name)")
        }
    }

    @Test func pairsReadTheSameAsColumnsAndAsLists() async {
        let picks = Gen<UInt32>.value(in: 0...UInt32.max).array(of: 1...40).withoutShrink()
        await propertyCheck(count: 400, input: picks) { picks in
            let records = picks.dropFirst().map(Record.init)
            let instance = InstanceCategory(schema: try TestSupport.schema(InstanceTests.people))
            // Imported in two parts, sealed and read between them, so that a seal meets merges
            // made after an earlier one.
            let split = Int(picks[0] % UInt32(records.count + 1))
            for part in [records[..<split], records[split...]] where !part.isEmpty {
                let documents = "[" + part.map(\.json).joined(separator: ", ") + "]"
                try TestSupport.importDocuments(documents, mapping: Self.mapping, into: instance)
                try Self.check(instance, Array(records[..<(part.endIndex)]))
            }
            try Self.check(InstanceSnapshot.read(InstanceSnapshot.bytes(of: instance), file: "snapshot"), records)
        }
    }
}
