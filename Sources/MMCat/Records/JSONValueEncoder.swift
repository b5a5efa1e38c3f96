/// Encodes any `Encodable` value as a ``JSONValue``, keeping object members in the order they
/// are encoded (Foundation's `JSONEncoder` on Linux does not), and writing a `nil` optional as
/// `null` rather than leaving the member out, so that a typed answer shows every member it
/// declares. Floating-point values that are not finite cannot be JSON and throw.
///
/// ```swift
/// struct Answer: Encodable { var id: Int64; var reason: String? }
/// let json = try JSONValueEncoder().encode(Answer(id: 7, reason: nil))  // {"id": 7, "reason": null}
/// ```
public struct JSONValueEncoder {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONValue {
        let slot = Slot()
        try value.encode(to: SlotEncoder(slot: slot, codingPath: []))
        return slot.value
    }
}

/// A place in the document being built; containers fill it as they are written.
private final class Slot {
    enum Content {
        case value(JSONValue)
        case object([(String, Slot)])
        case array([Slot])
    }

    var content = Content.value(.null)

    var value: JSONValue {
        switch content {
        case .value(let value): return value
        case .object(let members): return .object(members.map { JSONMember($0.0, $0.1.value) })
        case .array(let items): return .array(items.map(\.value))
        }
    }

    func member(_ key: String) -> Slot {
        var members: [(String, Slot)] = []
        if case .object(let existing) = content { members = existing }
        if let found = members.first(where: { $0.0 == key }) { return found.1 }
        let slot = Slot()
        members.append((key, slot))
        content = .object(members)
        return slot
    }

    func append() -> Slot {
        var items: [Slot] = []
        if case .array(let existing) = content { items = existing }
        let slot = Slot()
        items.append(slot)
        content = .array(items)
        return slot
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }
}

private struct SlotEncoder: Encoder {
    let slot: Slot
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = slot.content {} else { slot.content = .object([]) }
        return KeyedEncodingContainer(KeyedSlotContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = slot.content {} else { slot.content = .array([]) }
        return UnkeyedSlotContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleSlotContainer(slot: slot, codingPath: codingPath)
    }
}

/// How one value becomes a JSON value: the scalars directly, everything else through its own
/// `encode(to:)` into a fresh slot.
private func store(_ value: some Encodable, in slot: Slot, path: [any CodingKey]) throws {
    switch value {
    case let value as JSONValue: slot.content = .value(value)
    case let value as String: slot.content = .value(.string(value))
    case let value as Bool: slot.content = .value(.bool(value))
    case let value as Double:
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "not a finite number"))
        }
        slot.content = .value(.number(value.description))
    case let value as Float: try store(Double(value), in: slot, path: path)
    case let value as any BinaryInteger: slot.content = .value(.number(String(describing: value)))
    default: try value.encode(to: SlotEncoder(slot: slot, codingPath: path))
    }
}

private struct KeyedSlotContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { slot.member(key.stringValue).content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try store(value, in: slot.member(key.stringValue), path: codingPath + [key])
    }

    // Absent optionals are written as null: a typed answer shows every member it declares. The
    // protocol's `encodeIfPresent` for each standard type has a default that leaves the member
    // out, which a generic method does not replace: each type the answers use is listed.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try null(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try null(value, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try null(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try null(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try null(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try null(value, key) }

    /// `value`, or `null` when there is none.
    private mutating func null<T: Encodable>(_ value: T?, _ key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        SlotEncoder(slot: slot.member("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedSlotContainer: UnkeyedEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey]
    var count: Int { slot.count }

    mutating func encodeNil() throws { slot.append().content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try store(value, in: slot.append(), path: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        SlotEncoder(slot: slot.append(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        SlotEncoder(slot: slot.append(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        SlotEncoder(slot: slot.append(), codingPath: codingPath)
    }
}

private struct SingleSlotContainer: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try store(value, in: slot, path: codingPath)
    }
}
