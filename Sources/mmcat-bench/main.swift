import Foundation
import MMCat
import MMCatExamples
import MMCatMongo
import MMCatPostgres

// The MM-cat thesis workload: 1,000 customers, 1,000 products and N orders of about three items,
// as documents; imported (Model to Category), then exported (Category to Model) to a MongoDB
// script and to PostgreSQL scripts, then written as the binary snapshot the job server saves and
// read back. Prints orders per second and peak memory for each phase.
//
//   swift run -c release mmcat-bench [--repeat R] [N ...]   (default: 10000 100000 1000000)
//
// Each N runs R times (default 5 below 1M, 3 from 1M) on a fresh instance; the table shows the
// median time of each phase and the largest peak memory.

/// The example's schema and mappings (`examples/`): orders as documents, and as two tables,
/// their items keyed by (order number, product id) so that rows come out grouped by order.
struct Workload {
    let schema: SchemaCategory
    let documentMapping: Mapping
    let tableMappings: [Mapping]

    init() throws {
        func example(_ file: String) throws -> Mapping {
            try AccessPathText.parseMapping(try Examples.text(file), file: file)
        }
        let bytes = try Examples.bytes("orders.schema.json")
        schema = try SchemaCategory.load(bytes: bytes, file: "orders.schema.json")
        documentMapping = try example("order.path")
        var itemsTable = try example("order_item.path")
        itemsTable.primaryKey = [try Signature(parsing: "19.-8"), try Signature(parsing: "10.9")]
        tableMappings = [try example("order_row.path"), itemsTable]
    }
}

/// JSON Lines for `orders` orders; deterministic (a linear congruential generator).
func documents(orders: Int) -> [UInt8] {
    var out = TextOutput()
    var seed: UInt64 = 42
    func next(_ bound: Int) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((seed >> 33) % UInt64(bound))
    }
    for number in 1...orders {
        out.write("{\"number\": \(number), \"customer\": \(1 + next(1000)), \"items\": [")
        let count = 2 + next(3)
        var used = Set<Int>()
        for index in 0..<count {
            var product = 1 + next(1000)
            while !used.insert(product).inserted { product = 1 + next(1000) }
            if index > 0 { out.write(", ") }
            out.write(
                "{\"productId\": \(product), \"name\": \"Product \(product)\", \"price\": \(product % 97 + 1).5, \"quantity\": \(1 + next(9))}"
            )
        }
        out.write("]}\n")
    }
    return out.bytes
}

/// An output streamed in 1 MB chunks, as the command line streams to a file, whose chunks are dropped:
/// the figures are for producing the script, not for the disk that would store it.
func discardingOutput() -> TextOutput {
    TextOutput { _ in }
}

/// The peak resident memory since the last reset, in MiB (Linux: VmHWM; reset through clear_refs).
func peakMemory() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return kilobytes / 1024
}

func resetPeakMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

struct Phase {
    var name: String
    var seconds: Double
    var orders: Int
    var peak: Double
    var bytes: Int
}

func measure(_ name: String, orders: Int, _ body: () throws -> Int) rethrows -> Phase {
    resetPeakMemory()
    let clock = ContinuousClock()
    var bytes = 0
    let duration = try clock.measure { bytes = try body() }
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return Phase(name: name, seconds: seconds, orders: orders, peak: peakMemory(), bytes: bytes)
}

func run(orders: Int) throws -> [Phase] {
    let input = documents(orders: orders)
    let workload = try Workload()
    let (schema, documentMapping, tableMappings) = (workload.schema, workload.documentMapping, workload.tableMappings)
    let instance = InstanceCategory(schema: schema)
    var phases: [Phase] = []
    phases.append(
        try measure("import", orders: orders) {
            let plan = try ImportPlan(schema: schema, mapping: documentMapping)
            var reader = try JSONRecordReader(bytes: input, file: "orders.jsonl")
            let summary = try ModelToCategory(plan: plan, instance: instance).run(&reader)
            precondition(summary.imported == orders, "imported \(summary.imported) of \(orders)")
            instance.seal()
            return input.count
        })
    phases.append(
        try measure("export mongodb", orders: orders) {
            let model = try CategoryToModel(instance: instance, mapping: documentMapping)
            var out = discardingOutput()
            try MongoDBPrinter().print(model, to: &out)
            return out.totalCount
        })
    phases.append(
        try measure("export postgresql", orders: orders) {
            var out = discardingOutput()
            for mapping in tableMappings {
                let model = try CategoryToModel(instance: instance, mapping: mapping)
                try PostgreSQLPrinter().print(model, to: &out)
            }
            return out.totalCount
        })
    // The snapshot a server saves after an import, and reads back after a restart.
    var snapshot: [UInt8] = []
    phases.append(
        measure("snapshot write", orders: orders) {
            snapshot = InstanceSnapshot.bytes(of: instance)
            return snapshot.count
        })
    phases.append(
        try measure("snapshot read", orders: orders) {
            let copy = try InstanceSnapshot.read(snapshot, file: "bench.instance")
            precondition(copy.objects.map(\.liveRowCount) == instance.objects.map(\.liveRowCount), "rows differ")
            return snapshot.count
        })
    return phases
}

/// Runs every N `repeats` times and keeps, per phase, the median time and the largest peak.
func summarize(_ runs: [[Phase]]) -> [Phase] {
    runs[0].indices.map { index in
        let samples = runs.map { $0[index] }.sorted { $0.seconds < $1.seconds }
        var median = samples[samples.count / 2]
        median.peak = samples.map(\.peak).max() ?? median.peak
        return median
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var repeats: Int?
if let flag = arguments.firstIndex(of: "--repeat"), flag + 1 < arguments.count {
    repeats = Int(arguments[flag + 1])
    arguments.removeSubrange(flag...(flag + 1))
}
let sizes = arguments.compactMap { Int($0) }
var results: [(Int, [Phase])] = []
print("orders     phase               seconds   orders/s   µs/order   peak MiB   output MB")
for size in sizes.isEmpty ? [10_000, 100_000, 1_000_000] : sizes {
    let count = repeats ?? (size < 1_000_000 ? 5 : 3)
    let phases = summarize(try (0..<count).map { _ in try run(orders: size) })
    results.append((size, phases))
    for phase in phases {
        let perSecond = Double(phase.orders) / phase.seconds
        print(
            pad(String(size), 10) + " " + pad(phase.name, 18)
                + String(
                    format: " %8.3f %10.0f %10.2f %10.1f %11.1f", phase.seconds, perSecond, 1e6 / perSecond, phase.peak,
                    Double(phase.bytes) / 1e6))
    }
}
if let first = results.first, let last = results.last, first.0 != last.0 {
    print("\ntime per order at N = \(last.0) relative to N = \(first.0):")
    for (small, large) in zip(first.1, last.1) {
        let ratio = (large.seconds / Double(large.orders)) / (small.seconds / Double(small.orders))
        print("  " + pad(small.name, 18) + String(format: " %.2fx", ratio))
    }
}
