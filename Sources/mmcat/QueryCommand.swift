import ArgumentParser
import Foundation
import MMCat
import MMCatJobs

/// `mmcat query`: a query over the schema category, answered over an instance category or over
/// the databases the mappings' kinds live in.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Answer a query over the schema category (docs/queries.md).",
        discussion: """
            The data comes from --instance (a JSON dump or a .snapshot), or from databases: \
            --database NAME=URL (a postgres://, mongodb://, falkordb:// or bolt:// URL, an SQLite \
            file, a folder of JSON, JSON Lines and CSV files) and --mapping [NAME=]FILE for each \
            kind that may be read (NAME a --database; it may be left out when there is one \
            database). The kinds the query needs are chosen and read. Results go to standard \
            output as JSON Lines, one document per line; --explain prints the plan instead, with \
            the rows each step produced. Timings go to standard error.
            """
    )

    @Option(help: "The schema category (*.schema.json).") var schema: String
    @Option(help: "An instance category to query (a JSON dump or a .snapshot).") var instance: String?
    @Option(help: "A database: NAME=URL (repeatable).") var database: [String] = []
    @Option(help: "A mapping of a kind to read: [NAME=]FILE (repeatable).") var mapping: [String] = []
    @Option(help: "Read the query from this file instead of the argument.") var file: String?
    @Flag(help: "Print the plan, with the rows each step produced, instead of the results.") var explain = false
    @Option(
        help: """
            What the databases are asked to leave out: a comma-separated list of projection, \
            selection, join (two kinds of one database joined there) and semi-join, or none \
            (to measure each).
            """)
    var pushdown = "projection,selection,join,semi-join"
    @Argument(help: "The query: SELECT { … } WHERE { … } …") var query: String?

    func validate() throws {
        if (query == nil) == (file == nil) { throw ValidationError("give the query as an argument or with --file") }
        if instance == nil && mapping.isEmpty { throw ValidationError("give --instance, or --database and --mapping") }
        if instance != nil && !mapping.isEmpty { throw ValidationError("give --instance or --mapping, not both") }
        _ = try options()
    }

    func run() throws {
        let schema = try Files.schema(schema)
        let text =
            try file.map { path throws(InputError) in String(decoding: try Files.read(path), as: UTF8.self) } ?? query!
        let result: QueryRunner.Result
        do {
            if let instance {
                result = try QueryRunner.answer(text, instance: try Files.instance(instance, schema: schema))
            } else {
                result = try QueryRunner.answer(text, schema: schema, kinds: try kinds(schema), pushdown: try options())
            }
        } catch let error as QueryError {
            throw InputError(
                file: file ?? "query", location: "line \(error.line), column \(error.column)", message: error.message)
        }
        try Files.write(to: nil) { output in
            if explain {
                output.write(result.answer.plan.text)
                return
            }
            for document in result.answer.documents {
                output.writeJSON(document)
                output.write("\n")
            }
        }
        let timings = result.timings
        printError(
            "\(result.answer.documents.count) of \(result.answer.total) documents (planning \(timings.planning) ms, reading \(timings.reading) ms\(Self.shares(timings.databases)), evaluating \(timings.evaluating) ms)"
        )
    }

    /// ` (pg 12.5 ms, mongo 30.1 ms)`: each database's share of the reading, none for one database.
    private static func shares(_ databases: [String: Double]) -> String {
        guard databases.count > 1 else { return "" }
        return " (" + databases.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) ms" }.joined(separator: ", ")
            + ")"
    }

    /// The pushdowns `--pushdown` names.
    private func options() throws -> QueryPushdown.Options {
        let names = Set(pushdown.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let known: Set = ["projection", "selection", "join", "semi-join", "none"]
        if let unknown = names.subtracting(known).first {
            throw ValidationError(
                "--pushdown: \"\(unknown)\" is not one of projection, selection, join, semi-join, none")
        }
        return QueryPushdown.Options(
            projection: names.contains("projection"), selection: names.contains("selection"),
            semiJoin: names.contains("semi-join"), join: names.contains("join"))
    }

    /// The mappings given, each with its database opened.
    private func kinds(_ schema: SchemaCategory) throws -> [QueryRunner.Kind] {
        var databases: [String: Endpoint] = [:]
        for entry in database {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw InputError(file: "--database", location: entry, message: "write NAME=URL")
            }
            let name = String(entry[..<equals])
            databases[name] = try Endpoint(String(entry[entry.index(after: equals)...]), option: "--database \(name)")
        }
        return try mapping.map { entry in
            var name: String?
            var path = entry
            if let equals = entry.firstIndex(of: "="), databases[String(entry[..<equals])] != nil {
                name = String(entry[..<equals])
                path = String(entry[entry.index(after: equals)...])
            }
            let mapping = try Files.mapping(path, schema: schema)
            name = name ?? mapping.database ?? (databases.count == 1 ? databases.keys.first : nil)
            guard let name, let endpoint = databases[name] else {
                throw InputError(
                    file: path, location: "",
                    message:
                        "which database holds kind \(mapping.kindName)? Write --mapping NAME=\(path) with NAME one of --database"
                )
            }
            return QueryRunner.Kind(mapping: mapping, database: name, family: endpoint.family, access: endpoint.access)
        }
    }
}
