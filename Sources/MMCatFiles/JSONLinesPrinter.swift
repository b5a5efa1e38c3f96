import MMCat

/// Prints a model for a folder of files: the documents as JSON Lines, ready to be saved as
/// `KIND.jsonl` and read back by ``FileKindSource``.
public struct JSONLinesPrinter: RowwisePrinter {
    public let target = "jsonl"
    public let fileExtension = "jsonl"

    public init() {}

    public func rowwise(_ model: CategoryToModel) throws(InputError) -> RowwiseModel {
        let writer = DocumentWriter(model: model)
        let rows = model.rootRows()
        return RowwiseModel(rows: rows) { positions, out in
            for position in positions {
                writer.write(rows[position], to: &out)
                out.write(byte: 0x0A)
            }
        }
    }
}
