import Foundation
import MMCat
import MMCatTestSupport
import Testing

@Suite struct MappingTests {
    static let example = """
        order @103 {
          number: 19,
          items: 8 { productId: 10.9, quantity: 13 },
          contact: 14 { <16.15>: 17 },
          _id: { customer: 1.-2.-3 }
        }
        """

    @Test func parsesTheTextNotationOfTheFormats() throws {
        let mapping = try AccessPathText.parseMapping(Self.example)
        #expect(mapping.kindName == "order")
        #expect(mapping.rootObject == 103)
        let children = mapping.accessPath.children
        #expect(children.map(\.name.description) == ["number", "items", "contact", "_id"])
        #expect(children[1].children.map(\.signature?.description) == ["10.9", "13"])
        #expect(children[2].children[0].name == .dynamic(try Signature(parsing: "16.15")))
        #expect(children[3].isAuxiliary && children[3].isComplex)
        #expect(try mapping.validate(against: TestSupport.corpusSchema).isEmpty)
    }

    @Test(arguments: CorpusTests.cases)
    func textFormRoundTripsEveryCorpusMapping(_ name: String) throws {
        let json = try TestSupport.json(
            TestSupport.corpus.appendingPathComponent(name).appendingPathComponent("mapping.json"))
        let mapping = try Mapping.decode(json, file: name)
        let text = AccessPathText.print(mapping)
        #expect(try AccessPathText.parseMapping(text) == mapping, "\(text)")
    }

    @Test func textFormRoundTripsHostileNames() throws {
        let mapping = Mapping(
            kindName: "order items\n\"x\"", rootObject: 103,
            accessPath: AccessPath(
                name: .fixed(""), signature: nil,
                subpaths: [
                    AccessPath(name: .fixed("unit price"), signature: try Signature(parsing: "19")),
                    AccessPath(
                        name: .fixed("a,b}{:"), signature: nil,
                        subpaths: [
                            AccessPath(name: .fixed("ε"), signature: try Signature(parsing: "1.-2.-3"))
                        ]),
                    AccessPath(name: .fixed("é-ok_1"), signature: try Signature(parsing: "4"), subpaths: []),
                ]))
        let text = AccessPathText.print(mapping)
        #expect(try AccessPathText.parseMapping(text) == mapping, "\(text)")
        #expect(text.contains("é-ok_1: 4 {}"))
    }

    @Test func jsonFormRoundTrips() throws {
        let mapping = try AccessPathText.parseMapping(Self.example)
        var out = TextOutput()
        out.writeJSON(mapping.json)
        #expect(try Mapping.decode(JSONParser.parse(out.text), file: "x") == mapping)
    }

    @Test func textSyntaxErrorsNameLineAndColumn() {
        do throws(InputError) {
            _ = try AccessPathText.parseMapping("order @103 {\n  number: 19,\n  items 8 { }\n}", file: "m.path")
            Issue.record("parsed invalid text")
        } catch {
            #expect(error.description == "m.path: line 3, column 9: expected ':'")
        }
    }

    func problems(_ text: String) throws -> [String] {
        try AccessPathText.parseMapping(text).validate(against: TestSupport.corpusSchema).map(\.description)
    }

    @Test func unknownAndNonComposingSignaturesAreReported() throws {
        #expect(
            try problems("order @103 { number: 19, x: 99 }") == [
                "$.accessPath.subpaths[1].signature: signature \"99\": there is no morphism 99"
            ])
        #expect(
            try problems("order @103 { number: 19, x: 13 }") == [
                "$.accessPath.subpaths[1].signature: signature \"13\": morphism 13 starts at Items (114), not at Order (103)"
            ])
        #expect(try problems("order @999 { number: 19 }") == ["$.rootObject: unknown object key 999"])
        #expect(try problems(#""" @103 { number: 19 }"#) == ["$.kindName: the kind name is empty"])
    }

    @Test func siblingNamesMustBeUnique() throws {
        #expect(
            try problems("order @103 { number: 19, number: 18 }") == [
                "$.accessPath.subpaths[1].name: the name \"number\" is already used by subpaths[0]"
            ])
    }

    @Test func dynamicNamesMustSitInAComplexPropertyWithASignature() throws {
        let found = try problems("order @103 { number: 19, aux: { <19>: 19 } }")
        #expect(
            found.contains {
                $0.hasPrefix("$.accessPath.subpaths[1].subpaths[0].name: a dynamic name must sit directly inside")
            })
    }

    @Test func simplePropertiesMustLeadToValueObjects() throws {
        #expect(
            try problems("order @103 { number: 19, items: 8 }") == [
                "$.accessPath.subpaths[1].signature: a simple property must lead to a value object, but \"8\" leads to Items (114), whose rows are identified by other values; make it a complex property"
            ])
    }

    @Test func rowsThatCannotBeIdentifiedAreReported() throws {
        #expect(
            try problems("order @103 { items: 8 { quantity: 13 } }") == [
                "$.accessPath: rows of Order (103) cannot be identified: no id ([\"19\"]) can be read from the record, its map entry or the parent row; add properties with those signatures",
                "$.accessPath.subpaths[0]: rows of Items (114) cannot be identified: no id ([\"10.9\", \"19.-8\"]) can be read from the record, its map entry or the parent row; add properties with those signatures",
            ])
    }

    @Test func primaryKeyMustBeInTheRootSuperId() throws {
        var mapping = try AccessPathText.parseMapping("order @103 { number: 19 }")
        mapping.primaryKey = [try Signature(parsing: "18")]
        #expect(
            mapping.validate(against: try TestSupport.corpusSchema).map(\.description) == [
                "$.primaryKey[0]: signature \"18\" is not in the superId of Order (103)"
            ])
    }

    @Test func jsonMappingErrorsNameTheirPath() {
        do throws(InputError) {
            _ = try Mapping.decode(
                JSONParser.parse(#"{"kindName": "o", "rootObject": "103", "accessPath": {"subpaths": [{"name": 5}]}}"#),
                file: "m.json")
            Issue.record("decoded an invalid mapping")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains("$.rootObject: expected an integer, found a string"))
            #expect(
                lines.contains(
                    "$.accessPath.subpaths[0].name: expected a string or {\"dynamic\": SIGNATURE}, found a number"))
            #expect(
                lines.contains {
                    $0.hasPrefix("$.accessPath.subpaths[0].signature: a simple property needs a signature")
                })
        }
    }
}

