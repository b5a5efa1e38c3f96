import Foundation
import MMCat
import MMCatFiles
import MMCatTestSupport
import Testing

/// Kinds kept as files: CSV parsing and the choice of file for a kind.
@Suite struct FileSourceTests {
    func records(_ csv: String) throws -> [JSONValue] {
        var reader = try CSVRecordReader(bytes: Array(csv.utf8), file: "kind.csv")
        var result: [JSONValue] = []
        while let record = try reader.next() { result.append(record.value) }
        return result
    }

    @Test func readsQuotedFieldsAndSkipsEmptyOnes() throws {
        let rows = try records("number,name,note\r\n2043,\"O'Brien, \"\"Jr\"\"\",\"two\nlines\"\n1653,,x\n\n")
        #expect(rows.count == 2)
        #expect(rows[0]["name"] == .string("O'Brien, \"Jr\""))
        #expect(rows[0]["note"] == .string("two\nlines"))
        #expect(rows[1]["name"] == nil)
        #expect(rows[1]["number"] == .string("1653"))
    }

    @Test func reportsRowsOfTheWrongWidthWithTheirLine() {
        #expect(throws: InputError.self) { try records("a,b\n1,2\n3\n") }
        do {
            _ = try records("a,b\n1,2\n3\n")
        } catch let error as InputError {
            #expect(error.description == "kind.csv: line 3: expected 2 fields as in the header, found 1")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func importsACSVKindThroughAMapping() throws {
        let folder = try TestSupport.temporaryDirectory()
        try Data("number,customer\n2043,1\n1653,2\n".utf8).write(to: folder.appendingPathComponent("order.csv"))
        var source = try FileKindSource.open(folder: folder.path, kind: "order")
        let instance = InstanceCategory(schema: try TestSupport.corpusSchema)
        let plan = try ImportPlan(
            schema: instance.schema,
            mapping: AccessPathText.parseMapping("order @103 { number: 19, customer: 1.-2.-3 }"))
        let summary = try ModelToCategory(plan: plan, instance: instance).run(&source)
        #expect(summary.imported == 2)
        #expect(instance.object(key: 100)!.liveRowCount == 2)
    }

    @Test func aKindIsReadFromItsJSONLinesFileFirstAndNamesAreChecked() throws {
        let folder = try TestSupport.temporaryDirectory()
        try Data(#"[{"number": 1}]"#.utf8).write(to: folder.appendingPathComponent("order.json"))
        try Data("{\"number\": 2}\n{\"number\": 3}\n".utf8).write(to: folder.appendingPathComponent("order.jsonl"))
        var source = try FileKindSource.open(folder: folder.path, kind: "order")
        var count = 0
        while try source.next() != nil { count += 1 }
        #expect(count == 2)
        #expect(throws: InputError.self) { try FileKindSource.open(folder: folder.path, kind: "../order") }
        #expect(throws: InputError.self) { try FileKindSource.open(folder: folder.path, kind: "missing") }
    }
}
