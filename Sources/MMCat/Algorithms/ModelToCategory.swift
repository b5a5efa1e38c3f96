/// Model to Category: reads records through a mapping into an instance category.
///
/// Each record is read in two phases. First its rows and pairs are collected into a small buffer,
/// checking that every row can be identified; only when the whole record is sound is the buffer
/// written to the instance. A record that cannot be identified is reported (record number, JSON
/// path, what is missing) and leaves no trace; the import goes on with the next one.
///
/// ```swift
/// // given: schema: SchemaCategory, mapping: Mapping, instance: InstanceCategory, data: [UInt8]
/// let importer = try ModelToCategory(plan: ImportPlan(schema: schema, mapping: mapping), instance: instance)
/// var reader = try JSONRecordReader(bytes: data, file: "orders.json")
/// let summary = try importer.run(&reader)
/// ```
public final class ModelToCategory {
    /// What an import did: records read, imported and rejected, with the first rejections.
    public struct Summary: Sendable {
        public var read = 0
        public var imported = 0
        public var rejected = 0
        /// Values that disagreed with a value their row already had (the row kept its value).
        public var conflicts = 0
        /// The first ``maximumKeptRejections`` rejections, in record order.
        public var rejections: [Rejection] = []
        public static let maximumKeptRejections = 1000
    }

    /// A record that was not imported, and why.
    public struct Rejection: Error, Sendable, CustomStringConvertible {
        public var record: Int
        public var path: String
        public var message: String
        public var description: String { "record \(record): \(path): \(message)" }
    }

    private let plan: ImportPlan
    private let instance: InstanceCategory
    private let targets: [InstanceCategory.PairTarget]

    // The pending record: rows (object, first value) and pairs (slot, pending rows).
    private var rowObjects: [Int] = []
    private var rowStarts: [Int] = []
    private var rowValues: [Int32] = []
    private var pairSlots: [Int] = []
    private var pairEnds: [(Int, Int)] = []
    /// The instance row of each pending row, while the record is written (kept to save an array a record).
    private var written: [Int32] = []
    /// Where the walk is in the record, for error messages: keys and array positions.
    private var trail: [TrailStep] = []

    private enum TrailStep {
        case key(String)
        case index(Int)
    }
    private var recordNumber = 0

    public init(plan: ImportPlan, instance: InstanceCategory) {
        self.plan = plan
        self.instance = instance
        self.targets = plan.signatures.map(instance.pairTarget)
        instance.trackedComposites.formUnion(plan.composites)
    }

    /// Imports every record of `reader`, then materializes the composites that became splittable.
    public func run(_ source: inout some RecordSource) throws(InputError) -> Summary {
        var summary = Summary()
        let conflictsBefore = instance.objects.reduce(0) { $0 + $1.conflictCount }
        while let record = try source.next() {
            summary.read += 1
            if let rejection = importRecord(record.value, number: record.number) {
                summary.rejected += 1
                if summary.rejections.count < Summary.maximumKeptRejections {
                    summary.rejections.append(rejection)
                }
            } else {
                summary.imported += 1
            }
        }
        instance.materializeShortcuts()
        summary.conflicts = instance.objects.reduce(0) { $0 + $1.conflictCount } - conflictsBefore
        return summary
    }

    /// Imports one record; returns why it was rejected, or nil when it was imported.
    public func importRecord(_ record: JSONValue, number: Int) -> Rejection? {
        recordNumber = number
        rowObjects.removeAll(keepingCapacity: true)
        rowStarts.removeAll(keepingCapacity: true)
        rowValues.removeAll(keepingCapacity: true)
        pairSlots.removeAll(keepingCapacity: true)
        pairEnds.removeAll(keepingCapacity: true)
        trail.removeAll(keepingCapacity: true)
        do throws(Rejection) {
            guard case .object = record else {
                throw reject("a record must be an object, found \(record.kindName)")
            }
            try expand(plan.root, record, parent: nil, slot: -1)
        } catch {
            return error
        }
        apply()
        return nil
    }

