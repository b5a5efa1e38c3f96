/// What a command keeps until the process ends.
///
/// A command's instance category holds millions of small allocations (a `String` per distinct
/// value, arrays per object and morphism). Freeing them one by one when the command returns costs
/// time and gives nothing back: the process ends right after, and the system takes its whole
/// memory back at once. A million-row migration spent a quarter of a second in that teardown.
///
/// ```swift
/// // given: schema: SchemaCategory
/// let instance = InstanceCategory(schema: schema)
/// ProcessLifetime.keep(instance)   // never freed piece by piece
/// ```
enum ProcessLifetime {
    /// Keeps `object` alive until the process exits (one retain that is never released).
    static func keep(_ object: AnyObject) {
        _ = Unmanaged.passRetained(object)
    }
}
