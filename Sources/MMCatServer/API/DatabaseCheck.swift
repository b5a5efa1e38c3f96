import Foundation
import MMCat
import MMCatMongo
import MMCatPostgres
import MMCatSQLite

/// "Test connection": checks that a database can be reached, with a clear error when it cannot.
enum DatabaseCheck {
    static func test(_ database: StoredDatabase, secrets: SecretBox, files: FileConfinement) async throws {
        switch database.type {
        case .files:
            var isFolder: ObjCBool = false
            let folder = try files.folder(of: database)
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw APIError.invalid(
                    "the folder \"\(database.settings["folder"] ?? "")\" does not exist", field: "settings.folder")
            }
        case .sqlite:
            do {
                try SQLiteTableSource.test(path: try files.path(of: database))
            } catch {
                throw unreachable(error)
            }
        case .postgresql:
            do {
                try await RecordSources.postgres(database, secrets: secrets).test()
            } catch let error as InputError {
                throw unreachable(error)
            }
        case .mongodb:
            do {
                // Connecting logs in and pings the server.
                _ = try RecordSources.mongo(database, secrets: secrets)
            } catch let error as InputError {
                throw unreachable(error)
            }
        case .neo4j:
            throw APIError.invalid("connecting to neo4j is not available yet", field: "type")
        }
    }

    /// A connection error with the server it names (`postgres://host:port/db`, `mongodb://...`),
    /// so that the user sees which address failed; a setting it blames becomes the field.
    static func unreachable(_ error: InputError) -> APIError {
        let location = error.problems.first?.location ?? ""
        let field = location.isEmpty || location.hasPrefix("settings.") ? location : "settings.\(location)"
        return APIError.invalid(error.description, field: field.isEmpty ? nil : field)
    }
}
