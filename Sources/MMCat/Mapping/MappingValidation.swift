extension Mapping {
    /// Every problem of the mapping over `schema`, located by JSON path: signatures that do not exist
    /// or do not compose from the parent's object, names that repeat among siblings, dynamic names
    /// outside a complex property, simple properties that do not lead to a value object, primary key
    /// signatures outside the root's superId, a graph relationship's ends that break the
    /// `_from.LABEL`/`_to.LABEL` convention (``RelationshipEnds``), and rows that could not be
    /// identified on import.
    public func validate(against schema: SchemaCategory) -> [InputError.Problem] {
        var problems = ProblemList()
        // The JSON form refuses it while reading; the text notation can write it as "".
        if kindName.isEmpty { problems.add("$.kindName", "the kind name is empty") }
        if kindName.utf8.contains(0) { problems.add("$.kindName", Self.nulProblem) }
        guard let root = schema.object(rootObject) else {
            problems.add("$.rootObject", "unknown object key \(rootObject)")
            return problems.problems
        }
        for (index, signature) in (primaryKey ?? []).enumerated() where !root.superId.contains(signature) {
            problems.add(
                "$.primaryKey[\(index)]", "signature \"\(signature)\" is not in the superId of \(root.displayName)")
        }
        checkChildren(of: accessPath, objectKey: rootObject, mayHoldMap: true, path: "$.accessPath", schema, &problems)
        if problems.isEmpty {
            do {
                _ = try RelationshipEnds(self, schema: schema)
                _ = try ImportPlan(schema: schema, mapping: self)
            } catch {
                return error.problems
            }
        }
        return problems.problems
    }

    /// No database keeps a NUL in a table, collection, label, column or field name (MongoDB's
    /// field names end at one), and a script would end its line there.
    static let nulProblem = "a name cannot hold a NUL character (U+0000)"

    private func checkChildren(
        of node: AccessPath, objectKey: Int, mayHoldMap: Bool, path: String, _ schema: SchemaCategory,
        _ problems: inout ProblemList
    ) {
        var names: [String: Int] = [:]
        var dynamicCount = 0
        for (index, child) in node.children.enumerated() {
            let childPath = "\(path).subpaths[\(index)]"
            switch child.name {
            case .fixed(let name):
                if name.isEmpty { problems.add("\(childPath).name", "a property needs a name") }
                if name.utf8.contains(0) { problems.add("\(childPath).name", Self.nulProblem) }
                if let first = names[name] {
                    problems.add("\(childPath).name", "the name \"\(name)\" is already used by subpaths[\(first)]")
                } else {
                    names[name] = index
                }
            case .dynamic(let signature):
                dynamicCount += 1
                if !mayHoldMap {
                    problems.add(
                        "\(childPath).name",
                        "a dynamic name must sit directly inside a complex property with a signature, not inside an auxiliary node"
                    )
                } else if dynamicCount > 1 {
                    problems.add("\(childPath).name", "a complex property can hold only one dynamically named property")
                }
                if let problem = schema.pathProblem(signature, from: objectKey) {
                    problems.add("\(childPath).name.dynamic", problem)
                } else if let target = schema.target(of: signature, from: objectKey),
                    !(schema.object(target)?.isValueObject ?? false)
                {
                    problems.add(
                        "\(childPath).name.dynamic",
                        "a dynamic name must lead to a value object, not to \(schema.object(target)!.displayName)")
                }
                if child.isAuxiliary {
                    problems.add("\(childPath).signature", "a dynamically named property needs a signature")
                }
            }
            guard let signature = child.signature else {
                checkChildren(of: child, objectKey: objectKey, mayHoldMap: false, path: childPath, schema, &problems)
                continue
            }
            if let problem = schema.pathProblem(signature, from: objectKey) {
                problems.add("\(childPath).signature", problem)
                continue
            }
            if child.isComplex, let target = schema.target(of: signature, from: objectKey) {
                checkChildren(of: child, objectKey: target, mayHoldMap: true, path: childPath, schema, &problems)
            }
        }
    }
}
