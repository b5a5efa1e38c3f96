import MMCat
import MMCatJobs

/// One page of a query's documents, with how many there are before the query's LIMIT and
/// OFFSET (`total`) and after them (`kept`), the plan with the rows each step produced, and
/// where the time went.
struct QueryAnswer: Encodable {
    var source: String
    var page: Int
    var size: Int
    var total: Int
    var kept: Int
    var documents: [JSONValue]
    var plan: QueryPlan
    var timings: QueryRunner.Timings

    init(source: String, page: Int, size: Int, result: QueryRunner.Result) {
        self.source = source
        self.page = page
        self.size = size
        total = result.answer.total
        kept = result.answer.kept
        documents = result.answer.documents
        plan = result.answer.plan
        timings = result.timings
    }
}