    // MARK: Phase 1: collect

    private func reject(_ message: String) -> Rejection {
        let path = trail.map { step in
            switch step {
            case .key(let key): return ".\(key)"
            case .index(let index): return "[\(index)]"
            }
        }
        return Rejection(record: recordNumber, path: "$" + path.joined(), message: message)
    }

    /// The rows of `node` for a field value: one document, an array of them, or a map's entries.
    private func expand(_ node: ImportPlan.Node, _ value: JSONValue, parent: Int?, slot: Int) throws(Rejection) {
        switch value {
        case .object:
            try instances(node, value, parent: parent, slot: slot, element: false)
        case .array(let items):
            for (index, item) in items.enumerated() {
                trail.append(.index(index))
                guard case .object = item else {
                    throw reject("expected a document, found \(item.kindName)")
                }
                try instances(node, item, parent: parent, slot: slot, element: true)
                trail.removeLast()
            }
        case .null:
            return
        default:
            throw reject("expected a document or an array of documents, found \(value.kindName)")
        }
    }

    private func instances(
        _ node: ImportPlan.Node, _ document: JSONValue, parent: Int?, slot: Int, element: Bool
    ) throws(Rejection) {
        guard let dynamic = node.dynamic, case .object(let members) = document else {
            try row(node, document, entry: nil, parent: parent, slot: slot, element: element)
            return
        }
        for member in members where !node.fixedKeys.contains(member.key) && !member.value.isAbsent {
            trail.append(.key(member.key))
            let row = try row(node, document, entry: member, parent: parent, slot: slot, element: element)
            addValueRow(dynamic.nameTargetIndex, instance.pool.intern(member.key), from: row, slot: dynamic.nameSlot)
            if let target = dynamic.valueTargetIndex {
                try simpleValues(member.value, target: target, from: row, slot: dynamic.valueSlot)
            } else if let valueNode = dynamic.valueNode {
                try expand(valueNode, member.value, parent: row, slot: dynamic.valueSlot)
            }
            trail.removeLast()
        }
    }

    /// Collects one row of `node` and everything below it; returns its pending row.
    @discardableResult
    private func row(
        _ node: ImportPlan.Node, _ document: JSONValue, entry: JSONMember?, parent: Int?, slot: Int, element: Bool
    ) throws(Rejection) -> Int {
        let start = rowValues.count
        if node.technical {
            rowValues.append(
                instance.pool.intern(technicalId(document, entry: entry, parent: parent, slot: slot, element: element)))
        } else {
            for source in node.sources {
                rowValues.append(try value(of: source, document, entry: entry, parent: parent))
            }
            let covered = node.object.ids.contains { id in
                id.allSatisfy { rowValues[start + node.object.superId.firstIndex(of: $0)!] >= 0 }
            }
            guard covered else {
                throw reject(missingIdMessage(node, start: start))
            }
        }
        let row = rowObjects.count
        rowObjects.append(node.objectIndex)
        rowStarts.append(start)
        if let parent {
            pairSlots.append(slot)
            pairEnds.append((parent, row))
        }
        for child in node.simpleChildren {
            // A top-level scalar, the usual case, needs no trail: only an error would read it.
            if child.path.count == 1, let text = document[child.path[0]]?.scalarText {
                addValueRow(child.targetIndex, instance.pool.intern(text), from: row, slot: child.slot)
                continue
            }
            if let value = try lookup(document, child.path) {
                try simpleValues(value, target: child.targetIndex, from: row, slot: child.slot)
                trail.removeLast(child.path.count)
            }
        }
        for child in node.complexChildren {
            if let value = try lookup(document, child.path) {
                try expand(child.node, value, parent: row, slot: child.slot)
                trail.removeLast(child.path.count)
            }
        }
        return row
    }

