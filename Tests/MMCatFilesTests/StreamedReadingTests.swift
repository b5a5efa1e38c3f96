import Foundation
import MMCat
import MMCatFiles
import MMCatTestSupport
import PropertyBased
import Testing

/// A JSON or CSV input read a piece at a time gives exactly what it gives read whole: the same
/// records, and for a broken input the same records before the same error (line, column and
/// message). Inputs are generated (JSON Lines, documents written over many lines, one top-level
/// array, quoted CSV fields holding commas, quotes and line breaks, blank lines, CRLF, a byte
/// order mark, escapes and text of every width) and fed in pieces of a few bytes, so that every
/// kind of token meets a piece's end somewhere.
@Suite struct StreamedReadingTests {
    static let texts = [
        "plain", "quo\\\"te", "back\\\\slash", "esc\\naped", "caf\\u00e9", "\\ud83e\\uddf8", "🧸 raw", "čaj", "",
    ]
    static let scalars = ["0", "-17", "3.25", "6.02e23", "-1E-9", "true", "false", "null", "12345678901234567890"]

    /// One generated document; `layout` 1 writes one member per line.
    static func document(_ pick: UInt32, index: Int, multiline: Bool) -> String {
        let gap = multiline ? "\n  " : " "
        var members = ["\"n\": \(index)"]
        for field in 0..<Int(pick % 5) {
            let choice = Int(pick >> (4 + field * 3)) &+ index
            let value =
                choice % 3 == 0
                ? "\"\(texts[choice % texts.count])\""
                : choice % 3 == 1
                    ? scalars[choice % scalars.count]
                    : "[\(scalars[choice % scalars.count]),\(gap){\"in\": \"\(texts[(choice / 3) % texts.count])\"}]"
            members.append("\"f\(field)\":\(gap)\(value)")
        }
        return "{" + (multiline ? "\n  " : "") + members.joined(separator: ",\(gap)") + (multiline ? "\n}" : "}")
    }

    /// A whole generated input of 40 documents in one of four layouts.
    static func input(_ picks: [UInt32]) -> [UInt8] {
        let layout = picks[0] % 4
        let documents = (0..<40).map { index in
            document(picks[index % picks.count], index: index, multiline: layout == 1 && index % 2 == 0)
        }
        var text: String
        switch layout {
        case 2: text = "[\n" + documents.joined(separator: ",\n") + "\n]\n"
        case 3: text = documents.joined(separator: "\r\n\r\n") + "\r\n"
        default: text = documents.joined(separator: "\n") + "\n"
        }
        if picks[1] % 5 == 0 { text = "\u{FEFF}" + text }
        return Array(text.utf8)
    }

    /// The records read before the end or the first error, and that error.
    static func read(_ reader: () throws(InputError) -> any RecordSource) -> ([SourceRecord], String?) {
        var records: [SourceRecord] = []
        do {
            var source = try reader()
            while let record = try source.next() { records.append(record) }
            return (records, nil)
        } catch {
            return (records, error.description)
        }
    }

    /// `bytes` handed out a few bytes at a time, the piece sizes drawn from `picks`.
    static func pieces(of bytes: [UInt8], _ picks: [UInt32]) -> InputChunks {
        var position = 0
        var turn = 0
        return { (buffer: inout [UInt8], count: Int) throws(InputError) -> Bool in
            guard position < bytes.count else { return false }
            let size = min(count, Int(picks[turn % picks.count] % 23) + 1, bytes.count - position)
            turn += 1
            buffer.append(contentsOf: bytes[position..<(position + size)])
            position += size
            return true
        }
    }

    static func sameReading(_ bytes: [UInt8], _ picks: [UInt32], csv: Bool = false) -> (Bool, String) {
        let whole = read { () throws(InputError) -> any RecordSource in
            csv
                ? try CSVRecordReader(bytes: bytes, file: "in.csv")
                : try JSONRecordReader(bytes: bytes, file: "in.json")
        }
        let streamed = read { () throws(InputError) -> any RecordSource in
            csv
                ? try CSVRecordReader(file: "in.csv", chunks: pieces(of: bytes, picks))
                : try JSONRecordReader(file: "in.json", chunks: pieces(of: bytes, picks))
        }
        let same =
            whole.1 == streamed.1 && whole.0.map(\.number) == streamed.0.map(\.number)
            && whole.0.map(\.value) == streamed.0.map(\.value)
        return (
            same,
            "whole: \(whole.0.count) records, \(whole.1 ?? "no error"); "
                + "streamed: \(streamed.0.count) records, \(streamed.1 ?? "no error")"
        )
    }

    static var picks: Generator<[UInt32], Shrink.None<[UInt32]>> {
        Gen<UInt32>.value(in: 0...UInt32.max).array(of: 16).withoutShrink()
    }

