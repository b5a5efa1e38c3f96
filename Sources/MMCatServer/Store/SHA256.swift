import Crypto

/// The SHA-256 digest that API tokens are stored as (swift-crypto's), in hex: the store never
/// holds a token.
///
/// ```swift
/// SHA256.hex(Array("abc".utf8))   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
enum SHA256 {
    static func hex(_ message: [UInt8]) -> String {
        Crypto.SHA256.hash(data: message).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
