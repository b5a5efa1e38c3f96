/// The rows of one object of an instance category as records, the way a person browses a table
/// in pgAdmin: each row's id values, and for every morphism that leaves the object (base
/// morphisms and their duals) what the row reaches: the values of an attribute (`Order → Number`),
/// or the ids of the rows of an entity (`Order → Customer`), which a browser follows one click at a
/// time. Attributes come first, then entities, to-one before to-many. Rows can be searched (a case-insensitive part of any value shown), filtered (a field's
/// value, exactly), sorted (by an id or a field, values compared as ``ValuePool`` orders them:
/// numbers as numbers) and paged.
///
/// ```swift
/// // given: instance: InstanceCategory
/// let records = InstanceRecords(instance: instance, key: 103)!
/// let page = records.page(query: .init(search: "2043", page: 1, size: 25))
/// ```
public struct InstanceRecords {
    /// What a record shows beyond its id: a morphism that leaves the object.
    public struct Field: Sendable, Equatable {
        public var signature: Signature
        /// The morphism's label, else the label of the object it reaches.
        public var name: String
        /// The key of the object it reaches.
        public var target: Int
        /// Whether that object is an attribute (identified by its value) rather than an entity.
        public var isValue: Bool
        /// Whether a row can reach several rows along it.
        public var isToMany: Bool
    }

    /// One row reached along a field: its text (an attribute's value, an entity's id values
    /// joined by `, `) and, for an entity, its first id by signature, to find it by.
    public struct Reached: Sendable {
        public var text: String
        public var id: [(signature: Signature, value: String)]
    }

    /// A row as a record: its superId values (nil where it has none) and, per field, the first
    /// rows it reaches (at most ``shownPerField``) and how many it reaches.
    public struct Record: Sendable {
        public var row: Int32
        public var id: [String?]
        public var fields: [(reached: [Reached], count: Int)]
    }

    /// How a page of records is chosen.
    public struct Query: Sendable {
        public var search: String
        /// A field's or an id's signature and the value it must have.
        public var filters: [(signature: Signature, value: String)]
        public var sort: Signature?
        public var descending: Bool
        public var page: Int
        public var size: Int

        public init(
            search: String = "", filters: [(signature: Signature, value: String)] = [], sort: Signature? = nil,
            descending: Bool = false, page: Int = 1, size: Int = 50
        ) {
            self.search = search
            self.filters = filters
            self.sort = sort
            self.descending = descending
            self.page = page
            self.size = size
        }
    }

    /// At most this many reached rows are listed per field of a record; the count says the rest.
    public static let shownPerField = 5

    let instance: InstanceCategory
    public let object: InstanceObject
    public let fields: [Field]
    private let relations: [Relation]

    /// The records of the object with `key`; nil when the instance has no such object.
    public init?(instance: InstanceCategory, key: Int) {
        guard let object = instance.object(key: key), let index = instance.schema.index(ofKey: key) else {
            return nil
        }
        self.instance = instance
        self.object = object
        instance.seal()
        let schema = instance.schema
        var fields: [Field] = []
        for morphism in schema.morphisms.values
        where morphism.signature.isBase && morphism.dom == key
            && !object.schemaObject.superId.contains(morphism.signature)
        {
            guard let target = schema.object(morphism.cod), instance.object(key: morphism.cod) != nil else { continue }
            let positive = morphism.signature.steps[0] > 0 ? morphism : schema.morphism(morphism.signature.dual)
            fields.append(
                Field(
                    signature: morphism.signature, name: positive?.label ?? target.label, target: target.key,
                    isValue: target.isValueObject, isToMany: morphism.max != .one))
        }
        // Attributes first, then entities; to-one before to-many; then by signature.
        self.fields = fields.sorted { a, b in
            if a.isValue != b.isValue { return a.isValue }
            if a.isToMany != b.isToMany { return !a.isToMany }
            return a.signature < b.signature
        }
        relations = self.fields.map { instance.relation($0.signature, from: index) }
    }

