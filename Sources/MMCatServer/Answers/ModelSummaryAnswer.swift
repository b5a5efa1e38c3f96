import Foundation
import MMCatStore

/// A model in the list of all models, without its text.
struct ModelSummaryAnswer: Encodable {
    var job: Int64
    var target: String
    var sha256: String
    var createdAt: String

    init(_ model: StoredModel) {
        job = model.jobId
        target = model.target
        sha256 = model.sha256
        createdAt = model.createdAt.formatted(.iso8601)
    }
}
