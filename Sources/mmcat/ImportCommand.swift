import ArgumentParser
import Foundation
import MMCat

/// `mmcat import`: Model to Category from a file of documents.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Model to Category: read documents through a mapping into an instance category.",
        discussion: """
            The input is a JSON array of documents or JSON Lines. A document whose rows cannot be \
            identified (an id value is missing) is reported with its record number and path and \
            skipped; the others are imported. A summary goes to standard error.
            """
    )

    @Option(help: "The schema category (*.schema.json).") var schema: String
    @Option(help: "The mapping of the documents' kind (*.mapping.json or *.path).") var mapping: String
    @Option(help: "The documents (a JSON array or JSON Lines).") var input: String
    @Option(
        help: "An instance category to extend (a JSON dump or a .snapshot); re-importing the same data changes nothing."
    )
    var instance: String?
    @Option(
        help: """
            Where to write the instance category: FILE.snapshot for the binary snapshot the next \
            command reads fastest, any other name (or standard output) for the JSON dump.
            """)
    var out: String?

    func run() throws {
        let schema = try Files.schema(schema)
        let mapping = try Files.mapping(mapping, schema: schema)
        let plan = try ImportPlan(schema: schema, mapping: mapping, file: self.mapping)
        let category =
            try instance.map { path throws(InputError) in try Files.instance(path, schema: schema) }
            ?? InstanceCategory(schema: schema)
        ProcessLifetime.keep(category)
        var reader = try Files.records(input)
        let summary = try ModelToCategory(plan: plan, instance: category).run(&reader)
        for rejection in summary.rejections {
            printError("\(input): \(rejection)")
        }
        if summary.rejected > summary.rejections.count {
            printError("\(input): ... and \(summary.rejected - summary.rejections.count) more rejected records")
        }
        if summary.conflicts > 0 {
            printError(
                "\(input): \(summary.conflicts) values disagreed with a value their row already had; the first value was kept"
            )
        }
        category.seal()
        let size = category.size
        printError(
            "imported \(summary.imported) of \(summary.read) records (\(summary.rejected) rejected); the instance has \(size.rows) rows and \(size.pairs) pairs"
        )
        try Files.write(category, to: out)
    }
}
