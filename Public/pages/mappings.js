// Mappings: the list with each access path in the text notation; a new mapping made from a
// database, a root object (picked on the graph or from the list) and a kind name; and the access
// path edited as a tree. Every change is saved at once and checked by the server; a change it
// refuses is shown with its message and not applied.
import { api, errorBox, esc, families, notFound } from "../api.js";
import { connectTools, drawGraph, graphTools } from "../graph.js";
import { fieldName, mappedObjects, walk } from "../paths.js";
import { pickSignature } from "../picker.js";

// The schema category new mappings are made over, when there are several.
let chosenSchema = null;

export async function render(main, [mappingArg]) {
  const [mappings, schemas, databases, familyList] = await Promise.all([api("GET", "/mappings"), api("GET", "/schemas"), api("GET", "/databases"), families()]);
  // Kinds of a flat family: no nested documents or maps (auxiliary groups flatten).
  const flatTypes = new Set(familyList.filter(f => f.flat).map(f => f.name));
  // Graph families, whose kinds can also be relationship types (_from.LABEL / _to.LABEL ends).
  const graphTypes = new Set(familyList.filter(f => f.relationships).map(f => f.name));
  const editing = mappings.find(m => m.id === Number(mappingArg));
  if (mappingArg !== undefined && !editing) return notFound(main, `mapping ${mappingArg}`, { href: "#/mappings", text: "All mappings" });
  if (editing) return editor(main, editing, schemas.find(s => s.id === editing.schema), databases.find(d => d.id === editing.database), flatTypes, graphTypes);
  const db = Object.fromEntries(databases.map(d => [d.id, d]));
  const schema = schemas.find(s => s.id === chosenSchema) ?? schemas[0];
  main.innerHTML = `<h1>Mappings</h1><div id="mapping-error"></div>
    ${mappings.length === 0 ? `<div class="panel empty">No mappings yet: create one below.</div>` : mappings.map(m => `<div class="panel">
      <strong>${esc(m.name ?? m.kindName)}</strong> <span class="muted">kind ${esc(m.kindName)} in ${esc(db[m.database]?.label ?? m.database)}</span>
      <pre class="code">${esc(m.text)}</pre>
      <p class="actions"><a class="button" href="#/mappings/${m.id}">Edit access path</a>
        <button type="button" data-delete-mapping="${m.id}" data-name="${esc(m.name ?? m.kindName)}">Delete</button></p></div>`).join("")}
    <h2>New mapping</h2>
    ${!schema || databases.length === 0 ? `<div class="panel empty">A mapping needs a schema category and a database.</div>` : `
    <p class="muted">Pick the root object (what one record stands for) on the graph or in the list; the mapping starts with
      the properties of the root's first id, and you add the others in the tree editor.</p>
    <svg class="graph small" id="root-graph" role="img" aria-label="pick the root object"></svg>${graphTools("root-graph")}
    <form class="panel" id="new-mapping">
      <div class="inline">${schemas.length > 1 ? `<label>Schema category <select id="mapping-schema">${schemas.map(s =>
        `<option value="${s.id}" ${s.id === schema.id ? "selected" : ""}>${esc(s.name)}</option>`).join("")}</select></label>` : ""}
      <label>Name <input name="name" placeholder="Orders as documents"></label>
      <label>Database <select name="database">${databases.map(d => `<option value="${d.id}">${esc(d.label)} (${esc(d.type)})</option>`).join("")}</select></label>
      <label>Root object <select name="root" id="root-choice">${schema.objects.map(o => `<option value="${o.key}">${esc(o.label)} (${o.key})</option>`).join("")}</select></label>
      <label>Kind name <input name="kindName" required placeholder="order"></label>
      <button class="primary" type="submit">Create mapping</button></div>
    </form>
    <details class="panel"><summary>Or write the whole access path in the text notation</summary>
    <form id="new-mapping-text">
      <div class="inline"><label>Name <input name="name"></label>
      <label>Database <select name="database">${databases.map(d => `<option value="${d.id}">${esc(d.label)} (${esc(d.type)})</option>`).join("")}</select></label></div>
      <label>Access path <textarea name="text" rows="5" cols="80" required placeholder="order @103 { number: 19 }" aria-describedby="text-error"></textarea></label>
      <div id="text-error"></div>
      <p><button class="primary" type="submit">Create mapping</button></p>
    </form></details>`}`;
  const fail = error => { document.getElementById("mapping-error").innerHTML = errorBox(error); window.scrollTo(0, 0); };
  main.onclick = async event => {
    const id = event.target.dataset.deleteMapping;
    if (!id || !confirm(`Delete the mapping "${event.target.dataset.name}"?`)) return;
    try { await api("DELETE", `/mappings/${id}`); await render(main, []); } catch (error) { fail(error); }
  };
  if (!schema || databases.length === 0) return;
  document.getElementById("mapping-schema")?.addEventListener("change", event => { chosenSchema = Number(event.target.value); render(main, []); });
  const graph = drawGraph(document.getElementById("root-graph"), schema, {
    onSelect: key => { document.getElementById("root-choice").value = key; graph.mark(new Map([[key, "origin"]])); },
  });
  connectTools(main, "root-graph", graph);
  document.getElementById("root-choice").onchange = event => graph.mark(new Map([[Number(event.target.value), "origin"]]));
  graph.mark(new Map([[schema.objects[0]?.key, "origin"]]));
  document.getElementById("new-mapping").onsubmit = async event => {
    event.preventDefault();
    const form = new FormData(event.target), root = Number(form.get("root"));
    const object = schema.objects.find(o => o.key === root);
    const subpaths = ((object.ids ?? [[""]])[0]).map(signature => {
      const path = walk(schema, root, signature);
      const end = schema.objects.find(o => o.key === path?.[path.length - 1]);
      return { name: fieldName(end && signature ? end.label : "value"), signature };
    });
    try {
      const created = await api("POST", "/mappings", {
        schema: schema.id, database: Number(form.get("database")), name: form.get("name") || undefined,
        kindName: form.get("kindName"), rootObject: root, accessPath: { subpaths },
      });
      location.hash = `#/mappings/${created.id}`;
    } catch (error) { fail(error); }
  };
  document.getElementById("new-mapping-text").onsubmit = async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      const saved = await api("POST", "/mappings", { name: form.get("name") || undefined, schema: schema.id, database: Number(form.get("database")), text: form.get("text") });
      await render(main, []);
      // Saved, with what it meets in its database (a kind not there yet) said under the form.
      if (saved.notes) {
        document.getElementById("new-mapping-text").closest("details")?.setAttribute("open", "");
        document.getElementById("text-error").innerHTML = notesBox(saved.notes);
      }
    } catch (error) {
      // Right under the text it is about, not at the top of the page.
      document.getElementById("text-error").innerHTML = errorBox(error);
      event.target.elements.text.setAttribute("aria-invalid", "true");
    }
  };
}

