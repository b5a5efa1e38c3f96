import MMCat
import MMCatTestSupport
import Testing

/// An object's rows as records: fields in the order people read them, values sorted as values
/// (numbers as numbers), rows without the value last in either order, searches and filters.
@Suite struct InstanceRecordsTests {
    static let people = #"""
        [{"email": "a@x", "name": "10", "phones": ["1", "2"]}, {"email": "b@x", "name": "9"},
         {"email": "c@x", "phones": ["3"]}, {"email": "d@x", "name": "Zoë", "phones": ["4", "5", "6", "7", "8", "9"]}]
        """#

    func records() throws -> InstanceRecords {
        let instance = InstanceCategory(schema: try TestSupport.schema(InstanceTests.people))
        try TestSupport.importDocuments(
            Self.people, mapping: "person @1 { email: 1, ssn: 2, name: 3, phones: 4 }", into: instance)
        return try #require(InstanceRecords(instance: instance, key: 1))
    }

    func emails(_ records: InstanceRecords, _ query: InstanceRecords.Query) -> [String] {
        records.page(query: query).records.map { $0.id[0] ?? "-" }
    }

    @Test func fieldsAreAttributesToOneThenToMany() throws {
        let fields = try records().fields
        // The superId's morphisms (1, 2) are the id, not fields.
        #expect(fields.map(\.signature.description) == ["3", "4"])
        #expect(fields.map(\.isToMany) == [false, true])
        #expect(fields.map(\.isValue) == [true, true])
    }

    @Test func sortingComparesNumbersAsNumbersAndPutsRowsWithoutTheValueLast() throws {
        let records = try records()
        let name = Signature(base: 3)
        #expect(emails(records, .init(sort: name)) == ["b@x", "a@x", "d@x", "c@x"])
        #expect(emails(records, .init(sort: name, descending: true)) == ["d@x", "a@x", "b@x", "c@x"])
    }

    @Test func searchesFiltersAndPagesChooseTheRows() throws {
        let records = try records()
        #expect(emails(records, .init(search: "ZO")) == ["d@x"])
        #expect(emails(records, .init(search: "é")) == [])
        #expect(emails(records, .init(filters: [(Signature(base: 4), "3")])) == ["c@x"])
        #expect(emails(records, .init(filters: [(Signature(base: 1), "b@x")])) == ["b@x"])
        // An unknown signature matches nothing rather than everything.
        #expect(emails(records, .init(filters: [(Signature(base: 9), "x")])) == [])
        let page = records.page(query: .init(sort: Signature(base: 1), page: 2, size: 3))
        #expect(page.total == 4)
        #expect(page.records.map { $0.id[0] } == ["d@x"])
        // Six phones: five listed, six counted.
        let phones = page.records[0].fields[1]
        #expect(phones.count == 6)
        #expect(phones.reached.count == InstanceRecords.shownPerField)
    }
}