/// The notation by names (`MorphismNames`): a person writes the labels of the schema category
/// instead of its numbers, and the numbers stay valid.
@Suite struct NamedNotationTests {
    static let catalog = RelationalCatalog(tables: [
        .init(
            name: "customer",
            columns: [
                .init(name: "id", type: "integer", notNull: true), .init(name: "name", type: "text", notNull: true),
            ],
            primaryKey: ["id"]),
        .init(
            name: "orders",
            columns: [
                .init(name: "number", type: "integer", notNull: true),
                .init(name: "customer_id", type: "integer", notNull: true),
                .init(name: "referrer_id", type: "integer", notNull: false),
            ], primaryKey: ["number"],
            foreignKeys: [
                .init(columns: ["customer_id"], table: "customer", referencedColumns: ["id"]),
                .init(columns: ["referrer_id"], table: "customer", referencedColumns: ["id"]),
            ]),
    ])

    @Test func namesAndNumbersGiveTheSameMapping() throws {
        let schema = try CatalogInference.infer(Self.catalog).schema
        let named = try AccessPathText.parseMapping(
            """
            order @orders {
              number: number,
              customer: customer_id { id: id, "name": name },
              referrer: referrer_id/name,
            }
            """, schema: schema)
        let names = MorphismNames(schema: schema)
        let orders = try names.object(named: "orders").get()
        /// The signature of a path of names from `orders`, step by step.
        func signature(_ path: String...) throws -> Signature {
            var (steps, current): ([Int32], Int) = ([], orders)
            for name in path {
                let step = try names.step(named: name, from: current).get()
                steps.append(step.signature.steps[0])
                current = step.cod
            }
            return Signature(steps: steps)
        }
        let customerName = try names.step(named: "name", from: try names.object(named: "customer").get()).get()
            .signature
        let numeric = try AccessPathText.parseMapping(
            """
            order @\(orders) {
              number: \(try signature("number")),
              customer: \(try signature("customer_id")) { id: \(try signature("customer_id", "id").steps.last!), "name": \(customerName) },
              referrer: \(try signature("referrer_id", "name")),
            }
            """)
        #expect(named == numeric)
        #expect(named.validate(against: schema).isEmpty)
        // A path of names is walked in order: the referrer's name is its name after the key.
        #expect(
            try signature("referrer_id", "name").steps == [
                try signature("referrer_id").steps[0], customerName.steps[0],
            ])
        // Printed with the schema, the names come back; without it, the numbers.
        let printed = AccessPathText.print(named, schema: schema)
        #expect(printed.contains("referrer: referrer_id/name"), "\(printed)")
        #expect(printed.hasPrefix("order @orders {"), "\(printed)")
        #expect(try AccessPathText.parseMapping(printed, schema: schema) == named)
        #expect(!AccessPathText.print(named).contains("referrer_id"))
    }

    @Test func aNameThatDoesNotNameOneMorphismIsAnErrorWithWhatItCouldBe() throws {
        let schema = try CatalogInference.infer(Self.catalog).schema
        let cases: [(String, String)] = [
            (
                "o @orders { x: customer_id/nope }",
                "line 1, column 28: no morphism named \"nope\" leaves object customer"
            ),
            ("o @orders { x: nope }", "its morphisms are \"number\", \"customer_id\", \"referrer_id\""),
            ("o @nobody { x: 1 }", "line 1, column 4: no object is labelled \"nobody\""),
            ("o @orders { x: 999 { y: name } }", "names cannot be followed here"),
        ]
        for (text, message) in cases {
            let error = #expect(throws: InputError.self) { try AccessPathText.parseMapping(text, schema: schema) }
            #expect(error?.description.contains(message) == true, "\(text): \(error?.description ?? "")")
        }
        // The dual from customer to orders is one name per key: "orders_customer_id" and
        // "orders_referrer_id"; the table's name alone (the label of both duals' codomain) is
        // ambiguous, and the error says so with both signatures.
        let customer = try MorphismNames(schema: schema).object(named: "customer").get()
        let dual = MorphismNames(schema: schema).step(named: "orders", from: customer)
        guard case .failure(let problem) = dual else {
            Issue.record("\"orders\" named one morphism")
            return
        }
        #expect(problem.description.contains("\"orders\" is ambiguous from object customer"), "\(problem)")
        #expect((try? MorphismNames(schema: schema).step(named: "orders_referrer_id", from: customer).get()) != nil)
        // Without the schema, a name where a number goes says what it needs.
        let unresolved = #expect(throws: InputError.self) { try AccessPathText.parseMapping("o @7 { x: name }") }
        #expect(unresolved?.description.contains("needs the schema category") == true)
    }
}
