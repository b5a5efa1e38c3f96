/// Inference over whole databases, as `mmcat infer` and `migrate` and the server's inference
/// run it: the catalogs of the relational sources as one catalog (``CatalogInference``), then
/// the sampled documents of the others (``DocumentInference``), joined into one schema category.
///
/// ```swift
/// // given: family: any DatabaseFamily, access: DatabaseAccess
/// let source = DatabaseInference.Source(family: family, access: access, name: "shop")
/// let inferred = try DatabaseInference.infer([source], sample: 1000, name: "shop")
/// ```
public enum DatabaseInference {
    /// A database to infer from, by its family and access; `name` names it in messages, and
    /// `kinds`, when given, are the only kinds read (a single file is a folder of one kind).
    public struct Source {
        public var family: any DatabaseFamily
        public var access: DatabaseAccess
        public var name: String
        public var kinds: [String]?

        public init(family: any DatabaseFamily, access: DatabaseAccess, name: String, kinds: [String]? = nil) {
            self.family = family
            self.access = access
            self.name = name
            self.kinds = kinds
        }
    }

    /// The schema category and one mapping per table or kind of `sources`, with notes; at most
    /// `sample` documents of each document kind are read.
    public static func infer(_ sources: [Source], sample: Int, name: String) throws(InputError) -> InferredSchema {
        var tables: [RelationalCatalog.Table] = []
        var tableSources: [String: Int] = [:]
        var notes: [String] = []
        var documentSources: [Source] = []
        for source in sources {
            guard source.family.readsCatalog else {
                documentSources.append(source)
                continue
            }
            let catalog: RelationalCatalog
            do {
                catalog = try source.family.catalog(source.access)
            } catch {
                throw InputError(file: source.name, location: "", message: error.message)
            }
            notes += catalog.notes
            for table in catalog.tables {
                guard !tables.contains(where: { $0.name == table.name }) else {
                    throw InputError(
                        file: source.name, location: table.name, message: "another source has a table of the same name")
                }
                tables.append(table)
                tableSources[table.name] = sources.firstIndex { $0.name == source.name } ?? 0
            }
        }
        var inferred = try CatalogInference.infer(RelationalCatalog(tables: tables, notes: notes), name: name)
        // Each source reads its tables through its family's mappings (a graph: nodes and
        // relationships); the tables stay for relational targets.
        inferred.mappings = sources.indices.flatMap { index in
            let own = inferred.tables.filter { tableSources[$0.kindName] == index }
            return own.isEmpty ? [] : sources[index].family.suggestedMappings(forTables: own, schema: inferred.schema)
        }
        guard !documentSources.isEmpty else { return inferred }
        var documents = DocumentInference(firstKey: inferred.nextKey, firstSignature: inferred.nextSignature)
        var seen = Set(tables.map(\.name))
        for source in documentSources {
            for kind in try kinds(of: source) {
                guard seen.insert(kind).inserted else {
                    throw InputError(
                        file: source.name, location: kind, message: "another source has a kind of the same name")
                }
                var records = try source.family.openKind(kind, in: source.access)
                var sampled: [JSONValue] = []
                while sampled.count < sample, let record = try records.next() { sampled.append(record.value) }
                try documents.add(kind: kind, documents: sampled)
            }
        }
        let fromDocuments = try documents.result(name: name)
        inferred = tables.isEmpty ? fromDocuments : try inferred.merging(fromDocuments)
        return inferred
    }

    /// The kinds to read of a document source: the ones it names, or all its database has.
    private static func kinds(of source: Source) throws(InputError) -> [String] {
        if let kinds = source.kinds { return kinds }
        do throws(DatabaseError) {
            return try source.family.kinds(source.access)
        } catch {
            throw InputError(file: source.name, location: "", message: error.message)
        }
    }
}
