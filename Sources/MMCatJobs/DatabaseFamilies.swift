import MMCat
import MMCatStore

/// The database families a server knows, by name, and the way a stored database is opened
/// through its family: its password decrypted here, on the server, and its paths kept inside the
/// server's allowed folders.
///
/// ```swift
/// // given: secrets: SecretBox, files: FileConfinement, storedDatabase: StoredDatabase
/// let databases = DatabaseFamilies(Families.all, secrets: secrets, files: files)
/// let (family, access) = try databases.open(storedDatabase)
/// var source = try family.openKind("customer", in: access)
/// ```
package struct DatabaseFamilies: Sendable {
    /// The families, in the order the web application lists them.
    package let all: [any DatabaseFamily]
    /// Encrypts and decrypts database passwords.
    package let secrets: SecretBox
    /// The folders file and SQLite databases may use.
    package let files: FileConfinement

    package init(_ families: [any DatabaseFamily], secrets: SecretBox, files: FileConfinement) {
        precondition(Set(families.map(\.name)).count == families.count, "two database families share a name")
        self.all = families
        self.secrets = secrets
        self.files = files
    }

    /// The family called `name`, or an error that lists the ones this server has.
    package func family(named name: String, field: String? = "type") throws(JobError) -> any DatabaseFamily {
        guard let family = all.first(where: { $0.name == name }) else {
            throw JobError.unsupported(
                "\"\(name)\" is not a database type of this server; it has \(all.map(\.name).joined(separator: ", "))",
                field: field)
        }
        return family
    }

    /// The family of a stored database (an error when the store names one this server does not
    /// have) and its access: settings, decrypted password, confined paths.
    package func open(_ database: StoredDatabase) throws -> (any DatabaseFamily, DatabaseAccess) {
        let family = try family(named: database.type, field: nil)
        let password = try database.sealedPassword.map { try secrets.open($0) }
        let files = self.files
        let access = DatabaseAccess(
            label: database.label, settings: database.settings, password: password,
            resolvePath: { path, field throws(InputError) in try files.resolve(path, field: field) })
        return (family, access)
    }
}
