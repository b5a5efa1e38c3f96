import ArgumentParser
import MMCat

/// `mmcat validate`: checks a schema and any number of mappings, reporting every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a schema category and mappings over it; report every problem at once."
    )

    @Option(help: "The schema category (*.schema.json).") var schema: String
    @Option(help: "A mapping to check against the schema (repeatable).") var mapping: [String] = []

    func run() throws {
        let schema = try Files.schema(schema)
        var problems: [InputError] = []
        for path in mapping {
            do throws(InputError) {
                _ = try Files.mapping(path, schema: schema)
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else {
            throw InputErrors(errors: problems)
        }
        print("valid: \(self.schema) (\(schema.objects.count) objects)" + mapping.map { ", \($0)" }.joined())
    }
}

/// Problems in several files, printed one line per problem, each with its file (exit status 2).
struct InputErrors: Error, CustomStringConvertible {
    var errors: [InputError]
    var description: String { errors.map(\.description).joined(separator: "\n") }
}