// The tree editor of one mapping's access path.
function editor(main, mapping, schema, database, flatTypes, graphTypes) {
  const flat = flatTypes.has(database?.type);
  const graphKinds = graphTypes.has(database?.type);
  // A relationship's end: a complex property at the top named _from.LABEL or _to.LABEL.
  const isEnd = (parent, name) => graphKinds && parent === "" && /^_(from|to)\./.test(name);
  const label = key => schema.objects.find(o => o.key === key)?.label ?? String(key);
  main.innerHTML = `<h1>${esc(mapping.name ?? mapping.kindName)}</h1>
    <p class="muted">Kind <strong>${esc(mapping.kindName)}</strong> in ${esc(database?.label ?? "?")} (${esc(database?.type ?? "?")}), root object
      <strong>${esc(label(mapping.rootObject))}</strong>.${flat ? " This database keeps flat kinds: no nested documents or maps (auxiliary groups are flattened)." : ""}
      ${graphKinds ? `<span id="relationship-hint">A kind here is a node label, or a relationship type when its access path holds a complex property named
        <code>_from.LABEL</code> and one named <code>_to.LABEL</code> (LABEL: the node kind at that end), each holding the properties that identify
        that node; an end that is the root row itself has the signature ε. Write a new relationship in the text notation on the Mappings page, then edit it here.</span>` : ""}
      <a href="#/mappings">All mappings</a></p>
    <div id="mapping-error"></div>
    <svg class="graph small" id="mapping-graph" role="img" aria-label="schema category"></svg>${graphTools("mapping-graph")}
    <div id="picker"></div>
    <div class="panel"><h2>Access path</h2><ul class="tree" id="tree"></ul><div id="property-form"></div></div>
    <div class="panel"><h2>In the text notation</h2><pre class="code" id="mapping-text">${esc(mapping.text)}</pre></div>`;
  const graph = drawGraph(document.getElementById("mapping-graph"), schema, {});
  connectTools(main, "mapping-graph", graph);
  let current = structuredClone(mapping);
  // The root and the objects the access path reaches, marked on the graph.
  const markMapped = () => graph.mark(new Map([...mappedObjects(schema, current)].map(k => [k, k === current.rootObject ? "origin" : "picked"])));
  const fail = error => { document.getElementById("mapping-error").innerHTML = errorBox(error); window.scrollTo(0, 0); };

  // The node at an index path ("" is the root; "0.2" the third child of the first child).
  const nodeAt = (tree, address) => address === "" ? tree : address.split(".").reduce((node, i) => node.subpaths[Number(i)], tree);
  const objectAt = address => {
    let key = current.rootObject, node = current.accessPath;
    for (const i of address === "" ? [] : address.split(".")) {
      node = node.subpaths[Number(i)];
      if (node.signature !== null) key = walk(schema, key, node.signature)?.at(-1) ?? key;
    }
    return key;
  };
  const nameText = name => typeof name === "object" && name !== null ? `<${name.dynamic}>` : name === "" ? "(anonymous)" : name;
  const save = async change => {
    const next = structuredClone(current);
    change(next.accessPath);
    try {
      current = await api("PUT", `/mappings/${mapping.id}`, {
        schema: mapping.schema, database: mapping.database, name: mapping.name ?? undefined, kindName: mapping.kindName,
        rootObject: mapping.rootObject, primaryKey: mapping.primaryKey, accessPath: next.accessPath,
      });
      document.getElementById("mapping-error").innerHTML = current.notes ? notesBox(current.notes) : "";
      document.getElementById("mapping-text").textContent = current.text;
      document.getElementById("property-form").innerHTML = "";
      paint();
    } catch (error) { fail(error); }
  };
  const paint = () => {
    const row = (node, address) => {
      const complex = Array.isArray(node.subpaths);
      const target = objectAt(address);
      return `<li><div class="node-row" data-address="${address}"><code>${esc(nameText(node.name))}</code>
        <span class="muted">${node.signature === null ? "auxiliary" : `<code>${esc(node.signature || "ε")}</code> → ${esc(label(target))}`}${complex ? " · complex" : ""}</span>
        ${complex ? `<button type="button" data-add="${address}">Add property</button>` : ""}
        <button type="button" data-edit="${address}">Edit</button>
        <button type="button" data-delete="${address}">Delete</button></div>
        ${complex && node.subpaths.length ? `<ul class="tree">${node.subpaths.map((child, i) => row(child, address === "" ? String(i) : `${address}.${i}`)).join("")}</ul>` : ""}</li>`;
    };
    const root = current.accessPath;
    markMapped();
    document.getElementById("tree").innerHTML = `<li><div class="node-row"><strong>${esc(current.kindName)}</strong>
      <span class="muted">root: ${esc(label(current.rootObject))}</span><button type="button" data-add="">Add property</button></div>
      <ul class="tree">${(root.subpaths ?? []).map((child, i) => row(child, String(i))).join("")}</ul></li>`;
  };
  document.getElementById("tree").onclick = event => {
    const { add, edit, delete: remove } = event.target.dataset;
    if (add !== undefined) propertyForm({ parent: add, node: null });
    else if (edit !== undefined) {
      const parts = edit.split(".");
      propertyForm({ parent: parts.slice(0, -1).join("."), index: Number(parts.at(-1)), node: nodeAt(current.accessPath, edit) });
    } else if (remove !== undefined) {
      const node = nodeAt(current.accessPath, remove), count = countBelow(node);
      if (!confirm(`Delete ${nameText(node.name)}${count ? ` and the ${count} properties under it` : ""}?`)) return;
      const parts = remove.split(".");
      save(tree => nodeAt(tree, parts.slice(0, -1).join(".")).subpaths.splice(Number(parts.at(-1)), 1));
    }
  };

  // The form that adds a property under `parent`, or edits `node` (the child `index` of parent).
  const propertyForm = ({ parent, index, node }) => {
    const box = document.getElementById("property-form");
    const origin = objectAt(parent);
    const state = {
      nameKind: node === null ? "static" : typeof node.name === "object" ? "dynamic" : node.name === "" ? "anonymous" : "static",
      name: typeof node?.name === "string" ? node.name : "", dynamic: typeof node?.name === "object" ? node.name.dynamic : "",
      signature: node?.signature ?? "", auxiliary: node ? node.signature === null : false, complex: Array.isArray(node?.subpaths),
    };
    const draw = () => {
      const noNesting = flat && !state.auxiliary && !isEnd(parent, state.name);
      if (noNesting) state.complex = false;
      if (flat) state.nameKind = state.nameKind === "dynamic" ? "static" : state.nameKind;
      box.innerHTML = `<form class="panel" id="property"><h2>${node ? "Edit property" : `New property under ${esc(parent === "" ? current.kindName : nameText(nodeAt(current.accessPath, parent).name))}`}</h2>
        <fieldset class="inline"><legend>Name</legend>
          ${["static", "dynamic", "anonymous"].map(k => `<label class="choice"><input type="radio" name="nameKind" value="${k}" ${state.nameKind === k ? "checked" : ""}
            ${k === "dynamic" && flat ? "disabled title=\"maps need a document database\"" : ""}> ${k}</label>`).join("")}
          ${state.nameKind === "static" ? `<label>Field name <input name="name" value="${esc(state.name)}" required></label>` : ""}
          ${state.nameKind === "dynamic" ? `<span>Name from <code>${esc(state.dynamic || "?")}</code> <button type="button" id="pick-dynamic">Pick…</button></span>` : ""}
        </fieldset>
        <fieldset class="inline"><legend>Morphism</legend>
          <label class="choice"><input type="checkbox" name="auxiliary" ${state.auxiliary ? "checked" : ""}> auxiliary (groups fields, no morphism)</label>
          ${state.auxiliary ? "" : `<span>Signature <code id="property-signature">${esc(state.signature || "?")}</code> from ${esc(label(origin))}
            <button type="button" id="pick-signature">Pick on the graph…</button></span>`}
        </fieldset>
        <fieldset class="inline"><legend>Value</legend>
          <label class="choice"><input type="radio" name="complex" value="simple" ${state.complex ? "" : "checked"}> simple</label>
          <label class="choice"><input type="radio" name="complex" value="complex" ${state.complex ? "checked" : ""} ${noNesting ? "disabled title=\"this database keeps flat kinds\"" : ""}> complex (nested)</label>
        </fieldset>
        <p class="actions"><button class="primary" type="submit">${node ? "Save property" : "Add property"}</button><button type="button" id="property-cancel">Cancel</button></p></form>`;
      const form = box.querySelector("#property");
      const wasEnd = isEnd(parent, state.name);
      form.oninput = event => { if (event.target.name === "name") state.name = event.target.value; };
      form.onchange = event => {
        const data = new FormData(form);
        state.nameKind = data.get("nameKind") ?? state.nameKind;
        state.name = data.get("name") ?? state.name;
        state.auxiliary = data.get("auxiliary") === "on";
        state.complex = data.get("complex") === "complex";
        // A name that becomes (or stops being) a relationship's end changes what the form allows.
        if (event.target.name !== "name" || isEnd(parent, state.name) !== wasEnd) draw();
      };
      const pick = (title, assign) => pickSignature(document.getElementById("picker"), graph, schema, origin, {
        title, allowEmpty: isEnd(parent, state.name), onDone: signature => { assign(signature); draw(); markMapped(); }, onCancel: () => { draw(); markMapped(); },
      });
      box.querySelector("#pick-signature")?.addEventListener("click", () => pick("The property's signature", s => { state.signature = s; }));
      box.querySelector("#pick-dynamic")?.addEventListener("click", () => pick("Where the field names come from", s => { state.dynamic = s; }));
      box.querySelector("#property-cancel").onclick = () => { box.innerHTML = ""; };
      form.onsubmit = event => {
        event.preventDefault();
        state.name = new FormData(form).get("name") ?? state.name;
        if (!state.auxiliary && !state.signature) { fail(new Error("pick the property's signature on the graph")); return; }
        if (state.nameKind === "dynamic" && !state.dynamic) { fail(new Error("pick where the dynamic name comes from")); return; }
        const property = {
          name: state.nameKind === "static" ? state.name : state.nameKind === "dynamic" ? { dynamic: state.dynamic } : "",
          signature: state.auxiliary ? null : state.signature,
        };
        if (state.complex) property.subpaths = node?.subpaths ?? [];
        save(tree => {
          const children = nodeAt(tree, parent).subpaths;
          if (node) children[index] = property; else children.push(property);
        });
      };
    };
    draw();
    box.scrollIntoView({ block: "nearest" });
  };
  paint();
}

function countBelow(node) {
  return (node.subpaths ?? []).reduce((sum, child) => sum + 1 + countBelow(child), 0);
}

// Notes the server attached to a saved mapping: said, not refused.
function notesBox(notes) {
  return `<div class="panel" role="status" id="mapping-notes">${notes.map(n => `<p class="muted">${esc(n)}</p>`).join("")}</div>`;
}
