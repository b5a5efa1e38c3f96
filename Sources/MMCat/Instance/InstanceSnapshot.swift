/// A compact binary copy of an instance category, so that a server keeps its sessions' instance
/// categories across a restart.
///
/// The layout is little-endian: the magic `MMCATIN1`; the schema category the instance was built
/// on, as JSON (an instance read back is rebased onto the category as it is then, like any other
/// instance after an edit); the values of the pool; for every object its key, counts, rows and
/// union-find links; the pairs of every base morphism and composite shortcut; the composites a
/// mapping used. Rows and pairs are written as the arrays they are in memory, so a snapshot costs
/// about a copy of them, and the id indexes, which can be rebuilt, are not written at all.
/// Everything read is checked, so a damaged file is an error that names it, never a crash.
///
/// ```swift
/// // given: instance: InstanceCategory
/// instance.seal()
/// let bytes = InstanceSnapshot.bytes(of: instance)
/// let copy = try InstanceSnapshot.read(bytes, file: "session.instance")
/// ```
public enum InstanceSnapshot {
    static let magic = Array("MMCATIN1".utf8)

    /// Whether `bytes` begin like a snapshot (and not like a JSON dump).
    public static func isSnapshot(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// The snapshot of `instance` in memory (see ``write(_:to:)``).
    public static func bytes(of instance: InstanceCategory) -> [UInt8] {
        var bytes: [UInt8] = []
        write(instance) { bytes += $0 }
        return bytes
    }

    /// Writes the snapshot of `instance`, which must be sealed (its pairs sorted and pointing at
    /// live rows), as it is after every import, to `sink` in pieces: small parts gathered in a
    /// buffer of 1 MB, rows and pairs straight from the instance's arrays, so that writing a large
    /// instance to a file needs no second copy of it in memory. A sink that can fail keeps its
    /// error and ignores what follows.
    public static func write(_ instance: InstanceCategory, to sink: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(sink) { sink in write(instance, into: SnapshotWriter(sink: sink)) }
    }

    private static func write(_ instance: InstanceCategory, into writer: SnapshotWriter) {
        var out = writer
        out.raw(magic)
        var schema = TextOutput()
        schema.writeJSON(instance.schema.json)
        out.text(schema.text)
        out.integer(instance.pool.count)
        for id in 0..<Int32(instance.pool.count) { out.text(instance.pool.text(id)) }
        out.integer(instance.objects.count)
        for object in instance.objects {
            out.integer(object.schemaObject.key)
            out.integer(object.slotCount)
            out.integer(object.mergeCount)
            out.integer(object.conflictCount)
            // Without merges every row links to itself: nothing to write.
            if object.mergeCount > 0 { out.array(object.links) }
            out.array(object.values)
        }
        out.integer(instance.bases.count)
        for (base, store) in instance.bases.sorted(by: { $0.key < $1.key }) {
            out.integer(Int(base))
            out.array(store.packed)
        }
        out.integer(instance.shortcuts.count)
        for (signature, store) in instance.shortcuts.sorted(by: { $0.key < $1.key }) {
            out.text(signature.description)
            out.array(store.packed)
        }
        out.integer(instance.trackedComposites.count)
        for signature in instance.trackedComposites.sorted() { out.text(signature.description) }
        out.flush()
    }

    /// Reads a snapshot that ``write(_:to:)`` or ``bytes(of:)`` wrote.
    public static func read(_ bytes: [UInt8], file: String) throws(InputError) -> InstanceCategory {
        var input = SnapshotReader(bytes: bytes, file: file)
        guard bytes.starts(with: magic) else { throw input.damaged("it is not an instance snapshot") }
        input.offset = magic.count
        let schema = try SchemaCategory.load(bytes: Array(try input.text().utf8), file: file)
        var pool = ValuePool()
        for index in 0..<(try input.count()) {
            guard pool.intern(try input.text()) == Int32(index) else { throw input.damaged("a value is repeated") }
        }
        guard try input.count() == schema.objects.count else {
            throw input.damaged("the objects do not match its schema category")
        }
        var objects: [InstanceObject] = []
        for schemaObject in schema.objects {
            guard try input.integer() == schemaObject.key else { throw input.damaged("the objects are out of order") }
            let slotCount = try input.integer()
            let mergeCount = try input.count()
            let conflictCount = try input.count()
            // Every row has at least one value of four bytes still to read.
            guard slotCount >= 0, slotCount <= (bytes.count - input.offset) / 4 else {
                throw input.damaged("a row count is out of range")
            }
            let links: [Int32] = mergeCount > 0 ? try input.array() : (0..<Int32(slotCount)).map { $0 }
            let values: [Int32] = try input.array()
            // A merged row links to a row made before it (the survivor of a merge is the older
            // row), so the links form trees and following them always ends.
            guard links.count == slotCount, values.count == links.count * schemaObject.superId.count,
                links.indices.allSatisfy({ links[$0] >= 0 && Int(links[$0]) <= $0 }),
                mergeCount == links.indices.count(where: { Int(links[$0]) != $0 }),
                values.allSatisfy({ $0 >= -1 && Int($0) < pool.count })
            else { throw input.damaged("the rows of object \(schemaObject.key) are inconsistent") }
            objects.append(
                InstanceObject(
                    schemaObject: schemaObject, values: values, parent: links, mergeCount: mergeCount,
                    conflictCount: conflictCount))
        }
        /// The pairs of `signature`, each end a row of the morphism's domain and codomain.
        func pairs(of signature: Signature) throws(InputError) -> PairStore {
            guard let morphism = schema.morphism(signature), let domain = schema.index(ofKey: morphism.dom),
                let codomain = schema.index(ofKey: morphism.cod)
            else { throw input.damaged("morphism \(signature) is not in its schema category") }
            let packed: [UInt64] = try input.array()
            let (domainRows, codomainRows) = (UInt64(objects[domain].slotCount), UInt64(objects[codomain].slotCount))
            guard packed.allSatisfy({ $0 >> 32 < domainRows && $0 & 0xFFFF_FFFF < codomainRows }) else {
                throw input.damaged("the pairs of morphism \(signature) point past the rows")
            }
            return PairStore(domain: domain, codomain: codomain, sealed: packed)
        }
        var bases: [Int32: PairStore] = [:]
        for _ in 0..<(try input.count()) {
            guard let base = Int32(exactly: try input.integer()), base > 0 else { throw input.damaged("a bad base") }
            bases[base] = try pairs(of: Signature(base: base))
        }
        var shortcuts: [Signature: PairStore] = [:]
        for _ in 0..<(try input.count()) {
            let signature = try input.signature()
            shortcuts[signature] = try pairs(of: signature)
        }
        var tracked: Set<Signature> = []
        for _ in 0..<(try input.count()) { tracked.insert(try input.signature()) }
        guard input.offset == bytes.count else { throw input.damaged("there are bytes after its end") }
        return InstanceCategory(
            schema: schema, pool: pool, objects: objects, bases: bases, shortcuts: shortcuts,
            trackedComposites: tracked)
    }
}

/// Writes the parts of a snapshot to a sink: integers as 8 bytes, texts with their length first
/// (a LEB128 varint: most values are short), arrays with their count first.
private struct SnapshotWriter {
    let sink: (UnsafeRawBufferPointer) -> Void
    var buffer: [UInt8] = []

