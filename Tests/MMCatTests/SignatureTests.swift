import MMCat
import MMCatTestSupport
import Testing

@Suite struct SignatureTests {
    @Test func parsesAndPrintsInCompositionOrder() throws {
        let signature = try Signature(parsing: "10.9")
        #expect(signature.steps == [9, 10])
        #expect(signature.description == "10.9")
        #expect(try Signature(parsing: "").isEmpty)
        #expect(try Signature(parsing: "-19").steps == [-19])
        #expect(try Signature(parsing: "1.-2.-3").description == "1.-2.-3")
    }

    @Test func rejectsMalformedText() {
        // The smallest Int32 has no dual; the next numbers do not fit.
        for text in ["a", "1..2", "0", "1.", ".1", "1.x", "--1", " 1", "-2147483648", "2147483648", "1.-2147483648"] {
            #expect(throws: SignatureError.self, "\(text)") { try Signature(parsing: text) }
        }
    }

    @Test func dualReversesAndNegates() throws {
        #expect(try Signature(parsing: "3.2.1").dual.description == "-1.-2.-3")
        #expect(try Signature(parsing: "19.-14").dual.description == "14.-19")
        #expect(Signature.empty.dual == .empty)
        let signature = try Signature(parsing: "16.15")
        #expect(signature.dual.dual == signature)
    }

    @Test func concatenationAppliesTheFirstSignatureFirst() throws {
        let itemsToProduct = try Signature(parsing: "9")
        let productToId = try Signature(parsing: "10")
        #expect(itemsToProduct.followed(by: productToId).description == "10.9")
        #expect(Signature.empty.followed(by: productToId) == productToId)
    }

    @Test func goingBackAlongTheIncomingMorphism() throws {
        // Items is reached from Order by 8; its signature 19.-8 is 19 of the parent Order.
        #expect(try Signature(parsing: "19.-8").afterGoingBack(along: Signature(parsing: "8"))?.description == "19")
        #expect(try Signature(parsing: "10.9").afterGoingBack(along: Signature(parsing: "8")) == nil)
        #expect(try Signature(parsing: "-8").afterGoingBack(along: Signature(parsing: "8")) == .empty)
    }

    @Test func reductionCancelsForthAndBackWhenAllowed() throws {
        let path = try Signature(parsing: "19.3.-3")  // -3, then 3, then 19
        #expect(path.reduced().description == "19")
        #expect(path.reduced(canCancel: { _ in false }) == path)
    }

    @Test func ordersByLengthThenIds() throws {
        let sorted = try ["10.9", "19", "-2", "1.-2.-3", "2"].map(Signature.init(parsing:)).sorted()
        #expect(sorted.map(\.description) == ["-2", "2", "19", "10.9", "1.-2.-3"])
    }
}
