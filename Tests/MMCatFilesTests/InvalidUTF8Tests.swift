import MMCat
import MMCatFiles
import Testing

/// Files are UTF-8: other bytes are an error that says where, never replaced in silence.
struct InvalidUTF8Tests {
    /// "Stra\u{DF}e" in Latin-1: the byte 0xDF alone is not UTF-8.
    static let latin1: [UInt8] = Array("Stra".utf8) + [0xDF] + Array("e".utf8)

    @Test func aJSONStringThatIsNotUTF8IsAnErrorAtTheString() throws {
        for escaped in [false, true] {
            let text =
                Array(#"[{"id": 1},"#.utf8) + [0x0A] + Array(#" {"street": ""#.utf8)
                + (escaped ? Array(#"\n"#.utf8) : []) + Self.latin1 + Array(#""}]"#.utf8)
            var parser = JSONParser(bytes: text, file: "address.json")
            #expect {
                try parser.parseDocument()
            } throws: { error in
                (error as? InputError)?.description == "address.json: line 2, column 13: the string is not valid UTF-8"
            }
        }
        // The same text in UTF-8 is read as it is.
        #expect(try JSONParser.parse(#"{"street": "Straße"}"#)["street"] == .string("Straße"))
    }

    @Test func aCSVFieldThatIsNotUTF8IsAnErrorOnItsLine() throws {
        var reader = try CSVRecordReader(
            bytes: Array("id,street\n1,Main\n2,".utf8) + Self.latin1 + [0x0A], file: "address.csv")
        #expect(try reader.next()?.value["street"] == .string("Main"))
        #expect {
            try reader.next()
        } throws: { error in
            (error as? InputError)?.description == "address.csv: line 3: a field is not valid UTF-8"
        }
    }
}
