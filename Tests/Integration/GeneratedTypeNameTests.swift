import MMCat
import MMCatPostgres
import MMCatSQLite
import PropertyBased
import Testing

/// Whatever a schema file says a column's type is, what reaches the DDL unquoted is a plain type
/// name: generated spellings, mixing type-name characters with quotes, semicolons, comment
/// starts, line ends and non-ASCII letters, are either refused or come out of safe bytes only.
@Suite struct GeneratedTypeNameTests {
    static let alphabet = Array("intgerNUMCabc_019 (),[]';\"-/*\n\té✓".unicodeScalars)

    static var spellings: Generator<String, Shrink.None<[UInt32]>> {
        Gen<UInt32>.value(in: 0...UInt32(alphabet.count - 1)).array(of: 17).withoutShrink().map { picks in
            var text = String.UnicodeScalarView()
            for pick in picks.dropFirst().prefix(Int(picks[0]) % 17) { text.append(alphabet[Int(pick)]) }
            return String(text)
        }
    }

    static func isSafe(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || [0x5F, 0x20, 0x28, 0x29, 0x2C, 0x5B, 0x5D].contains(byte)
        }
    }

    @Test func onlySafeSpellingsReachTheDDL() async {
        await propertyCheck(count: 2000, input: Self.spellings) { spelled in
            guard let name = SQLTypeName(spelled) else { return }
            #expect(Self.isSafe(name.text), "\(spelled) -> \(name.text)")
            for declared in [PostgreSQLDialect().declaredType(name), SQLiteDialect().declaredType(name)] {
                if let declared { #expect(Self.isSafe(declared), "\(spelled) -> \(declared)") }
            }
        }
    }
}
