import ArgumentParser
import Foundation
import MMCat
import MMCatPostgres
import MMCatSQLite

/// `mmcat infer`: a schema category and one mapping per table, inferred from relational catalogs.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Infer a schema category and one mapping per kind from databases' catalogs and documents.",
        discussion: """
            Each table becomes an entity identified by its primary key (unique constraints are \
            further ids), each column an attribute (NOT NULL: min ONE), each foreign key a \
            morphism between the two entities; a junction table is a many-to-many relation. \
            Documents are sampled: nested documents and arrays become objects of their own, \
            optional fields min ZERO, `_id` (or a field that never repeats) the identifier. \
            Writes DIR/schema.json, and DIR/KIND.mapping.json with DIR/KIND.path (the same \
            mapping in the text notation) for every kind; notes go to standard error.
            """
    )

    @Option(
        help: ArgumentHelp(
            "A source: an SQLite file, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, mongodb://HOST[:PORT]/DATABASE, a JSON, JSON Lines or CSV file, or a folder of them (repeatable; all go into one schema).",
            valueName: "source"))
    var from: [String]
    @Option(help: "The folder to write the schema category and the mappings into.") var out: String
    @Option(help: "The schema category's name.") var name = "inferred"
    @Option(help: "How many documents of each kind to read for inference.") var sample = 100_000
    @Option(
        help: ArgumentHelp(
            "Also suggest a nested document mapping rooted at this table, the rows that reference it nested (repeatable): DIR/TABLE.documents.mapping.json.",
            valueName: "table"))
    var documentsRoot: [String] = []
    @Flag(help: "In suggested documents, embed referenced rows instead of keeping their key columns.")
    var embedReferences = false

    @Flag(
        help:
            "Also write graph mappings: a node label per table and a relationship per foreign key and per junction table (DIR/KIND.graph.path)."
    )
    var graph = false

    func validate() throws {
        guard !from.isEmpty else { throw ValidationError("give at least one --from SOURCE") }
        guard sample > 0 else { throw ValidationError("--sample must be at least 1") }
    }

    func run() throws {
        let sources = try from.map { try Endpoint($0, option: "--from") }
        let inferred = try DatabaseInference.infer(sources.map(\.inferenceSource), sample: sample, name: name)
        for note in inferred.notes { printError("note: \(note)") }
        var suggestions: [Mapping] = []
        for root in documentsRoot {
            guard let table = inferred.mappings.first(where: { $0.kindName == root }) else {
                throw InputError(
                    file: "--documents-root", location: root,
                    message:
                        "no kind of that name; the kinds are \(inferred.mappings.map(\.kindName).joined(separator: ", "))"
                )
            }
            suggestions.append(
                DocumentSuggestion.mapping(
                    root: table, tables: inferred.mappings, schema: inferred.schema, embedReferences: embedReferences))
        }
        let graphMappings = graph ? GraphSuggestion.mappings(tables: inferred.tables, schema: inferred.schema) : []
        try write(inferred, suggestions: suggestions, graph: graphMappings)
        print(
            "inferred \(inferred.mappings.count) kinds: \(inferred.schema.objects.count) objects, \(inferred.schema.morphisms.count) morphisms -> \(out)"
        )
    }

    /// Writes the schema and the mappings; a folder that cannot be made or written is a failure.
    private func write(_ inferred: InferredSchema, suggestions: [Mapping], graph: [Mapping]) throws {
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
            try write(mapping, as: folder.appendingPathComponent(base), schema: inferred.schema)
        }
        for mapping in suggestions {
            try write(
                mapping, as: folder.appendingPathComponent(Self.fileName(mapping.kindName) + ".documents"),
                schema: inferred.schema)
        }
        // A graph source reads through graph mappings; its labels and types as tables too.
        if inferred.tables != inferred.mappings {
            used = []
            for mapping in inferred.tables {
                var base = Self.fileName(mapping.kindName)
                while used.contains(base) { base += "_" }
                used.insert(base)
                try write(mapping, as: folder.appendingPathComponent(base + ".table"), schema: inferred.schema)
            }
        }
        used = []
        for mapping in graph {
            var base = Self.fileName(mapping.kindName)
            while used.contains(base) { base += "_" }
            used.insert(base)
            try write(mapping, as: folder.appendingPathComponent(base + ".graph"), schema: inferred.schema)
        }
    }

    /// A mapping as `BASE.mapping.json` and, in the notation, `BASE.path`, which names the root
    /// and the signatures by the schema's labels (so a person can edit it without the numbers).
    private func write(_ mapping: Mapping, as base: URL, schema: SchemaCategory) throws {
        try Files.write(to: base.path + ".mapping.json") { output in
            output.writeReadableJSON(mapping.json)
            output.write("\n")
        }
        try Files.write(to: base.path + ".path") { output in
            output.write(AccessPathText.print(mapping, schema: schema))
            output.write("\n")
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
