/// Helpers for reading the project's JSON files field by field while collecting located problems.
///
/// Each helper takes the JSON path of the value (`$.objects[2].key`) so that a problem names the
/// exact place; none of them throws, so that a file with several mistakes reports all of them.
enum JSONFields {
    static func object(_ value: JSONValue?, _ path: String, _ problems: inout ProblemList) -> [JSONMember]? {
        guard let value else { return nil }
        guard case .object(let members) = value else {
            problems.add(path, "expected an object, found \(value.kindName)")
            return nil
        }
        return members
    }

    static func array(_ value: JSONValue?, _ path: String, _ problems: inout ProblemList) -> [JSONValue]? {
        guard let value else { return nil }
        guard case .array(let items) = value else {
            problems.add(path, "expected an array, found \(value.kindName)")
            return nil
        }
        return items
    }

    static func string(_ value: JSONValue?, _ path: String, _ problems: inout ProblemList) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value else {
            problems.add(path, "expected a string, found \(value.kindName)")
            return nil
        }
        return text
    }

    static func integer(_ value: JSONValue?, _ path: String, _ problems: inout ProblemList) -> Int? {
        guard let value else { return nil }
        guard case .number(let text) = value, let number = Int(text) else {
            problems.add(path, "expected an integer, found \(value.kindName)")
            return nil
        }
        return number
    }

    static func double(_ value: JSONValue?, _ path: String, _ problems: inout ProblemList) -> Double? {
        guard let value else { return nil }
        guard case .number(let text) = value, let number = Double(text) else {
            problems.add(path, "expected a number, found \(value.kindName)")
            return nil
        }
        return number
    }

    static func signature(_ value: JSONValue?, _ path: String, _ problems: inout ProblemList) -> Signature? {
        guard let text = string(value, path, &problems) else { return nil }
        do {
            return try Signature(parsing: text)
        } catch {
            problems.add(path, error.description)
            return nil
        }
    }

    /// Reports members other than `known`, which are most often typing mistakes.
    static func rejectUnknown(
        _ members: [JSONMember], known: Set<String>, _ path: String, _ problems: inout ProblemList
    ) {
        for member in members where !known.contains(member.key) {
            problems.add(
                "\(path).\(member.key)", "unknown field (expected one of: \(known.sorted().joined(separator: ", ")))")
        }
    }
}
