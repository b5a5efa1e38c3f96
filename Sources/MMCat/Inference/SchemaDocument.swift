/// The document of a schema category that inference is building (`formats.md`): objects with
/// keys counted up from `nextKey`, base morphisms numbered from `nextSignature`, each added with
/// its dual. Both inferences write through it, so an inferred file has one shape.
struct SchemaDocument {
    private struct Object {
        var key: Int
        var label: String
        var type: String?
        var ids: [[Signature]]?
    }

    private var objects: [Object] = []
    private var morphisms: [JSONValue] = []
    private(set) var nextKey: Int
    private(set) var nextSignature: Int32

    init(firstKey: Int, firstSignature: Int32) {
        nextKey = firstKey
        nextSignature = firstSignature
    }

    /// A new object; returns its key. `type` is a column's type in its source database.
    mutating func object(label: String, type: String? = nil) -> Int {
        objects.append(Object(key: nextKey, label: label, type: type))
        nextKey += 1
        return nextKey - 1
    }

    /// The label of the object `key`.
    func label(of key: Int) -> String {
        objects.first { $0.key == key }?.label ?? ""
    }

    /// Gives the object `key` its ids; its superId is their signatures, each once.
    mutating func identify(_ key: Int, by ids: [[Signature]]) {
        if let index = objects.firstIndex(where: { $0.key == key }) { objects[index].ids = ids }
    }

    /// A base morphism and its dual, with their cardinalities (`true`: ONE) and their labels (the
    /// names the mapping notation knows them by from each end); returns the base.
    mutating func morphism(
        from dom: Int, to cod: Int, min: Bool, max: Bool, dualMin: Bool, dualMax: Bool, label: String,
        dualLabel: String
    ) -> Signature {
        let number = nextSignature
        nextSignature += 1
        func entry(_ signature: Int32, _ dom: Int, _ cod: Int, _ min: Bool, _ max: Bool, _ label: String)
            -> JSONValue
        {
            .object([
                JSONMember("signature", .string(String(signature))), JSONMember("dom", .number(String(dom))),
                JSONMember("cod", .number(String(cod))), JSONMember("min", .string(min ? "ONE" : "ZERO")),
                JSONMember("max", .string(max ? "ONE" : "STAR")), JSONMember("label", .string(label)),
            ])
        }
        morphisms.append(entry(number, dom, cod, min, max, label))
        morphisms.append(entry(-number, cod, dom, dualMin, dualMax, dualLabel))
        return Signature(base: number)
    }

    /// The document, objects and morphisms in the order they were added.
    func json(name: String) -> JSONValue {
        let objects = self.objects.map { object -> JSONValue in
            var members = [JSONMember("key", .number(String(object.key))), JSONMember("label", .string(object.label))]
            if let type = object.type { members.append(JSONMember("type", .string(type))) }
            if let ids = object.ids {
                var superId: [Signature] = []
                for id in ids { for signature in id where !superId.contains(signature) { superId.append(signature) } }
                members.append(JSONMember("superId", .array(superId.map { .string($0.description) })))
                members.append(JSONMember("ids", .array(ids.map { .array($0.map { .string($0.description) }) })))
            }
            return .object(members)
        }
        return .object([
            JSONMember("name", .string(name)), JSONMember("objects", .array(objects)),
            JSONMember("morphisms", .array(morphisms)),
        ])
    }
}
