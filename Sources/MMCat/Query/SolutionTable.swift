/// Solutions of a pattern as rows of a flat table: one column per variable of the query, each
/// cell the row of the variable's object it is bound to, or -1 where it is unbound. `origins`
/// says, for each solution, which solution of the input it extends, so an OPTIONAL can keep the
/// inputs nothing extended.
struct SolutionTable {
    let width: Int
    private(set) var cells: [Int32] = []
    private(set) var origins: [Int32] = []

    init(width: Int) {
        self.width = width
    }

    /// The table of one solution with nothing bound: where every pattern starts.
    static func unit(width: Int) -> SolutionTable {
        var table = SolutionTable(width: width)
        table.cells = [Int32](repeating: -1, count: width)
        table.origins = [0]
        return table
    }

    var count: Int { origins.count }

    @inline(__always)
    func cell(_ row: Int, _ variable: Int) -> Int32 {
        cells[row * width + variable]
    }

    func row(_ row: Int) -> ArraySlice<Int32> {
        cells[(row * width)..<(row * width + width)]
    }

    /// Appends `row` of `source`, with `variable` bound to `value` when `variable` is not nil.
    @inline(__always)
    mutating func append(
        _ source: SolutionTable, _ row: Int, origin: Int32, binding variable: Int? = nil, to value: Int32 = -1
    ) {
        let start = cells.count
        cells.append(contentsOf: source.row(row))
        if let variable { cells[start + variable] = value }
        origins.append(origin)
    }

    mutating func append(cells row: ArraySlice<Int32>, origin: Int32) {
        cells.append(contentsOf: row)
        origins.append(origin)
    }

    /// The solutions of `indexes`, in that order, each its own origin.
    func selecting(_ indexes: [Int]) -> SolutionTable {
        var table = SolutionTable(width: width)
        table.cells.reserveCapacity(indexes.count * width)
        for index in indexes { table.append(cells: row(index), origin: Int32(index)) }
        return table
    }

    /// Whether solutions `row` of this table and `other` of `table` agree wherever both are bound.
    func compatible(_ row: Int, with other: Int, of table: SolutionTable) -> Bool {
        for variable in 0..<width {
            let (a, b) = (cell(row, variable), table.cell(other, variable))
            if a >= 0 && b >= 0 && a != b { return false }
        }
        return true
    }

    /// Whether the two solutions have a variable bound in both (MINUS removes only those).
    func sharesBinding(_ row: Int, with other: Int, of table: SolutionTable) -> Bool {
        (0..<width).contains { cell(row, $0) >= 0 && table.cell(other, $0) >= 0 }
    }

    /// Sets `variable` of solution `row`.
    mutating func rebind(_ row: Int, _ variable: Int, to value: Int32) {
        cells[row * width + variable] = value
    }

    /// The same solutions, each its own origin: the input of the next step.
    var indexed: SolutionTable {
        var table = self
        table.origins = (0..<Int32(count)).map { $0 }
        return table
    }

    /// This step's solutions with origins that point where `previous`'s origins point.
    func composed(after previous: SolutionTable) -> SolutionTable {
        var table = self
        table.origins = origins.map { previous.origins[Int($0)] }
        return table
    }
}
