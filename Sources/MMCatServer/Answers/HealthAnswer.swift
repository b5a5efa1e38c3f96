/// `{"status": "ok"}`: the server is up.
struct HealthAnswer: Encodable {
    var status = "ok"
}
