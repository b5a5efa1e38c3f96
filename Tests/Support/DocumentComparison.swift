import MMCat

/// Compares documents the way the corpus README says: the same multiset of documents; key order
/// does not matter, arrays are multisets, values compare by text, and a field that is `null`,
/// `[]`, `{}` or missing counts as missing.
public enum DocumentComparison {
    /// A canonical text for a document under those rules; equal texts mean equal documents.
    public static func canonical(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .bool, .number, .string:
            var out = TextOutput()
            out.writeJSONString(value.scalarText!)
            return out.text
        case .array(let items):
            let elements = items.compactMap(canonical).sorted()
            return elements.isEmpty ? nil : "[" + elements.joined(separator: ",") + "]"
        case .object(let members):
            let fields = members.compactMap { member in
                canonical(member.value).map { "\(member.key)=\($0)" }
            }.sorted()
            return fields.isEmpty ? nil : "{" + fields.joined(separator: ",") + "}"
        }
    }

    public static func multiset(_ documents: [JSONValue]) -> [String] {
        documents.map { canonical($0) ?? "{}" }.sorted()
    }
}
