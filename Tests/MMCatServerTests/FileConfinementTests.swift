import Foundation
import MMCat
import MMCatJobs
import MMCatServer
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// File and SQLite databases stay inside the folders the operator allowed, symbolic links
/// resolved, and never reach the server's own files.
@Suite struct FileConfinementTests {
    @Test func pathsOutsideTheRootsAreRefusedWhereverTheyAreUsed() async throws {
        let root = try TestSupport.temporaryDirectory()
        let outside = try TestSupport.temporaryDirectory()
        try Data(#"[{"number": 1}]"#.utf8).write(to: outside.appendingPathComponent("order.json"))
        // A link inside the root to a folder outside it.
        let link = root.appendingPathComponent("escape")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        let data = try TestSupport.temporaryDirectory().path
        try await withServer(data: data, filesRoots: [root.path]) { api in
            let refused = [
                #"{"type": "files", "settings": {"folder": "\#(outside.path)"}}"#,
                #"{"type": "files", "settings": {"folder": "\#(link.path)"}}"#,
                #"{"type": "files", "settings": {"folder": "\#(root.path)/../\#(outside.lastPathComponent)"}}"#,
                #"{"type": "files", "settings": {"folder": "/etc"}}"#,
                #"{"type": "sqlite", "settings": {"path": "\#(data)/metadata.sqlite"}}"#,
                #"{"type": "sqlite", "settings": {"path": "\#(link.path)/x.sqlite"}}"#,
            ]
            for body in refused {
                let reply = try await api.call(.post, "/databases", "{\"label\": \"x\", " + body.dropFirst())
                #expect(reply.status == .badRequest, "\(body): \(reply.text)")
                #expect(reply.json["error"]?["field"]?.scalarText?.hasPrefix("settings.") == true, "\(reply.text)")
            }
            let inside = try await api.call(
                .post, "/databases", #"{"label": "ok", "type": "files", "settings": {"folder": "\#(root.path)"}}"#)
            #expect(inside.status == .created)
            // A folder allowed when saved and turned into a link later is refused when the job opens it.
            let later = root.appendingPathComponent("later")
            try FileManager.default.createDirectory(at: later, withIntermediateDirectories: true)
            let created = try await api.call(
                .post, "/databases", #"{"label": "later", "type": "files", "settings": {"folder": "\#(later.path)"}}"#)
            try FileManager.default.removeItem(at: later)
            try FileManager.default.createSymbolicLink(at: later, withDestinationURL: outside)
            let ended = try await api.importKind(
                "order @103 { number: 19 }", from: created.json["id"]?.scalarText ?? "")
            #expect(ended["status"]?.scalarText == "Canceled")
            #expect(ended["reason"]?.scalarText?.contains("outside the folders this server allows") == true)
            let test = try await api.call(.post, "/databases/\(created.json["id"]?.scalarText ?? "")/test")
            #expect(test.status == .badRequest, "\(test.text)")
            #expect(test.json["error"]?["field"]?.scalarText == "settings.folder")
        }
    }

    @Test func withoutRootsOnlyUploadsAreAllowed() async throws {
        var configuration = ServerConfiguration.standard
        configuration.demo = true
        configuration.filesRoots = []
        configuration.dataDirectory = try TestSupport.temporaryDirectory().path
        let context = try await ServerContext.open(configuration)
        // Demo mode allows its own workspace and the uploads folder, and no other folder unless told.
        #expect(context.databases.files.roots.count == 2)
        #expect(context.databases.files.roots.contains { $0.hasSuffix("/demo") })
        var strict = ServerConfiguration.standard
        strict.dataDirectory = try TestSupport.temporaryDirectory().path
        // Without --files-root, only the server's own uploads folder.
        let roots = try await ServerContext.open(strict).databases.files.roots
        #expect(roots.count == 1 && roots[0].hasSuffix("/uploads"), "\(roots)")
        #expect(throws: InputError.self) {
            try FileConfinement(roots: [], serverFiles: []).resolve("/tmp", field: "settings.folder")
        }
    }
}
