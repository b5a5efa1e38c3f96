import BoltClient
import Foundation
import MMCat
import MMCatNeo4j
import PropertyBased
import Testing

/// PackStream, Bolt's value encoding, against the byte sequences its specification gives, on
/// generated values of every type (round trip), and on broken input (errors, never a crash).
@Suite struct PackStreamTests {
    func packed(_ value: BoltValue) -> [UInt8] {
        var bytes: [UInt8] = []
        value.pack(into: &bytes)
        return bytes
    }

    @Test func valuesTakeTheBytesTheSpecificationGives() {
        #expect(packed(.null) == [0xC0])
        #expect(packed(.boolean(true)) == [0xC3])
        #expect(packed(.integer(1)) == [0x01])
        #expect(packed(.integer(-16)) == [0xF0])
        #expect(packed(.integer(-17)) == [0xC8, 0xEF])
        #expect(packed(.integer(128)) == [0xC9, 0x00, 0x80])
        #expect(packed(.integer(-32_769)) == [0xCA, 0xFF, 0xFF, 0x7F, 0xFF])
        #expect(packed(.integer(2_147_483_648)) == [0xCB, 0, 0, 0, 0, 0x80, 0, 0, 0])
        #expect(packed(.float(1.1)) == [0xC1, 0x3F, 0xF1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A])
        #expect(packed(.string("a")) == [0x81, 0x61])
        #expect(packed(.string("é")) == [0x82, 0xC3, 0xA9])
        #expect(packed(.string(String(repeating: "x", count: 16))).prefix(2) == [0xD0, 0x10])
        #expect(packed(.list([.integer(1), .integer(2)])) == [0x92, 0x01, 0x02])
        #expect(packed(.map([("a", .integer(1))])) == [0xA1, 0x81, 0x61, 0x01])
        #expect(packed(.bytes([1, 2])) == [0xCC, 0x02, 0x01, 0x02])
        #expect(packed(.structure(tag: 0x4E, fields: [.integer(1)])) == [0xB1, 0x4E, 0x01])
        #expect(packed(.list(Array(repeating: .null, count: 300))).prefix(3) == [0xD5, 0x01, 0x2C])
    }

    /// Scalars that break naive handling: quotes, a backslash, a line end, a combining mark that
    /// joins the quote before it into one Character, an astral character, and plain letters.
    static let alphabet = Array("ab'\"\\\n\u{301}🐴é`".unicodeScalars)

    /// A value built from generated numbers: every type, nested up to four levels, strings and
    /// lists long enough to need the 8- and 16-bit size markers.
    static func value(_ picks: inout ArraySlice<UInt64>, depth: Int = 0) -> BoltValue {
        guard let pick = picks.popFirst() else { return .null }
        let next = picks.popFirst() ?? 0
        switch pick % (depth < 4 ? 10 : 6) {
        case 0: return .null
        case 1: return .boolean(next % 2 == 0)
        case 2:
            let magnitudes: [Int64] = [15, 127, 128, 200, 40_000, 3_000_000_000, .max]
            let magnitude = magnitudes[Int(next % 7)]
            return .integer(Int64(truncatingIfNeeded: next >> 8) % magnitude * (next % 2 == 0 ? 1 : -1))
        case 3: return .float(Double(bitPattern: next))
        case 4:
            var text = String.UnicodeScalarView()
            for index in 0..<Int(next % 300) { text.append(alphabet[(index * 7 + Int(next >> 16)) % alphabet.count]) }
            return .string(String(text))
        case 5: return .bytes((0..<Int(next % 20)).map { UInt8(truncatingIfNeeded: next >> UInt64($0 % 8 * 8)) })
        case 6: return .list((0..<Int(next % 20)).map { _ in value(&picks, depth: depth + 1) })
        case 7: return .map((0..<Int(next % 5)).map { ("k\($0)'\u{301}", value(&picks, depth: depth + 1)) })
        case 8:
            return .structure(
                tag: UInt8(next % 256), fields: (0..<Int(next % 4)).map { _ in value(&picks, depth: depth + 1) })
        default: return .list(Array(repeating: .integer(Int64(next % 100)), count: Int(next % 400)))
        }
    }

