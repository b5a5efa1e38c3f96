extension Mapping {
    /// Reads a mapping from a `*.mapping.json` file, or from the text notation when `file` ends in `.path`
    /// (whose names, if it uses any, are looked up in `schema`). The mapping is only parsed here;
    /// ``validate(against:)`` checks it against a schema.
    public static func load(bytes: [UInt8], file: String, schema: SchemaCategory? = nil) throws(InputError) -> Mapping {
        if file.hasSuffix(".path") {
            return try AccessPathText.parseMapping(String(decoding: bytes, as: UTF8.self), file: file, schema: schema)
        }
        var parser = JSONParser(bytes: bytes, file: file)
        return try decode(parser.parseDocument(), file: file)
    }

    public static func decode(_ json: JSONValue, file: String) throws(InputError) -> Mapping {
        var problems = ProblemList()
        guard let members = JSONFields.object(json, "$", &problems) else {
            throw InputError(file: file, problems: problems.problems)
        }
        JSONFields.rejectUnknown(
            members, known: ["name", "kindName", "rootObject", "primaryKey", "accessPath", "database"], "$", &problems)
        for field in ["kindName", "rootObject", "accessPath"] where json[field] == nil {
            problems.add("$", "missing field \"\(field)\"")
        }
        let name = JSONFields.string(json["name"], "$.name", &problems)
        let kindName = JSONFields.string(json["kindName"], "$.kindName", &problems)
        if kindName == "" { problems.add("$.kindName", "the kind name is empty") }
        let rootObject = JSONFields.integer(json["rootObject"], "$.rootObject", &problems)
        let database = JSONFields.string(json["database"], "$.database", &problems)
        var primaryKey: [Signature]?
        if let items = JSONFields.array(json["primaryKey"], "$.primaryKey", &problems) {
            primaryKey = items.enumerated().compactMap { JSONFields.signature($1, "$.primaryKey[\($0)]", &problems) }
        }
        var root: AccessPath?
        if let path = json["accessPath"] {
            root = decodeNode(path, "$.accessPath", isRoot: true, &problems)
        }
        try problems.check(file: file)
        guard let kindName, let rootObject, let root else {
            throw InputError(file: file, location: "$", message: "incomplete mapping")
        }
        return Mapping(
            name: name, kindName: kindName, rootObject: rootObject, primaryKey: primaryKey, accessPath: root,
            database: database)
    }

    private static func decodeNode(_ json: JSONValue, _ path: String, isRoot: Bool, _ problems: inout ProblemList)
        -> AccessPath?
    {
        guard let members = JSONFields.object(json, path, &problems) else { return nil }
        JSONFields.rejectUnknown(members, known: ["name", "signature", "subpaths"], path, &problems)
        var name = PropertyName.fixed("")
        switch json["name"] {
        case .none:
            if !isRoot { problems.add(path, "missing field \"name\"") }
        case .string(let text)?:
            name = .fixed(text)
        case .object?:
            if let signature = JSONFields.signature(json["name"]?["dynamic"], "\(path).name.dynamic", &problems) {
                name = .dynamic(signature)
            } else if json["name"]?["dynamic"] == nil {
                problems.add("\(path).name", "expected a string or {\"dynamic\": SIGNATURE}")
            }
        case let other?:
            problems.add("\(path).name", "expected a string or {\"dynamic\": SIGNATURE}, found \(other.kindName)")
        }
        var signature: Signature?
        switch json["signature"] {
        case .none, .null?:
            if !isRoot && json["subpaths"] == nil {
                problems.add(
                    "\(path).signature",
                    "a simple property needs a signature (null marks an auxiliary node, which needs subpaths)")
            }
        case let value?:
            signature = JSONFields.signature(value, "\(path).signature", &problems)
        }
        var subpaths: [AccessPath]?
        if let items = JSONFields.array(json["subpaths"], "\(path).subpaths", &problems) {
            subpaths = items.enumerated().compactMap {
                decodeNode($1, "\(path).subpaths[\($0)]", isRoot: false, &problems)
            }
        } else if isRoot {
            problems.add(path, "the root of an access path needs \"subpaths\"")
        }
        if isRoot && signature != nil {
            problems.add("\(path).signature", "the root node stands for the root object and takes no signature")
            signature = nil
        }
        return AccessPath(name: name, signature: signature, subpaths: subpaths)
    }

    /// The JSON form of `docs/formats.md`.
    public var json: JSONValue {
        var members: [JSONMember] = []
        if let name { members.append(JSONMember("name", .string(name))) }
        members.append(JSONMember("kindName", .string(kindName)))
        members.append(JSONMember("rootObject", .number(String(rootObject))))
        if let primaryKey {
            members.append(JSONMember("primaryKey", .array(primaryKey.map { .string($0.description) })))
        }
        if let database { members.append(JSONMember("database", .string(database))) }
        members.append(JSONMember("accessPath", Self.nodeJSON(accessPath, isRoot: true)))
        return .object(members)
    }

    private static func nodeJSON(_ node: AccessPath, isRoot: Bool) -> JSONValue {
        var members: [JSONMember] = []
        if !isRoot {
            switch node.name {
            case .fixed(let text): members.append(JSONMember("name", .string(text)))
            case .dynamic(let signature):
                members.append(JSONMember("name", .object([JSONMember("dynamic", .string(signature.description))])))
            }
            members.append(JSONMember("signature", node.signature.map { .string($0.description) } ?? .null))
        }
        if let subpaths = node.subpaths {
            members.append(JSONMember("subpaths", .array(subpaths.map { nodeJSON($0, isRoot: false) })))
        }
        return .object(members)
    }
}
