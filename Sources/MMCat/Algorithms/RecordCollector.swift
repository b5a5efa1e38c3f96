/// The first half of Model to Category: walks each record through the mapping's plan and collects
/// its rows and pairs, with every value interned, into a ``CollectedRecords`` batch.
///
/// The collector owns the instance's value pool while it works (``ModelToCategory/takeCollector()``
/// moves it out, ``ModelToCategory/restore(_:)`` puts it back), and touches nothing else of the
/// instance. So the collecting can run on one thread while ``ModelToCategory/apply(_:to:)`` writes
/// the previous batch into the instance's objects and morphisms on another: the two halves of an
/// import share no memory but the batches handed between them.
///
/// A record that cannot be identified is rejected (record number, JSON path, what is missing) and
/// leaves nothing in the batch.
///
/// ```swift
/// // given: importer: ModelToCategory, record: JSONValue
/// var collector = importer.takeCollector()
/// var batch = CollectedRecords()
/// collector.collect(record, number: 1, into: &batch)
/// importer.restore(collector)
/// var summary = ModelToCategory.Summary()
/// importer.apply(batch, to: &summary)
/// ```
public struct RecordCollector: Sendable {
    /// The instance's values, owned by the collector until it is given back.
    public internal(set) var pool: ValuePool
    private let plan: ImportPlan
    /// The positions of each id of each object (by object index), to name technical rows.
    private let idPositions: [[[Int]]]
    /// Where the walk is in the record, for error messages: keys and array positions.
    private var trail: [TrailStep] = []
    private var recordNumber = 0
    /// Where each node's one-key fields sat in the last record it read (see ``FieldPositions``).
    private var fieldPositions: [ObjectIdentifier: FieldPositions] = [:]

    private enum TrailStep {
        case key(String)
        case index(Int)
    }

    /// Where a node's one-key fields sit among the members of a record with these `keys`.
    ///
    /// The rows of a table, and most documents of a collection, come with the same keys in the
    /// same order. Checking that a record has the last record's keys takes one comparison per
    /// member (equal strings compare at once); searching for each field takes one per member
    /// passed, a dozen or more for every field of a wide table. A position is -1 for a field the
    /// record lacks and -2 for one that is not a single key (read the general way).
    private final class FieldPositions: Sendable {
        let keys: [String]
        /// For each of the node's value sources, and each simple child.
        let sources: [Int]
        let children: [Int]

        init(_ node: ImportPlan.Node, _ members: [JSONMember]) {
            keys = members.map(\.key)
            // The last member of a key wins, as when a record is read by key.
            func position(_ path: [String]) -> Int {
                path.count == 1 ? members.lastIndex { $0.key == path[0] } ?? -1 : -2
            }
            sources = node.sources.map { source in
                if case .field(let path)? = source { position(path) } else { -2 }
            }
            children = node.simpleChildren.map { position($0.path) }
        }

        func fit(_ members: [JSONMember]) -> Bool {
            guard keys.count == members.count else { return false }
            for index in keys.indices where keys[index] != members[index].key { return false }
            return true
        }
    }

    /// The positions of `node`'s fields in `members`, worked out again only when the keys differ
    /// from the last record's.
    private mutating func positions(_ node: ImportPlan.Node, _ members: [JSONMember]) -> FieldPositions {
        let id = ObjectIdentifier(node)
        if let known = fieldPositions[id], known.fit(members) { return known }
        let found = FieldPositions(node, members)
        fieldPositions[id] = found
        return found
    }

    init(plan: ImportPlan, pool: consuming ValuePool, idPositions: [[[Int]]]) {
        self.plan = plan
        self.pool = pool
        self.idPositions = idPositions
    }

    /// Collects one record into `batch`, or adds its rejection to the batch and nothing else.
    public mutating func collect(_ record: JSONValue, number: Int, into batch: inout CollectedRecords) {
        recordNumber = number
        trail.removeAll(keepingCapacity: true)
        let mark = batch.mark
        batch.read += 1
        do throws(ModelToCategory.Rejection) {
            guard case .object = record else {
                throw reject("a record must be an object, found \(record.kindName)")
            }
            try expand(plan.root, record, parent: nil, slot: -1, into: &batch)
            batch.endRecord()
        } catch {
            batch.rollBack(to: mark)
            batch.rejections.append(error)
        }
    }

