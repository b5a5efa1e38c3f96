import MMCat

/// Inference over the sources of `infer` and `migrate`: the catalogs of the relational ones as
/// one catalog, then the sampled documents of the others, joined into one schema category.
enum SourceInference {
    static func infer(_ sources: [Endpoint], sample: Int, name: String) throws -> InferredSchema {
        var tables: [RelationalCatalog.Table] = []
        var documentSources: [Endpoint] = []
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
            for table in catalog.tables {
                guard !tables.contains(where: { $0.name == table.name }) else {
                    throw InputError(
                        file: source.name, location: table.name, message: "another source has a table of the same name")
                }
                tables.append(table)
            }
        }
        var inferred = try CatalogInference.infer(RelationalCatalog(tables: tables), name: name)
        guard !documentSources.isEmpty else { return inferred }
        var documents = DocumentInference(firstKey: inferred.nextKey, firstSignature: inferred.nextSignature)
        var seen = Set(tables.map(\.name))
        for source in documentSources {
            for kind in try source.kinds() {
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
}
