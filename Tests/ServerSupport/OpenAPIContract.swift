import Foundation
import MMCat
import MMCatTestSupport

/// The server's OpenAPI document, read from the source tree, and the checks that keep the API
/// and the document in step: every operation the router has is documented (and the reverse),
/// and every answer the API tests receive fits the schema the document gives for its operation
/// and status. ``APIClient`` checks each answer it gets, so every API test checks the document.
///
/// The validator covers the JSON Schema the document uses: `$ref`, `type` (one or several),
/// `enum`, `properties`, `required`, `additionalProperties`, `items`, `oneOf`, `anyOf`, `allOf`.
///
/// ```swift
/// let problems = OpenAPIContract.shared.problems(method: "GET", path: "/jobs/1", status: 200, body: json)
/// ```
public struct OpenAPIContract: Sendable {
    public static let file = TestSupport.repository.appendingPathComponent("Sources/MMCatServer/Resources/openapi.json")
    /// The document, read once; a document that does not parse fails every test that uses it.
    public static let shared: Result<OpenAPIContract, InputError> = Result {
        () throws(InputError) -> OpenAPIContract in
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return OpenAPIContract(document: try JSONParser.parse(text, file: file.path))
    }

    public let document: JSONValue

    /// Every documented operation as `METHOD /path/{parameter}`.
    public var operations: Set<String> {
        var result: Set<String> = []
        for path in document["paths"]?.objectMembers ?? [] {
            for operation in path.value.objectMembers ?? [] where Self.methods.contains(operation.key) {
                result.insert("\(operation.key.uppercased()) \(path.key)")
            }
        }
        return result
    }

    static let methods: Set = ["get", "put", "post", "delete", "patch"]

    /// What is wrong with an answer of the API, by the document: an undocumented operation or
    /// status, or a body that does not fit its schema. `path` is the one requested, below
    /// `/api/v1` (its query is ignored).
    public func problems(method: String, path: String, status: Int, body: JSONValue?) -> [String] {
        let bare = String(path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        guard let (template, item) = operation(for: bare),
            let operation = item[method.lowercased()]
        else { return ["\(method) \(bare) is not in the OpenAPI document"] }
        guard let response = operation["responses"]?[String(status)] ?? operation["responses"]?["default"] else {
            return ["\(method) \(template) answered \(status), which the document does not list"]
        }
        let resolved = resolve(response)
        guard let schema = resolved["content"]?["application/json"]?["schema"] else { return [] }
        guard let body else { return ["\(method) \(template) \(status): the body is not JSON"] }
        return validate(body, against: schema, at: "$").map { "\(method) \(template) \(status): \($0)" }
    }

    /// The documented path template that `path` instantiates, and its path item.
    func operation(for path: String) -> (String, JSONValue)? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for member in document["paths"]?.objectMembers ?? [] {
            let pattern = member.key.split(separator: "/", omittingEmptySubsequences: false)
            guard pattern.count == segments.count else { continue }
            let fits = zip(pattern, segments).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}") && !segment.isEmpty) || pattern == segment
            }
            if fits { return (member.key, member.value) }
        }
        return nil
    }

    /// A `$ref` followed to what it names (`#/components/...`), or the value itself.
    func resolve(_ value: JSONValue) -> JSONValue {
        guard case .string(let reference)? = value["$ref"], reference.hasPrefix("#/") else { return value }
        var target = document
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let next = target[String(part)] else { return .null }
            target = next
        }
        return resolve(target)
    }

    /// The places where `value` does not fit `schema`, by JSON path.
    func validate(_ value: JSONValue, against schema: JSONValue, at path: String) -> [String] {
        let schema = resolve(schema)
        var problems: [String] = []
        if let types = schema["type"] {
            let allowed = types.arrayItems.isEmpty ? [types] : types.arrayItems
            if !allowed.contains(where: { Self.has(value, type: $0.scalarText ?? "") }) {
                problems.append("\(path): \(Self.describe(value)) is not of type \(allowed.compactMap(\.scalarText))")
            }
        }
        if let words = schema["enum"]?.arrayItems, !words.contains(value) {
            problems.append("\(path): \(Self.describe(value)) is not one of \(words.map(Self.describe))")
        }
        if case .object(let members) = value {
            let properties = schema["properties"]?.objectMembers ?? []
            for name in schema["required"]?.arrayItems.compactMap(\.scalarText) ?? []
            where !members.contains(where: { $0.key == name }) {
                problems.append("\(path): the required member \(name) is missing")
            }
            for member in members {
                if let property = properties.first(where: { $0.key == member.key }) {
                    problems += validate(member.value, against: property.value, at: "\(path).\(member.key)")
                } else if let extra = schema["additionalProperties"] {
                    if extra == .bool(false) {
                        problems.append("\(path): the member \(member.key) is not documented")
                    } else if extra != .bool(true) {
                        problems += validate(member.value, against: extra, at: "\(path).\(member.key)")
                    }
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                problems += validate(item, against: itemSchema, at: "\(path)[\(index)]")
            }
        }
        for all in schema["allOf"]?.arrayItems ?? [] {
            problems += validate(value, against: all, at: path)
        }
        if let choices = schema["oneOf"]?.arrayItems {
            let fitting = choices.filter { validate(value, against: $0, at: path).isEmpty }.count
            if fitting != 1 { problems.append("\(path): \(Self.describe(value)) fits \(fitting) of oneOf, not 1") }
        }
        if let choices = schema["anyOf"]?.arrayItems,
            !choices.contains(where: { validate(value, against: $0, at: path).isEmpty })
        {
            problems.append("\(path): \(Self.describe(value)) fits none of anyOf")
        }
        return problems
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            return true
        case ("integer", .number(let text)): return Int64(text) != nil
        default: return false
        }
    }

    static func describe(_ value: JSONValue) -> String {
        var out = TextOutput()
        out.writeJSON(value)
        let text = String(decoding: out.bytes, as: UTF8.self)
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
