/// One change to a schema category, as the schema editor makes it, with the rules that keep the
/// category whole: a new object gets the next free key; a morphism is added with its dual and
/// removed with it; an object that is an end of a morphism cannot go; an object whose `ids`
/// change without a `superId` gets the union of its ids as its superId. The edit works on the
/// JSON document (`formats.md`), so that members it does not know (positions, labels) stay, and
/// the result is validated as a whole category before anyone stores it.
///
/// ```swift
/// // given: storedDocument: JSONValue
/// let edit = SchemaEdit.addMorphism(try JSONParser.parse(#"{"dom": 103, "cod": 125}"#))
/// let (document, schema) = try edit.apply(to: storedDocument)
/// ```
public enum SchemaEdit: Sendable {
    /// A new object; its `key` is the next free one when not given.
    case addObject(JSONValue)
    /// New values for an object's members (its key stays).
    case changeObject(key: Int, changes: JSONValue)
    /// Removes an object that no morphism touches.
    case removeObject(key: Int)
    /// A new base morphism (`dom`, `cod`, `min`, `max`, optional `signature` and `dual` with its
    /// `min` and `max`) and its dual; the number is the next free one when not given.
    case addMorphism(JSONValue)
    /// New values for a morphism's `min`, `max` (its signature and ends stay).
    case changeMorphism(signature: String, changes: JSONValue)
    /// Removes a base morphism and its dual.
    case removeMorphism(Signature)

    /// The edited document and the category it describes, or why the edit cannot be made.
    public func apply(to document: JSONValue) throws(SchemaEditError) -> (JSONValue, SchemaCategory) {
        var objects = document["objects"]?.arrayElements ?? []
        var morphisms = document["morphisms"]?.arrayElements ?? []
        try change(&objects, &morphisms)
        let edited = JSONValue.object(
            (document.objectMembers ?? []).filter { $0.key != "objects" && $0.key != "morphisms" } + [
                JSONMember("objects", .array(objects)), JSONMember("morphisms", .array(morphisms)),
            ])
        do {
            return (edited, try SchemaCategory.decode(edited, file: "schema"))
        } catch {
            throw .invalidCategory(error)
        }
    }

    private func change(_ objects: inout [JSONValue], _ morphisms: inout [JSONValue]) throws(SchemaEditError) {
        switch self {
        case .addObject(let body):
            var object = body
            if object["key"] == nil {
                let largest = objects.compactMap { $0["key"]?.scalarText.flatMap(Int.init) }.max() ?? 0
                let (next, overflow) = largest.addingReportingOverflow(1)
                guard !overflow else {
                    throw .invalid("the largest key is taken: give the new object a key", field: "key")
                }
                object = .object([JSONMember("key", .number(String(next)))] + (body.objectMembers ?? []))
            }
            objects.append(object)
        case .changeObject(let key, let changes):
            guard let index = objects.firstIndex(where: { $0["key"]?.scalarText == String(key) }) else {
                throw .notFound("object \(key)")
            }
            var merged = Self.merge(objects[index], changes, except: ["key"])
            if changes["ids"] != nil && changes["superId"] == nil, let ids = changes["ids"]?.arrayElements {
                merged = Self.merge(merged, .object([JSONMember("superId", Self.union(ids))]), except: [])
            }
            objects[index] = merged
        case .removeObject(let key):
            guard objects.contains(where: { $0["key"]?.scalarText == String(key) }) else {
                throw .notFound("object \(key)")
            }
            if let first = morphisms.first(where: {
                $0["dom"]?.scalarText == String(key) || $0["cod"]?.scalarText == String(key)
            }) {
                throw .conflict(
                    "object \(key) is an end of morphism \(first["signature"]?.scalarText ?? ""); delete its morphisms first",
                    field: nil)
            }
            objects.removeAll { $0["key"]?.scalarText == String(key) }
        case .addMorphism(let body):
            morphisms += try Self.morphismPair(body, used: morphisms)
        case .changeMorphism(let signature, let changes):
            guard let index = morphisms.firstIndex(where: { $0["signature"]?.scalarText == signature }) else {
                throw .notFound("morphism \(signature)")
            }
            morphisms[index] = Self.merge(morphisms[index], changes, except: ["signature", "dom", "cod"])
        case .removeMorphism(let signature):
            guard signature.isBase else {
                throw .invalid("only a base morphism (with its dual) can be deleted", field: "signature")
            }
            let both = [signature.description, signature.dual.description]
            guard morphisms.contains(where: { both.contains($0["signature"]?.scalarText ?? "") }) else {
                throw .notFound("morphism \(signature)")
            }
            // An object whose ids (or superId) go along it would lose them: say which, as a
            // conflict, rather than let the category's validation list JSON paths.
            let step = signature.steps[0].magnitude
            func usesIt(_ text: String?) -> Bool {
                ((try? Signature(parsing: text ?? "")) ?? .empty).steps.contains { $0.magnitude == step }
            }
            let users = objects.filter { object in
                let superId = object["superId"]?.arrayElements ?? []
                let ids = (object["ids"]?.arrayElements ?? []).flatMap { $0.arrayElements ?? [] }
                return (superId + ids).contains { usesIt($0.scalarText) }
            }.map { "\($0["label"]?.scalarText ?? "") (\($0["key"]?.scalarText ?? "?"))" }
            if !users.isEmpty {
                throw .conflict(
                    "morphism \(signature) is in the ids of \(users.joined(separator: ", ")): remove those ids first",
                    field: "signature")
            }
            morphisms.removeAll { both.contains($0["signature"]?.scalarText ?? "") }
        }
    }

