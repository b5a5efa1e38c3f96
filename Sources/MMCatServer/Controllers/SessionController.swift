import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// `/session`: the caller's session as a page shows it (its tag, name, rows and expiry), naming
/// it, and joining the session a job ran in, so that what a job run from the command line or
/// another browser imported can be looked at here. Joining needs no more than reading the job:
/// every token holder may already run jobs and read their models, and sessions keep people's
/// work apart, not secret from each other (docs/security.md).
struct SessionController {
    let context: ServerContext

    func add(to group: RouterGroup<MMCatRequestContext>) {
        let (store, sessions) = (context.store, context.sessions)
        group.get { _, context in
            try JSONResponse.make(await Self.answer(context.session, sessions))
        }
        group.patch { request, context in
            let body = try await RequestBody(request).decode(SessionRequest.self)
            let name = body.name?.trimmingCharacters(in: .whitespaces)
            if let name {
                guard (1...60).contains(name.count),
                    !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
                else {
                    throw APIError.invalid(
                        "a session's name is 1 to 60 characters, none of them a control character", field: "name")
                }
            }
            await sessions.setName(name, of: context.session)
            return try JSONResponse.make(await Self.answer(context.session, sessions))
        }
        group.post("join") { request, context in
            let body = try await RequestBody(request).decode(JoinRequest.self)
            let job = try await store.job(body.job)
            guard let session = job.session else {
                throw APIError(
                    .conflict, "conflict", "job \(body.job) has not run yet, so it has no session", field: "job")
            }
            await sessions.touch(session)
            var response = try JSONResponse.make(await Self.answer(session, sessions))
            SessionMiddleware.setCookie(session, on: &response)
            return response
        }
    }

    static func answer(_ session: String, _ sessions: SessionStore) async -> SessionAnswer {
        SessionAnswer(
            tag: SessionAnswer.tag(session), name: await sessions.name(of: session),
            expiresAt: await sessions.expiry(of: session)?.formatted(.iso8601),
            rows: await sessions.rowCount(of: session))
    }
}
