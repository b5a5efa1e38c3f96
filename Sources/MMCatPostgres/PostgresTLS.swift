import MMCat
import NIOSSL
import PostgresNIO

/// How a connection to PostgreSQL is protected, named as libpq names it (`sslmode`):
/// `disable` (plain), `require` (encrypted, the server's certificate not checked) or
/// `verify-full` (encrypted, the certificate checked against `sslrootcert` or the system's
/// trusted roots, and its name against the host).
public enum PostgresTLS: Sendable, Equatable {
    case disable
    case require
    case verifyFull(rootCertificate: String?)

    /// Reads `sslmode` and `sslrootcert`; `where` names them in errors (`settings` or the URL).
    public init(mode: String?, rootCertificate: String?, where location: String) throws(InputError) {
        switch mode ?? "disable" {
        case "disable": self = .disable
        case "require": self = .require
        case "verify-full": self = .verifyFull(rootCertificate: rootCertificate)
        default:
            throw InputError(
                file: "database", location: "\(location).sslmode",
                message: "sslmode must be disable, require or verify-full (not \"\(mode ?? "")\")")
        }
    }

    /// The driver's TLS setting; a certificate file that cannot be read is an error naming it.
    func driverSetting() throws(InputError) -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch self {
        case .disable: return .disable
        case .require: configuration.certificateVerification = .none
        case .verifyFull(let root):
            configuration.certificateVerification = .fullVerification
            if let root { configuration.trustRoots = .file(root) }
        }
        do {
            return .require(try NIOSSLContext(configuration: configuration))
        } catch {
            throw InputError(
                file: "database", location: "sslrootcert",
                message: "cannot use the certificates: \(Self.reason(error))")
        }
    }

    /// What is wrong with the certificate file, in words: BoringSSL's own errors name the source
    /// file of the library they were raised in, a path on the machine that built the server.
    static func reason(_ error: any Error) -> String {
        switch error {
        case NIOSSLError.noSuchFilesystemObject: return "there is no such file"
        case NIOSSLError.failedToLoadCertificate, is BoringSSLError:
            return "the file holds no readable PEM certificate"
        default: return String(describing: type(of: error))
        }
    }
}
