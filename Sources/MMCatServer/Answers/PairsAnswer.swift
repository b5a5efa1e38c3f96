import MMCat

/// One page of a morphism's pairs, each pair its domain row and its codomain row.
struct PairsAnswer: Encodable {
    var signature: String
    var dom: Int
    var cod: Int
    var page: Int
    var size: Int
    var total: Int
    var pairs: [[JSONValue]]

    /// A row as an object of its values by signature (absent values left out).
    static func row(_ row: Int32, of object: InstanceObject, pool: ValuePool) -> JSONValue {
        .object(
            object.schemaObject.superId.enumerated().compactMap { position, signature in
                let value = object.value(row, position)
                return value >= 0 ? JSONMember(signature.description, .string(pool.text(value))) : nil
            })
    }
}
