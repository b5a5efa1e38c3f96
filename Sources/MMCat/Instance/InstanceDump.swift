/// The `*.instance.json` form of an instance category (see `docs/formats.md`): rows per object,
/// pairs per base morphism (positive direction) and per composite a mapping used, evaluated.
///
/// ```swift
/// let bytes = InstanceDump.write(instance)
/// let again = try InstanceDump.read(bytes: bytes, file: "out.instance.json", schema: schema)
/// ```
public enum InstanceDump {
    /// The dump in memory; the instance is sealed first. The same instance gives the same bytes.
    public static func write(_ instance: InstanceCategory) -> [UInt8] {
        var out = TextOutput()
        write(instance, to: &out)
        return out.bytes
    }

    /// Writes the dump to `out`, flushing it between rows.
    public static func write(_ instance: InstanceCategory, to out: inout TextOutput) {
        instance.seal()
        out.write("{\n  \"objects\": [")
        var firstObject = true
        for object in instance.objects where object.liveRowCount > 0 {
            out.write(firstObject ? "\n" : ",\n")
            firstObject = false
            out.write("    {\"key\": \(object.schemaObject.key), \"label\": ")
            out.writeJSONString(object.schemaObject.label)
            out.write(", \"rows\": [")
            var firstRow = true
            for row in object.liveRows {
                out.write(firstRow ? "\n      " : ",\n      ")
                firstRow = false
                writeRow(row, of: object, pool: instance.pool, to: &out)
                out.flushIfNeeded()
            }
            out.write("\n    ]}")
        }
        out.write("\n  ],\n  \"morphisms\": [")
        let listed =
            instance.baseSignaturesWithPairs
            + Set(instance.shortcutSignatures).union(instance.trackedComposites).sorted()
        var firstMorphism = true
        for signature in listed {
            guard let morphism = instance.schema.morphism(signature),
                let domain = instance.schema.index(ofKey: morphism.dom),
                let codomain = instance.schema.index(ofKey: morphism.cod)
            else { continue }
            let relation = instance.relation(signature, from: domain)
            guard !relation.targets.isEmpty else { continue }
            out.write(firstMorphism ? "\n" : ",\n")
            firstMorphism = false
            out.write(
                "    {\"signature\": \"\(signature)\", \"dom\": \(morphism.dom), \"cod\": \(morphism.cod), \"pairs\": ["
            )
            var firstPair = true
            for dom in instance.objects[domain].liveRows {
                for cod in relation.targets(of: dom) {
                    out.write(firstPair ? "\n      [" : ",\n      [")
                    firstPair = false
                    writeRow(dom, of: instance.objects[domain], pool: instance.pool, to: &out)
                    out.write(", ")
                    writeRow(cod, of: instance.objects[codomain], pool: instance.pool, to: &out)
                    out.write("]")
                    out.flushIfNeeded()
                }
            }
            out.write("\n    ]}")
        }
        out.write("\n  ]\n}\n")
    }

    private static func writeRow(_ row: Int32, of object: InstanceObject, pool: ValuePool, to out: inout TextOutput) {
        out.write("{")
        var first = true
        for (position, signature) in object.schemaObject.superId.enumerated() {
            let value = object.value(row, position)
            guard value >= 0 else { continue }
            if !first { out.write(", ") }
            first = false
            out.writeJSONString(signature.description)
            out.write(": ")
            out.writeJSONString(pool.text(value))
        }
        out.write("}")
    }

    /// Reads a dump into `instance` (or a new one); every problem is reported with its JSON path.
    public static func read(
        bytes: [UInt8], file: String, schema: SchemaCategory, into existing: InstanceCategory? = nil
    ) throws(InputError) -> InstanceCategory {
        var parser = JSONParser(bytes: bytes, file: file)
        let json = try parser.parseDocument()
        let instance = existing ?? InstanceCategory(schema: schema)
        var problems = ProblemList()
        guard let members = JSONFields.object(json, "$", &problems) else {
            throw InputError(file: file, problems: problems.problems)
        }
        JSONFields.rejectUnknown(members, known: ["objects", "morphisms", "note"], "$", &problems)
        for (index, item) in (JSONFields.array(json["objects"], "$.objects", &problems) ?? []).enumerated() {
            let path = "$.objects[\(index)]"
            guard JSONFields.object(item, path, &problems) != nil,
                let key = JSONFields.integer(item["key"], "\(path).key", &problems)
            else { continue }
            guard let objectIndex = schema.index(ofKey: key) else {
                problems.add("\(path).key", "unknown object key \(key)")
                continue
            }
            for (rowIndex, rowJSON) in (JSONFields.array(item["rows"], "\(path).rows", &problems) ?? []).enumerated() {
                _ = row(rowJSON, objectIndex: objectIndex, in: instance, "\(path).rows[\(rowIndex)]", &problems)
            }
        }
        for (index, item) in (JSONFields.array(json["morphisms"], "$.morphisms", &problems) ?? []).enumerated() {
            let path = "$.morphisms[\(index)]"
            guard JSONFields.object(item, path, &problems) != nil,
                let signature = JSONFields.signature(item["signature"], "\(path).signature", &problems)
            else { continue }
            guard let morphism = schema.morphism(signature) else {
                problems.add("\(path).signature", "the schema has no morphism \"\(signature)\"")
                continue
            }
            for (field, key) in [("dom", morphism.dom), ("cod", morphism.cod)] {
                if let given = JSONFields.integer(item[field], "\(path).\(field)", &problems), given != key {
                    problems.add("\(path).\(field)", "morphism \"\(signature)\" has \(field) \(key), not \(given)")
                }
            }
            if signature.isComposite { instance.trackedComposites.insert(signature) }
            let domain = schema.index(ofKey: morphism.dom)!
            let codomain = schema.index(ofKey: morphism.cod)!
            for (pairIndex, pair) in (JSONFields.array(item["pairs"], "\(path).pairs", &problems) ?? []).enumerated() {
                let pairPath = "\(path).pairs[\(pairIndex)]"
                guard let ends = JSONFields.array(pair, pairPath, &problems) else { continue }
                guard ends.count == 2 else {
                    problems.add(pairPath, "a pair has two rows, found \(ends.count)")
                    continue
                }
                let dom = row(ends[0], objectIndex: domain, in: instance, "\(pairPath)[0]", &problems)
                let cod = row(ends[1], objectIndex: codomain, in: instance, "\(pairPath)[1]", &problems)
                if let dom, let cod { instance.addPair(signature, dom: dom, cod: cod) }
            }
        }
        try problems.check(file: file)
        instance.materializeShortcuts()
        return instance
    }

    private static func row(
        _ json: JSONValue, objectIndex: Int, in instance: InstanceCategory, _ path: String,
        _ problems: inout ProblemList
    ) -> Int32? {
        guard let members = JSONFields.object(json, path, &problems) else { return nil }
        let object = instance.objects[objectIndex]
        var values = [Int32](repeating: -1, count: object.arity)
        for member in members {
            guard let signature = try? Signature(parsing: member.key),
                let position = object.position(of: signature)
            else {
                problems.add(
                    "\(path).\(member.key)",
                    "\"\(member.key)\" is not in the superId of \(object.schemaObject.displayName)")
                continue
            }
            guard let text = member.value.scalarText else {
                problems.add("\(path).\(member.key)", "expected a value, found \(member.value.kindName)")
                continue
            }
            values[position] = instance.pool.intern(text)
        }
        guard let row = instance.upsert(object: objectIndex, values: values[...]) else {
            problems.add(path, "the row covers no id of \(object.schemaObject.displayName)")
            return nil
        }
        return row
    }
}
