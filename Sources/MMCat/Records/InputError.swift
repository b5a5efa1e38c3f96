/// A problem with a file the user gave: it names the file, where in it (a JSON path such as
/// `$.objects[2].ids[0]`, or a line and column), and what is wrong.
///
/// ```swift
/// throw InputError(file: "orders.schema.json", location: "$.objects[0].key", message: "expected an integer")
/// ```
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// One located problem.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var location: String
        public var message: String
        public init(location: String, message: String) {
            self.location = location
            self.message = message
        }
        public var description: String { location.isEmpty ? message : "\(location): \(message)" }
    }

    public var file: String
    public var problems: [Problem]

    public init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems
    }

    public init(file: String, location: String, message: String) {
        self.init(file: file, problems: [Problem(location: location, message: message)])
    }

    public var description: String {
        problems.map { "\(file): \($0)" }.joined(separator: "\n")
    }
}

/// Collects problems while a file is read, so that the user sees every one of them at once.
public struct ProblemList: Sendable {
    public private(set) var problems: [InputError.Problem] = []

    public init() {}

    public mutating func add(_ location: String, _ message: String) {
        problems.append(InputError.Problem(location: location, message: message))
    }

    /// Adds a problem before those found since `mark` (a count taken earlier), keeping document order.
    public mutating func add(_ location: String, _ message: String, before mark: Int) {
        problems.insert(InputError.Problem(location: location, message: message), at: mark)
    }

    public var count: Int { problems.count }

    public var isEmpty: Bool { problems.isEmpty }

    /// Throws an ``InputError`` naming `file` when any problem was found.
    public func check(file: String) throws(InputError) {
        if !problems.isEmpty {
            throw InputError(file: file, problems: problems)
        }
    }
}
