import MMCat

/// What a migration did, per kind and in total, as pgloader reports it: records read, imported
/// and rejected from the source, records written to the target, and seconds. Printed as a table
/// and, with `--summary`, written as JSON.
struct MigrationSummary: Encodable {
    struct Kind: Encodable {
        var kind: String
        var read = 0
        var imported = 0
        var rejected = 0
        var written = 0
        var seconds = 0.0
    }

    private(set) var kinds: [Kind] = []

    var read: Int { kinds.reduce(0) { $0 + $1.read } }
    var imported: Int { kinds.reduce(0) { $0 + $1.imported } }
    var rejected: Int { kinds.reduce(0) { $0 + $1.rejected } }
    var written: Int { kinds.reduce(0) { $0 + $1.written } }
    var seconds: Double { kinds.reduce(0) { $0 + $1.seconds } }

    mutating func imported(_ kind: String, _ result: ModelToCategory.Summary, seconds: Double) {
        update(kind) {
            $0.read += result.read
            $0.imported += result.imported
            $0.rejected += result.rejected
            $0.seconds += seconds
        }
    }

    /// Records the target refused or that were left out for it, counted with the kind's rejected ones.
    mutating func rejectedOnTarget(_ kind: String, _ count: Int) {
        update(kind) { $0.rejected += count }
    }

    mutating func written(_ kind: String, _ count: Int, seconds: Double) {
        update(kind) {
            $0.written += count
            $0.seconds += seconds
        }
    }

    private mutating func update(_ kind: String, _ change: (inout Kind) -> Void) {
        if let index = kinds.firstIndex(where: { $0.kind == kind }) {
            change(&kinds[index])
        } else {
            var entry = Kind(kind: kind)
            change(&entry)
            kinds.append(entry)
        }
    }

    /// The table: a line per kind, then the total.
    var text: String {
        let width = max(12, kinds.map(\.kind.count).max() ?? 0)
        func line(_ name: String, _ cells: [String]) -> String {
            name.padding(toLength: width, withPad: " ", startingAt: 0)
                + cells.map { String(repeating: " ", count: max(0, 11 - $0.count)) + $0 }.joined() + "\n"
        }
        func number(_ value: Int) -> String { String(value) }
        func time(_ value: Double) -> String {
            let hundredths = Int((value * 100).rounded())
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)s"
        }
        var text = line("kind", ["read", "imported", "rejected", "written", "time"])
        for kind in kinds {
            text += line(
                kind.kind,
                [
                    number(kind.read), number(kind.imported), number(kind.rejected), number(kind.written),
                    time(kind.seconds),
                ])
        }
        text += line("total", [number(read), number(imported), number(rejected), number(written), time(seconds)])
        return text
    }

    enum CodingKeys: String, CodingKey {
        case kinds, total
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kinds, forKey: .kinds)
        try container.encode(
            Kind(kind: "total", read: read, imported: imported, rejected: rejected, written: written, seconds: seconds),
            forKey: .total)
    }
}
