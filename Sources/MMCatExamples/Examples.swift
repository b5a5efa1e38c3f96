import Foundation

/// The MM-cat example, in one copy: the schema category (customers, orders, items, products,
/// contacts, addresses), four order documents, the mappings of the README's tour and the SQLite
/// shop. The demo workspace, the benchmark and the tests read these files, and people read them
/// as `examples/` (a link to this target's folder).
///
/// ```swift
/// let schema = try SchemaCategory.load(bytes: Examples.bytes("orders.schema.json"), file: "orders.schema.json")
/// ```
public enum Examples {
    /// The installed copy of `examples/NAME`.
    public static func url(_ name: String) -> URL {
        Bundle.module.bundleURL.appendingPathComponent("examples").appendingPathComponent(name)
    }

    /// The bytes of `examples/NAME`, or an error naming the file when it is not installed.
    public static func bytes(_ name: String) throws -> [UInt8] {
        let url = url(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return [UInt8](data)
    }

    /// The text of `examples/NAME`.
    public static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }
}
