/// The compact text notation of a mapping, as the UI shows it and `.path` files hold it:
///
/// ```
/// order @103 {
///   number: 19,
///   items: 8 { productId: 10.9, quantity: 13 },
///   contact: 14 { <16.15>: 17 },
///   _id: { customer: 1.-2.-3 }
/// }
/// ```
///
/// A name is an identifier or a JSON string (`"unit price"`), `<sig>` is a dynamic name, a node with
/// braces and no signature is auxiliary, and `ε` is the empty signature.
///
/// Given the schema category, the notation may also name what it points at (``MorphismNames``):
/// the root object by its label (`orders @orders`) and a signature by the names of its steps in
/// walking order (`customer: customer_id/name` for the numeric `5.13`).
public enum AccessPathText {
    /// Parses the notation into a mapping (no name, default primary key). Names in place of the
    /// root key or of signatures need `schema`; numbers never do.
    public static func parseMapping(
        _ text: String, file: String = "<text>", schema: SchemaCategory? = nil
    ) throws(InputError) -> Mapping {
        var parser = Parser(scalars: Array(text.unicodeScalars), file: file, names: schema.map(MorphismNames.init))
        return try parser.mapping()
    }

    /// Prints a mapping in the notation; ``parseMapping(_:file:schema:)`` reads it back to an
    /// equal mapping (less its name, primary key and database, which the notation does not
    /// carry). With `schema`, the root and every signature whose steps all have names that read
    /// back to them are written by those names.
    public static func print(_ mapping: Mapping, schema: SchemaCategory? = nil) -> String {
        let printer = Printer(names: schema.map(MorphismNames.init))
        var out = "\(formatName(mapping.kindName)) @\(printer.root(mapping.rootObject)) {\n"
        printer.appendChildren(mapping.accessPath.children, at: mapping.rootObject, indent: "  ", to: &out)
        out += "}\n"
        return out
    }

    private struct Printer {
        let names: MorphismNames?

        func root(_ key: Int) -> String {
            guard let label = names?.schema.object(key)?.label, !label.isEmpty,
                (try? names?.object(named: label).get()) == key
            else { return String(key) }
            return formatName(label)
        }

        func appendChildren(_ nodes: [AccessPath], at object: Int?, indent: String, to out: inout String) {
            for (index, node) in nodes.enumerated() {
                out += indent + head(of: node, at: object)
                if let subpaths = node.subpaths {
                    let inner =
                        node.signature.map { signature in object.flatMap { target(signature, from: $0) } }
                        ?? object
                    let inline =
                        subpaths.allSatisfy { !$0.isComplex }
                        ? subpaths.map { head(of: $0, at: inner) }.joined(separator: ", ") : nil
                    if let inline, indent.count + inline.count < 100 {
                        out += subpaths.isEmpty ? "{}" : "{ \(inline) }"
                    } else {
                        out += "{\n"
                        appendChildren(subpaths, at: inner, indent: indent + "  ", to: &out)
                        out += indent + "}"
                    }
                }
                out += index + 1 < nodes.count ? ",\n" : "\n"
            }
        }

        func head(of node: AccessPath, at object: Int?) -> String {
            let name: String
            switch node.name {
            case .fixed(let text): name = formatName(text)
            case .dynamic(let signature): name = "<\(format(signature, from: object))>"
            }
            var text = "\(name): "
            if let signature = node.signature {
                text += format(signature, from: object) + (node.isComplex ? " " : "")
            }
            return text
        }

        func target(_ signature: Signature, from object: Int) -> Int? {
            names?.schema.target(of: signature, from: object)
        }

        func format(_ signature: Signature, from object: Int?) -> String {
            if let object, let path = names?.path(of: signature, from: object) {
                return path.map(formatName).joined(separator: "/")
            }
            return signature.isEmpty ? "ε" : signature.description
        }
    }

    private static func formatName(_ name: String) -> String {
        if let first = name.unicodeScalars.first, isIdentifierStart(first),
            name.unicodeScalars.allSatisfy(isIdentifierPart)
        {
            return name
        }
        var out = TextOutput()
        out.writeJSONString(name)
        return out.text
    }

