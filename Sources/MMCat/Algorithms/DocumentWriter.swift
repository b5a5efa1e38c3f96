/// Writes the records of a ``CategoryToModel`` as JSON documents: nested documents, real arrays,
/// maps as one object keyed by the names; empty arrays and missing values produce no field.
///
/// Values are typed by their object's ``ValueKind``: integers and decimals as numbers, booleans as
/// booleans, everything else as strings. `bigIntegers` says how to write an integer that a double
/// cannot hold exactly (above 2^53): as a string in plain JSON, `NumberLong("…")` in mongosh.
///
/// ```swift
/// // given: model: CategoryToModel, row: Int32
/// var out = TextOutput()
/// DocumentWriter(model: model).write(row, to: &out)
/// ```
public struct DocumentWriter {
    public enum BigIntegers {
        case string
        case numberLong
    }

    public let model: CategoryToModel
    public let bigIntegers: BigIntegers

    public init(model: CategoryToModel, bigIntegers: BigIntegers = .string) {
        self.model = model
        self.bigIntegers = bigIntegers
    }

    /// Writes the document of one root row.
    public func write(_ row: Int32, to out: inout TextOutput) {
        out.write("{")
        var first = true
        if model.root.dynamicChild != nil {
            writeMapBody(model.root, rows: [row], to: &out, first: &first)
        } else {
            writeBody(model.root, row: row, to: &out, first: &first)
        }
        out.write("}")
    }

    private func key(_ name: String, _ out: inout TextOutput, _ first: inout Bool) {
        out.write(first ? "" : ", ")
        first = false
        out.writeJSONString(name)
        out.write(": ")
    }

    /// Writes the named fields of `node` for `row`, without braces.
    private func writeBody(_ node: CategoryToModel.Node, row: Int32, to out: inout TextOutput, first: inout Bool) {
        for child in node.children ?? [] {
            guard let name = child.name.fixedName else { continue }
            let mark = out.count
            let wasFirst = first
            if child.isAuxiliary {
                key(name, &out, &first)
                out.write("{")
                var innerFirst = true
                writeBody(child, row: row, to: &out, first: &innerFirst)
                if innerFirst {
                    out.truncate(to: mark)
                    first = wasFirst
                } else {
                    out.write("}")
                }
            } else if !child.isComplex && !child.isArray {
                guard let value = model.value(of: child, from: row) else { continue }
                key(name, &out, &first)
                writeValue(value, kind: model.kind(of: child.objectIndex), to: &out)
            } else if !child.isComplex {
                let values = model.values(of: child, from: row)
                guard !values.isEmpty else { continue }
                key(name, &out, &first)
                writeValues(values, kind: model.kind(of: child.objectIndex), asArray: true, to: &out)
            } else {
                let rows = model.targets(of: child, from: row)
                guard !rows.isEmpty else { continue }
                key(name, &out, &first)
                if child.isArray && child.dynamicChild == nil {
                    out.write("[")
                    for (index, element) in rows.enumerated() {
                        out.write(index == 0 ? "{" : ", {")
                        var innerFirst = true
                        writeBody(child, row: element, to: &out, first: &innerFirst)
                        out.write("}")
                    }
                    out.write("]")
                    continue
                }
                out.write("{")
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
                    out.write("}")
                }
            }
        }
    }

    /// Writes a map: the fixed fields (from the first entry row), then one entry per row.
    private func writeMapBody(
        _ node: CategoryToModel.Node, rows: [Int32], to out: inout TextOutput, first: inout Bool
    ) {
        guard let dynamic = node.dynamicChild, let firstRow = rows.first else { return }
        writeBody(node, row: firstRow, to: &out, first: &first)
        var written = Set<Int32>()
        for row in rows {
            guard let name = model.entryName(dynamic, row: row), written.insert(name).inserted else { continue }
            if dynamic.isComplex {
                let targets = model.targets(of: dynamic, from: row)
                guard !targets.isEmpty else { continue }
                key(model.instance.pool.text(name), &out, &first)
                if dynamic.isArray { out.write("[") }
                for (index, target) in targets.enumerated() {
                    out.write(index == 0 ? "{" : ", {")
                    var innerFirst = true
                    writeBody(dynamic, row: target, to: &out, first: &innerFirst)
                    out.write("}")
                    if !dynamic.isArray { break }
                }
                if dynamic.isArray { out.write("]") }
            } else {
                let values = model.values(of: dynamic, from: row)
                guard !values.isEmpty else { continue }
                key(model.instance.pool.text(name), &out, &first)
                writeValues(values, kind: model.kind(of: dynamic.objectIndex), asArray: dynamic.isArray, to: &out)
            }
        }
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
        let text = model.instance.pool.text(value)
        switch kind {
        case .integer:
            if let number = Int64(text), number.magnitude > 1 << 53 {
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
