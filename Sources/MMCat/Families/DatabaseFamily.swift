/// A kind of database MM-cat works with (PostgreSQL, SQLite, MongoDB, a folder of files, ...):
/// everything the server, the CLI and the web application need to know about it, in one value.
///
/// Each database target implements one family; the executable lists them (see `MMCatFamilies`)
/// and hands the list to the server and the CLI, and the web application reads it from
/// `GET /api/v1/families`. Nothing else names a family, so adding one is a new target plus one
/// line in that list. A family that cannot yet read kinds or execute models leaves those
/// requirements to their defaults, which refuse with a clear error.
///
/// A family of read-only CSV exports, made of parts other families already have (the files
/// family's reader, the SQLite printer), which the server can import from but not execute on:
///
/// ```swift
/// struct CSVExportFamily: DatabaseFamily {
///     let name = "csv-export"
///     let title = "CSV exports"
///     let settings = [DatabaseSetting(name: "folder", label: "Folder", kind: .folder, example: "/data/exports")]
///     let kindsAreFlat = true
///     let printer: any ModelPrinter = SQLitePrinter()
///     var readsKinds: Bool { true }
///     func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource {
///         try FileKindSource.open(folder: try database.path("folder"), kind: kind)
///     }
/// }
/// ```
public protocol DatabaseFamily: Sendable {
    /// The family's name in the API, the metadata store and the web application (`postgresql`).
    var name: String { get }
    /// The name people read (`PostgreSQL`).
    var title: String { get }
    /// The connection settings a database of this family takes, in the order a form shows them.
    var settings: [DatabaseSetting] { get }
    /// Whether a kind is a flat row (a table, a node label): its mappings may not nest documents
    /// or maps, only auxiliary properties that become columns named `a_b`.
    var kindsAreFlat: Bool { get }
    /// The printer of this family's models, with their target name and file extension.
    var printer: any ModelPrinter { get }

    /// Checks a database's settings beyond what each setting's kind checks (a MongoDB URI must
    /// not carry a password, say). The default accepts them.
    func checkSettings(_ settings: [String: String]) throws(DatabaseError)

    /// Whether a kind can also be a graph's relationship type, mapped by MM-cat's `_from.LABEL`
    /// and `_to.LABEL` convention (``RelationshipEnds``). The default says no.
    var relationshipKinds: Bool { get }

    /// Checks that a mapping (compiled over its schema) suits a kind of this family: by default,
    /// for flat families, that ``FlatLayout`` can lay it out; a graph family also accepts a
    /// relationship's two ends. Throws the problems, located in the mapping.
    func checkMapping(_ model: CategoryToModel) throws(InputError)

    /// The mappings of this family's kinds that hold what `tables` (flat table mappings) hold: by
    /// default the tables themselves; a graph family's nodes and relationships
    /// (``GraphSuggestion``). A migration writes these when the user gives no target mappings,
    /// and inference reads a graph's catalog (its labels and types as tables) through them.
    func suggestedMappings(forTables tables: [Mapping], schema: SchemaCategory) -> [Mapping]

    /// Whether ``openKind(_:in:)`` reads kinds (Model to Category jobs).
    var readsKinds: Bool { get }
    /// Opens a kind (a table, a collection, a file) as a record source. It may block on the
    /// network or the disk: call it off the event loops.
    func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource
    /// Opens a kind reading what a query needs of it (``KindRead``: some properties of the
    /// records whose properties have some values), or more, never less: the caller checks every
    /// condition again. By default the kind is read whole.
    func openKind(_ kind: String, in database: DatabaseAccess, reading read: KindRead) throws(InputError)
        -> any RecordSource

    /// Whether ``openKind(_:in:reading:)`` runs a condition's ``KindRead/Join`` inside the
    /// database (an `IN (SELECT …)` over another kind of it). Queries plan such joins only for
    /// families that do; by default none, and a family that does not leaves them out.
    var joinsKinds: Bool { get }

