/// `{"written": N}`: the records a model wrote when it was executed.
struct ExecutionAnswer: Encodable {
    var written: Int
}
