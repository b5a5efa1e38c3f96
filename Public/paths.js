// Walking the schema category as the editors need it: base morphisms in both directions, and
// signatures composed right to left ("10.9" is first 9, then 10), as in docs/concepts.md.

// The base morphisms of `schema` and their duals, each { signature, dom, cod }; a dual that is not
// listed runs the other way.
export function baseSteps(schema) {
  const listed = new Map(schema.morphisms.map(m => [m.signature, m]));
  const steps = [];
  for (const m of schema.morphisms) {
    if (m.signature.includes(".") || m.signature.startsWith("-")) continue;
    steps.push({ signature: m.signature, dom: m.dom, cod: m.cod });
    const dual = listed.get(`-${m.signature}`);
    steps.push({ signature: `-${m.signature}`, dom: dual?.dom ?? m.cod, cod: dual?.cod ?? m.dom });
  }
  return steps;
}

// The steps that leave object `from`.
export function stepsFrom(schema, from) {
  return baseSteps(schema).filter(s => s.dom === from);
}

// The signature of a path walked as a list of base signatures, first step first.
export function compose(bases) {
  return bases.length === 0 ? "" : [...bases].reverse().join(".");
}

// The objects a signature passes through from `from`, last one its codomain; null when the
// signature does not lead anywhere from there.
export function walk(schema, from, signature) {
  const steps = baseSteps(schema);
  const objects = [from];
  if (!signature) return objects;
  for (const base of signature.split(".").reverse()) {
    const step = steps.find(s => s.signature === base && s.dom === objects[objects.length - 1]);
    if (!step) return null;
    objects.push(step.cod);
  }
  return objects;
}

// Every object a mapping touches: its root and the objects its properties pass through.
export function mappedObjects(schema, mapping) {
  const keys = new Set([mapping.rootObject]);
  const visit = (node, at) => {
    for (const child of node.subpaths ?? []) {
      const path = child.signature === null ? [at] : walk(schema, at, child.signature);
      if (!path) continue;
      path.forEach(k => keys.add(k));
      visit(child, path[path.length - 1]);
    }
  };
  visit(mapping.accessPath ?? {}, mapping.rootObject);
  return keys;
}

// A field name made from an object's label: "Order number" -> "orderNumber".
export function fieldName(label) {
  const words = String(label).replace(/[^A-Za-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
  if (words.length === 0) return "field";
  return words.map((w, i) => i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase()).join("");
}
