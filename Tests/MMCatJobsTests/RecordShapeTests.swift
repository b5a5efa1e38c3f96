import MMCat
import MMCatExamples
import MMCatTestSupport
import PropertyBased
import Testing

/// The collector remembers where a node's fields sat in the last record with the same keys; a
/// record of another shape must not be read by the old positions. Generated orders of the MM-cat
/// example whose keys come in shuffled orders, go missing, repeat (the last one counts, as when a
/// record is read by key), hold nulls, arrays or objects where a value is expected, and whose
/// nested items vary the same way, imported in one run give the instance that importing each
/// record on its own (a collector that has seen no other shape) gives, byte for byte.
@Suite struct RecordShapeTests {
    static let keys = ["number", "customer", "items", "contact", "extra"]
    static let itemKeys = ["productId", "name", "price", "quantity"]

    /// A scalar, or sometimes something a field cannot hold as a value.
    static func value(_ pick: UInt32, _ salt: Int) -> JSONValue {
        switch pick % 9 {
        case 0: return .null
        case 1: return .array([.number("\(salt)")])
        case 2: return .object([JSONMember("x", .number("1"))])
        case 3, 4: return .string("t\(salt % 7)")
        default: return .number("\(salt % 11)")
        }
    }

    /// An object with `names` in an order and with repeats and gaps chosen by `pick`.
    static func object(_ names: [String], _ pick: UInt32, _ make: (String, Int) -> JSONValue) -> JSONValue {
        var members: [JSONMember] = []
        for (index, name) in names.enumerated() where (pick >> UInt32(index)) & 7 != 0 {
            members.append(JSONMember(name, make(name, index)))
        }
        let rotation = Int(pick >> 20) % max(members.count, 1)
        members = Array(members[rotation...] + members[..<rotation])
        if pick & (1 << 28) != 0, let first = members.first {
            members.append(JSONMember(first.key, make(first.key, 99)))
        }
        return .object(members)
    }

    static func order(_ pick: UInt32, number: Int) -> JSONValue {
        object(keys, pick) { name, salt in
            switch name {
            case "number": return pick % 13 == 0 ? value(pick >> 3, salt) : .number("\(number)")
            case "items":
                return .array(
                    (0..<Int(pick >> 9 & 3)).map { index in
                        object(itemKeys, pick &* UInt32(index + 3)) { _, itemSalt in
                            value(pick >> UInt32(index + itemSalt), itemSalt + index)
                        }
                    })
            case "contact": return .object([JSONMember("email", .string("c\(salt)"))])
            default: return value(pick >> UInt32(salt), salt + number)
            }
        }
    }

    struct Listed: RecordSource {
        var records: [SourceRecord]
        var position = 0

        mutating func next() throws(InputError) -> SourceRecord? {
            guard position < records.count else { return nil }
            position += 1
            return records[position - 1]
        }
    }

    static var picks: Generator<[UInt32], Shrink.None<[UInt32]>> {
        Gen<UInt32>.value(in: 0...UInt32.max).array(of: 40).withoutShrink()
    }

    /// A key that repeats counts with its last value, whether its record has the last record's
    /// shape or not (the positions are kept, not the rule).
    @Test func aRepeatedKeyCountsWithItsLastValue() throws {
        let schema = try SchemaCategory.load(bytes: Examples.bytes("orders.schema.json"), file: "orders.schema.json")
        let plan = try ImportPlan(schema: schema, mapping: AccessPathText.parseMapping(Examples.text("order.path")))
        let instance = InstanceCategory(schema: schema)
        let item = { (name: String) in
            JSONValue.object([
                JSONMember("productId", .number("1")), JSONMember("name", .string(name)),
                JSONMember("name", .string(name + "!")),
            ])
        }
        let order = { (first: Int, last: Int) in
            JSONValue.object([
                JSONMember("number", .number("\(first)")), JSONMember("items", .array([item("n\(first)")])),
                JSONMember("number", .number("\(last)")),
            ])
        }
        var records = Listed(records: [
            SourceRecord(number: 1, value: order(1, 2)), SourceRecord(number: 2, value: order(3, 4)),
        ])
        let summary = try ModelToCategory(plan: plan, instance: instance).run(&records)
        #expect(summary.rejected == 0)
        let texts = { (key: Int) in
            let object = instance.objects[schema.index(ofKey: key)!]
            return Set(object.liveRows.map { instance.pool.text(object.value($0, 0)) })
        }
        #expect(texts(104) == ["2", "4"])
        #expect(texts(118) == ["n1!", "n3!"])
    }

    @Test func aRecordOfAnotherShapeIsNotReadByTheLastOnesPositions() async throws {
        let schema = try SchemaCategory.load(bytes: Examples.bytes("orders.schema.json"), file: "orders.schema.json")
        let plan = try ImportPlan(schema: schema, mapping: AccessPathText.parseMapping(Examples.text("order.path")))
        await propertyCheck(count: 200, input: Self.picks) { picks in
            let records = picks.enumerated().map { index, pick in
                SourceRecord(number: index + 1, value: Self.order(pick, number: index))
            }
            let together = InstanceCategory(schema: schema)
            var all = Listed(records: records)
            let summary = try ModelToCategory(plan: plan, instance: together).run(&all)
            let alone = InstanceCategory(schema: schema)
            var rejected = 0
            for record in records {
                var one = Listed(records: [record])
                rejected += try ModelToCategory(plan: plan, instance: alone).run(&one).rejected
            }
            #expect(summary.rejected == rejected)
            together.seal()
            alone.seal()
            let same = InstanceDump.write(together) == InstanceDump.write(alone)
            #expect(same, "\(records.map(\.value))")
        }
    }
}
