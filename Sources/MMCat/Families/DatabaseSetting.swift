/// One connection setting of a database family: what a form asks for and how the server checks
/// it before storing it.
public struct DatabaseSetting: Sendable, Equatable {
    /// What a setting holds, which says how it is checked and shown.
    public enum Kind: Sendable, Equatable {
        case text
        /// A TCP port, 1 to 65535.
        case port
        /// One of a few words.
        case choice([String])
        /// A file on the server, which must lie inside the server's allowed folders.
        case file
        /// A folder on the server, inside the allowed folders too.
        case folder
        /// A password: sealed with the server's key when stored, never sent back.
        case secret
    }

    /// The name in the settings object (`host`).
    public var name: String
    /// The label a form shows (`Host`).
    public var label: String
    public var kind: Kind
    public var required: Bool
    /// An example value a form shows as a hint.
    public var example: String

    public init(name: String, label: String, kind: Kind = .text, required: Bool = true, example: String = "") {
        self.name = name
        self.label = label
        self.kind = kind
        self.required = required
        self.example = example
    }

    /// Whether the value is a path on the server.
    public var isPath: Bool { kind == .file || kind == .folder }
}
