/// `{"written": N}`: the records a model wrote when it was executed; for a database with parts
/// (a graph), also `"parts": {"nodes": N, "relationships": M}`.
struct ExecutionAnswer: Encodable {
    var written: Int
    var parts: [String: Int]?
}
