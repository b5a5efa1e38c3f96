/// The `*.instance.json` form of an instance category (see `docs/formats.md`): rows per object,
/// pairs per base morphism (positive direction) and per composite a mapping used, evaluated.
///
/// ```swift
/// // given: instance: InstanceCategory, schema: SchemaCategory
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
        let keys = keys(instance)
        out.write("{\n  \"objects\": [")
        var firstObject = true
        for (objectIndex, object) in instance.objects.enumerated() where object.liveRowCount > 0 {
            out.write(firstObject ? "\n" : ",\n")
            firstObject = false
            out.write("    {\"key\": \(object.schemaObject.key), \"label\": ")
            out.writeJSONString(object.schemaObject.label)
            out.write(", \"rows\": [")
            var firstRow = true
            for row in object.liveRows {
                out.write(firstRow ? "\n      " : ",\n      ")
                firstRow = false
                writeRow(row, of: object, keys: keys[objectIndex], pool: instance.pool, to: &out)
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
            guard relation.pairCount > 0 else { continue }
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
                    writeRow(dom, of: instance.objects[domain], keys: keys[domain], pool: instance.pool, to: &out)
                    out.write(", ")
                    writeRow(cod, of: instance.objects[codomain], keys: keys[codomain], pool: instance.pool, to: &out)
                    out.write("]")
                    out.flushIfNeeded()
                }
            }
            out.write("\n    ]}")
        }
        out.write("\n  ]\n}\n")
    }

    /// `"signature": ` for each superId position of each object, escaped once.
    private static func keys(_ instance: InstanceCategory) -> [[[UInt8]]] {
        instance.objects.map { object in
            object.schemaObject.superId.map { signature in
                var out = TextOutput()
                out.writeJSONString(signature.description)
                out.write(": ")
                return out.bytes
            }
        }
    }

    private static func writeRow(
        _ row: Int32, of object: InstanceObject, keys: [[UInt8]], pool: ValuePool, to out: inout TextOutput
    ) {
        out.write(byte: UInt8(ascii: "{"))
        var first = true
        for position in 0..<object.arity {
            let value = object.value(row, position)
            guard value >= 0 else { continue }
            if !first { out.write(", ") }
            first = false
            out.write(bytes: keys[position])
            out.writeJSONString(pool.text(value))
        }
        out.write(byte: UInt8(ascii: "}"))
    }

    /// Reads a dump into `instance` (or a new one); every problem is reported with its JSON path.
    /// The file is read as a stream, row by row, so a dump of millions of rows never exists as one
    /// parsed JSON tree.
    public static func read(
        bytes: [UInt8], file: String, schema: SchemaCategory, into existing: InstanceCategory? = nil
    ) throws(InputError) -> InstanceCategory {
        var reader = InstanceDumpReader(
            parser: JSONParser(bytes: bytes, file: file), instance: existing ?? InstanceCategory(schema: schema))
        try reader.read()
        try reader.problems.check(file: file)
        reader.instance.materializeShortcuts()
        return reader.instance
    }
}
