extension SchemaCategory {
    /// Every structural problem of the category, located by the JSON path of the listed entry.
    ///
    /// Checks: duplicate keys and signatures, morphisms between unknown objects, duals whose dom and
    /// cod do not mirror, listed composites that do not chain, superId signatures that lead nowhere,
    /// and ids that are empty or not inside the superId.
    public func validate(listedObjects: [SchemaObject], listedMorphisms: [SchemaMorphism]) -> [InputError.Problem] {
        var problems = ProblemList()
        var seenKeys: [Int: Int] = [:]
        for (index, object) in listedObjects.enumerated() {
            let path = "$.objects[\(index)]"
            if let first = seenKeys[object.key] {
                problems.add("\(path).key", "duplicate key \(object.key) (also $.objects[\(first)])")
                continue
            }
            seenKeys[object.key] = index
            validateIds(of: object, path: path, &problems)
        }
        var seenSignatures: [Signature: Int] = [:]
        var reportedDuals = Set<Int32>()
        for (index, morphism) in listedMorphisms.enumerated() {
            let path = "$.morphisms[\(index)]"
            if let first = seenSignatures[morphism.signature] {
                problems.add(
                    "\(path).signature", "duplicate signature \"\(morphism.signature)\" (also $.morphisms[\(first)])")
                continue
            }
            seenSignatures[morphism.signature] = index
            var known = true
            for (field, key) in [("dom", morphism.dom), ("cod", morphism.cod)] where object(key) == nil {
                problems.add("\(path).\(field)", "unknown object key \(key)")
                known = false
            }
            guard known else { continue }
            if morphism.signature.isBase {
                if let dual = morphisms[morphism.signature.dual], dual.dom != morphism.cod || dual.cod != morphism.dom,
                    reportedDuals.insert(abs(morphism.signature.steps[0])).inserted
                {
                    problems.add(
                        path,
                        "morphism \"\(morphism.signature)\" goes \(morphism.dom) → \(morphism.cod), so its dual \"\(dual.signature)\" must go \(morphism.cod) → \(morphism.dom), but it goes \(dual.dom) → \(dual.cod)"
                    )
                }
            } else if let problem = pathProblem(morphism.signature, from: morphism.dom) {
                problems.add("\(path).signature", problem)
            } else if let end = chainEnd(of: morphism.signature, from: morphism.dom), end != morphism.cod {
                problems.add(
                    "\(path).cod", "the composite \"\(morphism.signature)\" ends at \(end), not at \(morphism.cod)")
            }
        }
        return problems.problems
    }

    /// Where the steps of `signature` lead from `key`, walking base morphisms only.
    private func chainEnd(of signature: Signature, from key: Int) -> Int? {
        var current = key
        for step in signature.steps {
            guard let base = morphisms[Signature(base: step)], base.dom == current else { return nil }
            current = base.cod
        }
        return current
    }

    private func validateIds(of object: SchemaObject, path: String, _ problems: inout ProblemList) {
        if object.superId.isEmpty {
            problems.add("\(path).superId", "the superId is empty (use [\"\"] for an object identified by its value)")
        }
        var seen = Set<Signature>()
        for (index, signature) in object.superId.enumerated() {
            if !seen.insert(signature).inserted {
                problems.add("\(path).superId[\(index)]", "signature \"\(signature)\" is listed twice")
            }
            if let problem = pathProblem(signature, from: object.key) {
                problems.add("\(path).superId[\(index)]", problem)
            }
        }
        if object.ids.isEmpty {
            problems.add("\(path).ids", "an object needs at least one id")
        }
        for (index, id) in object.ids.enumerated() {
            if id.isEmpty {
                problems.add("\(path).ids[\(index)]", "an id needs at least one signature")
            }
            for (position, signature) in id.enumerated() where !seen.contains(signature) {
                problems.add(
                    "\(path).ids[\(index)][\(position)]",
                    "signature \"\(signature)\" is not in the superId of \(object.displayName)")
            }
        }
    }
}
