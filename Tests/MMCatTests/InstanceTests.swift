import MMCat
import MMCatTestSupport
import Testing

/// The instance category: merging, composites evaluated by composition, materialization in both
/// directions, and record-level rejection.
@Suite struct InstanceTests {
    static let people = """
        {"objects": [
          {"key": 1, "label": "Person", "superId": ["1", "2"], "ids": [["1"], ["2"]]},
          {"key": 2, "label": "Email"}, {"key": 3, "label": "Ssn"}, {"key": 4, "label": "Name"}, {"key": 5, "label": "Phone"}
        ],
        "morphisms": [
          {"signature": "1", "dom": 1, "cod": 2, "min": "ZERO", "max": "ONE"},
          {"signature": "2", "dom": 1, "cod": 3, "min": "ZERO", "max": "ONE"},
          {"signature": "3", "dom": 1, "cod": 4, "min": "ZERO", "max": "ONE"},
          {"signature": "4", "dom": 1, "cod": 5, "min": "ZERO", "max": "STAR"}
        ]}
        """

    func texts(_ instance: InstanceCategory, _ signature: String, from key: Int, row: Int32) throws -> [String] {
        instance.seal()
        let index = instance.schema.index(ofKey: key)!
        let relation = instance.relation(try Signature(parsing: signature), from: index)
        let target = instance.schema.target(of: try Signature(parsing: signature), from: key)!
        let object = instance.object(key: target)!
        return relation.targets(of: row).map { instance.pool.text(object.value($0, 0)) }.sorted()
    }

    @Test func rowsFoundThroughDifferentIdsMergeAndKeepTheirPairs() throws {
        let instance = InstanceCategory(schema: try TestSupport.schema(Self.people))
        let mapping = "person @1 { email: 1, ssn: 2, name: 3, phones: 4 }"
        try TestSupport.importDocuments(#"[{"email": "a@x", "name": "Ann"}]"#, mapping: mapping, into: instance)
        try TestSupport.importDocuments(#"[{"ssn": "123", "phones": ["555"]}]"#, mapping: mapping, into: instance)
        #expect(instance.object(key: 1)!.liveRowCount == 2)
        try TestSupport.importDocuments(#"[{"email": "a@x", "ssn": "123"}]"#, mapping: mapping, into: instance)
        let person = instance.object(key: 1)!
        #expect(person.liveRowCount == 1)
        let row = person.liveRows[0]
        // Pairs recorded with either old row now start at the merged row.
        #expect(try texts(instance, "3", from: 1, row: row) == ["Ann"])
        #expect(try texts(instance, "4", from: 1, row: row) == ["555"])
        #expect(try texts(instance, "1", from: 1, row: row) == ["a@x"])
        #expect(try texts(instance, "2", from: 1, row: row) == ["123"])
        // The dual sees the merged row too.
        let phone = instance.object(key: 5)!.liveRows[0]
        instance.seal()
        #expect(instance.relation(try Signature(parsing: "-4"), from: 4).targets(of: phone) == [row])
    }

    @Test func conflictingValuesKeepTheFirstAndAreCounted() throws {
        let instance = InstanceCategory(schema: try TestSupport.schema(Self.people))
        let summary = try TestSupport.importDocuments(
            #"[{"email": "a@x", "ssn": "1"}, {"email": "a@x", "ssn": "2"}]"#, mapping: "person @1 { email: 1, ssn: 2 }",
            into: instance)
        #expect(summary.conflicts == 1)
        let person = instance.object(key: 1)!
        #expect(person.liveRowCount == 1)
        #expect(instance.pool.text(person.value(person.liveRows[0], 1)) == "1")
    }

    @Test func compositeSignaturesAreEvaluatedByComposition() throws {
        let instance = InstanceCategory(schema: try TestSupport.corpusSchema)
        try TestSupport.importDocuments(
            #"[{"number": 7, "items": [{"productId": 1, "quantity": 2}, {"productId": 3, "quantity": 4}]}]"#,
            mapping: "order @103 { number: 19, items: 8 { productId: 10.9, quantity: 13 } }", into: instance)
        let order = instance.object(key: 103)!.liveRows[0]
        // 13.8: Order → Items → Quantity, never written by the import as such.
        #expect(try texts(instance, "13.8", from: 103, row: order) == ["2", "4"])
        // 10.9.8: Order → Items → Product → Id, through the materialized Product rows.
        #expect(try texts(instance, "10.9.8", from: 103, row: order) == ["1", "3"])
        #expect(instance.object(key: 116)!.liveRowCount == 2)
        // 19.-8 from an item goes back to its order and on to the number.
        let item = instance.object(key: 114)!.liveRows[0]
        #expect(try texts(instance, "19.-8", from: 114, row: item) == ["7"])
    }

    @Test func flatTableRowsExportAsNestedDocuments() throws {
        let instance = InstanceCategory(schema: try TestSupport.corpusSchema)
        try TestSupport.importDocuments(
            """
            [{"number": 19, "productId": 10, "quantity": 1}, {"number": 19, "productId": 11, "quantity": 5},
             {"number": 20, "productId": 10, "quantity": 2}]
            """, mapping: "order_item @114 { number: 19.-8, productId: 10.9, quantity: 13 }", into: instance)
        // Order rows were materialized from the composite 19.-8.
        #expect(instance.object(key: 103)!.liveRowCount == 2)
        let nested = try AccessPathText.parseMapping(
            "order @103 { number: 19, items: 8 { productId: 10.9, quantity: 13 } }")
        let model = try CategoryToModel(instance: instance, mapping: nested)
        let writer = DocumentWriter(model: model)
        let documents = model.rootRows().map { row in
            var out = TextOutput()
            writer.write(row, to: &out)
            return out.text
        }
        #expect(
            documents == [
                #"{"number": 19, "items": [{"productId": 10, "quantity": 1}, {"productId": 11, "quantity": 5}]}"#,
                #"{"number": 20, "items": [{"productId": 10, "quantity": 2}]}"#,
            ])
    }

    @Test func nestedDocumentsExportAsFlatTableRows() throws {
        let instance = InstanceCategory(schema: try TestSupport.corpusSchema)
        try TestSupport.importDocuments(
            #"[{"number": 19, "items": [{"productId": 10, "quantity": 1}, {"productId": 11, "quantity": 5}]}]"#,
            mapping: "order @103 { number: 19, items: 8 { productId: 10.9, quantity: 13 } }", into: instance)
        let flat = try AccessPathText.parseMapping("order_item @114 { number: 19.-8, productId: 10.9, quantity: 13 }")
        let layout = try FlatLayout(model: CategoryToModel(instance: instance, mapping: flat), targetName: "SQL")
        let rows = layout.rows.map { row in
            layout.columns.map { column in layout.values(column, row: row).map { instance.pool.text($0) }.joined() }
        }
        #expect(rows == [["19", "10", "1"], ["19", "11", "5"]])
        #expect(layout.columns.filter(\.isPrimaryKey).map(\.name) == ["number", "productId"])
    }

    @Test func unidentifiableRecordIsRejectedWholeAndTheRestImported() throws {
        let instance = InstanceCategory(schema: try TestSupport.corpusSchema)
        let summary = try TestSupport.importDocuments(
            """
            [{"number": 1, "items": [{"productId": 5, "quantity": 1}]},
             {"number": 2, "items": [{"productId": 6, "quantity": 2}, {"quantity": 3}]},
             {"items": []},
             {"number": 3}]
            """, mapping: "order @103 { number: 19, items: 8 { productId: 10.9, quantity: 13 } }", into: instance)
        #expect(summary.read == 4 && summary.imported == 2 && summary.rejected == 2)
        #expect(
            summary.rejections.map(\.description) == [
                "record 2: $.items[1]: Items (114) cannot be identified: missing values for \"10.9\"",
                "record 3: $: Order (103) cannot be identified: missing values for \"19\"",
            ])
        // Nothing of record 2 was written: not its order, not its first (valid) item, not quantity 2.
        let numbers = instance.object(key: 103)!.liveRows.map {
            instance.pool.text(instance.object(key: 103)!.value($0, 0))
        }
        #expect(numbers.sorted() == ["1", "3"])
        #expect(instance.object(key: 114)!.liveRowCount == 1)
        #expect(instance.object(key: 115)!.liveRowCount == 1)
    }

    @Test func valuesOfTheWrongShapeRejectTheRecord() throws {
        let instance = InstanceCategory(schema: try TestSupport.corpusSchema)
        let summary = try TestSupport.importDocuments(
            """
            {"number": [1, 2]}
            {"number": 3, "items": 5}
            {"number": 4, "array": [1, {"x": 2}]}
            7
            """, mapping: "order @103 { number: 19, array: 18, items: 8 { productId: 10.9 } }", into: instance)
        #expect(
            summary.rejections.map(\.description) == [
                "record 1: $.number: an identifying value must be a single value, found an array",
                "record 2: $.items: expected a document or an array of documents, found a number",
                "record 3: $.array[1]: expected a value, found an object",
                "record 4: $: a record must be an object, found a number",
            ])
        #expect(instance.size.rows == 0)
    }

