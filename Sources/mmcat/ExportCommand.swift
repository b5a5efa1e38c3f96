import ArgumentParser
import MMCat
import MMCatFamilies
import MMCatJobs

/// The printers `mmcat export --target` offers: one per database family, by its target name.
enum Targets {
    /// One printer per target name (FalkorDB runs the scripts Neo4j does: one `neo4j` target).
    static let printers: [any ModelPrinter] = Families.all.map(\.printer).reduce(into: []) { list, printer in
        if !list.contains(where: { $0.target == printer.target }) { list.append(printer) }
    }
    static var names: String { printers.map(\.target).joined(separator: ", ") }

    /// The first family whose models a target's printer writes (for its suggested mappings).
    static func family(_ name: String) -> (any DatabaseFamily)? {
        Families.all.first { $0.printer.target == name }
    }

    static func printer(_ name: String) throws -> any ModelPrinter {
        guard let printer = printers.first(where: { $0.target == name }) else {
            throw ValidationError("--target must be one of \(names), not \"\(name)\"")
        }
        return printer
    }
}

/// `mmcat export`: Category to Model into a script for one database system.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Category to Model: write a script (DDL, then DML) for a database from an instance category.",
        discussion: """
            The script runs unchanged in the target's own client: psql, sqlite3, mongosh or \
            cypher-shell. Relational and graph targets need a flat mapping (auxiliary nodes are \
            flattened into columns named a_b); documents may nest, hold arrays and maps.
            """
    )

    @Option(help: "The schema category (*.schema.json).") var schema: String
    @Option(
        help: """
            The mapping of the kind to write (*.mapping.json or *.path). Repeat it for several kinds of \
            one database: one script with every table, then every row, then the foreign keys.
            """)
    var mapping: [String] = []
    @Option(help: "The instance category (a JSON dump *.instance.json, or a .snapshot).") var instance: String
    @Option(help: ArgumentHelp("The database system: \(Targets.names).", valueName: "target"))
    var target: String
    @Option(help: "Where to write the script (default: standard output).") var out: String?

    func validate() throws {
        _ = try Targets.printer(target)
        if mapping.isEmpty { throw ValidationError("Missing expected argument '--mapping <mapping>'") }
    }

    func run() throws {
        let schema = try Files.schema(schema)
        let category = try Files.instance(instance, schema: schema)
        ProcessLifetime.keep(category)
        var models: [CategoryToModel] = []
        for file in mapping {
            let mapping = try Files.mapping(file, schema: schema)
            models.append(try CategoryToModel(instance: category, mapping: mapping, file: file))
        }
        let printer = try Targets.printer(target)
        let mappingFile = mapping[0]
        try Files.write(to: out) { output in
            if models.count > 1 {
                // A problem names the kind it is in.
                return try printer.print(kinds: models, to: &output)
            }
            do throws(InputError) {
                try ParallelPrinting.print(models[0], with: printer, to: &output)
            } catch {
                throw InputError(file: mappingFile, problems: error.problems)
            }
        }
    }
}
