import Crypto
import Foundation

/// Encrypts database passwords (AES-GCM) with the server's key: `DATA/secret.key`, made on first
/// start with permissions 0600, or a key for the life of the process when there is no data folder.
///
/// ```swift
/// let box = try SecretBox(directory: "data")
/// let sealed = try box.seal("s3cret")      // what the store keeps
/// try box.open(sealed)                     // "s3cret"
/// ```
package struct SecretBox: Sendable {
    private let key: SymmetricKey

    package init(directory: String?) throws {
        guard let directory else {
            key = SymmetricKey(size: .bits256)
            return
        }
        let path = URL(fileURLWithPath: directory).appendingPathComponent("secret.key").path
        if let data = FileManager.default.contents(atPath: path), data.count == 32 {
            key = SymmetricKey(data: data)
            return
        }
        let fresh = SymmetricKey(size: .bits256)
        let bytes = fresh.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600])
        else { throw StoreError.failure("secret_key", "cannot write the key file \(path)") }
        key = fresh
    }

    package func seal(_ secret: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else {
            throw StoreError.failure("secret_key", "cannot encrypt the password")
        }
        return combined
    }

    package func open(_ sealed: Data) throws -> String {
        do {
            return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key), as: UTF8.self)
        } catch {
            throw StoreError.failure(
                "secret_key", "a stored password cannot be decrypted with this server's key")
        }
    }
}
