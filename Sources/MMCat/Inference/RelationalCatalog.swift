/// What a relational database says about its tables, as far as inference needs it: columns with
/// their types and nullability, the primary key, unique constraints and foreign keys. Each
/// relational family reads it from its own catalog (SQLite's pragmas, PostgreSQL's
/// `pg_catalog`); ``CatalogInference`` turns it into a schema category and mappings.
public struct RelationalCatalog: Sendable, Equatable {
    public var tables: [Table]
    /// What reading the catalog had to decide (a graph's label without a key, say); inference
    /// passes them on with its own.
    public var notes: [String]

    public init(tables: [Table], notes: [String] = []) {
        self.tables = tables
        self.notes = notes
    }

    public struct Table: Sendable, Equatable {
        public var name: String
        public var columns: [Column]
        /// The primary key's columns, in key order; empty when the table has none.
        public var primaryKey: [String]
        /// Unique constraints other than the primary key, each its columns.
        public var uniques: [[String]]
        public var foreignKeys: [ForeignKey]

        public init(
            name: String, columns: [Column], primaryKey: [String] = [], uniques: [[String]] = [],
            foreignKeys: [ForeignKey] = []
        ) {
            self.name = name
            self.columns = columns
            self.primaryKey = primaryKey
            self.uniques = uniques
            self.foreignKeys = foreignKeys
        }

        public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        /// The type as the database spells it (`numeric(15,2)`, `timestamp with time zone`).
        public var type: String
        public var notNull: Bool

        public init(name: String, type: String, notNull: Bool) {
            self.name = name
            self.type = type
            self.notNull = notNull
        }
    }

    /// `columns` of the table reference `referencedColumns` of `table`, position by position.
    public struct ForeignKey: Sendable, Equatable {
        public var columns: [String]
        public var table: String
        public var referencedColumns: [String]

        public init(columns: [String], table: String, referencedColumns: [String]) {
            self.columns = columns
            self.table = table
            self.referencedColumns = referencedColumns
        }
    }

    public func table(_ name: String) -> Table? { tables.first { $0.name == name } }
}