    /// Loads a kind's rows into the database faster than running its model would (PostgreSQL:
    /// `COPY`), creating its table as the model would; nil when the family has no such way for
    /// this kind, and the caller runs the model instead. The default has none.
    func bulkLoad(_ model: CategoryToModel, in database: DatabaseAccess) async throws(InputError) -> Int?

    /// Whether ``executor(kind:in:)`` runs models in databases of this family.
    var executesModels: Bool { get }
    /// The executor that runs a model of `kind` in the database.
    func executor(kind: String, in database: DatabaseAccess) throws(DatabaseError) -> any ModelExecutor

    /// "Test connection": reaches the database and returns, or throws an error that names the
    /// address (and the setting to blame, when there is one).
    func testConnection(_ database: DatabaseAccess) async throws(DatabaseError)

    /// The kinds the database holds (its tables, collections, files), by name; by default the
    /// tables of its catalog.
    func kinds(_ database: DatabaseAccess) throws(DatabaseError) -> [String]

    /// Whether ``catalog(_:)`` reads the database's tables, keys and foreign keys (inference).
    var readsCatalog: Bool { get }
    /// The database's tables as ``CatalogInference`` needs them. It blocks on the database: call
    /// it off the event loops.
    func catalog(_ database: DatabaseAccess) throws(DatabaseError) -> RelationalCatalog
}

extension DatabaseFamily {
    public func checkSettings(_ settings: [String: String]) throws(DatabaseError) {}

    public var relationshipKinds: Bool { false }

    public func checkMapping(_ model: CategoryToModel) throws(InputError) {
        if kindsAreFlat { _ = try FlatLayout(model: model, targetName: title) }
    }

    public func suggestedMappings(forTables tables: [Mapping], schema: SchemaCategory) -> [Mapping] {
        tables
    }

    public var readsKinds: Bool { false }

    public func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource {
        throw InputError(file: database.label, location: "", message: "reading kinds from \(title) is not available")
    }

    public func openKind(_ kind: String, in database: DatabaseAccess, reading read: KindRead) throws(InputError)
        -> any RecordSource
    {
        try openKind(kind, in: database)
    }

    public var joinsKinds: Bool { false }

    public func bulkLoad(_ model: CategoryToModel, in database: DatabaseAccess) async throws(InputError) -> Int? {
        nil
    }

    public var executesModels: Bool { false }

    public func executor(kind: String, in database: DatabaseAccess) throws(DatabaseError) -> any ModelExecutor {
        throw DatabaseError("executing models on \(title) is not available")
    }

    public func testConnection(_ database: DatabaseAccess) async throws(DatabaseError) {
        throw DatabaseError("connecting to \(title) is not available")
    }

    public func kinds(_ database: DatabaseAccess) throws(DatabaseError) -> [String] {
        guard readsCatalog else { throw DatabaseError("listing the kinds of \(title) is not available") }
        return try catalog(database).tables.map(\.name)
    }

    public var readsCatalog: Bool { false }

    public func catalog(_ database: DatabaseAccess) throws(DatabaseError) -> RelationalCatalog {
        throw DatabaseError("reading the catalog of \(title) is not available")
    }

    /// The settings that hold a secret (a password): written, never read back.
    public var secretSettings: [String] { settings.filter { $0.kind == .secret }.map(\.name) }
}

/// Why a database cannot be used as asked: it cannot be reached, refuses a login, a setting is
/// wrong, or the family cannot do that. `setting` names the setting to blame, when there is one.
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public var setting: String?

    public init(_ message: String, setting: String? = nil) {
        self.message = message
        self.setting = setting
    }

    /// A connection error from a source or a client, its first problem's location as the setting
    /// (`uri` becomes `settings.uri`).
    public init(_ error: InputError) {
        let location = error.problems.first?.location ?? ""
        let setting: String?
        if location.isEmpty || location.hasPrefix("line ") {
            setting = nil
        } else if location == "settings" || location.hasPrefix("settings.") {
            setting = location
        } else {
            setting = "settings.\(location)"
        }
        self.init(error.description, setting: setting)
    }

    public var description: String { message }
}
