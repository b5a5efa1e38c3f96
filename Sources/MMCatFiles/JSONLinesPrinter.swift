import MMCat

/// Prints a model for a folder of files: the documents as JSON Lines, ready to be saved as
/// `KIND.jsonl` and read back by ``FileKindSource``.
public struct JSONLinesPrinter: ModelPrinter {
    public let target = "jsonl"
    public let fileExtension = "jsonl"

    public init() {}

    public func print(_ model: CategoryToModel, to out: inout TextOutput) throws(InputError) {
        let writer = DocumentWriter(model: model)
        for row in model.rootRows() {
            writer.write(row, to: &out)
            out.write("\n")
            out.flushIfNeeded()
        }
    }
}