    static var values: Generator<BoltValue, Shrink.None<[UInt64]>> {
        Gen<UInt64>.value(in: 0...UInt64.max).array(of: 60).withoutShrink().map { picks in
            var rest = picks[...]
            return value(&rest)
        }
    }

    @Test func everyGeneratedValueReadsBackAsItself() async {
        await propertyCheck(count: 3000, input: Self.values) { value in
            let bytes = packed(value)
            var reader = PackStreamReader(bytes)
            #expect(throws: Never.self) {
                let read = try reader.read()
                #expect(read == value)
                #expect(reader.isAtEnd)
            }
        }
    }

    @Test func everyCutOfAValueIsAnErrorNotACrash() async {
        await propertyCheck(count: 500, input: Self.values) { value in
            let bytes = packed(value)
            for end in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
                var reader = PackStreamReader(Array(bytes[..<end]))
                #expect(throws: BoltError.self) { try reader.read() }
            }
        }
    }

    @Test func sizesBeyondTheMessageAndDeepNestingAreRefused() {
        var lying = PackStreamReader([0xD6, 0x7F, 0xFF, 0xFF, 0xFF])  // a list of 2^31 elements
        #expect(throws: BoltError.self) { try lying.read() }
        var deep = PackStreamReader(Array(repeating: 0x91, count: 10_000) + [0xC0])
        let error = #expect(throws: BoltError.self) { try deep.read() }
        #expect(error?.message.contains("256 levels") == true)
        var unknown = PackStreamReader([0xE7])
        #expect(throws: BoltError.self) { try unknown.read() }
    }

    @Test func temporalValuesBecomeISOText() {
        let value = { (tag: UInt8, fields: [BoltValue]) in BoltJSON.value(.structure(tag: tag, fields: fields)) }
        #expect(value(0x44, [.integer(0)]) == .string("1970-01-01"))
        #expect(value(0x44, [.integer(19_782)]) == .string("2024-02-29"))
        #expect(value(0x44, [.integer(-1)]) == .string("1969-12-31"))
        #expect(value(0x74, [.integer(3_723_500_000_000)]) == .string("01:02:03.5"))
        #expect(value(0x54, [.integer(0), .integer(-5400)]) == .string("00:00:00-01:30"))
        #expect(value(0x64, [.integer(-1), .integer(0)]) == .string("1969-12-31T23:59:59"))
        #expect(
            value(0x49, [.integer(1_709_200_800), .integer(0), .integer(3600)]) == .string("2024-02-29T11:00:00+01:00"))
        #expect(
            value(0x69, [.integer(1_709_200_800), .integer(0), .string("Europe/Prague")])
                == .string("2024-02-29T10:00:00Z[Europe/Prague]"))
        #expect(value(0x45, [.integer(1), .integer(2), .integer(3), .integer(500_000_000)]) == .string("P1M2DT3.5S"))
        #expect(
            value(0x58, [.integer(7203), .float(1.5), .float(2)])
                == .object([
                    JSONMember("srid", .number("7203")), JSONMember("x", .number("1.5")),
                    JSONMember("y", .number("2.0")),
                ]))
        #expect(BoltJSON.value(.bytes([0x0A, 0xFF])) == .string("\\x0aff"))
        #expect(BoltJSON.value(.map([("a", .null), ("b", .integer(1))])) == .object([JSONMember("b", .number("1"))]))
    }

    /// Generated days, about 270 years either side of 1970, agree with Foundation's calendar.
    @Test func datesAgreeWithFoundationsCalendar() async {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        await propertyCheck(count: 2000, input: Gen<Int64>.value(in: -100_000...100_000)) { days in
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            #expect(BoltJSON.value(.structure(tag: 0x44, fields: [.integer(days)])) == .string(expected), "\(days)")
        }
    }
}
