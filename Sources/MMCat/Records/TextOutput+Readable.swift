extension TextOutput {
    /// Writes a JSON value for people to read and edit: each member of an object and each element
    /// of an array on a line of its own, indented by two spaces a level, except a container
    /// that holds no container and fits in 100 characters, which stays on one line
    /// (`{"key": 100, "label": "Customer"}`, `["1", "2"]`).
    ///
    /// ```swift
    /// var out = TextOutput()
    /// out.writeReadableJSON(try JSONParser.parse(#"{"objects": [{"key": 1}]}"#))
    /// ```
    public mutating func writeReadableJSON(_ value: JSONValue, indent: Int = 0) {
        var flat = TextOutput()
        flat.writeJSON(value)
        let nested: Bool
        switch value {
        case .array(let items): nested = items.contains(where: \.isContainer)
        case .object(let members): nested = members.contains(where: \.value.isContainer)
        default: nested = false
        }
        guard nested || flat.bytes.count + indent > 100, value.isContainer else {
            return write(bytes: flat.bytes)
        }
        let inner = String(repeating: " ", count: indent + 2)
        switch value {
        case .array(let items):
            write("[\n")
            for (index, item) in items.enumerated() {
                write(inner)
                writeReadableJSON(item, indent: indent + 2)
                write(index + 1 < items.count ? ",\n" : "\n")
            }
            write(String(repeating: " ", count: indent) + "]")
        case .object(let members):
            write("{\n")
            for (index, member) in members.enumerated() {
                write(inner)
                writeJSONString(member.key)
                write(": ")
                writeReadableJSON(member.value, indent: indent + 2)
                write(index + 1 < members.count ? ",\n" : "\n")
            }
            write(String(repeating: " ", count: indent) + "}")
        default: break
        }
    }
}

extension JSONValue {
    /// Whether the value is an array or an object.
    var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}