    private func reject(_ message: String) -> ModelToCategory.Rejection {
        let path = trail.map { step in
            switch step {
            case .key(let key): return ".\(key)"
            case .index(let index): return "[\(index)]"
            }
        }
        return ModelToCategory.Rejection(record: recordNumber, path: "$" + path.joined(), message: message)
    }

    /// The rows of `node` for a field value: one document, an array of them, or a map's entries.
    private mutating func expand(
        _ node: ImportPlan.Node, _ value: JSONValue, parent: Int?, slot: Int, into batch: inout CollectedRecords
    ) throws(ModelToCategory.Rejection) {
        switch value {
        case .object:
            try instances(node, value, parent: parent, slot: slot, element: false, into: &batch)
        case .array(let items):
            for (index, item) in items.enumerated() {
                trail.append(.index(index))
                guard case .object = item else {
                    throw reject("expected a document, found \(item.kindName)")
                }
                try instances(node, item, parent: parent, slot: slot, element: true, into: &batch)
                trail.removeLast()
            }
        case .null:
            return
        default:
            throw reject("expected a document or an array of documents, found \(value.kindName)")
        }
    }

    private mutating func instances(
        _ node: ImportPlan.Node, _ document: JSONValue, parent: Int?, slot: Int, element: Bool,
        into batch: inout CollectedRecords
    ) throws(ModelToCategory.Rejection) {
        guard let dynamic = node.dynamic, case .object(let members) = document else {
            try row(node, document, entry: nil, parent: parent, slot: slot, element: element, into: &batch)
            return
        }
        for member in members where !node.fixedKeys.contains(member.key) && !member.value.isAbsent {
            trail.append(.key(member.key))
            let row = try row(node, document, entry: member, parent: parent, slot: slot, element: element, into: &batch)
            batch.addValueRow(dynamic.nameTargetIndex, pool.intern(member.key), from: row, slot: dynamic.nameSlot)
            if let target = dynamic.valueTargetIndex {
                try simpleValues(member.value, target: target, from: row, slot: dynamic.valueSlot, into: &batch)
            } else if let valueNode = dynamic.valueNode {
                try expand(valueNode, member.value, parent: row, slot: dynamic.valueSlot, into: &batch)
            }
            trail.removeLast()
        }
    }

    /// Collects one row of `node` and everything below it; returns its row in the batch.
    @discardableResult
    private mutating func row(
        _ node: ImportPlan.Node, _ document: JSONValue, entry: JSONMember?, parent: Int?, slot: Int, element: Bool,
        into batch: inout CollectedRecords
    ) throws(ModelToCategory.Rejection) -> Int {
        let start = batch.rowValues.count
        let members: [JSONMember]
        let fields: FieldPositions?
        if case .object(let found) = document {
            members = found
            fields = positions(node, found)
        } else {
            members = []
            fields = nil
        }
        if node.technical {
            let name = technicalId(document, entry: entry, parent: parent, slot: slot, element: element, in: batch)
            batch.rowValues.append(pool.intern(name))
        } else {
            for (index, source) in node.sources.enumerated() {
                if let fields, case let at = fields.sources[index], at >= 0,
                    let text = members[at].value.scalarText
                {
                    batch.rowValues.append(pool.intern(text))
                    continue
                }
                batch.rowValues.append(try value(of: source, document, entry: entry, parent: parent, in: batch))
            }
            let covered = node.object.ids.contains { id in
                id.allSatisfy { batch.rowValues[start + node.object.superId.firstIndex(of: $0)!] >= 0 }
            }
            guard covered else {
                throw reject(missingIdMessage(node, values: batch.rowValues[start...]))
            }
        }
        let row = batch.addRow(node.objectIndex, start: start, parent: parent, slot: slot)
        for (index, child) in node.simpleChildren.enumerated() {
            // A top-level scalar, the usual case, needs no trail: only an error would read it.
            if let fields, case let at = fields.children[index], at >= 0, let text = members[at].value.scalarText {
                batch.addValueRow(child.targetIndex, pool.intern(text), from: row, slot: child.slot)
                continue
            }
            if let value = try lookup(document, child.path) {
                try simpleValues(value, target: child.targetIndex, from: row, slot: child.slot, into: &batch)
                trail.removeLast(child.path.count)
            }
        }
        for child in node.complexChildren {
            if let value = try lookup(document, child.path) {
                try expand(child.node, value, parent: row, slot: child.slot, into: &batch)
                trail.removeLast(child.path.count)
            }
        }
        return row
    }