    @Test func documentsMayStartWithAByteOrderMarkAndComeAsJSONLines() throws {
        let instance = InstanceCategory(schema: try TestSupport.corpusSchema)
        let summary = try TestSupport.importDocuments(
            "\u{FEFF}{\"number\": 1}\n\n{\"number\": 2}\n", mapping: "order @103 { number: 19 }", into: instance)
        #expect(summary.read == 2 && summary.imported == 2)
    }

    @Test func dumpRoundTripsAndExtendingWithTheSameDataChangesNothing() throws {
        let schema = try TestSupport.corpusSchema
        let instance = InstanceCategory(schema: schema)
        let documents = #"[{"number": 1, "contact": {"email": "a@x", "phone": "1"}, "nested": {"propertyA": "p"}}]"#
        let mapping = "order @103 { number: 19, contact: 14 { <16.15>: 17 }, nested: 4 { propertyA: 5 } }"
        try TestSupport.importDocuments(documents, mapping: mapping, into: instance)
        let first = InstanceDump.write(instance)
        let reloaded = try InstanceDump.read(bytes: first, file: "dump", schema: schema)
        #expect(InstanceDump.write(reloaded) == first)
        try TestSupport.importDocuments(documents, mapping: mapping, into: reloaded)
        #expect(InstanceDump.write(reloaded) == first)
    }

    @Test func dumpErrorsNameTheirPath() throws {
        let schema = try TestSupport.corpusSchema
        do throws(InputError) {
            _ = try InstanceDump.read(
                bytes: Array(
                    #"{"objects": [{"key": 103, "rows": [{"18": "x"}, {"19": 1}]}, {"key": 5, "rows": []}], "morphisms": [{"signature": "77", "pairs": []}]}"#
                        .utf8), file: "i.json", schema: schema)
            Issue.record("read an invalid dump")
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "$.objects[0].rows[0].18: \"18\" is not in the superId of Order (103)",
                    "$.objects[0].rows[0]: the row covers no id of Order (103)",
                    "$.objects[1].key: unknown object key 5",
                    "$.morphisms[0].signature: the schema has no morphism \"77\"",
                ])
        }
    }
}
