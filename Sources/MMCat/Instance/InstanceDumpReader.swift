/// Reads an instance dump as a stream: objects and morphisms member by member, rows and pairs one
/// at a time, each parsed as a small JSON value and added to the instance at once.
///
/// Problems in the content are collected with their JSON paths; a syntax error stops the reading
/// with its line and column.
struct InstanceDumpReader {
    var parser: JSONParser
    let instance: InstanceCategory
    var problems = ProblemList()
    /// The written form of each object's superId signatures, to find a row key's position.
    private let superIdTexts: [[String]]
    private var values: [Int32] = []

    init(parser: JSONParser, instance: InstanceCategory) {
        self.parser = parser
        self.instance = instance
        self.superIdTexts = instance.objects.map { $0.schemaObject.superId.map(\.description) }
    }

    mutating func read() throws(InputError) {
        let complete = try members(at: "$") { reader, field throws(InputError) in
            switch field {
            case "objects":
                try reader.elements(at: "$.objects") { reader, index throws(InputError) in
                    try reader.readObject(at: "$.objects[\(index)]")
                }
            case "morphisms":
                try reader.elements(at: "$.morphisms") { reader, index throws(InputError) in
                    try reader.readMorphism(at: "$.morphisms[\(index)]")
                }
            case "note":
                _ = try reader.parser.parseValue()
            default:
                try reader.skipUnknown(field, at: "$", known: "morphisms, note, objects")
            }
        }
        if complete && parser.skipWhitespace() != nil {
            throw parser.error("unexpected text after the JSON value")
        }
    }

    private mutating func readObject(at path: String) throws(InputError) {
        var objectIndex: Int?
        var laterRows: JSONValue?
        try members(at: path) { reader, field throws(InputError) in
            switch field {
            case "key":
                let value = try reader.parser.parseValue()
                guard let key = JSONFields.integer(value, "\(path).key", &reader.problems) else { return }
                objectIndex = reader.instance.schema.index(ofKey: key)
                if objectIndex == nil { reader.problems.add("\(path).key", "unknown object key \(key)") }
            case "label":
                _ = try reader.parser.parseValue()
            case "rows":
                guard let objectIndex else {
                    laterRows = try reader.parser.parseValue()
                    return
                }
                try reader.elements(at: "\(path).rows") { reader, index throws(InputError) in
                    _ = reader.row(try reader.parser.parseValue(), objectIndex, "\(path).rows[\(index)]")
                }
            default:
                try reader.skipUnknown(field, at: path, known: "key, label, rows")
            }
        }
        if let objectIndex, let rows = JSONFields.array(laterRows, "\(path).rows", &problems) {
            for (index, json) in rows.enumerated() { _ = row(json, objectIndex, "\(path).rows[\(index)]") }
        }
    }

    private mutating func readMorphism(at path: String) throws(InputError) {
        var signature: Signature?
        var morphism: SchemaMorphism?
        var ends: [(String, Int)] = []
        var laterPairs: JSONValue?
        try members(at: path) { reader, field throws(InputError) in
            switch field {
            case "signature":
                signature = JSONFields.signature(try reader.parser.parseValue(), "\(path).signature", &reader.problems)
                guard let signature else { return }
                morphism = reader.instance.schema.morphism(signature)
                if morphism == nil {
                    reader.problems.add("\(path).signature", "the schema has no morphism \"\(signature)\"")
                }
            case "dom", "cod":
                if let key = JSONFields.integer(try reader.parser.parseValue(), "\(path).\(field)", &reader.problems) {
                    ends.append((field, key))
                }
            case "pairs":
                guard let signature, let morphism else {
                    laterPairs = try reader.parser.parseValue()
                    return
                }
                try reader.elements(at: "\(path).pairs") { reader, index throws(InputError) in
                    reader.pair(try reader.parser.parseValue(), signature, morphism, "\(path).pairs[\(index)]")
                }
            default:
                try reader.skipUnknown(field, at: path, known: "cod, dom, pairs, signature")
            }
        }
        guard let signature, let morphism else { return }
        for (field, given) in ends {
            let expected = field == "dom" ? morphism.dom : morphism.cod
            if given != expected {
                problems.add("\(path).\(field)", "morphism \"\(signature)\" has \(field) \(expected), not \(given)")
            }
        }
        if signature.isComposite { instance.trackedComposites.insert(signature) }
        if let pairs = JSONFields.array(laterPairs, "\(path).pairs", &problems) {
            for (index, json) in pairs.enumerated() { pair(json, signature, morphism, "\(path).pairs[\(index)]") }
        }
    }

