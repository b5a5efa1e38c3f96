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
        guard let (collectionLiteral, call) = Self.collectionCall(statement),
            case .string(let collection) = try JSONParser.parse(collectionLiteral)
        else { throw fail("not a statement the MongoDB printer writes") }
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

    /// `db.getCollection("NAME").CALL`: the name's string literal and `CALL`, found by scanning the
    /// literal (a name may itself hold `").`).
    private static func collectionCall(_ statement: String) -> (String, String)? {
        let prefix = "db.getCollection("
        guard statement.hasPrefix(prefix) else { return nil }
        let scalars = Array(statement.unicodeScalars.dropFirst(prefix.unicodeScalars.count))
        var scan = StringScan()
        var end = 0
        while end < scalars.count, scan.take(scalars[end]) {
            end += 1
            if !scan.inString { break }
        }
        guard end + 1 < scalars.count, scalars[end] == ")", scalars[end + 1] == "." else { return nil }
        let text = { (range: Range<Int>) in String(String.UnicodeScalarView(scalars[range])) }
        return (text(0..<end), text((end + 2)..<scalars.count))
    }

    /// `NumberLong("123")` outside strings becomes `123`.
    static func withoutNumberLong(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let marker = Array("NumberLong(\"".unicodeScalars)
        var out = String.UnicodeScalarView()
        var scan = StringScan()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if !scan.take(scalar), scalars[index...].starts(with: marker),
                let end = scalars[index...].firstIndex(of: ")")
            {
                out.append(contentsOf: scalars[(index + marker.count)..<(end - 1)])
                index = end + 1
                continue
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }

    /// The statements of a script: `;` ends one outside strings; `//` comments are dropped. The
    /// scan is over Unicode scalars, so a quote or backslash inside a grapheme cluster still counts.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var scan = StringScan()
        let scalars = Array(script.unicodeScalars)
        var index = 0
        var lineStart = true
        while index < scalars.count {
            let scalar = scalars[index]
            if lineStart && !scan.inString {
                var first = index
                while first < scalars.count, scalars[first] == " " { first += 1 }
                if first + 1 < scalars.count, scalars[first] == "/", scalars[first + 1] == "/" {
                    while index < scalars.count, scalars[index] != "\n" { index += 1 }
                    continue
                }
            }
            lineStart = scalar == "\n"
            if !scan.take(scalar) && scalar == ";" {
                let statement = String(current).trimmingWhitespace()
                if !statement.isEmpty { statements.append(statement) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
            index += 1
        }
        let last = String(current).trimmingWhitespace()
        if !last.isEmpty { statements.append(last) }
        return statements
    }
}

/// Where a scan of mongosh text is: inside a double-quoted string or not, and after a backslash.
private struct StringScan {
    private(set) var inString = false
    private var escaped = false

    /// Takes the next scalar; returns whether it belongs to a string, its quotes included.
    mutating func take(_ scalar: Unicode.Scalar) -> Bool {
        if inString {
            if escaped {
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "\"" {
                inString = false
            }
            return true
        }
        inString = scalar == "\""
        return inString
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(self.drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}
