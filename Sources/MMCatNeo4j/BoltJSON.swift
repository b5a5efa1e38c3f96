import BoltClient
import MMCat

/// Bolt's values as JSON values, the form records take in mmcat: integers and finite floats are
/// numbers (other floats text: `NaN`, `Infinity`), byte arrays text in PostgreSQL's hex form
/// (`\x0aff`), maps objects without their null members (a property that is absent). Nodes and
/// relationships are their properties. Temporal values are ISO 8601 text, as a table or a
/// document keeps them (`2024-02-29`, `2024-02-29T10:00:00.5+01:00`, a zone id after the UTC
/// instant as `2024-02-29T09:00:00Z[Europe/Prague]`, durations `P1M2DT3.5S`); points are
/// objects `{srid, x, y[, z]}`.
///
/// ```swift
/// BoltJSON.value(.structure(tag: 0x44, fields: [.integer(19782)]))   // .string("2024-02-29")
/// ```
public enum BoltJSON {
    public static func value(_ value: BoltValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .boolean(let flag): return .bool(flag)
        case .integer(let number): return .number(String(number))
        case .float(let number): return number.isFinite ? .number(String(number)) : .string(String(number))
        case .bytes(let bytes):
            let digits = Array("0123456789abcdef".utf8)
            var text: [UInt8] = Array("\\x".utf8)
            for byte in bytes {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 15)])
            }
            return .string(String(decoding: text, as: UTF8.self))
        case .string(let text): return .string(text)
        case .list(let elements): return .array(elements.map(Self.value))
        case .map(let members):
            return .object(
                members.compactMap { key, member in
                    member == .null ? nil : JSONMember(key, Self.value(member))
                })
        case .structure(let tag, let fields): return structure(tag, fields.map { $0.integerValue ?? 0 }, fields)
        }
    }

    private static func structure(_ tag: UInt8, _ numbers: [Int64], _ fields: [BoltValue]) -> JSONValue {
        let count = fields.count
        switch (tag, count) {
        case (0x4E, 3...): return value(fields[2])  // node: id, labels, properties
        case (0x52, 5...): return value(fields[4])  // relationship: id, start, end, type, properties
        case (0x72, 3...): return value(fields[2])  // relationship in a path
        case (0x44, 1): return .string(date(days: numbers[0]))
        case (0x74, 1): return .string(time(nanoseconds: numbers[0]))
        case (0x54, 2): return .string(time(nanoseconds: numbers[0]) + offset(numbers[1]))
        case (0x64, 2): return .string(dateTime(seconds: numbers[0], nanoseconds: numbers[1]))
        case (0x49, 3):  // seconds are UTC
            return .string(dateTime(seconds: numbers[0] + numbers[2], nanoseconds: numbers[1]) + offset(numbers[2]))
        case (0x46, 3):  // Bolt 4's form: seconds are local
            return .string(dateTime(seconds: numbers[0], nanoseconds: numbers[1]) + offset(numbers[2]))
        case (0x69, 3):
            return .string(dateTime(seconds: numbers[0], nanoseconds: numbers[1]) + "Z[\(fields[2].text ?? "")]")
        case (0x66, 3):
            return .string(dateTime(seconds: numbers[0], nanoseconds: numbers[1]) + "[\(fields[2].text ?? "")]")
        case (0x45, 4):
            return .string(
                "P\(numbers[0])M\(numbers[1])DT\(seconds(numbers[2], nanoseconds: numbers[3]))S")
        case (0x58, 3), (0x59, 4):
            var members = [JSONMember("srid", value(fields[0]))]
            for (name, field) in zip(["x", "y", "z"], fields.dropFirst()) {
                members.append(JSONMember(name, value(field)))
            }
            return .object(members)
        default: return .null
        }
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    static func date(days: Int64) -> String {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = year < 0 ? "-" + padded(-year, 4) : padded(year, 4)
        return "\(yearText)-\(padded(month, 2))-\(padded(day, 2))"
    }

    static func dateTime(seconds: Int64, nanoseconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        return date(days: days) + "T" + time(nanoseconds: rest * 1_000_000_000 + nanoseconds)
    }

    /// `HH:MM:SS`, with the fraction of a second when there is one.
    static func time(nanoseconds: Int64) -> String {
        let seconds = nanoseconds / 1_000_000_000
        let text = "\(padded(seconds / 3600, 2)):\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2))"
        return text + fraction(nanoseconds % 1_000_000_000)
    }

    static func offset(_ seconds: Int64) -> String {
        if seconds == 0 { return "Z" }
        let magnitude = abs(seconds)
        let text = "\(seconds < 0 ? "-" : "+")\(padded(magnitude / 3600, 2)):\(padded(magnitude / 60 % 60, 2))"
        return magnitude % 60 == 0 ? text : text + ":" + padded(magnitude % 60, 2)
    }

    private static func seconds(_ seconds: Int64, nanoseconds: Int64) -> String {
        let total = seconds * 1_000_000_000 + nanoseconds
        let sign = total < 0 ? "-" : ""
        return sign + String(abs(total) / 1_000_000_000) + fraction(abs(total) % 1_000_000_000)
    }

    /// `.5` for half a second: the nanoseconds without trailing zeros, nothing for none.
    private static func fraction(_ nanoseconds: Int64) -> String {
        guard nanoseconds > 0 else { return "" }
        var digits = padded(nanoseconds, 9)
        while digits.last == "0" { digits.removeLast() }
        return "." + digits
    }

    private static func padded(_ number: Int64, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
