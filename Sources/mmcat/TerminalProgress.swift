import Foundation
import MMCat

/// A record source that shows how far it has read on standard error while standard error is a
/// terminal (`order: 120000 of 500000 records`, rewritten in place every 10,000 records, erased
/// at the end), and stays silent when it is a file or a pipe, so logs get no progress noise.
struct TerminalProgress: RecordSource {
    var base: any RecordSource
    let kind: String
    private let shown = isatty(STDERR_FILENO) == 1
    private var done = 0

    init(_ base: any RecordSource, kind: String) {
        self.base = base
        self.kind = kind
    }

    var totalRecords: Int? { base.totalRecords }

    mutating func next() throws(InputError) -> SourceRecord? {
        let record = try base.next()
        guard shown else { return record }
        if record == nil {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        } else {
            done += 1
            if done % 10_000 == 0 {
                let total = base.totalRecords.map { " of \($0)" } ?? ""
                FileHandle.standardError.write(Data("\r\u{1B}[K\(kind): \(done)\(total) records".utf8))
            }
        }
        return record
    }
}
