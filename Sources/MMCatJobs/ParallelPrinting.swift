import Foundation
import MMCat

/// Category to Model on every core: the root rows of a ``RowwisePrinter``'s model (JSON Lines,
/// mongosh) are written in pieces by a few threads, and the caller's thread joins the pieces in
/// order into the output, handing a streamed output its chunks as they fill. The bytes are the
/// ones ``ModelPrinter/print(_:to:)`` writes on one thread; at most two pieces per thread wait,
/// so memory stays bounded however large the model is. Other printers, and small models, print
/// on the caller's thread.
///
/// ```swift
/// // given: model: CategoryToModel, printer: any ModelPrinter
/// var out = TextOutput()
/// try ParallelPrinting.print(model, with: printer, to: &out)
/// ```
package enum ParallelPrinting {
    /// Below this many pieces, threads cost more than they save.
    static let minimumPieces = 4

    package static func print(
        _ model: CategoryToModel, with printer: any ModelPrinter, to out: inout TextOutput,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(InputError) {
        guard let rowwise = printer as? any RowwisePrinter, threads > 1 else {
            return try printer.print(model, to: &out)
        }
        let prepared = try rowwise.rowwise(model)
        let pieces = prepared.pieces
        guard pieces.count >= minimumPieces else { return prepared.print(to: &out) }
        let board = PieceBoard(model: prepared, pieces: pieces, window: 2 * threads)
        let finished = DispatchGroup()
        for _ in 0..<threads {
            finished.enter()
            let thread = Thread {
                board.work()
                finished.leave()
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
        out.write(bytes: prepared.head)
        for index in pieces.indices {
            out.write(bytes: board.take(index))
            out.flushIfNeeded()
        }
        out.write(bytes: prepared.tail)
        finished.wait()
    }
}

/// The pieces between the writing threads and the joining one: the next piece to take up, the
/// written pieces not yet joined, and a window that keeps writers at most `window` pieces ahead
/// of the join.
private final class PieceBoard: @unchecked Sendable {
    private let condition = NSCondition()
    private let model: RowwiseModel
    private let pieces: [Range<Int>]
    private let window: Int
    private var nextPiece = 0
    private var joined = 0
    private var written: [Int: [UInt8]] = [:]

    init(model: RowwiseModel, pieces: [Range<Int>], window: Int) {
        self.model = model
        self.pieces = pieces
        self.window = window
    }

    /// Takes up pieces in order and writes them until none is left.
    func work() {
        while true {
            let index: Int? = condition.withLock {
                while nextPiece < pieces.count && nextPiece - joined >= window { condition.wait() }
                guard nextPiece < pieces.count else { return nil }
                nextPiece += 1
                return nextPiece - 1
            }
            guard let index else { return }
            var out = TextOutput()
            model.write(pieces[index], to: &out)
            condition.withLock {
                written[index] = out.bytes
                condition.broadcast()
            }
        }
    }

    /// The bytes of piece `index`, once written (pieces are taken in order).
    func take(_ index: Int) -> [UInt8] {
        condition.withLock {
            while written[index] == nil { condition.wait() }
            joined += 1
            condition.broadcast()
            return written.removeValue(forKey: index)!
        }
    }
}
