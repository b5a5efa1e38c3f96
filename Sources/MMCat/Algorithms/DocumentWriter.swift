/// Writes the records of a ``CategoryToModel`` as JSON documents: nested documents, real arrays,
/// maps as one object keyed by the names; empty arrays and missing values produce no field.
///
/// Values are typed by their object's ``ValueKind``: integers and decimals as numbers, booleans as
/// booleans, everything else as strings. `bigIntegers` says how to write an integer that a double
/// cannot hold exactly (above 2^53): as a string in plain JSON, `NumberLong("…")` in mongosh.
///
/// A writer prepares everything it reads on first use when it is made: from then on it only
/// reads the instance, so several threads may write documents with one writer at once.
///
/// ```swift
/// // given: model: CategoryToModel, row: Int32
/// var out = TextOutput()
/// DocumentWriter(model: model).write(row, to: &out)
/// ```
public struct DocumentWriter: @unchecked Sendable {
    public enum BigIntegers {
        case string
        case numberLong
    }

    public let model: CategoryToModel
    public let bigIntegers: BigIntegers
    /// The access path prepared for writing (see ``Field``).
    private let root: Field
    /// The instance's values, held here: read through the instance, each value written would
    /// copy the pool's arrays in and out (a retain and a release each).
    private let pool: ValuePool

    public init(model: CategoryToModel, bigIntegers: BigIntegers = .string) {
        self.model = model
        self.bigIntegers = bigIntegers
        self.root = Field(model.root, in: model)
        self.pool = model.instance.pool
    }

    /// A node of the access path prepared for writing millions of documents: its field name
    /// already escaped as a JSON key, its values' kind known, its shape decided once.
    private final class Field {
        enum Shape {
            /// A nested object of the parent row's own fields.
            case auxiliary
            /// One value.
            case value
            /// An array of values.
            case values
            /// Nested documents (an object, or an array of them): rows the signature reaches.
            case nested
        }

        let node: CategoryToModel.Node
        let shape: Shape
        /// `"name": ` (empty for the dynamically named child of a map), in memory the field owns:
        /// written for every row, an array would be retained and released each time.
        let key: UnsafeMutableBufferPointer<UInt8>
        let kind: ValueKind
        /// For a single value: the node's column (its value for every parent row), held here
        /// where reading it retains nothing (the node's column is a variable of another class).
        let column: [Int32]
        /// The fixed-named children, in order.
        let children: [Field]
        let dynamicChild: Field?

        init(_ node: CategoryToModel.Node, in model: CategoryToModel) {
            self.node = node
            if node.isAuxiliary {
                shape = .auxiliary
            } else if node.isComplex {
                shape = .nested
            } else {
                shape = node.isArray ? .values : .value
            }
            var key = TextOutput()
            if let name = node.name.fixedName {
                key.writeJSONString(name)
                key.write(": ")
            }
            self.key = .allocate(capacity: key.bytes.count)
            _ = self.key.initialize(from: key.bytes)
            kind = node.isComplex ? .text : model.kind(of: node.objectIndex)
            model.prepare(node)
            column = shape == .value ? node.column ?? [] : []
            let compiled = (node.children ?? []).map { Field($0, in: model) }
            children = compiled.filter { $0.node.name.fixedName != nil }
            dynamicChild = compiled.first { $0.node.name.fixedName == nil }
        }

        deinit {
            key.deallocate()
        }
    }

    /// Writes the document of one root row.
    public func write(_ row: Int32, to out: inout TextOutput) {
        out.write(byte: UInt8(ascii: "{"))
        var first = true
        if root.dynamicChild != nil {
            writeMapBody(root, rows: [row], to: &out, first: &first)
        } else {
            writeBody(root, row: row, to: &out, first: &first)
        }
        out.write(byte: UInt8(ascii: "}"))
    }

    @inline(__always)
    private func key(_ field: Field, _ out: inout TextOutput, _ first: inout Bool) {
        if !first { separator(&out) }
        first = false
        out.write(bytes: UnsafeBufferPointer(field.key))
    }

    /// `, ` between fields and elements (two bytes: no array to retain per field).
    @inline(__always)
    private func separator(_ out: inout TextOutput) {
        out.write(byte: UInt8(ascii: ","))
        out.write(byte: UInt8(ascii: " "))
    }

