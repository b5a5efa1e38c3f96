import Crypto

/// SHA-256 (swift-crypto's) in hex: API tokens are stored as their digest, so the store never
/// holds a token, and every model is stored with its digest, so that re-runs can be compared.
///
/// ```swift
/// SHA256.hex(Array("abc".utf8))   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
package enum SHA256 {
    package static func hex(_ message: [UInt8]) -> String {
        Crypto.SHA256.hash(data: message).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
