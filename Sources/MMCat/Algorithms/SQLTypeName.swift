/// A column type as a source database spelled it, checked to be safe to write unquoted into DDL:
/// ASCII words (letters, digits, `_`, not starting with a digit) separated by spaces, at most one
/// parenthesized list of one or two numbers (after a word, with more words allowed after it, as
/// in `timestamp(3) with time zone`), and an optional trailing `[]`. Anything else (a quote, a
/// semicolon, a comment, a non-ASCII letter) is not a type name, and the column is typed by its
/// values instead.
///
/// ```swift
/// SQLTypeName("numeric(15,2)")?.base          // "numeric"
/// SQLTypeName("text); DROP TABLE x; --")      // nil
/// ```
public struct SQLTypeName: Sendable, Equatable {
    /// The type as written, spaces normalized (`timestamp(3) with time zone`, `numeric(15,2)`).
    public let text: String
    /// Its words without the numbers, lowercased (`timestamp with time zone`, `numeric`).
    public let base: String

    public init?(_ spelled: String) {
        let bytes = Array(spelled.utf8)
        guard !bytes.isEmpty, bytes.count <= 64 else { return nil }
        var pieces: [String] = []  // words, and the one "(n,m)" group, in order
        var words: [String] = []
        var index = 0
        var sawNumbers = false
        var isArray = false
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 {
                index += 1
            } else if isWordByte(byte) {
                guard !isArray else { return nil }
                let start = index
                while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
                let word = String(decoding: bytes[start..<index], as: UTF8.self)
                guard let first = word.utf8.first, !(first >= 0x30 && first <= 0x39) else { return nil }
                pieces.append(word)
                words.append(word)
            } else if byte == 0x28, !sawNumbers, !words.isEmpty, !isArray {
                sawNumbers = true
                index += 1
                var numbers: [String] = []
                var number: [UInt8] = []
                while index < bytes.count, bytes[index] != 0x29 {
                    let inner = bytes[index]
                    if inner >= 0x30 && inner <= 0x39 {
                        number.append(inner)
                    } else if inner == 0x2C, !number.isEmpty {
                        numbers.append(String(decoding: number, as: UTF8.self))
                        number = []
                    } else if inner != 0x20 {
                        return nil
                    }
                    index += 1
                }
                guard index < bytes.count, !number.isEmpty else { return nil }
                numbers.append(String(decoding: number, as: UTF8.self))
                guard numbers.count <= 2 else { return nil }
                pieces[pieces.count - 1] += "(" + numbers.joined(separator: ",") + ")"
                index += 1
            } else if byte == 0x5B, index + 1 < bytes.count, bytes[index + 1] == 0x5D, !isArray, !words.isEmpty {
                isArray = true
                index += 2
            } else {
                return nil
            }
        }
        guard !words.isEmpty else { return nil }
        text = pieces.joined(separator: " ") + (isArray ? "[]" : "")
        base = words.joined(separator: " ").lowercased()
    }
}
