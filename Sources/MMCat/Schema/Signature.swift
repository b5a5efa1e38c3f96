/// The name of a morphism: a path of base morphisms through the schema category.
///
/// Signatures are written in composition order, as in MM-cat: `"10.9"` means "first 9, then 10".
/// Internally the steps are kept in the order they are applied, which is what every algorithm walks.
///
/// ```swift
/// let itemsToProductId = try Signature(parsing: "10.9")   // steps [9, 10]
/// itemsToProductId.dual.description                        // "-9.-10"
/// ```
public struct Signature: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Base morphism numbers in the order they are applied (first step first). Negative numbers are duals.
    public let steps: [Int32]

    /// The empty signature ε: the identity morphism of an object.
    public static let empty = Signature(steps: [])

    public init(steps: [Int32]) {
        self.steps = steps
    }

    /// A base morphism (`n`) or its dual (`-n`).
    public init(base: Int32) {
        self.steps = [base]
    }

    /// Parses the written form: `""` (ε), `"19"`, `"-19"` or `"10.9"`.
    public init(parsing text: String) throws(SignatureError) {
        if text.isEmpty {
            self = .empty
            return
        }
        var parsed: [Int32] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            // Int32.min has no dual (its negation does not fit), so it is no base number.
            guard let number = Int32(part), number != 0, number != .min else {
                throw SignatureError(text: text)
            }
            parsed.append(number)
        }
        self.steps = parsed.reversed()
    }

    public var isEmpty: Bool { steps.isEmpty }
    public var isBase: Bool { steps.count == 1 }
    public var isComposite: Bool { steps.count > 1 }

    /// The opposite direction: `"19.-14"` becomes `"14.-19"`.
    public var dual: Signature {
        Signature(steps: steps.reversed().map { -$0 })
    }

    /// This path followed by `next`: `Signature("9").followed(by: "10") == "10.9"`.
    public func followed(by next: Signature) -> Signature {
        Signature(steps: steps + next.steps)
    }

    /// The path with every step that immediately undoes the previous one removed (`x` then `-x`).
    ///
    /// `canCancel(x)` decides whether the pair `x, -x` may go: going forth and back along `x` is the
    /// identity only when the way back (`-x`) is a function.
    public func reduced(canCancel: (Int32) -> Bool = { _ in true }) -> Signature {
        var out: [Int32] = []
        for step in steps {
            if let last = out.last, last == -step, canCancel(last) {
                out.removeLast()
            } else {
                out.append(step)
            }
        }
        return Signature(steps: out)
    }

    /// If this path starts by going back along `incoming` (the dual of `incoming` is its prefix),
    /// the rest of the path, relative to the object `incoming` came from. MM-cat's `traverseThrough`.
    public func afterGoingBack(along incoming: Signature) -> Signature? {
        let back = incoming.dual.steps
        guard !back.isEmpty, steps.count >= back.count, Array(steps[0..<back.count]) == back else {
            return nil
        }
        return Signature(steps: Array(steps[back.count...]))
    }

    /// The written form, in composition order (`"10.9"`); ε is written as `""`.
    public var description: String {
        steps.reversed().map(String.init).joined(separator: ".")
    }

    /// MM-cat's order: shorter signatures first, then by the written ids.
    public static func < (lhs: Signature, rhs: Signature) -> Bool {
        if lhs.steps.count != rhs.steps.count {
            return lhs.steps.count < rhs.steps.count
        }
        for (a, b) in zip(lhs.steps.reversed(), rhs.steps.reversed()) where a != b {
            return a < b
        }
        return false
    }
}

/// A signature text that is not `""`, `"n"`, `"-n"` or a dotted chain of them.
public struct SignatureError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public var description: String {
        "\"\(text)\" is not a signature (expected \"\", \"19\", \"-19\" or \"10.9\")"
    }
}
