/// The body of `POST /databases` and `PATCH /databases/{id}`: a label, a type (its family's
/// name; fixed once created) and settings, each a string (a port may also be a number).
struct DatabaseRequest: APIRequest {
    var label: String?
    var type: String?
    var settings: [String: SettingValue]?

    static let fieldMessages = [
        "label": "the label must be a string", "type": "type must be the name of a database family",
        "settings": "settings must be an object of strings",
    ]
    static let members: Set<String>? = ["label", "type", "settings"]
}

/// The body of `POST /databases/upload`: the new files database's label and its files, each a
/// name (which gives its kind) and its text.
struct UploadRequest: APIRequest {
    struct File: Decodable {
        var name: String
        var content: String
    }

    var label: String?
    var files: [File]?

    static let fieldMessages = [
        "label": "the label must be a string",
        "files": "files must be a list of {\"name\", \"content\"} objects, content the file's text",
    ]
    static let members: Set<String>? = ["label", "files"]
}

/// A setting's value as given: a string, or a number (ports are often written as numbers).
enum SettingValue: Decodable, Equatable {
    case text(String)
    case number(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let number = try? container.decode(Int64.self) {
            self = .number(String(number))
        } else {
            throw DecodingError.typeMismatch(
                String.self, .init(codingPath: decoder.codingPath, debugDescription: "a setting is a string"))
        }
    }
}

/// The body of `POST /databases/{id}/infer`, which may be empty: the new schema category's name,
/// how many documents of each document kind to read, and which nested document mappings to
/// suggest, for which database.
struct InferenceRequest: APIRequest {
    var name: String?
    var sample: Int?
    var suggest: Suggestion?

    /// The kinds to write the inferred tables into the database `database` (default: the
    /// inferred one): documents rooted at each of `roots` (tables of the inferred database), with
    /// to-one references embedded or kept as keys; without roots, the target family's own kinds
    /// for the tables (the same tables; a graph's nodes and relationships).
    struct Suggestion: Decodable {
        var roots: [String]?
        var database: Int64?
        var embedReferences: Bool?
    }

    static let fieldMessages = [
        "name": "name must be a string", "sample": "sample must be a whole number of documents",
        "suggest":
            "suggest must be {\"roots\": [tables] (optional), \"database\": id, \"embedReferences\": true|false}",
    ]
    static let members: Set<String>? = ["name", "sample", "suggest"]
}
