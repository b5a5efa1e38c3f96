/// `{"ok": true}`: a connection test passed.
struct ConnectionAnswer: Encodable {
    var ok = true
}
