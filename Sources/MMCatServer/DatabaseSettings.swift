import Foundation
import MMCat
import MMCatJobs

/// The settings of a database, checked against its family's ``DatabaseSetting`` list the same
/// way when a database is created and when it is edited: every value a string (a port may also
/// be a number), no unknown names, choices among their words, files and folders inside the
/// server's allowed folders, then the family's own check (a MongoDB URI without credentials).
/// A `secret` setting (the password) is returned apart, to be sealed before it is stored.
///
/// ```swift
/// // given: body: DatabaseRequest, family: any DatabaseFamily, files: FileConfinement
/// let (settings, password) = try DatabaseSettings.check(body.settings, family: family, files: files)
/// ```
enum DatabaseSettings {
    /// The settings of `given` (the body's `settings`) laid over `existing`, checked, and the new
    /// password if one was given.
    static func check(
        _ given: [String: SettingValue]?, family: any DatabaseFamily, existing: [String: String] = [:],
        files: FileConfinement
    ) throws -> (settings: [String: String], password: String?) {
        var settings = existing
        var password: String?
        if let given {
            for member in given.sorted(by: { $0.key < $1.key }) {
                let field = "settings.\(member.key)"
                guard let setting = family.settings.first(where: { $0.name == member.key }) else {
                    throw APIError.invalid(
                        "a \(family.name) database has no setting \"\(member.key)\"; it takes \(family.settings.map(\.name).joined(separator: ", "))",
                        field: field)
                }
                let text = try value(member.value, of: setting, field: field)
                if setting.kind == .secret {
                    password = text
                } else {
                    settings[member.key] = text
                }
            }
        }
        for setting in family.settings where setting.kind != .secret {
            if setting.required && (settings[setting.name] ?? "").isEmpty {
                throw APIError.invalid(
                    "a \(family.name) database needs settings.\(setting.name)", field: "settings.\(setting.name)")
            }
            if setting.isPath, let path = settings[setting.name] {
                _ = try files.resolve(path, field: "settings.\(setting.name)")
            }
        }
        try family.checkSettings(settings)
        return (settings, password)
    }

    /// The stored text of one setting's value, or an error naming `field`.
    private static func value(_ value: SettingValue, of setting: DatabaseSetting, field: String) throws -> String {
        if case .port = setting.kind {
            let text: String
            switch value {
            case .number(let number), .text(let number): text = number
            }
            guard let port = Int(text), (1...65535).contains(port) else {
                throw APIError.invalid("the port must be a whole number from 1 to 65535", field: field)
            }
            return String(port)
        }
        guard case .text(let text) = value else {
            throw APIError.invalid("\(setting.name) must be a string", field: field)
        }
        if case .choice(let words) = setting.kind, !words.contains(text) {
            throw APIError.invalid(
                "\(setting.name) must be one of \(words.joined(separator: ", ")), not \"\(text)\"", field: field)
        }
        return text
    }
}
