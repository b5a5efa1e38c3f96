extension SchemaCategory {
    /// Reads and validates a `*.schema.json` file (see `docs/formats.md`); every problem is reported at once.
    ///
    /// ```swift
    /// // given: data: Data
    /// let schema = try SchemaCategory.load(bytes: Array(data), file: "orders.schema.json")
    /// ```
    public static func load(bytes: [UInt8], file: String) throws(InputError) -> SchemaCategory {
        var parser = JSONParser(bytes: bytes, file: file)
        return try decode(parser.parseDocument(), file: file)
    }

    /// Builds a schema from its JSON form and validates it.
    public static func decode(_ json: JSONValue, file: String) throws(InputError) -> SchemaCategory {
        var problems = ProblemList()
        guard let root = JSONFields.object(json, "$", &problems) else {
            throw InputError(file: file, problems: problems.problems)
        }
        JSONFields.rejectUnknown(root, known: ["name", "objects", "morphisms"], "$", &problems)
        let name = JSONFields.string(json["name"], "$.name", &problems)
        var objects: [SchemaObject] = []
        for (index, item) in (JSONFields.array(json["objects"], "$.objects", &problems) ?? []).enumerated() {
            if let object = decodeObject(item, "$.objects[\(index)]", &problems) {
                objects.append(object)
            }
        }
        if json["objects"] == nil { problems.add("$", "missing field \"objects\"") }
        var morphisms: [SchemaMorphism] = []
        for (index, item) in (JSONFields.array(json["morphisms"], "$.morphisms", &problems) ?? []).enumerated() {
            if let morphism = decodeMorphism(item, "$.morphisms[\(index)]", &problems) {
                morphisms.append(morphism)
            }
        }
        try problems.check(file: file)
        let schema = SchemaCategory(name: name, objects: objects, morphisms: morphisms)
        let structural = schema.validate(listedObjects: objects, listedMorphisms: morphisms)
        if !structural.isEmpty {
            throw InputError(file: file, problems: structural)
        }
        return schema
    }

    private static func decodeObject(_ json: JSONValue, _ path: String, _ problems: inout ProblemList)
        -> SchemaObject?
    {
        guard let members = JSONFields.object(json, path, &problems) else { return nil }
        JSONFields.rejectUnknown(
            members, known: ["key", "label", "superId", "ids", "position", "type"], path, &problems)
        guard let key = JSONFields.integer(json["key"], "\(path).key", &problems) else {
            if json["key"] == nil { problems.add(path, "missing field \"key\"") }
            return nil
        }
        let label = JSONFields.string(json["label"], "\(path).label", &problems) ?? ""
        var superId: [Signature] = [.empty]
        if let items = JSONFields.array(json["superId"], "\(path).superId", &problems) {
            superId = items.enumerated().compactMap { JSONFields.signature($1, "\(path).superId[\($0)]", &problems) }
        }
        var ids: [[Signature]] = [[.empty]]
        if let items = JSONFields.array(json["ids"], "\(path).ids", &problems) {
            ids = items.enumerated().compactMap { index, item in
                JSONFields.array(item, "\(path).ids[\(index)]", &problems)?.enumerated().compactMap {
                    JSONFields.signature($1, "\(path).ids[\(index)][\($0)]", &problems)
                }
            }
        }
        var position: SchemaObject.Position?
        if JSONFields.object(json["position"], "\(path).position", &problems) != nil,
            let x = JSONFields.double(json["position"]?["x"], "\(path).position.x", &problems),
            let y = JSONFields.double(json["position"]?["y"], "\(path).position.y", &problems)
        {
            position = .init(x: x, y: y)
        }
        let dataType = json["type"].flatMap { JSONFields.string($0, "\(path).type", &problems) }
        return SchemaObject(key: key, label: label, superId: superId, ids: ids, position: position, dataType: dataType)
    }

    private static func decodeMorphism(_ json: JSONValue, _ path: String, _ problems: inout ProblemList)
        -> SchemaMorphism?
    {
        guard let members = JSONFields.object(json, path, &problems) else { return nil }
        JSONFields.rejectUnknown(members, known: ["signature", "dom", "cod", "min", "max", "label"], path, &problems)
        for field in ["signature", "dom", "cod"] where json[field] == nil {
            problems.add(path, "missing field \"\(field)\"")
        }
        let signature = JSONFields.signature(json["signature"], "\(path).signature", &problems)
        let dom = JSONFields.integer(json["dom"], "\(path).dom", &problems)
        let cod = JSONFields.integer(json["cod"], "\(path).cod", &problems)
        var minimum = MinCardinality.zero
        if let text = JSONFields.string(json["min"], "\(path).min", &problems) {
            if let value = MinCardinality(rawValue: text) {
                minimum = value
            } else {
                problems.add("\(path).min", "\"\(text)\" is not a min cardinality (expected \"ZERO\" or \"ONE\")")
            }
        }
        var maximum = MaxCardinality.star
        if let text = JSONFields.string(json["max"], "\(path).max", &problems) {
            if let value = MaxCardinality(rawValue: text) {
                maximum = value
            } else {
                problems.add("\(path).max", "\"\(text)\" is not a max cardinality (expected \"ONE\" or \"STAR\")")
            }
        }
        if let signature, signature.isEmpty {
            problems.add("\(path).signature", "the empty signature is the identity and cannot be listed")
            return nil
        }
        let label = json["label"].flatMap { JSONFields.string($0, "\(path).label", &problems) }
        guard let signature, let dom, let cod else { return nil }
        return SchemaMorphism(signature: signature, dom: dom, cod: cod, min: minimum, max: maximum, label: label)
    }
}

extension SchemaCategory {
    /// The JSON form that ``decode(_:file:)`` reads back into an equal category: objects in key
    /// order, then every morphism (duals and listed composites included) in signature order.
    public var json: JSONValue {
        var members: [JSONMember] = []
        if let name { members.append(JSONMember("name", .string(name))) }
        let signatures = { (list: [Signature]) in JSONValue.array(list.map { .string($0.description) }) }
        members.append(
            JSONMember(
                "objects",
                .array(
                    objects.map { object in
                        var fields = [
                            JSONMember("key", .number(String(object.key))), JSONMember("label", .string(object.label)),
                            JSONMember("superId", signatures(object.superId)),
                            JSONMember("ids", .array(object.ids.map(signatures))),
                        ]
                        if let position = object.position {
                            fields.append(
                                JSONMember(
                                    "position",
                                    .object([
                                        JSONMember("x", .number(String(position.x))),
                                        JSONMember("y", .number(String(position.y))),
                                    ])))
                        }
                        return .object(fields)
                    })))
        members.append(
            JSONMember(
                "morphisms",
                .array(
                    morphisms.values.sorted { $0.signature < $1.signature }.map { morphism in
                        .object(
                            [
                                JSONMember("signature", .string(morphism.signature.description)),
                                JSONMember("dom", .number(String(morphism.dom))),
                                JSONMember("cod", .number(String(morphism.cod))),
                                JSONMember("min", .string(morphism.min.rawValue)),
                                JSONMember("max", .string(morphism.max.rawValue)),
                            ] + (morphism.label.map { [JSONMember("label", .string($0))] } ?? []))
                    })))
        return .object(members)
    }
}
