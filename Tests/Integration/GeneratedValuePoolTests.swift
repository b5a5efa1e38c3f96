import MMCat
import PropertyBased
import Testing

/// Whatever values come, in whatever order, the value pool gives equal texts one id and different
/// texts different ids, and gives each back with its kind. Numbers are the case to generate: a
/// canonical integer below a bound that grows with the pool is found by its number, and one
/// interned before the bound reached it (by its hash) must be the same value afterwards; texts
/// that only look like such numbers (`007`, `-5`, `1.5`, ten digits) must stay apart.
@Suite struct GeneratedValuePoolTests {
    /// A value from a pick: mostly numbers around the first bounds (65,536 and four times the
    /// pool), some with a leading zero, a sign or a fraction, some far larger, some words.
    static func text(_ pick: UInt32) -> String {
        let number = Int(pick >> 3) % 150_000
        switch pick & 7 {
        case 0, 1, 2: return String(number)
        case 3: return "0" + String(number % 100)
        case 4: return "-" + String(number)
        case 5: return String(number) + ".5"
        case 6: return String(1_000_000_000 + number * 7919)
        default: return "w" + String(number % 5000)
        }
    }

    static var values: Generator<[UInt32], Shrink.None<[UInt32]>> {
        Gen<UInt32>.value(in: 0...UInt32.max).array(of: 30_000).withoutShrink()
    }

    @Test func equalTextsShareAnIdAndNothingElseDoes() async {
        await propertyCheck(count: 20, input: Self.values) { picks in
            var pool = ValuePool()
            var model: [String: Int32] = [:]
            // Twice over: the second pass finds each value again after the pool (and the range of
            // numbers found by number) has grown.
            for _ in 0..<2 {
                for pick in picks {
                    let text = Self.text(pick)
                    let id = pool.intern(text)
                    let expected = model[text] ?? Int32(model.count)
                    model[text] = expected
                    #expect(id == expected, "\(text)")
                }
            }
            #expect(pool.count == model.count)
            for (text, id) in model {
                #expect(pool.text(id) == text)
                #expect(pool.kind(id) == ValueKind.of(text), "\(text)")
                #expect(pool.id(of: text) == id)
            }
            for absent in ["150001", "00", "0150000", "999999999", "1000000000"] where model[absent] == nil {
                #expect(pool.id(of: absent) == nil, "\(absent)")
            }
        }
    }

    /// Numbers found by number sort as numbers, like the hashed ones.
    @Test func numbersRankAsNumbersWhereverTheyAreKept() {
        var pool = ValuePool()
        let texts = ["70000", "5", "1000000000", "65535", "10", "-3", "w", "100000"]
        let ids = texts.map { pool.intern($0) }
        let ranks = pool.ranks(of: ids)
        let ordered = ids.sorted { ranks[Int($0)] < ranks[Int($1)] }.map { pool.text($0) }
        #expect(ordered == ["-3", "5", "10", "65535", "70000", "100000", "1000000000", "w"])
    }
}
