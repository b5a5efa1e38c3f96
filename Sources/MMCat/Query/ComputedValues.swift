/// The values a query's subqueries compute (`(COUNT(?o) AS ?n)`), each kept once: a solution's
/// cell for a computed variable is the value's number here, so equal values (as queries compare
/// them: `2` and `2.0` alike) have equal cells, and joins, GROUP BY and DISTINCT compare cells
/// as they do for rows of objects.
///
/// ```swift
/// let values = ComputedValues()
/// values.id(.integer(2)) == values.id(.decimal(2))   // true
/// values.value(values.id(.text("x")))                 // .text("x")
/// ```
final class ComputedValues {
    private var values: [QueryValue] = []
    private var ids: [String: Int32] = [:]

    /// The number of `value`, given it when it is new.
    func id(_ value: QueryValue) -> Int32 {
        if let id = ids[value.distinctKey] { return id }
        let id = Int32(values.count)
        values.append(value)
        ids[value.distinctKey] = id
        return id
    }

    func value(_ id: Int32) -> QueryValue {
        values[Int(id)]
    }
}
