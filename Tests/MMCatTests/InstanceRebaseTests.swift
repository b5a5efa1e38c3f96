import MMCat
import MMCatTestSupport
import Testing

/// An instance category moved onto an edited schema category: what still fits carries over, what
/// changed its identity starts empty, and the edited category can be imported into at once.
struct InstanceRebaseTests {
    static let mapping = "person @1 { email: 1, ssn: 2, name: 3, phones: 4 }"

    func imported() throws -> InstanceCategory {
        let instance = InstanceCategory(schema: try TestSupport.schema(InstanceTests.people))
        try TestSupport.importDocuments(
            #"[{"email": "a@x", "ssn": "1", "name": "Ann", "phones": ["555", "556"]}, {"email": "b@x", "name": "Bob"}]"#,
            mapping: Self.mapping, into: instance)
        instance.seal()
        return instance
    }

    func names(_ instance: InstanceCategory) throws -> [String] {
        instance.seal()
        let person = instance.object(key: 1)!
        let relation = instance.relation(try Signature(parsing: "3"), from: instance.schema.index(ofKey: 1)!)
        let name = instance.object(key: 4)!
        return person.liveRows.flatMap { row in relation.targets(of: row).map { instance.pool.text(name.value($0, 0)) }
        }
        .sorted()
    }

    @Test func renamedAndAddedObjectsKeepTheRowsAndPairs() throws {
        let instance = try imported()
        // Person renamed, and a new object with a smaller key (every position shifts by one) joined
        // to it by a new morphism.
        let edited = try TestSupport.schema(
            InstanceTests.people.replacingOccurrences(of: #""label": "Person""#, with: #""label": "Human""#)
                .replacingOccurrences(
                    of: #"{"key": 2, "label": "Email"}"#,
                    with: #"{"key": 0, "label": "Nickname"}, {"key": 2, "label": "Email"}"#
                )
                .replacingOccurrences(
                    of: #"{"signature": "4""#,
                    with: #"{"signature": "5", "dom": 1, "cod": 0, "min": "ZERO", "max": "ONE"}, {"signature": "4""#))
        let (rebased, dropped) = instance.rebased(onto: edited)
        #expect(dropped.isEmpty)
        #expect(rebased.object(key: 1)?.schemaObject.label == "Human")
        #expect(rebased.object(key: 1)?.liveRowCount == 2)
        #expect(rebased.object(key: 0)?.liveRowCount == 0)
        #expect(try names(rebased) == ["Ann", "Bob"])
        rebased.seal()
        let phones = rebased.relation(try Signature(parsing: "4"), from: edited.index(ofKey: 1)!)
        #expect(rebased.object(key: 1)!.liveRows.map { phones.targets(of: $0).count }.sorted() == [0, 2])

        // The new morphism takes data at once; Ann's row is found by her email and gains a nickname.
        try TestSupport.importDocuments(
            #"[{"email": "a@x", "nick": "Annie"}]"#, mapping: "person @1 { email: 1, nick: 5 }", into: rebased)
        #expect(rebased.object(key: 1)?.liveRowCount == 2)
        #expect(rebased.object(key: 0)?.liveRowCount == 1)
        // The instance it came from is untouched.
        #expect(instance.object(key: 1)?.schemaObject.label == "Person")
        #expect(instance.object(key: 0) == nil)
        #expect(try names(instance) == ["Ann", "Bob"])
    }

    @Test func objectsWhoseIdsChangedOrThatWereDeletedLoseTheirRows() throws {
        let instance = try imported()
        // Person is now identified by its email only, and Phone is gone with its morphism.
        let edited = try TestSupport.schema(
            """
            {"objects": [
              {"key": 1, "label": "Person", "superId": ["1", "2"], "ids": [["1"]]},
              {"key": 2, "label": "Email"}, {"key": 3, "label": "Ssn"}, {"key": 4, "label": "Name"}
            ],
            "morphisms": [
              {"signature": "1", "dom": 1, "cod": 2, "min": "ZERO", "max": "ONE"},
              {"signature": "2", "dom": 1, "cod": 3, "min": "ZERO", "max": "ONE"},
              {"signature": "3", "dom": 1, "cod": 4, "min": "ZERO", "max": "ONE"}
            ]}
            """)
        #expect(edited.object(5) == nil)
        let (rebased, dropped) = instance.rebased(onto: edited)
        #expect(dropped == [1, 5])
        #expect(rebased.object(key: 1)?.liveRowCount == 0)
        // Attributes are unchanged and keep their rows; the pairs to Person went with its rows.
        #expect(rebased.object(key: 4)?.liveRowCount == 2)
        #expect(try names(rebased).isEmpty)
        #expect(try names(instance) == ["Ann", "Bob"])
    }
}