    fileprivate static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar == "$" || (scalar.properties.isAlphabetic && scalar != "ε")
    }

    fileprivate static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        let file: String
        /// The schema's names, when the caller gave the schema category.
        let names: MorphismNames?
        var offset = 0
        /// Complex properties open around the next character, at most ``JSONParser/maximumDepth``.
        var depth = 0

        mutating func mapping() throws(InputError) -> Mapping {
            let kind = try name(what: "the kind name")
            try expect("@")
            skipSpace()
            let start = offset
            while offset < scalars.count, ("0"..."9").contains(scalars[offset]) { offset += 1 }
            let root: Int
            if let key = Int(String(String.UnicodeScalarView(scalars[start..<offset]))) {
                root = key
            } else {
                guard atName else {
                    throw error("expected the root object's key or label after '@'")
                }
                let label = try name(what: "the root object's label")
                guard let names else {
                    offset = start
                    throw error(Self.needsSchema)
                }
                switch names.object(named: label) {
                case .success(let key): root = key
                case .failure(let problem):
                    offset = start
                    throw error(problem.description)
                }
            }
            try expect("{")
            let children = try properties(at: root)
            try expect("}")
            skipSpace()
            if offset < scalars.count { throw error("unexpected text after the closing '}'") }
            return Mapping(
                kindName: kind, rootObject: root,
                accessPath: AccessPath(name: .fixed(""), signature: nil, subpaths: children))
        }

        static let needsSchema =
            "a name in place of a number needs the schema category (give the mapping together with its schema, or write the number)"

        /// The properties of a complex node whose rows are those of `object` (nil when its
        /// signature leads nowhere known, so that names cannot be followed below it).
        mutating func properties(at object: Int?) throws(InputError) -> [AccessPath] {
            var nodes: [AccessPath] = []
            while peek() != "}" {
                nodes.append(try property(at: object))
                if peek() == "," {
                    offset += 1
                } else {
                    break
                }
            }
            return nodes
        }

        mutating func property(at object: Int?) throws(InputError) -> AccessPath {
            let propertyName: PropertyName
            if peek() == "<" {
                offset += 1
                guard let signature = try signature(from: object)?.signature else {
                    throw error("expected a signature after '<'")
                }
                try expect(">")
                propertyName = .dynamic(signature)
            } else {
                propertyName = .fixed(try name(what: "a property name"))
            }
            try expect(":")
            let found = try signature(from: object)
            let signature = found?.signature
            if peek() == "{" {
                offset += 1
                depth += 1
                defer { depth -= 1 }
                guard depth < JSONParser.maximumDepth else {
                    throw error("properties nest deeper than \(JSONParser.maximumDepth) levels")
                }
                // An auxiliary node's children are read from its parent's object.
                let children = try properties(at: found.map(\.target) ?? object)
                try expect("}")
                return AccessPath(name: propertyName, signature: signature, subpaths: children)
            }
            guard let signature else {
                throw error("property \(propertyName) needs a signature, or '{' for an auxiliary node")
            }
            return AccessPath(name: propertyName, signature: signature)
        }

        /// A signature at the next character, numeric or as a path of names walked from `object`,
        /// with the object it leads to when known; nil when none is there.
        mutating func signature(from object: Int?) throws(InputError) -> (signature: Signature, target: Int?)? {
            skipSpace()
            if offset < scalars.count, scalars[offset] == "ε" {
                offset += 1
                return (.empty, object)
            }
            if atName {
                return try namedSignature(from: object)
            }
            guard let signature = try numericSignature() else { return nil }
            return (signature, object.flatMap { names?.schema.target(of: signature, from: $0) })
        }

        /// `name/name/...`, each step a morphism leaving the object the path has reached; an
        /// error points at the name that does not name one.
        mutating func namedSignature(from object: Int?) throws(InputError) -> (signature: Signature, target: Int?) {
            let start = offset
            var path = [(offset, try name(what: "a signature"))]
            while offset < scalars.count, scalars[offset] == "/" {
                offset += 1
                path.append((offset, try name(what: "a name after '/'")))
            }
            let end = offset
            guard let names else {
                offset = start
                throw error(Self.needsSchema)
            }
            guard var current = object else {
                offset = start
                throw error("names cannot be followed here: the signature of the property above leads nowhere")
            }
            var steps: [Int32] = []
            for (position, name) in path {
                switch names.step(named: name, from: current) {
                case .success(let morphism):
                    steps.append(morphism.signature.steps[0])
                    current = morphism.cod
                case .failure(let problem):
                    offset = position
                    throw error(problem.description)
                }
            }
            offset = end
            return (Signature(steps: steps), current)
        }

        mutating func numericSignature() throws(InputError) -> Signature? {
            let start = offset
            while offset < scalars.count,
                ("0"..."9").contains(scalars[offset]) || scalars[offset] == "." || scalars[offset] == "-"
            {
                offset += 1
            }
            if start == offset { return nil }
            let text = String(String.UnicodeScalarView(scalars[start..<offset]))
            do {
                return try Signature(parsing: text)
            } catch let problem {
                offset = start
                throw error(problem.description)
            }
        }

        mutating func name(what: String) throws(InputError) -> String {
            skipSpace()
            guard offset < scalars.count else { throw error("expected \(what)") }
            if scalars[offset] == "\"" {
                let start = offset
                offset += 1
                while offset < scalars.count, scalars[offset] != "\"" {
                    offset += scalars[offset] == "\\" ? 2 : 1
                }
                guard offset < scalars.count else { throw error("unterminated string") }
                offset += 1
                let literal = String(String.UnicodeScalarView(scalars[start..<offset]))
                guard case .string(let text)? = try? JSONParser.parse(literal) else {
                    offset = start
                    throw error("invalid quoted name")
                }
                return text
            }
            guard AccessPathText.isIdentifierStart(scalars[offset]) else { throw error("expected \(what)") }
            let start = offset
            while offset < scalars.count, AccessPathText.isIdentifierPart(scalars[offset]) { offset += 1 }
            return String(String.UnicodeScalarView(scalars[start..<offset]))
        }

        /// Whether a name (an identifier or a quoted string) starts at the next character.
        var atName: Bool {
            offset < scalars.count && (scalars[offset] == "\"" || AccessPathText.isIdentifierStart(scalars[offset]))
        }

        mutating func skipSpace() {
            while offset < scalars.count {
                if scalars[offset].properties.isWhitespace {
                    offset += 1
                } else if scalars[offset] == "#" {
                    while offset < scalars.count, scalars[offset] != "\n" { offset += 1 }
                } else {
                    return
                }
            }
        }

        mutating func peek() -> Unicode.Scalar? {
            skipSpace()
            return offset < scalars.count ? scalars[offset] : nil
        }

        mutating func expect(_ scalar: Unicode.Scalar) throws(InputError) {
            guard peek() == scalar else { throw error("expected '\(scalar)'") }
            offset += 1
        }

        func error(_ message: String) -> InputError {
            var line = 1
            var column = 1
            for scalar in scalars[0..<min(offset, scalars.count)] {
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return InputError(file: file, location: "line \(line), column \(column)", message: message)
        }
    }
}
