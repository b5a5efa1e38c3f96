import Foundation
import MMCatServiceTestSupport
import RESPClient
import Testing

/// The Redis-protocol client against the real server the FalkorDB tests use.
@Suite(Services.enabled(Services.falkorPort, "MMCAT_FALKOR_PORT"))
struct RESPClientTests {
    let connection: RESPConnection
    let key = Services.uniqueName("resp")

    init() throws {
        let port = try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")
        connection = try RESPConnection(host: "127.0.0.1", port: Int(port)!)
    }

    @Test func argumentsTravelAsBytesWhateverTheyHold() throws {
        #expect(try connection.command(["PING"]) == .simple("PONG"))
        // Line breaks, a fake length header, a quote, a NUL, combining marks and astral characters.
        let value = "a\r\n$3\r\nb\" \u{0} e\u{301} 🐴\n"
        #expect(try connection.command(["SET", key, value]) == .simple("OK"))
        #expect(try connection.command(["GET", key]) == .bulk(Array(value.utf8)))
        #expect(try connection.command(["GET", key + "-missing"]) == .bulk(nil))
        _ = try connection.command(["DEL", key])
    }

    @Test func anErrorReplyIsAValueAndTheConnectionGoesOn() throws {
        guard case .error(let message) = try connection.command(["NO.SUCH.COMMAND", "x"]) else {
            Issue.record("expected an error reply")
            return
        }
        #expect(message.contains("unknown command"))
        #expect(try connection.command(["PING"]) == .simple("PONG"))
    }

    @Test func aLargeReplyIsReadOneElementAtATime() throws {
        let count = 200_000
        for start in stride(from: 0, to: count, by: 10_000) {
            _ = try connection.command(["RPUSH", key] + (start..<(start + 10_000)).map { "item \($0)" })
        }
        try connection.send(["LRANGE", key, "0", "-1"])
        #expect(try connection.readArrayHeader() == count)
        var last: RESPValue?
        for _ in 0..<count { last = try connection.readValue() }
        #expect(last?.text == "item \(count - 1)")
        #expect(try connection.command(["DEL", key]) == .integer(1))
    }

    @Test func anUnreachableServerIsAnErrorNamingTheAddress() {
        #expect {
            _ = try RESPConnection(host: "127.0.0.1", port: 1)
        } throws: { error in
            (error as? RESPError)?.message.hasPrefix("127.0.0.1:1: the connection was refused") == true
        }
    }
}
