import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// `/jobs`: list (with queue places and progress), create, read, start (or restart), cancel and
/// delete. Starting queues the job on this server for the caller's session; the queue runs one
/// job at a time.
struct JobController {
    let context: ServerContext

    func add(to group: RouterGroup<MMCatRequestContext>) {
        let (store, queue, sessions) = (context.store, context.queue, context.sessions)
        group.get { _, context in
            try JSONResponse.make(
                JobAnswer.list(
                    try await store.jobs(), progress: queue.progress, viewer: context.session,
                    names: await sessions.names()))
        }
        group.post { request, context in
            let body = try await RequestBody(request).decode(JobRequest.self)
            guard !body.name.isEmpty else { throw APIError.invalid("a job needs a name", field: "name") }
            let id = try await store.createJob(name: body.name, type: body.type, mappings: try body.mappingIds())
            return try JSONResponse.make(try await answer(id, for: context), status: .created)
        }
        group.get(":id") { _, context in try JSONResponse.make(try await answer(try context.id(), for: context)) }
        for action in ["start", "restart"] {
            group.post(":id/\(action)") { _, context in
                let job = try await queue.start(try context.id(), session: context.session)
                return try JSONResponse.make(try await answer(job.id, for: context))
            }
        }
        group.post(":id/cancel") { request, context in
            let body = try await RequestBody.optional(request)?.decode(CancelRequest.self)
            let job = try await queue.cancel(try context.id(), reason: body?.reason ?? "canceled by the user")
            return try JSONResponse.make(try await answer(job.id, for: context))
        }
        group.delete(":id") { _, context in
            try await store.deleteJob(try context.id())
            return Response(status: .noContent)
        }
    }

    private func answer(_ id: Int64, for request: MMCatRequestContext) async throws -> JobAnswer {
        let (job, position) = try await context.store.jobWithQueuePosition(id)
        return JobAnswer(
            job, queuePosition: position, progress: context.queue.progress.of(id), viewer: request.session,
            names: await context.sessions.names())
    }
}
