import ArgumentParser
import MMCat
import MMCatCypher
import MMCatMongo
import MMCatPostgres
import MMCatSQLite

/// The database systems `mmcat export` can write a model for.
enum Target: String, ExpressibleByArgument, CaseIterable {
    case postgresql
    case sqlite
    case mongodb
    case neo4j

    var printer: any ModelPrinter {
        switch self {
        case .postgresql: return PostgreSQLPrinter()
        case .sqlite: return SQLitePrinter()
        case .mongodb: return MongoDBPrinter()
        case .neo4j: return CypherPrinter()
        }
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
    @Option(help: "The mapping of the kind to write (*.mapping.json or *.path).") var mapping: String
    @Option(help: "The instance category (*.instance.json).") var instance: String
    @Option(help: "The database system: \(Target.allCases.map(\.rawValue).joined(separator: ", ")).")
    var target: Target
    @Option(help: "Where to write the script (default: standard output).") var out: String?

    func run() throws {
        let schema = try Files.schema(schema)
        let mapping = try Files.mapping(mapping, schema: schema)
        let category = try InstanceDump.read(bytes: Files.read(instance), file: instance, schema: schema)
        let model = try CategoryToModel(instance: category, mapping: mapping, file: self.mapping)
        let printer = target.printer
        let mappingFile = self.mapping
        try Files.write(to: out) { output in
            do throws(InputError) {
                try printer.print(model, to: &output)
            } catch {
                throw InputError(file: mappingFile, problems: error.problems)
            }
        }
    }
}