    private func missingIdMessage(_ node: ImportPlan.Node, values: ArraySlice<Int32>) -> String {
        let object = node.object
        let start = values.startIndex
        let missing = object.ids.map { id in
            id.filter { values[start + object.superId.firstIndex(of: $0)!] < 0 }.map { "\"\($0)\"" }
                .joined(separator: ", ")
        }
        return "\(object.displayName) cannot be identified: missing values for \(missing.joined(separator: " or "))"
    }

    /// Follows `path` through nested objects; nil when a field on the way is missing or null. On
    /// success the path's keys are left on the trail (the caller removes them).
    private mutating func lookup(_ document: JSONValue, _ path: [String]) throws(ModelToCategory.Rejection)
        -> JSONValue?
    {
        var current = document
        for (depth, key) in path.enumerated() {
            guard case .object = current else {
                if current == .null {
                    trail.removeLast(depth)
                    return nil
                }
                throw reject("expected an object, found \(current.kindName)")
            }
            guard let next = current[key], next != .null else {
                trail.removeLast(depth)
                return nil
            }
            trail.append(.key(key))
            current = next
        }
        return current
    }

    private mutating func value(
        of source: ImportPlan.ValueSource?, _ document: JSONValue, entry: JSONMember?, parent: Int?,
        in batch: CollectedRecords
    ) throws(ModelToCategory.Rejection) -> Int32 {
        switch source {
        case nil:
            return -1
        case .parent(let position)?:
            guard let parent else { return -1 }
            return batch.rowValues[batch.rowStarts[parent] + position]
        case .entryKey?:
            return entry.map { pool.intern($0.key) } ?? -1
        case .entryValue(let path)?:
            guard let entry else { return -1 }
            return try scalar(entry.value, path)
        case .field(let path)?:
            return try scalar(document, path)
        }
    }

    private mutating func scalar(_ document: JSONValue, _ path: [String]) throws(ModelToCategory.Rejection) -> Int32 {
        if path.count == 1, let text = document[path[0]]?.scalarText { return pool.intern(text) }
        guard let value = try lookup(document, path) else { return -1 }
        defer { trail.removeLast(path.count) }
        guard let text = value.scalarText else {
            throw reject("an identifying value must be a single value, found \(value.kindName)")
        }
        return pool.intern(text)
    }

    private mutating func simpleValues(
        _ value: JSONValue, target: Int, from row: Int, slot: Int, into batch: inout CollectedRecords
    ) throws(ModelToCategory.Rejection) {
        if let text = value.scalarText {
            batch.addValueRow(target, pool.intern(text), from: row, slot: slot)
            return
        }
        guard case .array(let items) = value else {
            throw reject("expected a value or an array of values, found \(value.kindName)")
        }
        for (index, item) in items.enumerated() {
            if item == .null { continue }
            guard let text = item.scalarText else {
                trail.append(.index(index))
                throw reject("expected a value, found \(item.kindName)")
            }
            batch.addValueRow(target, pool.intern(text), from: row, slot: slot)
        }
    }

    /// A name for a nested document without an identifier, made from where it sits: its parent row,
    /// the morphism, the map key, and for array elements a digest of the content. The same data
    /// imported again gets the same names, so a re-run changes nothing.
    private func technicalId(
        _ document: JSONValue, entry: JSONMember?, parent: Int?, slot: Int, element: Bool, in batch: CollectedRecords
    ) -> String {
        var text = parent.map { token(of: $0, in: batch) + "/" + plan.signatures[slot].description } ?? ""
        if let entry { text += "/" + escape(entry.key) }
        if element || parent == nil {
            let digest = String((entry?.value ?? document).canonicalDigest, radix: 16)
            text += "#" + String(repeating: "0", count: 16 - digest.count) + digest
        }
        return text
    }

    /// The text that names a row of the batch: its values of the first id it covers.
    private func token(of row: Int, in batch: CollectedRecords) -> String {
        let start = batch.rowStarts[row]
        for positions in idPositions[batch.rowObjects[row]]
        where positions.allSatisfy({ batch.rowValues[start + $0] >= 0 }) {
            return positions.map { escape(pool.text(batch.rowValues[start + $0])) }.joined(separator: ",")
        }
        return ""
    }

    /// The value with `\`, `,`, `/` and `#` escaped, on Unicode scalars: a separator that joins
    /// the character before it in one grapheme cluster is escaped too, so two rows never share a token.
    private func escape(_ text: String) -> String {
        func special(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\\" || scalar == "," || scalar == "/" || scalar == "#"
        }
        guard text.unicodeScalars.contains(where: special) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if special(scalar) { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
    }
}
