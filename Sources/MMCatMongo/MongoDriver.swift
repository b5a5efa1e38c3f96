import CMongoc

/// The process-wide set-up of libmongoc and the reading of its errors.
enum MongoDriver {
    /// `mongoc_init` runs once, the first time a connection is made (a lazy global is initialized
    /// exactly once, whatever the thread).
    private static let started: Void = {
        mongoc_init()
        // The driver's own log goes to stderr by default; its errors reach the user as InputErrors.
        mongoc_log_set_handler(nil, nil)
    }()

    static func start() { _ = started }

    /// The message of a driver error.
    static func message(_ error: bson_error_t) -> String {
        var error = error
        return withUnsafeBytes(of: &error.message) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
    }
}

/// A reply document (a `bson_t`) for the driver to fill in, destroyed with its owner. Swift sees
/// `bson_t` as opaque (libbson aligns it to 128 bytes), so its 128 bytes are allocated here.
final class MongoReply {
    let pointer: OpaquePointer

    init() {
        pointer = OpaquePointer(UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 128))
        // An initialized empty document, so that destroying it is safe whatever the driver did.
        bson_init(pointer)
    }

    deinit {
        bson_destroy(pointer)
        UnsafeMutableRawPointer(pointer).deallocate()
    }
}
