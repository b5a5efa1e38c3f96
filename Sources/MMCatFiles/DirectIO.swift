#if canImport(Glibc)
    import Glibc
#endif

/// Direct I/O: reads and writes that go between the disk and the process's own buffer, past the
/// page cache (Linux's `O_DIRECT`).
///
/// Used for files of many megabytes read or written once from start to end (kinds of a migration,
/// instance snapshots): they gain nothing from the cache, and on a virtual machine that returns
/// freed memory to its host, every fresh cache page costs more to touch than its bytes cost to
/// copy (docs/performance.md measured a 3 GB file: 13–18 s through the cache, 2–3 s past it).
/// Direct transfers must start at offsets and addresses that are multiples of ``alignment`` and
/// cover whole blocks; callers keep to that and fall back to ordinary I/O when a file system
/// refuses (`EINVAL`, as tmpfs does).
enum DirectIO {
    /// The block size direct transfers are aligned to (a multiple of every common logical block).
    static let alignment = 4096

    /// `O_DIRECT`, which Swift's Glibc module does not export; its value differs by architecture.
    static let flag: Int32? = {
        #if os(Linux) && arch(x86_64)
            return 0o40000
        #elseif os(Linux) && arch(arm64)
            return 0o200000
        #else
            return nil
        #endif
    }()

    /// Turns direct I/O on or off for an open file; false when it could not be.
    static func set(_ descriptor: Int32, on: Bool) -> Bool {
        guard let flag else { return false }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0 else { return false }
        return fcntl(descriptor, F_SETFL, on ? flags | flag : flags & ~flag) == 0
    }
}