    private func missingIdMessage(_ node: ImportPlan.Node, start: Int) -> String {
        let object = node.object
        let missing = object.ids.map { id in
            id.filter { rowValues[start + object.superId.firstIndex(of: $0)!] < 0 }.map { "\"\($0)\"" }
                .joined(separator: ", ")
        }
        return "\(object.displayName) cannot be identified: missing values for \(missing.joined(separator: " or "))"
    }

    /// Follows `path` through nested objects; nil when a field on the way is missing or null. On
    /// success the path's keys are left on the trail (the caller removes them).
    private func lookup(_ document: JSONValue, _ path: [String]) throws(Rejection) -> JSONValue? {
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

    private func value(
        of source: ImportPlan.ValueSource?, _ document: JSONValue, entry: JSONMember?, parent: Int?
    ) throws(Rejection) -> Int32 {
        switch source {
        case nil:
            return -1
        case .parent(let position)?:
            guard let parent else { return -1 }
            return rowValues[rowStarts[parent] + position]
        case .entryKey?:
            return entry.map { instance.pool.intern($0.key) } ?? -1
        case .entryValue(let path)?:
            guard let entry else { return -1 }
            return try scalar(entry.value, path)
        case .field(let path)?:
            return try scalar(document, path)
        }
    }

    private func scalar(_ document: JSONValue, _ path: [String]) throws(Rejection) -> Int32 {
        if path.count == 1, let text = document[path[0]]?.scalarText { return instance.pool.intern(text) }
        guard let value = try lookup(document, path) else { return -1 }
        defer { trail.removeLast(path.count) }
        guard let text = value.scalarText else {
            throw reject("an identifying value must be a single value, found \(value.kindName)")
        }
        return instance.pool.intern(text)
    }

    private func simpleValues(_ value: JSONValue, target: Int, from row: Int, slot: Int) throws(Rejection) {
        if let text = value.scalarText {
            addValueRow(target, instance.pool.intern(text), from: row, slot: slot)
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
            addValueRow(target, instance.pool.intern(text), from: row, slot: slot)
        }
    }

    private func addValueRow(_ target: Int, _ value: Int32, from row: Int, slot: Int) {
        let valueRow = rowObjects.count
        rowObjects.append(target)
        rowStarts.append(rowValues.count)
        rowValues.append(value)
        pairSlots.append(slot)
        pairEnds.append((row, valueRow))
    }

    /// A name for a nested document without an identifier, made from where it sits: its parent row,
    /// the morphism, the map key, and for array elements a digest of the content. The same data
    /// imported again gets the same names, so a re-run changes nothing.
    private func technicalId(
        _ document: JSONValue, entry: JSONMember?, parent: Int?, slot: Int, element: Bool
    ) -> String {
        var text = parent.map { token(of: $0) + "/" + plan.signatures[slot].description } ?? ""
        if let entry { text += "/" + escape(entry.key) }
        if element || parent == nil {
            let digest = String((entry?.value ?? document).canonicalDigest, radix: 16)
            text += "#" + String(repeating: "0", count: 16 - digest.count) + digest
        }
        return text
    }

    /// The text that names a pending row: its values of the first id it covers.
    private func token(of row: Int) -> String {
        let object = instance.objects[rowObjects[row]]
        let start = rowStarts[row]
        for positions in object.idPositions where positions.allSatisfy({ rowValues[start + $0] >= 0 }) {
            return positions.map { escape(instance.pool.text(rowValues[start + $0])) }.joined(separator: ",")
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

    // MARK: Phase 2: write

    private func apply() {
        written.removeAll(keepingCapacity: true)
        for index in rowObjects.indices {
            let object = instance.objects[rowObjects[index]]
            let start = rowStarts[index]
            written.append(
                instance.upsert(object: rowObjects[index], values: rowValues[start..<(start + object.arity)]) ?? -1)
        }
        for (index, (dom, cod)) in pairEnds.enumerated() where written[dom] >= 0 && written[cod] >= 0 {
            instance.add(targets[pairSlots[index]], dom: written[dom], cod: written[cod])
        }
    }
}
