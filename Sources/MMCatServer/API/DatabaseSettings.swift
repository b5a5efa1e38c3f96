import Foundation
import MMCat

/// The settings each database type takes, checked the same way when a database is created and
/// when it is edited: every value a string (a port may also be a number), no unknown names, the
/// values that have a form in that form, files inside the server's allowed folders, and no
/// password anywhere but `password`, which is sealed before it is stored.
///
/// ```swift
/// let (settings, password) = try DatabaseSettings.check(json["settings"], type: .postgresql, files: files)
/// ```
enum DatabaseSettings {
    /// What one setting holds.
    enum Kind {
        case text
        /// A TCP port, 1 to 65535.
        case port
        /// One of a few words.
        case choice([String])
        /// A file or folder on the server, confined by ``FileConfinement``.
        case confinedPath
        /// A MongoDB connection string without a user or password.
        case mongoURI
    }

    struct Setting {
        var name: String
        var kind: Kind
        var required: Bool
    }

    /// The settings of `type`, besides `password` (for PostgreSQL and MongoDB).
    static func settings(of type: DatabaseType) -> [Setting] {
        switch type {
        case .files: return [Setting(name: "folder", kind: .confinedPath, required: true)]
        case .sqlite: return [Setting(name: "path", kind: .confinedPath, required: true)]
        case .postgresql:
            return [
                Setting(name: "host", kind: .text, required: true), Setting(name: "port", kind: .port, required: false),
                Setting(name: "user", kind: .text, required: true),
                Setting(name: "database", kind: .text, required: true),
                Setting(name: "sslmode", kind: .choice(["disable", "require", "verify-full"]), required: false),
                Setting(name: "sslrootcert", kind: .text, required: false),
            ]
        case .mongodb:
            return [
                Setting(name: "uri", kind: .mongoURI, required: true),
                Setting(name: "database", kind: .text, required: true),
                Setting(name: "user", kind: .text, required: false),
                Setting(name: "authSource", kind: .text, required: false),
            ]
        case .neo4j: return [Setting(name: "uri", kind: .text, required: false)]
        }
    }

    static func takesPassword(_ type: DatabaseType) -> Bool { type == .postgresql || type == .mongodb }

    /// The settings of `given` (the body's `settings`) laid over `existing`, checked, and the new
    /// password if one was given.
    static func check(
        _ given: JSONValue?, type: DatabaseType, existing: [String: String] = [:], files: FileConfinement
    ) throws -> (settings: [String: String], password: String?) {
        var settings = existing
        var password: String?
        let known = Self.settings(of: type)
        if let given {
            guard case .object(let members) = given else {
                throw APIError.invalid("settings must be an object of strings", field: "settings")
            }
            for member in members {
                let field = "settings.\(member.key)"
                if member.key == "password" && takesPassword(type) {
                    guard case .string(let text) = member.value else {
                        throw APIError.invalid("the password must be a string", field: field)
                    }
                    password = text
                    continue
                }
                guard let setting = known.first(where: { $0.name == member.key }) else {
                    let names = known.map(\.name) + (takesPassword(type) ? ["password"] : [])
                    throw APIError.invalid(
                        "a \(type.rawValue) database has no setting \"\(member.key)\"; it takes \(names.joined(separator: ", "))",
                        field: field)
                }
                settings[member.key] = try value(member.value, of: setting, field: field)
            }
        }
        for setting in known {
            if setting.required && (settings[setting.name] ?? "").isEmpty {
                throw APIError.invalid(
                    "a \(type.rawValue) database needs settings.\(setting.name)", field: "settings.\(setting.name)")
            }
            if case .confinedPath = setting.kind, let path = settings[setting.name] {
                _ = try files.resolve(path, field: "settings.\(setting.name)")
            }
        }
        return (settings, password)
    }

    /// The stored text of one setting's value, or an error naming `field`.
    private static func value(_ value: JSONValue, of setting: Setting, field: String) throws -> String {
        if case .port = setting.kind {
            let text: String?
            switch value {
            case .number(let number): text = number
            case .string(let string): text = string
            default: text = nil
            }
            guard let text, let port = Int(text), (1...65535).contains(port) else {
                throw APIError.invalid("the port must be a whole number from 1 to 65535", field: field)
            }
            return String(port)
        }
        guard case .string(let text) = value else {
            throw APIError.invalid("\(setting.name) must be a string", field: field)
        }
        switch setting.kind {
        case .choice(let words) where !words.contains(text):
            throw APIError.invalid(
                "\(setting.name) must be one of \(words.joined(separator: ", ")), not \"\(text)\"", field: field)
        case .mongoURI:
            try checkMongoURI(text, field: field)
        default: break
        }
        return text
    }

    /// A MongoDB URI may carry hosts and options, never credentials: a password there would be
    /// stored and shown in plain text. `user` and `password` are separate settings for that.
    private static func checkMongoURI(_ uri: String, field: String) throws {
        guard uri.hasPrefix("mongodb://") || uri.hasPrefix("mongodb+srv://") else {
            throw APIError.invalid("the URI must start with mongodb:// or mongodb+srv://", field: field)
        }
        let rest = uri.drop(while: { $0 != "/" }).dropFirst(2)
        let authority = rest.prefix(while: { $0 != "/" && $0 != "?" })
        if authority.containsASCII("@") {
            throw APIError.invalid(
                "the URI must not carry a user or password: give them as settings.user and settings.password, where the password is stored sealed",
                field: field)
        }
        let options = uri.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
        for option in options.split(whereSeparator: { $0 == "&" || $0 == ";" }) {
            let name = option.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            if name.lowercased().contains("password") {
                throw APIError.invalid(
                    "the URI must not carry a password (\(name)); it would be stored in plain text", field: field)
            }
        }
    }
}
