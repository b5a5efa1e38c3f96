/// Infers a schema category and one nested mapping per kind from sampled documents (a
/// collection, a JSON or JSON Lines file, a CSV file).
///
/// - The kind is an entity object. A scalar field is an attribute (min ONE when every sampled
///   document has it, ZERO otherwise); a nested document is an object of its own, reached by a
///   to-one morphism; an array of documents is an object reached by a to-many morphism (max
///   STAR), whose elements belong to one parent each; an array of values is an attribute with
///   max STAR. Nested documents and elements have no identifier of their own: they are named by
///   their position, as MM-cat's technical ids.
/// - A field whose values have different types (a number here, a text there) is kept as an
///   attribute of texts, and a note says so.
/// - The kind is identified by `_id` when every document has one and no two share it, else by
///   the first field with those properties; failing that, by all its always-present scalar
///   fields together, and a note says so.
///
/// ```swift
/// // given: documents: [JSONValue]
/// var inference = DocumentInference()
/// try inference.add(kind: "order", documents: documents)
/// let inferred = try inference.result()
/// ```
public struct DocumentInference {
    private var kinds: [(name: String, shape: Shape, count: Int)] = []
    private let firstKey: Int
    private let firstSignature: Int32

    /// Keys and base signatures start at these numbers, so that the result can join a category
    /// inferred from other sources.
    public init(firstKey: Int = 1, firstSignature: Int32 = 1) {
        self.firstKey = firstKey
        self.firstSignature = firstSignature
    }

    /// Adds a kind and its sampled documents; a value that is not a document is an error naming it.
    public mutating func add(kind: String, documents: [JSONValue]) throws(InputError) {
        let shape = Shape()
        for (index, document) in documents.enumerated() {
            guard case .object = document else {
                throw InputError(file: kind, location: "record \(index + 1)", message: "expected a document")
            }
            shape.observe(document)
        }
        kinds.append((kind, shape, documents.count))
    }

    /// The category, its document form and one mapping per kind, in the order they were added.
    public func result(name: String = "inferred") throws(InputError) -> InferredSchema {
        var builder = Builder(document: SchemaDocument(firstKey: firstKey, firstSignature: firstSignature))
        var mappings: [Mapping] = []
        for kind in kinds {
            let root = builder.object(label: kind.name)
            let properties = builder.properties(of: kind.shape, at: root, path: kind.name, total: kind.count)
            let id = try builder.identifier(
                of: kind.shape, properties: properties, total: kind.count, kind: kind.name)
            builder.document.identify(root, by: [id])
            mappings.append(
                Mapping(
                    kindName: kind.name, rootObject: root, primaryKey: id,
                    accessPath: AccessPath(name: .fixed(""), signature: nil, subpaths: properties)))
        }
        let document = builder.document.json(name: name)
        let schema = try SchemaCategory.decode(document, file: "inferred schema")
        return InferredSchema(document: document, schema: schema, mappings: mappings, notes: builder.notes)
    }

    /// What the sampled values of one place hold: how often a field is there, and its types.
    final class Shape {
        /// The fields of documents seen at this place, in the order first seen.
        var fields: [(name: String, stats: Field)] = []

        func observe(_ document: JSONValue) {
            guard case .object(let members) = document else { return }
            for member in members {
                let stats: Field
                if let found = fields.first(where: { $0.name == member.key }) {
                    stats = found.stats
                } else {
                    stats = Field()
                    fields.append((member.key, stats))
                }
                stats.observe(member.value)
            }
        }
    }

    final class Field {
        var present = 0
        var scalars = 0
        var kinds: Set<String> = []
        var documents: Shape?
        var documentCount = 0
        var arrays = 0
        var elementDocuments: Shape?
        var elementCount = 0
        var elementScalars = 0
        /// The distinct scalar values, while there are no repeats (for identifiers); nil once two
        /// documents shared a value.
        var distinct: Set<String>? = []

