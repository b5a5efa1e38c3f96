import MMCat

/// One page of an object's rows, each row its values by signature.
struct RowsAnswer: Encodable {
    var key: Int64
    var superId: [String]
    var page: Int
    var size: Int
    var total: Int
    var rows: [JSONValue]
}
