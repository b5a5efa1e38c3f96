/// Model to Category: reads records through a mapping into an instance category.
///
/// Each record is read in two phases. First a ``RecordCollector`` collects its rows and pairs
/// into a batch, checking that every row can be identified; then the batch is written into the
/// instance. A record that cannot be identified is reported (record number, JSON path, what is
/// missing) and leaves no trace; the import goes on with the next one. ``run(_:)`` alternates the
/// two phases on one thread; a caller with a second core can collect on one thread and write on
/// another (``takeCollector()``, ``apply(_:to:)``, ``finish(_:)``).
///
/// ```swift
/// // given: schema: SchemaCategory, mapping: Mapping, instance: InstanceCategory, data: [UInt8]
/// let importer = try ModelToCategory(plan: ImportPlan(schema: schema, mapping: mapping), instance: instance)
/// var reader = try JSONRecordReader(bytes: data, file: "orders.json")
/// let summary = try importer.run(&reader)
/// ```
public final class ModelToCategory {
    /// What an import did: records read, imported and rejected, with the first rejections.
    public struct Summary: Sendable {
        public var read = 0
        public var imported = 0
        public var rejected = 0
        /// Values that disagreed with a value their row already had (the row kept its value).
        public var conflicts = 0
        /// The first ``maximumKeptRejections`` rejections, in record order.
        public var rejections: [Rejection] = []
        public static let maximumKeptRejections = 1000

        public init() {}
    }

    /// A record that was not imported, and why.
    public struct Rejection: Error, Sendable, CustomStringConvertible {
        public var record: Int
        public var path: String
        public var message: String
        public var description: String { "record \(record): \(path): \(message)" }
    }

    private let plan: ImportPlan
    private let instance: InstanceCategory
    private let targets: [InstanceCategory.PairTarget]
    /// For each pair slot whose pairs go into one base morphism's store (most slots): the store
    /// and whether a pair is stored backwards; nil for composites and identities.
    private let baseStores: [(store: PairStore, reversed: Bool)?]
    /// The instance row of each row of the batch being written (kept to save an array a batch).
    private var written: [Int32] = []
    private var conflictsBefore = 0

    public init(plan: ImportPlan, instance: InstanceCategory) {
        self.plan = plan
        self.instance = instance
        self.targets = plan.signatures.map(instance.pairTarget)
        self.baseStores = targets.map { target in
            if case .base(let store, let reversed) = target { return (store, reversed) }
            return nil
        }
        instance.trackedComposites.formUnion(plan.composites)
        conflictsBefore = instance.objects.reduce(0) { $0 + $1.conflictCount }
    }

    /// Imports every record of `source`, then materializes the composites that became splittable.
    /// Collecting and writing take turns on this thread, a few hundred records at a time.
    public func run(_ source: inout some RecordSource) throws(InputError) -> Summary {
        var summary = Summary()
        var collector = takeCollector()
        defer { restore(collector) }
        var batch = CollectedRecords()
        do throws(InputError) {
            while let record = try source.next() {
                collector.collect(record.value, number: record.number, into: &batch)
                if batch.read == 256 {
                    apply(batch, to: &summary)
                    batch.removeAll()
                }
            }
        } catch {
            // The records read before the source failed are written, as if each went in at once.
            apply(batch, to: &summary)
            throw error
        }
        apply(batch, to: &summary)
        finish(&summary)
        return summary
    }

    /// A collector for this import, holding the instance's value pool until ``restore(_:)``
    /// gives it back (the instance has an empty pool meanwhile).
    public func takeCollector() -> RecordCollector {
        let pool = instance.pool
        instance.pool = ValuePool()
        return RecordCollector(plan: plan, pool: pool, idPositions: instance.objects.map(\.idPositions))
    }

    /// Puts the collector's pool, with every value it interned, back into the instance.
    public func restore(_ collector: consuming RecordCollector) {
        instance.pool = collector.pool
    }

    /// Writes a batch into the instance, record by record (rows, then their pairs), and counts it.
    public func apply(_ batch: CollectedRecords, to summary: inout Summary) {
        summary.read += batch.read
        summary.imported += batch.count
        summary.rejected += batch.rejections.count
        let room = Summary.maximumKeptRejections - summary.rejections.count
        summary.rejections += batch.rejections.prefix(max(0, room))
        // Local copies: reached through `self` and `instance`, each row and pair would cost
        // retains, releases and exclusivity checks.
        let objects = instance.objects
        var written = self.written
        self.written = []
        written.removeAll(keepingCapacity: true)
        defer { self.written = written }
        var firstPair = 0
        for end in batch.recordEnds {
            for index in written.count..<end.rows {
                let object = objects[batch.rowObjects[index]]
                let start = batch.rowStarts[index]
                written.append(object.upsert(batch.rowValues[start..<(start + object.arity)]) ?? -1)
            }
            for index in firstPair..<end.pairs {
                let (dom, cod) = batch.pairEnds[index]
                let from = written[dom]
                let to = written[cod]
                guard from >= 0 && to >= 0 else { continue }
                let slot = batch.pairSlots[index]
                if let base = baseStores[slot] {
                    if base.reversed { base.store.append(to, from) } else { base.store.append(from, to) }
                } else {
                    instance.add(targets[slot], dom: from, cod: to)
                }
            }
            firstPair = end.pairs
        }
    }

    /// Ends the import: materializes the composites that became splittable and counts the values
    /// that disagreed with their rows.
    public func finish(_ summary: inout Summary) {
        instance.materializeShortcuts()
        summary.conflicts = instance.objects.reduce(0) { $0 + $1.conflictCount } - conflictsBefore
    }
}