        func observe(_ value: JSONValue) {
            switch value {
            case .null: return
            case .object:
                present += 1
                kinds.insert("an object")
                documents = documents ?? Shape()
                documents!.observe(value)
                documentCount += 1
                distinct = nil
            case .array(let items):
                present += 1
                kinds.insert("an array")
                arrays += 1
                distinct = nil
                for item in items {
                    if case .object = item {
                        elementDocuments = elementDocuments ?? Shape()
                        elementDocuments!.observe(item)
                        elementCount += 1
                    } else if item != .null {
                        elementScalars += 1
                    }
                }
            case .bool, .number, .string:
                present += 1
                scalars += 1
                kinds.insert(value.kindName)
                if let text = value.scalarText, distinct != nil {
                    if distinct!.contains(text) { distinct = nil } else { distinct!.insert(text) }
                }
            }
        }
    }

    private struct Builder {
        var document: SchemaDocument
        var notes: [String] = []

        mutating func object(label: String) -> Int { document.object(label: label) }

        /// A base morphism and its dual: a to-one dual for a to-many base (an element belongs to
        /// one parent), an optional one for a to-one base. The base is labelled with the field's
        /// name, the dual with the parent's label.
        mutating func morphism(from dom: Int, to cod: Int, min: Bool, max: Bool, dualMax: Bool) -> Signature {
            document.morphism(
                from: dom, to: cod, min: min, max: max, dualMin: !max, dualMax: dualMax,
                label: document.label(of: cod), dualLabel: document.label(of: dom))
        }

        /// The properties of the documents at `shape` (under the object `key`), adding their
        /// objects and morphisms.
        mutating func properties(of shape: Shape, at key: Int, path: String, total: Int) -> [AccessPath] {
            shape.fields.map { name, field in
                let required = field.present == total && total > 0
                let place = "\(path).\(name)"
                if field.kinds == ["an object"], let nested = field.documents {
                    let child = object(label: name)
                    let signature = morphism(from: key, to: child, min: required, max: true, dualMax: true)
                    return AccessPath(
                        name: .fixed(name), signature: signature,
                        subpaths: properties(of: nested, at: child, path: place, total: field.documentCount))
                }
                if field.kinds == ["an array"], field.elementScalars == 0, let elements = field.elementDocuments {
                    let child = object(label: name)
                    let signature = morphism(from: key, to: child, min: false, max: false, dualMax: true)
                    return AccessPath(
                        name: .fixed(name), signature: signature,
                        subpaths: properties(of: elements, at: child, path: place, total: field.elementCount))
                }
                if field.kinds.count > 1 || (field.kinds == ["an array"] && field.elementDocuments != nil) {
                    notes.append(
                        "\(place) holds values of several types (\(field.kinds.sorted().joined(separator: ", "))): kept as an attribute of texts"
                    )
                }
                let attribute = object(label: name)
                let many = field.kinds == ["an array"]
                let signature = morphism(
                    from: key, to: attribute, min: required && !many, max: !many, dualMax: false)
                return AccessPath(name: .fixed(name), signature: signature)
            }
        }

        /// The root's identifier: `_id`, else the first always-present field whose values never
        /// repeat; else the scalar field present in the most documents, said in a note (documents
        /// without it will be rejected, and documents that share it merge, as in MM-cat's example).
        mutating func identifier(
            of shape: Shape, properties: [AccessPath], total: Int, kind: String
        ) throws(InputError) -> [Signature] {
            func signature(_ name: String) -> Signature? {
                properties.first { $0.name.fixedName == name }?.signature
            }
            let unique = shape.fields.filter { _, field in
                field.present == total && field.scalars == total && field.distinct != nil
            }
            if let id = unique.first(where: { $0.name == "_id" }) ?? unique.first, let signature = signature(id.name) {
                return [signature]
            }
            let scalar = shape.fields.filter { $0.stats.present > 0 && $0.stats.scalars == $0.stats.present }
            guard let best = scalar.max(by: { $0.stats.present < $1.stats.present }), let id = signature(best.name)
            else {
                throw InputError(
                    file: kind, location: "",
                    message:
                        "no field can identify the documents (none holds a single value): give the kind an id field, or write its mapping by hand"
                )
            }
            notes.append(
                "\(kind): no field is in every document with a value of its own; \(best.name) (in \(best.stats.present) of \(total)) identifies them: documents without it will be rejected, and documents that share it merge"
            )
            return [id]
        }
    }
}