    init(sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 20)
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { sink($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func raw(_ bytes: [UInt8]) {
        buffer += bytes
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func integer(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { buffer += $0 }
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func text(_ text: String) {
        var length = UInt(text.utf8.count)
        while length >= 0x80 {
            buffer.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        buffer.append(UInt8(length))
        buffer += text.utf8
        if buffer.count >= 1 << 20 { flush() }
    }

    /// The elements' bytes as they are in memory; every platform Swift runs on is little-endian.
    mutating func array<Element: FixedWidthInteger>(_ elements: [Element]) {
        integer(elements.count)
        flush()
        elements.withUnsafeBytes { sink($0) }
    }
}

/// Reads the parts ``SnapshotWriter`` wrote, checking every length against what is left.
private struct SnapshotReader {
    let bytes: [UInt8]
    let file: String
    var offset = 0

    func damaged(_ problem: String) -> InputError {
        InputError(file: file, location: "byte \(offset)", message: "damaged instance snapshot: \(problem)")
    }

    /// `count` bytes from the current offset.
    mutating func take(_ count: Int) throws(InputError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else { throw damaged("it ends too early") }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func integer() throws(InputError) -> Int {
        Int(try take(8).withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) })
    }

    /// A number of things still to read: never negative, never more than the bytes left.
    mutating func count() throws(InputError) -> Int {
        let count = try integer()
        guard count >= 0, count <= bytes.count - offset else { throw damaged("a count is out of range") }
        return count
    }

    /// A LEB128 length, then that many bytes of UTF-8.
    mutating func text() throws(InputError) -> String {
        var length = 0
        var shift = 0
        while true {
            guard shift < 35 else { throw damaged("a text length is out of range") }
            let byte = try take(1).first!
            length |= Int(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        guard let text = String(validating: try take(length), as: UTF8.self) else {
            throw damaged("a text is not UTF-8")
        }
        return text
    }

    mutating func signature() throws(InputError) -> Signature {
        let text = try text()
        guard let signature = try? Signature(parsing: text) else { throw damaged("\"\(text)\" is not a signature") }
        return signature
    }

    mutating func array<Element: FixedWidthInteger>() throws(InputError) -> [Element] {
        let count = try count()
        let size = MemoryLayout<Element>.size
        guard count >= 0, count <= (bytes.count - offset) / size else { throw damaged("it ends too early") }
        let raw = try take(count * size)
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            raw.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initialized = count
        }
    }
}
