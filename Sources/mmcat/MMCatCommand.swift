import ArgumentParser
import Foundation
import Logging
import MMCat

/// The `mmcat` command line: a thin shell over the core library and the database printers.
@main
struct MMCatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmcat",
        abstract: "Move data between database models through one conceptual schema (MM-cat).",
        discussion: """
            A schema category (*.schema.json) is the conceptual schema: objects (entities and \
            attributes) and morphisms (directed relations with cardinalities, each with a dual). \
            A mapping (*.mapping.json or *.path) lays one kind - a table, a collection, a node \
            label - out over the schema through an access path of properties. \
            An instance category (*.instance.json) holds the data in the schema's shape.

            Exit status: 0 success, 1 a failure while running, 2 bad usage or an invalid file, \
            3 a migration that finished with rejected records. \
            Formats: docs/formats.md. Concepts and a worked example: docs/concepts.md.
            """,
        subcommands: [
            ImportCommand.self, ExportCommand.self, ValidateCommand.self, InferCommand.self, MigrateCommand.self,
            QueryCommand.self,
            ServeCommand.self,
            TokenCommand.self,
        ]
    )

    static func main() async {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as InputError {
            printError(error.description)
            Foundation.exit(2)
        } catch let error as InputErrors {
            printError(error.description)
            Foundation.exit(2)
        } catch let error as RunFailure {
            printError(error.message)
            Foundation.exit(1)
        } catch let error as FinishedWithRejections {
            printError(error.description)
            Foundation.exit(3)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            printError(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}

/// A failure while running (exit status 1), as opposed to an invalid input (exit status 2).
struct RunFailure: Error {
    var message: String
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
