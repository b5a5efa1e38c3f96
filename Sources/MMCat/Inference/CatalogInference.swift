/// Infers a schema category and one flat mapping per table from a relational catalog.
///
/// - Each table is an entity object labelled with its name; each column that is not a foreign
///   key column is an attribute object labelled with the column's name, reached by a base
///   morphism (min ONE for NOT NULL, ZERO otherwise; max ONE), whose dual has max ONE when the
///   column alone is unique and STAR otherwise.
/// - Each foreign key is a morphism from its table to the referenced one (min ONE when all its
///   columns are NOT NULL), its dual max STAR (ONE when its columns are unique). Its columns are
///   reached through it: `customer_id` of `order` is the composite "the customer's id". So
///   composite keys, several keys to one table and self-references need nothing special, and a
///   junction table (a key made of two foreign keys) is a many-to-many relation.
/// - The primary key is the entity's first id, each unique constraint a further id; a table
///   without a primary key is identified by all its columns, and a note says so.
///
/// ```swift
/// // given: catalog: RelationalCatalog
/// let inferred = try CatalogInference.infer(catalog)
/// let schema = inferred.schema                // the category, validated
/// let mappings = inferred.mappings            // one flat mapping per table
/// ```
public enum CatalogInference {
    /// Keys and base signatures start at `firstKey` and `firstSignature`, so that the result can
    /// join a category inferred from other sources (``InferredSchema/merging(_:)``).
    public static func infer(
        _ catalog: RelationalCatalog, name: String = "inferred", firstKey: Int = 1, firstSignature: Int32 = 1
    ) throws(InputError) -> InferredSchema {
        var builder = Builder(
            catalog: catalog, document: SchemaDocument(firstKey: firstKey, firstSignature: firstSignature))
        builder.notes = catalog.notes
        return try builder.build(name: name)
    }

    private struct Builder {
        let catalog: RelationalCatalog
        var document: SchemaDocument
        var notes: [String] = []
        /// The entity object of each table.
        var entity: [String: Int] = [:]
        /// The attribute morphism of each plain column, by table and column.
        var attribute: [String: [String: Int32]] = [:]
        /// The morphism of each foreign key, by table and its position in `foreignKeys`.
        var reference: [String: [Int32]] = [:]

        init(catalog: RelationalCatalog, document: SchemaDocument) {
            self.catalog = catalog
            self.document = document
        }

        mutating func build(name: String) throws(InputError) -> InferredSchema {
            for table in catalog.tables {
                entity[table.name] = document.object(label: table.name)
            }
            for table in catalog.tables {
                try addColumns(of: table)
            }
            var mappings: [Mapping] = []
            for table in catalog.tables {
                var ids: [[Signature]] = []
                let primaryKey = table.primaryKey.isEmpty ? table.columns.map(\.name) : table.primaryKey
                if table.primaryKey.isEmpty {
                    notes.append(
                        "table \(table.name) has no primary key: its rows are identified by all their columns")
                }
                for key in [primaryKey] + table.uniques {
                    if let id = try? key.map({ column throws(InputError) in try path(table, column) }) {
                        ids.append(id)
                    }
                }
                document.identify(entity[table.name]!, by: ids)
                let properties = try table.columns.map { column throws(InputError) in
                    AccessPath(name: .fixed(column.name), signature: try path(table, column.name))
                }
                mappings.append(
                    Mapping(
                        kindName: table.name, rootObject: entity[table.name]!, primaryKey: ids.first,
                        accessPath: AccessPath(name: .fixed(""), signature: nil, subpaths: properties)))
            }
            let json = document.json(name: name)
            let schema = try SchemaCategory.decode(json, file: "inferred schema")
            return InferredSchema(document: json, schema: schema, mappings: mappings, notes: notes)
        }