    @Test func streamedRecordsAreTheWholeOnes() async {
        await propertyCheck(count: 300, input: Self.picks) { picks in
            let bytes = Self.input(picks)
            let (same, report) = Self.sameReading(bytes, picks)
            #expect(same, "\(report)\n\(String(decoding: bytes, as: UTF8.self))")
            // And the generated input is valid: every document is read.
            #expect(report.hasPrefix("whole: 40 records, no error"), "\(report)")
        }
    }

    /// `bytes` with one byte changed to, or added as, one of `breakages`, or removed, as `picks` say.
    static func broken(_ bytes: [UInt8], _ picks: [UInt32], with breakages: [UInt8]) -> [UInt8] {
        var bytes = bytes
        let at = Int(picks[2] % UInt32(bytes.count))
        let breakage = breakages[Int(picks[4]) % breakages.count]
        switch picks[3] % 3 {
        case 0: bytes[at] = breakage
        case 1: bytes.remove(at: at)
        default: bytes.insert(breakage, at: at)
        }
        return bytes
    }

    /// One byte changed, removed or added anywhere: the same records come before the same error.
    @Test func aBrokenInputFailsAtTheSamePlace() async {
        await propertyCheck(count: 500, input: Self.picks) { picks in
            let bytes = Self.broken(Self.input(picks), picks, with: Array("}#\"\n,".utf8))
            let (same, report) = Self.sameReading(bytes, picks)
            #expect(same, "\(report)\n\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// A generated CSV file of 30 rows: quoted fields with commas, doubled quotes, line breaks
    /// and text of every width, empty fields, CRLF or LF, blank lines, sometimes a byte order mark.
    static func csv(_ picks: [UInt32]) -> [UInt8] {
        let cells = ["plain", "\"a, b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "čaj", "🧸", "", "\"\"", "42"]
        let end = picks[0] % 2 == 0 ? "\n" : "\r\n"
        var lines = ["id,name,note"]
        for row in 0..<30 {
            let pick = Int(picks[row % picks.count] >> (row % 7))
            lines.append("\(row),\(cells[pick % cells.count]),\(cells[(pick / 9) % cells.count])")
            if pick % 11 == 0 { lines.append("") }
        }
        return Array(((picks[1] % 5 == 0 ? "\u{FEFF}" : "") + lines.joined(separator: end) + end).utf8)
    }

    @Test func streamedCSVIsTheWholeCSV() async {
        await propertyCheck(count: 300, input: Self.picks) { picks in
            let bytes = Self.csv(picks)
            let (same, report) = Self.sameReading(bytes, picks, csv: true)
            #expect(same, "\(report)\n\(String(decoding: bytes, as: UTF8.self))")
            #expect(report.hasPrefix("whole: 30 records, no error"), "\(report)")
        }
    }

    /// One byte of a CSV file changed, removed or added (a lone half of a two-byte character
    /// among them): the same records, then the same error.
    @Test func aBrokenCSVFailsAtTheSamePlace() async {
        await propertyCheck(count: 500, input: Self.picks) { picks in
            let bytes = Self.broken(Self.csv(picks), picks, with: Array("\",\n".utf8) + [0xC4, 0x0D])
            let (same, report) = Self.sameReading(bytes, picks, csv: true)
            #expect(same, "\(report)\n\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// A file larger than a reading piece (a megabyte), and a document longer than one, read
    /// through the folder's kind file: the records of the whole text, and errors on their line.
    @Test func aLargeFileIsReadInPieces() throws {
        let folder = try TestSupport.temporaryDirectory()
        let long = String(repeating: "x", count: 1_500_000)
        var lines = (0..<30_000).map { index in
            Self.document(UInt32(truncatingIfNeeded: index &* 2_654_435_761), index: index, multiline: false)
        }
        lines.insert("{\"long\": \"\(long)\"}", at: 12_345)
        let text = lines.joined(separator: "\n") + "\n{\"broken\": tru}\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("big.jsonl"))
        let path = folder.appendingPathComponent("big.jsonl").path
        let whole = Self.read { () throws(InputError) in try JSONRecordReader(bytes: Array(text.utf8), file: path) }
        let streamed = Self.read { () throws(InputError) in try FileKindSource.open(folder: folder.path, kind: "big") }
        #expect(streamed.0.count == 30_001)
        let same = whole.0.map(\.value) == streamed.0.map(\.value)
        #expect(same)
        #expect(streamed.0[12_345].value["long"] == .string(long))
        #expect(streamed.1 == "\(path): line 30002, column 12: invalid literal, expected true")
        #expect(whole.1 == streamed.1)
    }
}
