import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// `/models` and `/jobs/{id}/model`: the models Category to Model jobs wrote, to read, download
/// (named after the kind, tagged by its SHA-256) and execute on the mapping's database where
/// its family has an executor.
struct ModelController {
    let context: ServerContext

    func addList(to group: RouterGroup<MMCatRequestContext>) {
        let store = context.store
        group.get("models") { _, _ in try JSONResponse.make(try await store.models().map(ModelSummaryAnswer.init)) }
    }

    func add(to group: RouterGroup<MMCatRequestContext>) {
        let (store, databases) = (context.store, context.databases)
        group.get(":id/model") { _, context in
            let model = try await store.model(job: try context.id())
            return try JSONResponse.make(
                ModelAnswer(
                    job: model.jobId, target: model.target, extension: fileExtension(model.target),
                    sha256: model.sha256, text: String(decoding: model.text, as: UTF8.self)))
        }
        group.post(":id/model/execute") { _, context in
            let id = try context.id()
            let model = try await store.model(job: id)
            let mapping = try await store.mapping(try await store.job(id).mappingId)
            let (family, access) = try databases.open(try await store.database(mapping.databaseId))
            let executor = try family.executor(kind: mapping.mapping.kindName, in: access)
            let report: ExecutionReport
            do throws(InputError) {
                report = try await executor.report(model.text)
            } catch {
                throw APIError(.unprocessableContent, "execution_failed", error.description)
            }
            return try JSONResponse.make(
                ExecutionAnswer(written: report.written, parts: report.parts.isEmpty ? nil : report.parts))
        }
        group.get(":id/model/download") { _, context in
            let id = try context.id()
            let model = try await store.model(job: id)
            let kind = try await store.mapping(try await store.job(id).mappingId).mapping.kindName
            let safe = String(kind.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/octet-stream",
                    .contentDisposition: "attachment; filename=\"\(safe).\(fileExtension(model.target))\"",
                    // The model's bytes are named by their digest: the same model, the same tag.
                    .eTag: "\"\(model.sha256)\"",
                ], body: .init(byteBuffer: ByteBuffer(bytes: model.text)))
        }
    }

    /// The file extension of a model written for `target`, by the printer that wrote it (`txt`
    /// for a model of a family this server no longer has).
    private func fileExtension(_ target: String) -> String {
        context.databases.all.first { $0.printer.target == target }?.printer.fileExtension ?? "txt"
    }
}