        /// An attribute object per plain column, a morphism per foreign key.
        mutating func addColumns(of table: RelationalCatalog.Table) throws(InputError) {
            let referencing = Set(table.foreignKeys.flatMap(\.columns))
            let unique = Set(([table.primaryKey] + table.uniques).filter { $0.count == 1 }.map { $0[0] })
            for column in table.columns where !referencing.contains(column.name) {
                let key = document.object(label: column.name, type: column.type)
                attribute[table.name, default: [:]][column.name] = addMorphism(
                    from: entity[table.name]!, to: key, min: column.notNull, dualMax: unique.contains(column.name),
                    label: column.name, dualLabel: table.name)
            }
            for foreignKey in table.foreignKeys {
                guard let target = entity[foreignKey.table] else {
                    throw InputError(
                        file: table.name, location: foreignKey.columns.joined(separator: ", "),
                        message:
                            "the foreign key references the table \(foreignKey.table), which is not among the tables inferred"
                    )
                }
                let notNull = foreignKey.columns.allSatisfy { table.column($0)?.notNull == true }
                let isUnique = ([table.primaryKey] + table.uniques).contains { Set($0) == Set(foreignKey.columns) }
                // Named by its columns from this end, by this table from the other; a table with
                // several keys to one table tells their duals apart by the columns too.
                let label = foreignKey.columns.joined(separator: "_")
                let several = table.foreignKeys.filter { $0.table == foreignKey.table }.count > 1
                reference[table.name, default: []].append(
                    addMorphism(
                        from: entity[table.name]!, to: target, min: notNull, dualMax: isUnique, label: label,
                        dualLabel: several ? "\(table.name)_\(label)" : table.name))
            }
        }

        /// A base morphism (max ONE) and its dual (min ZERO) with their labels; returns the base's number.
        mutating func addMorphism(
            from dom: Int, to cod: Int, min: Bool, dualMax: Bool, label: String, dualLabel: String
        ) -> Int32 {
            document.morphism(
                from: dom, to: cod, min: min, max: true, dualMin: false, dualMax: dualMax, label: label,
                dualLabel: dualLabel
            ).steps[0]
        }

        /// The signature from `table`'s entity to the value of `column`: its attribute morphism,
        /// or its foreign key followed by the referenced column's path.
        func path(_ table: RelationalCatalog.Table, _ column: String, depth: Int = 0) throws(InputError)
            -> Signature
        {
            if let number = attribute[table.name]?[column] { return Signature(base: number) }
            guard depth < 64,
                let index = table.foreignKeys.firstIndex(where: { $0.columns.contains(column) }),
                let numbers = reference[table.name], index < numbers.count
            else {
                throw InputError(
                    file: table.name, location: column,
                    message: "the column \(column) cannot be reached (a cycle of foreign keys?)")
            }
            let foreignKey = table.foreignKeys[index]
            guard let position = foreignKey.columns.firstIndex(of: column),
                position < foreignKey.referencedColumns.count,
                let target = catalog.table(foreignKey.table)
            else {
                throw InputError(
                    file: table.name, location: column, message: "the foreign key of \(column) is malformed")
            }
            let rest = try path(target, foreignKey.referencedColumns[position], depth: depth + 1)
            return Signature(steps: [numbers[index]] + rest.steps)
        }
    }
}

/// What inference found: the schema category (as its document and validated), one mapping per
/// kind, and notes on what it had to decide (a table without a primary key, say).
public struct InferredSchema: Sendable {
    public var document: JSONValue
    public var schema: SchemaCategory
    /// One mapping per kind, as the source's family reads it.
    public var mappings: [Mapping]
    public var notes: [String]
    /// The flat table mappings of the catalogs read (a graph's labels and relationship types as
    /// tables too), which a relational target writes; the same as ``mappings`` for tables.
    public var tables: [Mapping]

    public init(
        document: JSONValue, schema: SchemaCategory, mappings: [Mapping], notes: [String], tables: [Mapping]? = nil
    ) {
        self.document = document
        self.schema = schema
        self.mappings = mappings
        self.notes = notes
        self.tables = tables ?? mappings
    }

    /// The next free key and base signature, where a further inference can start.
    public var nextKey: Int { (schema.objects.map(\.key).max() ?? 0) + 1 }
    public var nextSignature: Int32 {
        (schema.morphisms.keys.flatMap(\.steps).map(\.magnitude).max()).map { Int32($0) + 1 } ?? 1
    }

    /// This category and `other` (inferred from other sources, starting at ``nextKey`` and
    /// ``nextSignature``) as one: their objects, morphisms, mappings and notes together.
    public func merging(_ other: InferredSchema) throws(InputError) -> InferredSchema {
        func list(_ document: JSONValue, _ name: String) -> [JSONValue] { document[name]?.arrayElements ?? [] }
        let document = JSONValue.object([
            JSONMember("name", document["name"] ?? .string("inferred")),
            JSONMember("objects", .array(list(document, "objects") + list(other.document, "objects"))),
            JSONMember("morphisms", .array(list(document, "morphisms") + list(other.document, "morphisms"))),
        ])
        return InferredSchema(
            document: document, schema: try SchemaCategory.decode(document, file: "inferred schema"),
            mappings: mappings + other.mappings, notes: notes + other.notes, tables: tables + other.tables)
    }
}
