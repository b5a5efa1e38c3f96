import Foundation
import MMCat
import Synchronization

/// Batches handed from a working thread to the caller, at most `depth` waiting, then the end:
/// success, or the error that stopped the work. The caller can tell the worker that it is waiting
/// (``isWaiting``), so a slow source hands over what it has at once, and can stop it.
final class BatchQueue<Batch: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var end: Result<Void, InputError>?
    /// Set once by ``stop()``; read by the worker after every record, so it is atomic.
    private let stopped = Atomic(false)
    private let depth: Int
    /// Whether the caller is waiting for a batch, read by the reader after every record.
    private let waiting = Atomic(false)

    init(depth: Int) {
        self.depth = depth
    }

    var isWaiting: Bool { waiting.load(ordering: .relaxed) }

    var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Adds a batch (waiting while `depth` wait already); `end` set marks the last one.
    private func put(_ batch: Batch?, end: Result<Void, InputError>?) {
        condition.withLock {
            while batches.count >= depth && !isStopped { condition.wait() }
            if let batch { batches.append(batch) }
            if let end { self.end = end }
            condition.broadcast()
        }
    }

    /// Hands over what one round of the worker made: its batch (nil when it made none) and how
    /// the round ended. Returns whether the worker goes on: not after the source's error, nor
    /// after a round that found nothing more (the end).
    func handOver(_ batch: Batch?, after round: Result<Void, InputError>) -> Bool {
        if case .failure = round {
            put(batch, end: round)
            return false
        }
        guard let batch else {
            put(nil, end: .success(()))
            return false
        }
        put(batch, end: nil)
        return true
    }

    /// The next batch; nil after the last, or the source's error once its records are taken.
    func take() throws(InputError) -> Batch? {
        let next: Result<Batch?, InputError> = condition.withLock {
            while batches.isEmpty && end == nil {
                waiting.store(true, ordering: .relaxed)
                condition.wait()
            }
            waiting.store(false, ordering: .relaxed)
            if !batches.isEmpty {
                condition.broadcast()
                return .success(batches.removeFirst())
            }
            switch end {
            case .failure(let error): return .failure(error)
            default: return .success(nil)
            }
        }
        return try next.get()
    }

    func stop() {
        condition.withLock {
            stopped.store(true, ordering: .relaxed)
            condition.broadcast()
        }
    }
}
