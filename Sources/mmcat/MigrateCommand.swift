import ArgumentParser
import Foundation
import MMCat
import MMCatFamilies
import MMCatJobs

/// `mmcat migrate`: every kind of a source into one instance category, then every target mapping
/// out, executed on the target database or written as scripts into a folder.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move a whole database: import every source kind, export every target mapping.",
        discussion: """
            Without --schema and --mapping, the schema category and the mappings are inferred \
            from the source's catalog (as `mmcat infer` does), and the same tables are written \
            to the target; to a graph, a node label per table and a relationship type per \
            foreign key and per junction table (`mmcat infer --graph` writes those mappings). \
            --to is a database (postgres://, mongodb://, falkordb:// or bolt:// URL, an SQLite file, a \
            folder of JSON Lines files) the models are executed on, or, with --target, a folder \
            the scripts are written into. A summary table goes to standard output. Exit status: \
            0 success, 1 failure, 2 usage or invalid files, 3 finished with rejected records.
            """
    )

    @Option(
        help: "The source database (a postgres://, mongodb://, falkordb:// or bolt:// URL, an SQLite file, a folder).")
    var from: String
    @Option(help: "The schema category (*.schema.json); inferred from the source when left out.")
    var schema: String?
    @Option(help: "A mapping of a source kind (repeatable; needs --schema).") var mapping: [String] = []
    @Option(help: "Where to: a database, or with --target a folder for the scripts.") var to: String
    @Option(help: "Write scripts for this database system into the folder --to, instead of executing them.")
    var target: String?
    @Option(help: "A mapping of a target kind (repeatable; default: the source mappings).")
    var targetMapping: [String] = []
    @Option(help: "Also write the summary as JSON to this file.") var summary: String?

    func validate() throws {
        if schema == nil && !mapping.isEmpty { throw ValidationError("--mapping needs --schema") }
        if schema != nil && mapping.isEmpty { throw ValidationError("--schema needs at least one --mapping") }
        if let target { _ = try Targets.printer(target) }
    }

    func run() async throws {
        let source = try Endpoint(from, option: "--from")
        let (schema, sourceMappings, tables) = try sourceFiles(source)
        let (destination, basePrinter) = try output()
        let targetFamily = destination?.family ?? target.flatMap(Targets.family)
        let given =
            try targetMapping.isEmpty
            ? targetFamily?.suggestedMappings(forTables: tables, schema: schema) ?? tables
            : targetMapping.map { path throws(InputError) in
                try Files.mapping(path, schema: schema)
            }
        // Relationships after the nodes they join, whatever order the files came in.
        let targetMappings =
            given.filter { !Self.isRelationship($0, schema) } + given.filter { Self.isRelationship($0, schema) }
        // Every target mapping must suit the target before anything is read or written.
        if let targetFamily {
            let empty = InstanceCategory(schema: schema)
            let names = targetMapping.isEmpty ? given.map { "target kind \($0.kindName)" } : targetMapping
            for (mapping, name) in zip(given, names) {
                do throws(InputError) {
                    try targetFamily.checkMapping(CategoryToModel(instance: empty, mapping: mapping, file: name))
                } catch {
                    throw InputError(file: name, problems: error.problems)
                }
            }
        }
        var table = MigrationSummary()
        let instance = InstanceCategory(schema: schema)
        ProcessLifetime.keep(instance)
        let clock = ContinuousClock()
        for mapping in sourceMappings {
            let start = clock.now
            // Read and collect on a second core while this one writes into the instance.
            let records = TerminalProgress(
                PrefetchingSource(try source.family.openKind(mapping.kindName, in: source.access)),
                kind: mapping.kindName)
            let result = try PipelinedImport.run(
                ModelToCategory(plan: ImportPlan(schema: schema, mapping: mapping), instance: instance),
                reading: records)
            for rejection in result.rejections { printError("\(source.name): \(mapping.kindName): \(rejection)") }
            table.imported(mapping.kindName, result, seconds: (clock.now - start).seconds)
        }
        instance.seal()
        let foreignKeys = ForeignKeyConstraint.derive(targetMappings, in: schema)
        let printer = basePrinter.withForeignKeys(foreignKeys)
        // Node rows each kind left out, by object and label: relationships to them are incomplete.
        var absent: [(label: String, object: Int, rows: Set<Int32>)] = []
        for mapping in targetMappings {
            let start = clock.now
            let model = try CategoryToModel(instance: instance, mapping: mapping)
            if let ends = model.relationshipEnds {
                for end in [ends.from, ends.to] {
                    let object = model.root.children![end.childIndex].objectIndex
                    for node in absent where node.label == end.label && node.object == object {
                        model.treatAsAbsent(node.rows, of: object)
                    }
                }
            }
            leaveOutIncomplete(model, in: &table)
            if !model.leftOutRows.isEmpty {
                absent.append((mapping.kindName, model.root.objectIndex, model.leftOutRows))
            }
            let written: Int
            if let destination {
                if let loaded = try await bulkLoad(model, into: destination) {
                    written = loaded
                } else {
                    written = try await execute(printer, model, kind: mapping.kindName, on: destination)
                }
            } else {
                try write(kind: mapping.kindName, extension: printer.fileExtension) { output in
                    try ParallelPrinting.print(model, with: printer, to: &output)
                }
                written = model.rootRows().count
            }
            table.written(mapping.kindName, written, seconds: (clock.now - start).seconds)
        }
        // The foreign keys the printer did not declare in the tables: added once all hold data.
        if let constraints = printer.constraints(foreignKeys), let first = foreignKeys.first {
            if let destination {
                // Run as a model of the first constrained table (an executor counts its rows). A
                // key the data breaks fails them all, named with the row; the tables keep their data.
                do {
                    _ = try await execute(constraints, kind: first.table, on: destination)
                } catch let failure as RunFailure {
                    print(table.text, terminator: "")
                    throw RunFailure(
                        message: "the tables hold their data, but the foreign keys were not added: \(failure.message)")
                }
            } else {
                try write(kind: "constraints", extension: printer.fileExtension) { output in
                    output.write(bytes: constraints)
                }
            }
            printError("added \(foreignKeys.count) foreign keys")
        }
        print(table.text, terminator: "")
        if let summary {
            try Files.write(to: summary) { output in
                output.writeReadableJSON(try JSONValueEncoder().encode(table))
                output.write("\n")
            }
        }
        if table.rejected > 0 { throw FinishedWithRejections(count: table.rejected) }
    }

    private static func isRelationship(_ mapping: Mapping, _ schema: SchemaCategory) -> Bool {
        ((try? RelationshipEnds(mapping, schema: schema)) ?? nil) != nil
    }

    /// Leaves out of `model` the rows missing a value the schema requires, which a target with
    /// the source's constraints would refuse (a customer known only from an order's key), and
    /// names them: a migration must not invent rows, nor quietly drop a NOT NULL to fit them in.
    private func leaveOutIncomplete(_ model: CategoryToModel, in table: inout MigrationSummary) {
        let incomplete = model.incompleteRows()
        guard !incomplete.isEmpty else { return }
        let kind = model.mapping.kindName
        for (row, missing) in incomplete.prefix(20) {
            let missingNames = missing.joined(separator: ", ")
            printError(
                model.relationshipEnds != nil
                    ? "\(kind): \(model.describe(row)) has no node at \(missingNames): relationship left out"
                    : "\(kind): \(model.describe(row)) has no \(missingNames), which the schema requires (only another record refers to it): left out"
            )
        }
        if incomplete.count > 20 { printError("\(kind): ... and \(incomplete.count - 20) more records left out") }
        model.leaveOut(incomplete.map(\.row))
        table.rejectedOnTarget(kind, incomplete.count)
    }

    /// The schema, the source mappings and the tables they hold (what a relational target gets):
    /// given (the tables are then the source mappings), or inferred from the source's catalog.
    private func sourceFiles(_ source: Endpoint) throws -> (SchemaCategory, [Mapping], tables: [Mapping]) {
        if let schema {
            let category = try Files.schema(schema)
            let mappings = try mapping.map { path throws(InputError) in try Files.mapping(path, schema: category) }
            return (category, mappings, mappings)
        }
        let inferred = try DatabaseInference.infer([source.inferenceSource], sample: 100_000, name: "inferred")
        for note in inferred.notes { printError("note: \(note)") }
        return (inferred.schema, inferred.mappings, inferred.tables)
    }

    /// The database the models are executed on (nil when writing scripts) and their printer.
    private func output() throws -> (Endpoint?, any ModelPrinter) {
        if let target { return (nil, try Targets.printer(target)) }
        let endpoint = try Endpoint(to, option: "--to")
        guard endpoint.family.executesModels else {
            throw InputError(
                file: to, location: "",
                message: "models cannot be executed on \(endpoint.family.title): give --target to write scripts")
        }
        return (endpoint, endpoint.family.printer)
    }

    /// Runs a model on the target; `print` writes it (streamed where the executor takes chunks).
    private func execute(
        _ printer: any ModelPrinter, _ model: CategoryToModel, kind: String, on endpoint: Endpoint
    ) async throws -> Int {
        try await execute(kind: kind, on: endpoint) { executor throws(InputError) in
            try await executor.execute(printing: { out throws(InputError) in
                try ParallelPrinting.print(model, with: printer, to: &out)
            })
        }
    }

    private func execute(_ script: [UInt8], kind: String, on endpoint: Endpoint) async throws -> Int {
        try await execute(kind: kind, on: endpoint) { executor throws(InputError) in try await executor.execute(script)
        }
    }

    private func execute(
        kind: String, on endpoint: Endpoint, _ run: (any ModelExecutor) async throws(InputError) -> Int
    ) async throws -> Int {
        let executor: any ModelExecutor
        do {
            executor = try endpoint.family.executor(kind: kind, in: endpoint.access)
        } catch {
            throw RunFailure(message: "\(endpoint.name): \(error.message)")
        }
        do throws(InputError) {
            return try await run(executor)
        } catch {
            // The executor's error names the database already.
            let described =
                error.file == endpoint.name || error.file == endpoint.access.label
                ? error.problems.map(\.message).joined(separator: "; ") : error.description
            throw RunFailure(message: "\(endpoint.name): \(kind): \(described)")
        }
    }

    /// The kind loaded the target family's fast way, or nil when it has none for this kind.
    private func bulkLoad(_ model: CategoryToModel, into endpoint: Endpoint) async throws -> Int? {
        do throws(InputError) {
            return try await endpoint.family.bulkLoad(model, in: endpoint.access)
        } catch {
            throw RunFailure(message: "\(endpoint.name): \(model.mapping.kindName): \(error.description)")
        }
    }

    /// Writes a script into the `--to` folder as `print` makes it, a chunk at a time.
    private func write(kind: String, extension fileExtension: String, _ print: (inout TextOutput) throws -> Void)
        throws
    {
        let folder = URL(fileURLWithPath: to)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RunFailure(message: "\(to): cannot make the folder")
        }
        let path = folder.appendingPathComponent("\(InferCommand.fileName(kind)).\(fileExtension)").path
        try Files.write(to: path, print)
    }
}

/// A migration that finished with some records rejected (exit status 3): the summary says which.
struct FinishedWithRejections: Error, CustomStringConvertible {
    var count: Int
    var description: String { "finished with \(count) rejected records (see above)" }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
