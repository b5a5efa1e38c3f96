import MMCat
import MMCatTestSupport
import Testing

@Suite struct SchemaValidationTests {
    func problems(_ text: String) -> [String] {
        do throws(InputError) {
            _ = try TestSupport.schema(text)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func corpusSchemaIsValid() throws {
        let schema = try TestSupport.corpusSchema
        #expect(schema.objects.count == 25)
        #expect(schema.morphism(try Signature(parsing: "10.9"))?.cod == 117)
        // A composite that is not listed is derived from its steps.
        let derived = schema.morphism(try Signature(parsing: "14.-19"))
        #expect(derived?.dom == 104 && derived?.cod == 106 && derived?.min == .zero && derived?.max == .star)
    }

    @Test func reportsEveryProblemAtOnceWithItsPath() {
        let found = problems(
            """
            {"objects": [
              {"key": 1, "label": "A", "superId": ["5", "7"], "ids": [["6"]]},
              {"key": 1, "label": "A again"},
              {"key": 2, "label": "B"}
            ],
            "morphisms": [
              {"signature": "5", "dom": 1, "cod": 2, "min": "ONE", "max": "ONE"},
              {"signature": "-5", "dom": 1, "cod": 2, "min": "ONE", "max": "ONE"},
              {"signature": "5", "dom": 1, "cod": 2, "min": "ONE", "max": "ONE"},
              {"signature": "8", "dom": 1, "cod": 99, "min": "ONE", "max": "ONE"}
            ]}
            """)
        #expect(found.contains { $0.hasPrefix("$.objects[0].superId[1]: signature \"7\": there is no morphism 7") })
        #expect(
            found.contains { $0.hasPrefix("$.objects[0].ids[0][0]: signature \"6\" is not in the superId of A (1)") })
        #expect(found.contains { $0.hasPrefix("$.objects[1].key: duplicate key 1") })
        #expect(found.contains { $0.hasPrefix("$.morphisms[2].signature: duplicate signature \"5\"") })
        #expect(found.contains { $0.hasPrefix("$.morphisms[3].cod: unknown object key 99") })
        #expect(found.contains { $0.contains("its dual \"-5\" must go 2 → 1, but it goes 1 → 2") })
        #expect(found.count == 6, "\(found.joined(separator: "\n"))")
    }

    @Test func reportsTypeErrorsAtTheirPath() {
        let found = problems(
            """
            {"objects": [{"key": "x"}, {"key": 2, "superId": "19"}, {"key": 3, "ids": [["1.."]]}],
             "morphisms": [{"signature": "5", "dom": 2, "cod": 3, "min": "MANY", "max": "ONE"}], "extra": 1}
            """)
        #expect(found.contains("$.objects[0].key: expected an integer, found a string"))
        #expect(found.contains("$.objects[1].superId: expected an array, found a string"))
        #expect(found.contains { $0.hasPrefix("$.objects[2].ids[0][0]: \"1..\" is not a signature") })
        #expect(found.contains { $0.hasPrefix("$.morphisms[0].min: \"MANY\" is not a min cardinality") })
        #expect(found.contains { $0.hasPrefix("$.extra: unknown field") })
    }

    @Test func superIdSignatureThatDoesNotChainIsReported() {
        let found = problems(
            """
            {"objects": [{"key": 1, "superId": ["6.5"], "ids": [["6.5"]]}, {"key": 2}, {"key": 3}],
             "morphisms": [{"signature": "5", "dom": 1, "cod": 2}, {"signature": "6", "dom": 1, "cod": 3}]}
            """)
        #expect(found == ["$.objects[0].superId[0]: signature \"6.5\": morphism 6 starts at  (1), not at  (2)"])
    }

    @Test func listedCompositeMustChainToItsCodomain() {
        let found = problems(
            """
            {"objects": [{"key": 1}, {"key": 2}, {"key": 3}],
             "morphisms": [{"signature": "5", "dom": 1, "cod": 2}, {"signature": "6", "dom": 2, "cod": 3},
                           {"signature": "6.5", "dom": 1, "cod": 2}]}
            """)
        #expect(found == ["$.morphisms[2].cod: the composite \"6.5\" ends at 3, not at 2"])
    }

    @Test func invalidJSONNamesLineAndColumn() {
        #expect(problems("{\"objects\": [\n  {\"key\": 1,}\n]}") == ["line 2, column 13: expected a quoted key"])
    }

    @Test func missingDualDefaultsToZeroStar() throws {
        let schema = try TestSupport.schema(
            #"{"objects": [{"key": 1}, {"key": 2}], "morphisms": [{"signature": "5", "dom": 1, "cod": 2, "min": "ONE", "max": "ONE"}]}"#
        )
        let dual = schema.morphism(try Signature(parsing: "-5"))
        #expect(dual?.dom == 2 && dual?.cod == 1 && dual?.min == .zero && dual?.max == .star)
    }
}
