import MMCat

/// A database family as the API shows it (`GET /families`): what the web application needs to
/// offer it (its settings form, whether its kinds nest) and what its models are.
struct FamilyAnswer: Encodable {
    var name: String
    var title: String
    var flat: Bool
    /// Whether its kinds can be graph relationship types (`_from.LABEL` / `_to.LABEL` ends).
    var relationships: Bool
    var target: String
    var `extension`: String
    var readsKinds: Bool
    var executesModels: Bool
    var settings: [Setting]

    struct Setting: Encodable {
        var name: String
        var label: String
        var required: Bool
        var example: String
        /// `text`, `port`, `choice`, `file`, `folder` or `secret`.
        var kind: String
        /// The words of a `choice`; null for the other kinds.
        var choices: [String]?
    }

    init(_ family: any DatabaseFamily) {
        name = family.name
        title = family.title
        flat = family.kindsAreFlat
        relationships = family.relationshipKinds
        target = family.printer.target
        self.extension = family.printer.fileExtension
        readsKinds = family.readsKinds
        executesModels = family.executesModels
        settings = family.settings.map { setting in
            var answer = Setting(
                name: setting.name, label: setting.label, required: setting.required, example: setting.example,
                kind: "text")
            switch setting.kind {
            case .text: answer.kind = "text"
            case .port: answer.kind = "port"
            case .file: answer.kind = "file"
            case .folder: answer.kind = "folder"
            case .secret: answer.kind = "secret"
            case .choice(let words):
                answer.kind = "choice"
                answer.choices = words
            }
            return answer
        }
    }
}
