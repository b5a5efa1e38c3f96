/// A printer whose script is a head, then something for each root row in order, each written
/// alone, then a tail: a JSON Lines file, a mongosh script of `insertMany` batches. Such a model
/// can be written by several threads at once, each taking a piece of the rows, and joined in
/// order (the jobs layer's `ParallelPrinting` does that); ``ModelPrinter/print(_:to:)`` writes
/// the pieces in turn on the calling thread. Both give the same bytes.
///
/// ```swift
/// // given: model: CategoryToModel
/// let rowwise = try JSONLinesPrinter().rowwise(model)
/// var out = TextOutput()
/// rowwise.write(0..<min(10, rowwise.rows.count), to: &out)   // the first ten documents
/// ```
public protocol RowwisePrinter: ModelPrinter {
    /// The model ready to be written in pieces; checks the mapping as `print` does.
    func rowwise(_ model: CategoryToModel) throws(InputError) -> RowwiseModel
}

extension RowwisePrinter {
    public func print(_ model: CategoryToModel, to out: inout TextOutput) throws(InputError) {
        try rowwise(model).print(to: &out)
    }
}

/// A model in pieces of root rows (see ``RowwisePrinter``). Writing only reads the instance (the
/// printer prepared what it reads when it made this), which is why a model may be handed to
/// other threads and written by several at once.
public struct RowwiseModel: @unchecked Sendable {
    /// What comes before the rows.
    public let head: [UInt8]
    /// The root rows in output order.
    public let rows: [Int32]
    /// What comes after the rows.
    public let tail: [UInt8]
    /// Pieces start at multiples of this many rows (a script's batch of rows is not split).
    public let alignment: Int
    private let writeRows: (Range<Int>, inout TextOutput) -> Void

    public init(
        head: [UInt8] = [], rows: [Int32], tail: [UInt8] = [], alignment: Int = 1,
        writeRows: @escaping (Range<Int>, inout TextOutput) -> Void
    ) {
        self.head = head
        self.rows = rows
        self.tail = tail
        self.alignment = max(1, alignment)
        self.writeRows = writeRows
    }

    /// About 512 rows, a whole number of ``alignment``s: a piece worth handing to a thread.
    public var pieceSize: Int { (511 / alignment + 1) * alignment }

    /// The pieces of ``rows`` in order, each ``pieceSize`` rows (the last one fewer).
    public var pieces: [Range<Int>] {
        stride(from: 0, to: rows.count, by: pieceSize).map { $0..<min($0 + pieceSize, rows.count) }
    }

    /// Writes what the rows at `positions` of ``rows`` become; `positions` starts at a multiple
    /// of ``alignment``.
    public func write(_ positions: Range<Int>, to out: inout TextOutput) {
        writeRows(positions, &out)
    }

    /// Writes the whole model on this thread, handing a streamed output its chunks as they fill.
    public func print(to out: inout TextOutput) {
        out.write(bytes: head)
        for piece in pieces {
            write(piece, to: &out)
            out.flushIfNeeded()
        }
        out.write(bytes: tail)
    }
}
