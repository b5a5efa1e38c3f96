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
public enum AccessPathText {
    /// Parses the notation into a mapping (no name, default primary key).
    public static func parseMapping(_ text: String, file: String = "<text>") throws(InputError) -> Mapping {
        var parser = Parser(scalars: Array(text.unicodeScalars), file: file)
        return try parser.mapping()
    }

    /// Prints a mapping in the notation; ``parseMapping(_:file:)`` reads it back to an equal mapping
    /// (less its name, primary key and database, which the notation does not carry).
    public static func print(_ mapping: Mapping) -> String {
        var out = "\(formatName(mapping.kindName)) @\(mapping.rootObject) {\n"
        appendChildren(mapping.accessPath.children, indent: "  ", to: &out)
        out += "}\n"
        return out
    }

    private static func appendChildren(_ nodes: [AccessPath], indent: String, to out: inout String) {
        for (index, node) in nodes.enumerated() {
            out += indent + head(of: node)
            if let subpaths = node.subpaths {
                let inline = subpaths.allSatisfy { !$0.isComplex } ? subpaths.map(head).joined(separator: ", ") : nil
                if let inline, indent.count + inline.count < 100 {
                    out += subpaths.isEmpty ? "{}" : "{ \(inline) }"
                } else {
                    out += "{\n"
                    appendChildren(subpaths, indent: indent + "  ", to: &out)
                    out += indent + "}"
                }
            }
            out += index + 1 < nodes.count ? ",\n" : "\n"
        }
    }

    private static func head(of node: AccessPath) -> String {
        let name: String
        switch node.name {
        case .fixed(let text): name = formatName(text)
        case .dynamic(let signature): name = "<\(formatSignature(signature))>"
        }
        var text = "\(name): "
        if let signature = node.signature {
            text += formatSignature(signature) + (node.isComplex ? " " : "")
        }
        return text
    }

    private static func formatSignature(_ signature: Signature) -> String {
        signature.isEmpty ? "ε" : signature.description
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
        var offset = 0
        /// Complex properties open around the next character, at most ``JSONParser/maximumDepth``.
        var depth = 0

        mutating func mapping() throws(InputError) -> Mapping {
            let kind = try name(what: "the kind name")
            try expect("@")
            skipSpace()
            let start = offset
            while offset < scalars.count, ("0"..."9").contains(scalars[offset]) { offset += 1 }
            guard let root = Int(String(String.UnicodeScalarView(scalars[start..<offset]))) else {
                throw error("expected the root object's key after '@'")
            }
            try expect("{")
            let children = try properties()
            try expect("}")
            skipSpace()
            if offset < scalars.count { throw error("unexpected text after the closing '}'") }
            return Mapping(
                kindName: kind, rootObject: root,
                accessPath: AccessPath(name: .fixed(""), signature: nil, subpaths: children))
        }

        mutating func properties() throws(InputError) -> [AccessPath] {
            var nodes: [AccessPath] = []
            while peek() != "}" {
                nodes.append(try property())
                if peek() == "," {
                    offset += 1
                } else {
                    break
                }
            }
            return nodes
        }

        mutating func property() throws(InputError) -> AccessPath {
            let propertyName: PropertyName
            if peek() == "<" {
                offset += 1
                guard let signature = try signature() else { throw error("expected a signature after '<'") }
                try expect(">")
                propertyName = .dynamic(signature)
            } else {
                propertyName = .fixed(try name(what: "a property name"))
            }
            try expect(":")
            let signature = try signature()
            if peek() == "{" {
                offset += 1
                depth += 1
                defer { depth -= 1 }
                guard depth < JSONParser.maximumDepth else {
                    throw error("properties nest deeper than \(JSONParser.maximumDepth) levels")
                }
                let children = try properties()
                try expect("}")
                return AccessPath(name: propertyName, signature: signature, subpaths: children)
            }
            guard let signature else {
                throw error("property \(propertyName) needs a signature, or '{' for an auxiliary node")
            }
            return AccessPath(name: propertyName, signature: signature)
        }

        mutating func signature() throws(InputError) -> Signature? {
            skipSpace()
            if offset < scalars.count, scalars[offset] == "ε" {
                offset += 1
                return .empty
            }
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
