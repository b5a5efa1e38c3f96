import MMCat

extension JSONValue {
    /// The elements of an array (empty for anything else), for reading API answers in tests.
    public var arrayItems: [JSONValue] { arrayElements ?? [] }
}