    /// Writes the named fields of `field` for `row`, without braces.
    private func writeBody(_ parent: Field, row: Int32, to out: inout TextOutput, first: inout Bool) {
        for index in parent.children.indices {
            // The parent holds its children while they are written: no retain per field and row.
            unowned(unsafe) let child = parent.children[index]
            let mark = out.count
            let wasFirst = first
            switch child.shape {
            case .value:
                let value = child.column.withUnsafeBufferPointer { Int(row) < $0.count ? $0[Int(row)] : -1 }
                guard value >= 0 else { continue }
                key(child, &out, &first)
                writeValue(value, kind: child.kind, to: &out)
            case .values:
                let values = model.values(of: child.node, from: row)
                guard !values.isEmpty else { continue }
                key(child, &out, &first)
                writeValues(values, kind: child.kind, asArray: true, to: &out)
            case .auxiliary:
                key(child, &out, &first)
                out.write(byte: UInt8(ascii: "{"))
                var innerFirst = true
                writeBody(child, row: row, to: &out, first: &innerFirst)
                if innerFirst {
                    out.truncate(to: mark)
                    first = wasFirst
                } else {
                    out.write(byte: UInt8(ascii: "}"))
                }
            case .nested:
                let rows = model.targets(of: child.node, from: row)
                guard !rows.isEmpty else { continue }
                key(child, &out, &first)
                if child.node.isArray && child.dynamicChild == nil {
                    out.write(byte: UInt8(ascii: "["))
                    for (index, element) in rows.enumerated() {
                        if index > 0 { separator(&out) }
                        out.write(byte: UInt8(ascii: "{"))
                        var innerFirst = true
                        writeBody(child, row: element, to: &out, first: &innerFirst)
                        out.write(byte: UInt8(ascii: "}"))
                    }
                    out.write(byte: UInt8(ascii: "]"))
                    continue
                }
                out.write(byte: UInt8(ascii: "{"))
                var innerFirst = true
                if child.dynamicChild != nil {
                    writeMapBody(child, rows: rows, to: &out, first: &innerFirst)
                } else {
                    writeBody(child, row: rows[0], to: &out, first: &innerFirst)
                }
                if innerFirst {
                    // An empty document counts as missing: take the field back.
                    out.truncate(to: mark)
                    first = wasFirst
                } else {
                    out.write(byte: UInt8(ascii: "}"))
                }
            }
        }
    }

    /// Writes a map: the fixed fields (from the first entry row), then one entry per row.
    private func writeMapBody(_ parent: Field, rows: [Int32], to out: inout TextOutput, first: inout Bool) {
        guard let dynamic = parent.dynamicChild, let firstRow = rows.first else { return }
        writeBody(parent, row: firstRow, to: &out, first: &first)
        var written = Set<Int32>()
        for row in rows {
            guard let name = model.entryName(dynamic.node, row: row), written.insert(name).inserted else { continue }
            if dynamic.node.isComplex {
                let targets = model.targets(of: dynamic.node, from: row)
                guard !targets.isEmpty else { continue }
                entryKey(name, &out, &first)
                if dynamic.node.isArray { out.write("[") }
                for (index, target) in targets.enumerated() {
                    out.write(index == 0 ? "{" : ", {")
                    var innerFirst = true
                    writeBody(dynamic, row: target, to: &out, first: &innerFirst)
                    out.write("}")
                    if !dynamic.node.isArray { break }
                }
                if dynamic.node.isArray { out.write("]") }
            } else {
                let values = model.values(of: dynamic.node, from: row)
                guard !values.isEmpty else { continue }
                entryKey(name, &out, &first)
                writeValues(values, kind: dynamic.kind, asArray: dynamic.node.isArray, to: &out)
            }
        }
    }

    /// The key of a map entry: its name, a value of the instance.
    private func entryKey(_ name: Int32, _ out: inout TextOutput, _ first: inout Bool) {
        if !first { separator(&out) }
        first = false
        out.writeJSONString(pool.text(name))
        out.write(": ")
    }

    private func writeValues(_ values: [Int32], kind: ValueKind, asArray: Bool, to out: inout TextOutput) {
        guard asArray else {
            writeValue(values[0], kind: kind, to: &out)
            return
        }
        out.write("[")
        for (index, value) in values.enumerated() {
            if index > 0 { out.write(", ") }
            writeValue(value, kind: kind, to: &out)
        }
        out.write("]")
    }

    /// Writes one value as its kind says.
    public func writeValue(_ value: Int32, kind: ValueKind, to out: inout TextOutput) {
        let text = pool.text(value)
        switch kind {
        case .integer:
            // Fifteen characters hold at most fifteen digits, below 2^53: no need to parse them.
            if text.utf8.count > 15, let number = Int64(text), number.magnitude > 1 << 53 {
                switch bigIntegers {
                case .string: out.writeJSONString(text)
                case .numberLong: out.write("NumberLong(\"\(text)\")")
                }
            } else {
                out.write(text)
            }
        case .decimal, .boolean: out.write(text)
        case .text: out.writeJSONString(text)
        }
    }
}
