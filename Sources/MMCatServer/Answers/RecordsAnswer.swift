import MMCat

/// One page of an object's rows as records (``InstanceRecords``): each row's id values by
/// signature, and per field (a morphism that leaves the object) the first rows it reaches and how
/// many. A reached entity row carries its id, so that a browser can open it.
struct RecordsAnswer: Encodable {
    struct Field: Encodable {
        var signature: String
        var name: String
        var object: Int
        var value: Bool
        var many: Bool
    }

    struct Reached: Encodable {
        var text: String
        var id: [String: String]?
    }

    struct FieldValue: Encodable {
        var reached: [Reached]
        var count: Int
    }

    struct Record: Encodable {
        var id: [String: String]
        var fields: [String: FieldValue]
    }

    var key: Int
    var label: String
    var superId: [String]
    var fields: [Field]
    var page: Int
    var size: Int
    var total: Int
    var records: [Record]

    init(_ records: InstanceRecords, query: InstanceRecords.Query) {
        let object = records.object.schemaObject
        let (total, page) = records.page(query: query)
        key = object.key
        label = object.label
        superId = object.superId.map(\.description)
        fields = records.fields.map {
            Field(
                signature: $0.signature.description, name: $0.name, object: $0.target, value: $0.isValue,
                many: $0.isToMany)
        }
        self.page = query.page
        size = query.size
        self.total = total
        self.records = page.map { record in
            var id: [String: String] = [:]
            for (signature, value) in zip(object.superId, record.id) { id[signature.description] = value }
            var fields: [String: FieldValue] = [:]
            for (field, value) in zip(records.fields, record.fields) {
                fields[field.signature.description] = FieldValue(
                    reached: value.reached.map { reached in
                        Reached(
                            text: reached.text,
                            id: field.isValue
                                ? nil
                                : Dictionary(
                                    reached.id.map { ($0.signature.description, $0.value) },
                                    uniquingKeysWith: { a, _ in a }
                                ))
                    }, count: value.count)
            }
            return Record(id: id, fields: fields)
        }
    }
}
