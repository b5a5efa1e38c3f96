import MMCat

/// One page of what a mapping's kind would hold if the session's instance category were exported
/// now: the documents (a document family) or the rows (a family of flat kinds, keyed by column)
/// that Category to Model writes, in the order it writes them, and how many there are in all.
struct PreviewAnswer: Encodable {
    var mapping: Int64
    var kind: String
    var flat: Bool
    var page: Int
    var size: Int
    var total: Int
    /// Rows among them that lack a value the schema requires (a target that enforces its
    /// constraints refuses them; the export job's log names them).
    var incomplete: Int
    var records: [JSONValue]

    init(mapping: Int64, model: CategoryToModel, flat: Bool, page: Int, size: Int) throws(InputError) {
        self.mapping = mapping
        kind = model.mapping.kindName
        self.flat = flat
        self.page = page
        self.size = size
        let rows = model.rootRows()
        total = rows.count
        incomplete = model.incompleteRows().count
        let slice = rows.dropFirst((page - 1) * size).prefix(size)
        if flat {
            let layout = try FlatLayout(model: model, targetName: "the preview")
            records = slice.map { row in
                .object(
                    layout.columns.compactMap { column in
                        let values = layout.values(column, row: row).map {
                            JSONValue.string(model.instance.pool.text($0))
                        }
                        if values.isEmpty { return nil }
                        return JSONMember(column.name, column.isArray ? .array(values) : values[0])
                    })
            }
        } else {
            let writer = DocumentWriter(model: model)
            records = try slice.map { row throws(InputError) in
                var out = TextOutput()
                writer.write(row, to: &out)
                return try JSONParser.parse(out.text, file: "preview")
            }
        }
    }
}