    private mutating func pair(_ json: JSONValue, _ signature: Signature, _ morphism: SchemaMorphism, _ path: String) {
        guard let ends = JSONFields.array(json, path, &problems) else { return }
        guard ends.count == 2 else {
            problems.add(path, "a pair has two rows, found \(ends.count)")
            return
        }
        let schema = instance.schema
        let dom = row(ends[0], schema.index(ofKey: morphism.dom)!, "\(path)[0]")
        let cod = row(ends[1], schema.index(ofKey: morphism.cod)!, "\(path)[1]")
        if let dom, let cod { instance.addPair(signature, dom: dom, cod: cod) }
    }

    /// Finds or adds the row `json` describes.
    private mutating func row(_ json: JSONValue, _ objectIndex: Int, _ path: String) -> Int32? {
        guard case .object(let members) = json else {
            problems.add(path, "expected an object, found \(json.kindName)")
            return nil
        }
        let object = instance.objects[objectIndex]
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: repeatElement(-1, count: object.arity))
        for member in members {
            guard let position = superIdTexts[objectIndex].firstIndex(of: member.key) else {
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

    private mutating func skipUnknown(_ field: String, at path: String, known: String) throws(InputError) {
        problems.add("\(path).\(field)", "unknown field (expected one of: \(known))")
        _ = try parser.parseValue()
    }

    /// Walks the members of an object, calling `body` with the parser on each value. A value that is
    /// not an object is reported and skipped; returns whether it was an object.
    @discardableResult
    private mutating func members(
        at path: String, _ body: (inout InstanceDumpReader, String) throws(InputError) -> Void
    ) throws(InputError) -> Bool {
        guard parser.skipWhitespace() == UInt8(ascii: "{") else {
            let value = try parser.parseValue()
            problems.add(path, "expected an object, found \(value.kindName)")
            return false
        }
        parser.offset += 1
        if parser.consume(UInt8(ascii: "}")) { return true }
        while true {
            guard parser.skipWhitespace() == UInt8(ascii: "\"") else { throw parser.error("expected a quoted key") }
            let key = try parser.parseString()
            guard parser.consume(UInt8(ascii: ":")) else { throw parser.error("expected ':' after the key \"\(key)\"") }
            try body(&self, key)
            if parser.consume(UInt8(ascii: ",")) { continue }
            if parser.consume(UInt8(ascii: "}")) { return true }
            throw parser.error("expected ',' or '}' in an object")
        }
    }

    /// Walks the elements of an array, calling `body` with each index; a value that is not an
    /// array is reported and skipped.
    private mutating func elements(
        at path: String, _ body: (inout InstanceDumpReader, Int) throws(InputError) -> Void
    ) throws(InputError) {
        guard parser.skipWhitespace() == UInt8(ascii: "[") else {
            let value = try parser.parseValue()
            problems.add(path, "expected an array, found \(value.kindName)")
            return
        }
        parser.offset += 1
        if parser.consume(UInt8(ascii: "]")) { return }
        var index = 0
        while true {
            try body(&self, index)
            index += 1
            if parser.consume(UInt8(ascii: ",")) { continue }
            if parser.consume(UInt8(ascii: "]")) { return }
            throw parser.error("expected ',' or ']' in an array")
        }
    }
}