    /// The rows the query selects, in its order, and one page of them as records.
    public func page(query: Query) -> (total: Int, records: [Record]) {
        let pool = instance.pool
        let needle = query.search.lowercased()
        let filters = query.filters.map { filter in
            (
                filter.signature, object.schemaObject.superId.firstIndex(of: filter.signature),
                fields.firstIndex { $0.signature == filter.signature }, filter.value
            )
        }
        var rows = object.liveRows.filter { row in
            for (_, position, field, value) in filters {
                if let position {
                    let id = object.value(row, position)
                    guard id >= 0, pool.text(id) == value else { return false }
                } else if let field {
                    guard reached(row, field, limit: .max).contains(where: { $0.text == value }) else { return false }
                } else {
                    return false
                }
            }
            return needle.isEmpty || matches(row, needle)
        }
        if let sort = query.sort {
            let keyOf: (Int32) -> Int32
            if let position = object.schemaObject.superId.firstIndex(of: sort) {
                keyOf = { object.value($0, position) }
            } else if let field = fields.firstIndex(where: { $0.signature == sort }) {
                keyOf = { row in sortValue(row, field) }
            } else {
                keyOf = { _ in -1 }
            }
            let keyed = rows.map { (row: $0, key: keyOf($0)) }
            // Rows without a value go last whichever the order; ties keep the rows' order.
            rows = keyed.enumerated().sorted { left, right in
                let (a, b) = (left.element.key, right.element.key)
                switch (a >= 0, b >= 0) {
                case (true, false): return true
                case (false, true): return false
                case (false, false): return left.offset < right.offset
                case (true, true):
                    if pool.precedes(a, b) { return !query.descending }
                    if pool.precedes(b, a) { return query.descending }
                    return left.offset < right.offset
                }
            }.map(\.element.row)
        }
        let start = min(rows.count, (query.page - 1) * query.size)
        let records = rows[start..<min(rows.count, start + query.size)].map { row in
            Record(
                row: row,
                id: object.schemaObject.superId.indices.map { position in
                    let value = object.value(row, position)
                    return value >= 0 ? pool.text(value) : nil
                },
                fields: fields.indices.map { field in
                    (reached(row, field, limit: Self.shownPerField), relations[field].targets(of: row).count)
                })
        }
        return (rows.count, records)
    }

    /// The rows `row` reaches along field `field`, at most `limit` of them.
    func reached(_ row: Int32, _ field: Int, limit: Int) -> [Reached] {
        guard let target = instance.object(key: fields[field].target) else { return [] }
        let pool = instance.pool
        let idPositions = target.idPositions.first ?? []
        return relations[field].targets(of: row).prefix(limit).map { other in
            if fields[field].isValue {
                let value = target.value(other, 0)
                return Reached(text: value >= 0 ? pool.text(value) : "", id: [])
            }
            let id = idPositions.compactMap { position -> (signature: Signature, value: String)? in
                let value = target.value(other, position)
                return value >= 0 ? (target.schemaObject.superId[position], pool.text(value)) : nil
            }
            return Reached(text: id.map(\.value).joined(separator: ", "), id: id)
        }
    }

    /// The value a row is sorted by along a field: the first reached row's value (an attribute)
    /// or first id value (an entity); -1 for none.
    private func sortValue(_ row: Int32, _ field: Int) -> Int32 {
        guard let first = relations[field].targets(of: row).first,
            let target = instance.object(key: fields[field].target)
        else { return -1 }
        let position = fields[field].isValue ? 0 : target.idPositions.first?.first ?? 0
        return target.value(first, position)
    }

    /// Whether any id value of the row, or any value it reaches, holds `needle` (lower case).
    private func matches(_ row: Int32, _ needle: String) -> Bool {
        let pool = instance.pool
        for position in object.schemaObject.superId.indices {
            let value = object.value(row, position)
            if value >= 0 && pool.text(value).lowercased().contains(needle) { return true }
        }
        for field in fields.indices {
            for reached in reached(row, field, limit: Self.shownPerField)
            where reached.text.lowercased().contains(needle) {
                return true
            }
        }
        return false
    }
}
