import MMCat

/// Runs a MongoDB model (the mongosh script ``MongoDBPrinter`` writes) through libmongoc:
/// `db.createCollection`, `createIndex` and `insertMany`, statement by statement. MongoDB has no
/// transaction on a single server, so a failure leaves the statements before it applied.
public struct MongoModelExecutor: ModelExecutor {
    public let uri: String
    public let database: String
    public let credentials: MongoCredentials?

    public init(uri: String, database: String, credentials: MongoCredentials? = nil) {
        self.uri = uri
        self.database = database
        self.credentials = credentials
    }

    public func execute(_ script: [UInt8]) async throws(InputError) -> Int {
        let connection = try MongoConnection(uri: uri, database: database, credentials: credentials)
        var written = 0
        for statement in Self.statements(String(decoding: script, as: UTF8.self)) {
            written += try run(statement, on: connection)
        }
        return written
    }

    private func run(_ statement: String, on connection: MongoConnection) throws(InputError) -> Int {
        let fail = { (message: String) in
            InputError(file: "model", location: String(statement.prefix(80)), message: message)
        }
        if let argument = Self.argument(statement, after: "db.createCollection(") {
            guard case .string(let name) = try JSONParser.parse(argument) else {
                throw fail("expected a collection name")
            }
            try connection.command([JSONMember("create", .string(name))])
            return 0
        }
        guard statement.hasPrefix("db.getCollection("), let close = statement.range(of: ")."),
            case .string(let collection) = try JSONParser.parse(
                String(statement[statement.index(statement.startIndex, offsetBy: 17)..<close.lowerBound]))
        else { throw fail("not a statement the MongoDB printer writes") }
        let call = String(statement[close.upperBound...])
        if let argument = Self.argument(call, after: "insertMany(") {
            guard case .array(let documents) = try JSONParser.parse(Self.withoutNumberLong(argument)) else {
                throw fail("insertMany takes an array")
            }
            return try connection.insert(documents, into: collection)
        }
        if let argument = Self.argument(call, after: "createIndex(") {
            guard case .array(let parts) = try JSONParser.parse("[" + argument + "]"), let keys = parts.first else {
                throw fail("createIndex takes keys and options")
            }
            var index = [JSONMember("key", keys), JSONMember("name", .string("mmcat_primary_key"))]
            if case .object(let options)? = parts.dropFirst().first { index += options }
            try connection.command([
                JSONMember("createIndexes", .string(collection)), JSONMember("indexes", .array([.object(index)])),
            ])
            return 0
        }
        throw fail("not a statement the MongoDB printer writes")
    }

    /// The text between `prefix(` and the final `)` of a statement.
    private static func argument(_ statement: String, after prefix: String) -> String? {
        guard statement.hasPrefix(prefix), statement.hasSuffix(")") else { return nil }
        return String(statement.dropFirst(prefix.count).dropLast())
    }

    /// `NumberLong("123")` outside strings becomes `123`.
    static func withoutNumberLong(_ text: String) -> String {
        var out = ""
        var scan = StringScan()
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if scan.take(character) {
                out.append(character)
                index = text.index(after: index)
                continue
            }
            if text[index...].hasPrefix("NumberLong(\""), let end = text[index...].firstIndex(of: ")") {
                out += text[text.index(index, offsetBy: 12)..<text.index(before: end)]
                index = text.index(after: end)
                continue
            }
            out.append(character)
            index = text.index(after: index)
        }
        return out
    }

    /// The statements of a script: `;` ends one outside strings; `//` comments are dropped.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var scan = StringScan()
        var lines = script.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        while let line = lines.next() {
            if !scan.inString && line.trimmingPrefix(while: { $0 == " " }).hasPrefix("//") { continue }
            for character in line {
                if !scan.take(character) && character == ";" {
                    let statement = current.trimmingCharacters()
                    if !statement.isEmpty { statements.append(statement) }
                    current = ""
                } else {
                    current.append(character)
                }
            }
            current.append("\n")
        }
        let last = current.trimmingCharacters()
        if !last.isEmpty { statements.append(last) }
        return statements
    }
}

/// Where a scan of mongosh text is: inside a double-quoted string or not, and after a backslash.
private struct StringScan {
    private(set) var inString = false
    private var escaped = false

    /// Takes the next character; returns whether it belongs to a string, its quotes included.
    mutating func take(_ character: Character) -> Bool {
        if inString {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                inString = false
            }
            return true
        }
        inString = character == "\""
        return inString
    }
}

extension Substring {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        self.drop(while: predicate)
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        String(self.drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}
