import ArgumentParser
import Foundation
import MMCat
import MMCatPostgres
import MMCatSQLite

/// `mmcat infer`: a schema category and one mapping per table, inferred from relational catalogs.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Infer a schema category and one mapping per table from databases' catalogs.",
        discussion: """
            Each table becomes an entity identified by its primary key (unique constraints are \
            further ids), each column an attribute (NOT NULL: min ONE), each foreign key a \
            morphism between the two entities; a junction table is a many-to-many relation. \
            Writes DIR/schema.json, and DIR/TABLE.mapping.json with DIR/TABLE.path (the same \
            mapping in the text notation) for every table; notes go to standard error.
            """
    )

    @Option(
        help: ArgumentHelp(
            "A source: an SQLite file, or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (repeatable; the tables of all go into one schema).",
            valueName: "source"))
    var from: [String]
    @Option(help: "The folder to write the schema category and the mappings into.") var out: String
    @Option(help: "The schema category's name.") var name = "inferred"

    func validate() throws {
        guard !from.isEmpty else { throw ValidationError("give at least one --from SOURCE") }
    }

    func run() throws {
        var tables: [RelationalCatalog.Table] = []
        for source in from {
            for table in try Self.catalog(source).tables {
                guard !tables.contains(where: { $0.name == table.name }) else {
                    throw InputError(
                        file: source, location: table.name, message: "another source has a table of the same name")
                }
                tables.append(table)
            }
        }
        let inferred = try CatalogInference.infer(RelationalCatalog(tables: tables), name: name)
        for note in inferred.notes { printError("note: \(note)") }
        try write(inferred)
        print(
            "inferred \(inferred.mappings.count) tables: \(inferred.schema.objects.count) objects, \(inferred.schema.morphisms.count) morphisms -> \(out)"
        )
    }

    /// The catalog of one source, by its form: a PostgreSQL URL, else an SQLite file.
    static func catalog(_ source: String) throws -> RelationalCatalog {
        if source.hasPrefix("postgres://") || source.hasPrefix("postgresql://") {
            let settings = try PostgresSettings(
                url: source, name: "--from", environment: ProcessInfo.processInfo.environment)
            return try PostgresCatalog.read(settings: settings)
        }
        if source.hasPrefix("mongodb://") || source.hasSuffix(".json") || source.hasSuffix(".jsonl")
            || source.hasSuffix(".csv")
        {
            throw InputError(
                file: source, location: "",
                message: "inferring from documents is not available yet: give an SQLite file or a postgres:// URL")
        }
        return try SQLiteCatalog.read(path: source)
    }

    /// Writes the schema and the mappings; a folder that cannot be made or written is a failure.
    private func write(_ inferred: InferredSchema) throws {
        let folder = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RunFailure(message: "\(out): cannot make the folder")
        }
        try Files.write(to: folder.appendingPathComponent("schema.json").path) { output in
            output.writeReadableJSON(inferred.document)
            output.write("\n")
        }
        var used: Set<String> = ["schema"]
        for mapping in inferred.mappings {
            var base = Self.fileName(mapping.kindName)
            while used.contains(base) { base += "_" }
            used.insert(base)
            try Files.write(to: folder.appendingPathComponent("\(base).mapping.json").path) { output in
                output.writeReadableJSON(mapping.json)
                output.write("\n")
            }
            try Files.write(to: folder.appendingPathComponent("\(base).path").path) { output in
                output.write(AccessPathText.print(mapping))
                output.write("\n")
            }
        }
    }

    /// A file name for a kind: its ASCII letters, digits, `-` and `_`, anything else as `_`.
    static func fileName(_ kind: String) -> String {
        let bytes = kind.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                return byte
            default: return UInt8(ascii: "_")
            }
        }
        let name = String(decoding: bytes, as: UTF8.self)
        return name.isEmpty ? "kind" : name
    }
}
