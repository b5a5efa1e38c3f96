/// What an inference made: the new schema category, its mappings (one per table or kind of the
/// database), the suggested document mappings, and the notes a person should read (a table
/// without a primary key, a field whose types disagree).
struct InferenceAnswer: Encodable {
    var schema: Int64
    var mappings: [Int64]
    var suggested: [Int64]
    var notes: [String]
}
