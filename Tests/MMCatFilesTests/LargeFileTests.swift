import Foundation
import MMCat
import MMCatFiles
import MMCatTestSupport
import PropertyBased
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Files of many megabytes are written and read past the page cache, in aligned whole blocks,
/// and still hold exactly the bytes given, whatever their length and however they arrive: sizes
/// around the buffer and block boundaries, pieces of every size. Checked on the temporary folder's
/// file system (which takes direct I/O on Linux) and on tmpfs (`/dev/shm`, which refuses it, so
/// the ordinary path is taken).
@Suite struct LargeFileTests {
    /// A length near a boundary that matters: a block, the write buffer, the direct-read size.
    static func length(_ pick: UInt32) -> Int {
        let anchors = [0, 4096, StagedFile.bufferSize, 2 * StagedFile.bufferSize, FileChunks.directReadSize]
        let anchor = anchors[Int(pick % UInt32(anchors.count))]
        let offset = Int((pick >> 8) % 9_000) - 4_500
        return max(0, anchor + offset + Int((pick >> 24) % 3) * StagedFile.bufferSize)
    }

    /// Bytes that differ at every position (so a block written twice or skipped shows).
    static func bytes(count: Int, seed: UInt32) -> [UInt8] {
        var state = UInt64(seed) | 1
        var words = [UInt64](repeating: 0, count: (count + 7) / 8)
        for index in words.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            words[index] = state
        }
        return words.withUnsafeBytes { Array($0.prefix(count)) }
    }

    static func same(_ one: UnsafeRawBufferPointer, _ other: UnsafeRawBufferPointer) -> Bool {
        one.count == other.count && (one.isEmpty || memcmp(one.baseAddress!, other.baseAddress!, one.count) == 0)
    }

    static func folders() throws -> [URL] {
        var folders = [try TestSupport.temporaryDirectory()]
        #if os(Linux)
            let shm = URL(fileURLWithPath: "/dev/shm/mmcat-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: shm, withIntermediateDirectories: true)
            folders.append(shm)
        #endif
        return folders
    }

    /// Writes `data` through a staged file in pieces of the sizes `picks` give.
    static func write(_ data: [UInt8], to url: URL, picks: [UInt32]) throws {
        let file = try StagedFile(replacing: url)
        var start = 0
        var index = 0
        while start < data.count {
            let piece = min(data.count - start, 1 + Int(picks[index % picks.count] % 3_000_000))
            data[start..<(start + piece)].withUnsafeBytes { file.write($0) }
            start += piece
            index += 1
        }
        try file.commit()
    }

    /// Reads the file back through ``FileChunks`` asking for pieces of the sizes `picks` give.
    static func read(_ url: URL, picks: [UInt32]) throws -> [UInt8] {
        let chunks = try #require(FileChunks.open(url.path))
        var result: [UInt8] = []
        var index = 0
        while try chunks(&result, 1 + Int(picks[index % picks.count] % 2_000_000)) { index += 1 }
        return result
    }

    @Test func largeFilesHoldExactlyTheirBytes() async throws {
        let folders = try Self.folders()
        defer { for folder in folders { try? FileManager.default.removeItem(at: folder) } }
        let picks = Gen<UInt32>.value(in: 0...UInt32.max).array(of: 8).withoutShrink()
        await propertyCheck(count: 30, input: picks) { picks in
            for folder in folders {
                let url = folder.appendingPathComponent("kind.jsonl")
                let data = Self.bytes(count: Self.length(picks[0]), seed: picks[1])
                try Self.write(data, to: url, picks: picks)
                let written = try Data(contentsOf: url)
                let read = try Self.read(url, picks: picks)
                data.withUnsafeBytes { data in
                    #expect(
                        written.withUnsafeBytes { Self.same($0, data) }, "\(folder.path): \(data.count) bytes written")
                    #expect(read.withUnsafeBytes { Self.same($0, data) }, "\(folder.path): \(data.count) bytes read")
                }
            }
        }
    }

    /// The promise behind the design: a large file written on a file system that takes direct
    /// I/O leaves (almost) none of its pages in the page cache; a small one is written as usual.
    @Test func aLargeFileLeavesThePageCacheAlone() throws {
        #if os(Linux)
            let folder = try TestSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let large = folder.appendingPathComponent("large.jsonl")
            try Self.write(Self.bytes(count: 3 * StagedFile.bufferSize + 123, seed: 7), to: large, picks: [1 << 20])
            let small = folder.appendingPathComponent("small.jsonl")
            try Self.write(Self.bytes(count: 200_000, seed: 8), to: small, picks: [1 << 20])
            let (largeCached, largePages) = try Self.cachedPages(large)
            #expect(largeCached <= 2, "\(largeCached) of \(largePages) pages of a large file in the page cache")
            let (smallCached, smallPages) = try Self.cachedPages(small)
            #expect(
                smallCached == smallPages, "\(smallCached) of \(smallPages) pages of a small file in the page cache")
        #endif
    }

    #if os(Linux)
        /// How many of the file's pages are in the page cache (`mincore` on a mapping of it).
        static func cachedPages(_ url: URL) throws -> (cached: Int, pages: Int) {
            let descriptor = open(url.path, O_RDONLY)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            var status = stat()
            try #require(fstat(descriptor, &status) == 0)
            let size = Int(status.st_size)
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let pages = (size + page - 1) / page
            let mapping = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0)
            try #require(mapping != MAP_FAILED)
            defer { munmap(mapping, size) }
            var vector = [UInt8](repeating: 0, count: pages)
            try #require(mincore(mapping, size, &vector) == 0)
            return (vector.filter { $0 & 1 == 1 }.count, pages)
        }
    #endif
}