    /// A base morphism and its dual from the body of ``addMorphism(_:)``.
    private static func morphismPair(_ body: JSONValue, used morphisms: [JSONValue]) throws(SchemaEditError)
        -> [JSONValue]
    {
        let used = morphisms.compactMap { $0["signature"]?.scalarText.flatMap { Int32($0) } }.map(\.magnitude)
        let number: UInt32
        if let given = body["signature"] {
            guard let parsed = given.scalarText.flatMap(Int32.init), parsed > 0 else {
                throw .invalid("a new base morphism has a positive number below 2147483648", field: "signature")
            }
            number = UInt32(parsed)
        } else {
            number = (used.max() ?? 0) + 1
            guard number <= UInt32(Int32.max) else {
                throw .invalid("the largest number is taken: give the morphism a signature", field: "signature")
            }
        }
        guard !used.contains(number) else { throw .conflict("morphism \(number) exists already", field: "signature") }
        guard let dom = body["dom"], let cod = body["cod"] else {
            throw .invalid("a morphism needs dom and cod", field: "dom")
        }
        let dual = body["dual"]
        return [
            .object([
                JSONMember("signature", .string(String(number))), JSONMember("dom", dom), JSONMember("cod", cod),
                JSONMember("min", body["min"] ?? .string("ONE")), JSONMember("max", body["max"] ?? .string("ONE")),
            ]),
            .object([
                JSONMember("signature", .string("-\(number)")), JSONMember("dom", cod), JSONMember("cod", dom),
                JSONMember("min", dual?["min"] ?? .string("ZERO")), JSONMember("max", dual?["max"] ?? .string("STAR")),
            ]),
        ]
    }

    /// The signatures of all `ids`, each once, in the order they first appear.
    private static func union(_ ids: [JSONValue]) -> JSONValue {
        var seen: [JSONValue] = []
        for id in ids {
            for signature in id.arrayElements ?? [] where !seen.contains(signature) { seen.append(signature) }
        }
        return .array(seen)
    }

    /// `base` with the members of `changes` replacing or adding theirs, except the `except` keys.
    private static func merge(_ base: JSONValue, _ changes: JSONValue, except: Set<String>) -> JSONValue {
        var members = base.objectMembers ?? []
        for change in changes.objectMembers ?? [] where !except.contains(change.key) {
            if let index = members.firstIndex(where: { $0.key == change.key }) {
                members[index] = change
            } else {
                members.append(change)
            }
        }
        return .object(members)
    }
}

/// Why a ``SchemaEdit`` cannot be made.
public enum SchemaEditError: Error, CustomStringConvertible, Sendable {
    /// The object or morphism to change does not exist.
    case notFound(String)
    /// The edit conflicts with the category (a key taken, an object still an end of a morphism).
    case conflict(String, field: String?)
    /// The edit itself is malformed.
    case invalid(String, field: String?)
    /// The edited category is not valid (every problem, by JSON path).
    case invalidCategory(InputError)

    public var description: String {
        switch self {
        case .notFound(let what): return "\(what) does not exist"
        case .conflict(let message, _), .invalid(let message, _): return message
        case .invalidCategory(let error): return error.description
        }
    }
}
