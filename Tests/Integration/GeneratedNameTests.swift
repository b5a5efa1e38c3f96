import MMCat
import PropertyBased
import Testing

/// Whatever the tables and columns are called, a mapping printed by names reads back to the same
/// mapping: generated names mix the notation's own characters (`/`, quotes, braces, `#`, `<`,
/// `@`, `ε`), line ends, digits first and combining marks that join a quote into one grapheme.
@Suite struct GeneratedNameTests {
    static let alphabet = Array("ab_1/\"\\{},:#<>@ε \n\u{301}é-$.".unicodeScalars)

    static var names: Generator<[String], Shrink.None<[UInt32]>> {
        Gen<UInt32>.value(in: 0...UInt32(alphabet.count - 1)).array(of: 30).withoutShrink().map { picks in
            // Five names of up to six characters; never empty (a label may not be).
            (0..<5).map { index in
                var text = String.UnicodeScalarView()
                for pick in picks[(index * 6)..<(index * 6 + 6)].prefix(1 + Int(picks[index]) % 6) {
                    text.append(alphabet[Int(pick)])
                }
                return String(text)
            }
        }
    }

    @Test func mappingsPrintedByNamesReadBack() async {
        await propertyCheck(count: 500, input: Self.names) { names in
            let (parent, key, child, value, reference) = (names[0], names[1], names[2] + "_", names[3], names[4])
            guard key != reference else { return }
            let catalog = RelationalCatalog(tables: [
                .init(name: parent, columns: [.init(name: key, type: "integer", notNull: true)], primaryKey: [key]),
                .init(
                    name: child,
                    columns: [
                        .init(name: value, type: "text", notNull: true),
                        .init(name: reference, type: "integer", notNull: false),
                    ],
                    primaryKey: [value],
                    foreignKeys: [.init(columns: [reference], table: parent, referencedColumns: [key])]),
            ])
            guard parent != child, value != reference, let inferred = try? CatalogInference.infer(catalog) else {
                return
            }
            for mapping in inferred.mappings {
                let text = AccessPathText.print(mapping, schema: inferred.schema)
                let again = try? AccessPathText.parseMapping(text, schema: inferred.schema)
                #expect(again?.accessPath == mapping.accessPath && again?.rootObject == mapping.rootObject, "\(text)")
                // With every object label different (the two tables and the two attributes; the
                // child table is a name with `_` added, which may meet another name), the root is
                // printed by its label.
                if Set([parent, key, child, value]).count == 4 {
                    #expect(!text.contains("@\(mapping.rootObject) {"), "\(text)")
                }
            }
        }
    }
}
