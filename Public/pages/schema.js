// The schema category as a graph: objects as nodes (drag to move, positions saved), base
// morphisms as arrows labelled with signature and cardinality, a dashed ring per database around
// the objects its mappings use. Select an object to rename it, edit its ids with the signature
// picker, change the cardinalities of its morphisms or delete it. "Auto layout" lays the graph out
// in layers; moves, layouts, renames, cardinalities and new objects can be undone and redone
// (buttons, Ctrl+Z and Ctrl+Shift+Z or Ctrl+Y) while the application stays open.
import { api, errorBox, esc } from "../api.js";
import { connectTools, drawGraph, graphTools } from "../graph.js";
import { mappedObjects } from "../paths.js";
import { pickSignature } from "../picker.js";

// Each schema category's undo and redo stacks: steps that undo and redo themselves through the
// API, kept across the page's re-renders.
const histories = new Map();
function historyOf(id) {
  if (!histories.has(id)) histories.set(id, { undo: [], redo: [] });
  return histories.get(id);
}

// Saves positions, a few requests at a time.
async function savePositions(schemaId, moves) {
  const entries = [...moves];
  for (let i = 0; i < entries.length; i += 8) {
    await Promise.all(entries.slice(i, i + 8).map(([key, position]) => api("PATCH", `/schemas/${schemaId}/objects/${key}`, { position })));
  }
}

export async function render(main, [schemaArg, selectedArg]) {
  const [schemas, mappings, databases] = await Promise.all([api("GET", "/schemas"), api("GET", "/mappings"), api("GET", "/databases")]);
  if (schemas.length === 0) {
    main.innerHTML = `<h1>Schema category</h1><div id="schema-error"></div><div class="panel empty">No schema category yet: create one.</div>${newSchemaForm()}`;
    connectNewSchema(main);
    return;
  }
  const schema = schemas.find(s => s.id === Number(schemaArg)) ?? schemas[0];
  const rings = databases.map(d => ({
    label: d.label,
    keys: new Set(mappings.filter(m => m.schema === schema.id && m.database === d.id).flatMap(m => [...mappedObjects(schema, m)])),
  })).filter(r => r.keys.size > 0);
  const options = schema.objects.map(o => `<option value="${o.key}">${esc(o.label || o.key)} (${o.key})</option>`).join("");
  // Cardinalities as people read them (1..1, 0..*): each bound a select showing 0, 1 or *, its
  // value the schema's word (ZERO, ONE, STAR).
  const bound = { ZERO: "0", ONE: "1", STAR: "*" };
  const cardinality = (name, values, chosen) => `<select name="${name}" aria-label="${name}">${values.map(v => `<option value="${v}" ${v === chosen ? "selected" : ""}>${bound[v]}</option>`).join("")}</select>`;
  const range = (min, max, chosen = {}) => `${cardinality(min, ["ONE", "ZERO"], chosen.min)}..${cardinality(max, ["ONE", "STAR"], chosen.max)}`;
  main.innerHTML = `<h1>${esc(schema.name)}</h1>
    <div class="inline">
      ${schemas.length > 1 ? `<label>Schema category <select id="schema-choice">${schemas.map(s => `<option value="${s.id}" ${s.id === schema.id ? "selected" : ""}>${esc(s.name)}</option>`).join("")}</select></label>` : ""}
      <form class="inline" id="rename-schema"><label>Name <input name="name" required value="${esc(schema.name)}"></label><button type="submit">Rename</button></form>
      <button type="button" id="delete-schema">Delete schema category</button>
    </div>
    <div id="schema-error"></div>
    <p class="muted">Drag an object to move it (its position is saved), click it to edit it. Wheel to zoom, drag the background to pan.</p>
    <p class="actions" id="edit-tools"><button type="button" id="auto-layout" title="Lay the objects out in layers, arrows pointing down">Auto layout</button>
      <button type="button" id="undo" disabled>Undo</button><button type="button" id="redo" disabled>Redo</button></p>
    <svg class="graph" id="graph" role="img" aria-label="schema category graph"></svg>
    ${graphTools("graph", rings)}
    <div id="picker"></div><div id="selection"></div>
    <div class="inline">
      <form class="panel inline" id="new-object"><label>New object <input name="label" required placeholder="Discount"></label>
        <button class="primary" type="submit">Add object</button></form>
      <form class="panel inline" id="new-morphism">
        <label>From <select name="dom">${options}</select></label><label>To <select name="cod">${options}</select></label>
        <label>Cardinality ${range("min", "max", { min: "ONE", max: "ONE" })}</label>
        <button class="primary" type="submit">Add morphism</button></form>
    </div>${newSchemaForm()}`;
  const fail = error => { document.getElementById("schema-error").innerHTML = errorBox(error); };
  const reload = selected => {
    const hash = `#/schema/${schema.id}${selected ? `/${selected}` : ""}`;
    if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange")); else location.hash = hash;
  };
  const history = historyOf(schema.id);
  const labelOf = key => schema.objects.find(o => o.key === key)?.label ?? String(key);
  // Records a step done (what it was, and how to undo and redo it); a new step ends the redo stack.
  const remember = step => { history.undo.push(step); history.redo.length = 0; showHistory(); };
  const showHistory = () => {
    for (const [id, stack, verb] of [["undo", history.undo, "Undo"], ["redo", history.redo, "Redo"]]) {
      const button = document.getElementById(id), step = stack.at(-1);
      button.disabled = !step;
      button.textContent = step ? `${verb} ${step.what}` : verb;
    }
  };
  const travel = async (from, to, direction) => {
    const step = from.pop();
    if (!step) return;
    try { await step[direction](); to.push(step); reload(); } catch (error) { from.push(step); fail(error); }
  };
  const moveStep = (what, before, after) => ({
    what, undo: () => savePositions(schema.id, before), redo: () => savePositions(schema.id, after),
  });
  const graph = drawGraph(document.getElementById("graph"), schema, {
    rings,
    onMove: async (key, position, from) => {
      try {
        await api("PATCH", `/schemas/${schema.id}/objects/${key}`, { position });
        if (from) remember(moveStep(`move of ${labelOf(key)}`, new Map([[key, from]]), new Map([[key, position]])));
      } catch (error) { fail(error); }
    },
    onSelect: key => select({ schema, key, graph, fail, reload, range, remember }),
  });
  showHistory();
  document.getElementById("undo").onclick = () => travel(history.undo, history.redo, "undo");
  document.getElementById("redo").onclick = () => travel(history.redo, history.undo, "redo");
  document.getElementById("auto-layout").onclick = async () => {
    const before = graph.positions(), after = graph.layered();
    const changed = new Map([...after].filter(([key, p]) => before.get(key)?.x !== p.x || before.get(key)?.y !== p.y));
    try {
      await savePositions(schema.id, changed);
      remember(moveStep("layout", new Map([...changed.keys()].map(key => [key, before.get(key)])), changed));
    } catch (error) { fail(error); }
  };
  const onKey = event => {
    if (!(event.ctrlKey || event.metaKey) || event.target.closest?.("input, textarea, select")) return;
    const key = event.key.toLowerCase();
    if (key === "z" && !event.shiftKey) { event.preventDefault(); travel(history.undo, history.redo, "undo"); }
    else if ((key === "z" && event.shiftKey) || key === "y") { event.preventDefault(); travel(history.redo, history.undo, "redo"); }
  };
  document.addEventListener("keydown", onKey);
  connectTools(main, "graph", graph);
  document.getElementById("schema-choice")?.addEventListener("change", event => { location.hash = `#/schema/${event.target.value}`; });
  connectNewSchema(main);
  document.getElementById("rename-schema").onsubmit = async event => {
    event.preventDefault();
    const { id, name, ...body } = schema;
    try {
      await api("PUT", `/schemas/${schema.id}`, { ...body, name: new FormData(event.target).get("name") });
      location.hash = `#/schema/${schema.id}`; window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (error) { fail(error); }
  };
  document.getElementById("delete-schema").onclick = async () => {
    if (!confirm(`Delete the schema category "${schema.name}"?`)) return;
    try { await api("DELETE", `/schemas/${schema.id}`); location.hash = "#/schema"; window.dispatchEvent(new HashChangeEvent("hashchange")); }
    catch (error) { fail(error); }
  };
  document.getElementById("new-object").onsubmit = async event => {
    event.preventDefault();
    try {
      const body = { label: new FormData(event.target).get("label"), position: freeSpot(schema.objects) };
      const created = await api("POST", `/schemas/${schema.id}/objects`, body);
      const key = created.objects[created.objects.length - 1].key;
      remember({ what: `new object ${body.label}`, undo: () => api("DELETE", `/schemas/${schema.id}/objects/${key}`),
        redo: () => api("POST", `/schemas/${schema.id}/objects`, { ...body, key }) });
      reload(key);
    } catch (error) { fail(error); }
  };
  document.getElementById("new-morphism").onsubmit = async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await api("POST", `/schemas/${schema.id}/morphisms`, { dom: Number(form.get("dom")), cod: Number(form.get("cod")), min: form.get("min"), max: form.get("max") });
      reload();
    } catch (error) { fail(error); }
  };
  if (selectedArg && schema.objects.some(o => o.key === Number(selectedArg))) select({ schema, key: Number(selectedArg), graph, fail, reload, range, remember });
  return () => document.removeEventListener("keydown", onKey);
}

// The selected object: its label, its ids (each removable while another remains, and new ones
// picked on the graph), the base morphisms that touch it with their cardinalities, and delete.
function select({ schema, key, graph, fail, reload, range, remember }) {
  const object = schema.objects.find(o => o.key === key);
  const morphisms = schema.morphisms.filter(m => !m.signature.includes(".") && (m.dom === key || m.cod === key));
  const bases = morphisms.filter(m => !m.signature.startsWith("-"));
  const label = k => esc(schema.objects.find(o => o.key === k)?.label ?? k);
  const ids = object.ids ?? [[""]];
  const idText = id => `[${id.map(s => esc(s || "ε")).join(", ")}]`;
  const panel = document.getElementById("selection");
  graph.mark(new Map([[key, "origin"]]));
  panel.innerHTML = `<div class="panel" id="object-panel"><h2>${esc(object.label)} <span class="muted">key ${key}</span></h2>
    <form class="inline" id="rename"><label>Label <input name="label" value="${esc(object.label)}" required></label><button type="submit">Rename</button></form>
    <h2>Ids</h2><table><tbody>${ids.map((id, i) => `<tr><td><code>${idText(id)}</code></td>
      <td><button type="button" data-remove-id="${i}" ${ids.length === 1 ? "disabled title=\"an object needs at least one id\"" : ""}>Remove id</button></td></tr>`).join("")}</tbody></table>
    <div id="new-id"></div>
    <p class="actions"><button type="button" id="add-id">Add id…</button></p>
    <h2>Morphisms</h2>${bases.length === 0 ? `<p class="muted">None.</p>` : `<table><tbody>${bases.map(m => {
      const dual = morphisms.find(d => d.signature === `-${m.signature}`) ?? { min: "ZERO", max: "STAR" };
      return `<tr><td><code>${esc(m.signature)}</code> ${label(m.dom)} → ${label(m.cod)}</td>
        <td><form class="inline" data-cardinality="${esc(m.signature)}">${range("min", "max", m)}
          <span class="muted">back</span>${range("dualMin", "dualMax", dual)}
          <button type="submit">Save</button></form></td>
        <td><button type="button" data-delete-morphism="${esc(m.signature)}">Delete morphism</button></td></tr>`;
    }).join("")}</tbody></table>`}
    <p class="actions"><button type="button" id="delete-object" ${bases.length ? "disabled title=\"delete its morphisms first\"" : ""}>Delete object</button></p></div>`;
  const act = async (change, selected = key) => { try { await change(); reload(selected); } catch (error) { fail(error); } };
  panel.querySelector("#rename").onsubmit = event => {
    event.preventDefault();
    const label = new FormData(event.target).get("label"), before = object.label;
    const rename = to => () => api("PATCH", `/schemas/${schema.id}/objects/${key}`, { label: to });
    act(async () => { await rename(label)(); remember({ what: `rename to ${label}`, undo: rename(before), redo: rename(label) }); });
  };
  panel.querySelector("#add-id").onclick = () => newId({ schema, object, graph, act });
  for (const form of panel.querySelectorAll("[data-cardinality]")) {
    form.onsubmit = event => {
      event.preventDefault();
      const data = new FormData(form), signature = form.dataset.cardinality;
      const base = morphisms.find(m => m.signature === signature);
      const dual = morphisms.find(m => m.signature === `-${signature}`) ?? { min: "ZERO", max: "STAR" };
      const set = (there, back) => async () => {
        await api("PATCH", `/schemas/${schema.id}/morphisms/${signature}`, there);
        await api("PATCH", `/schemas/${schema.id}/morphisms/-${signature}`, back);
      };
      const after = [{ min: data.get("min"), max: data.get("max") }, { min: data.get("dualMin"), max: data.get("dualMax") }];
      const before = [{ min: base.min, max: base.max }, { min: dual.min, max: dual.max }];
      act(async () => {
        await set(...after)();
        remember({ what: `cardinalities of ${signature}`, undo: set(...before), redo: set(...after) });
      });
    };
  }
  panel.onclick = event => {
    const removeId = event.target.dataset.removeId, signature = event.target.dataset.deleteMorphism;
    if (removeId !== undefined) {
      // The id's signatures leave the superId too, unless another id still uses them.
      const kept = ids.filter((_, i) => i !== Number(removeId)), used = new Set(kept.flat());
      const superId = (object.superId ?? [""]).filter(s => used.has(s) || !ids[Number(removeId)].includes(s));
      act(() => api("PATCH", `/schemas/${schema.id}/objects/${key}`, { ids: kept, superId }));
    } else if (signature && confirm(`Delete morphism ${signature} and its dual?`)) {
      act(() => api("DELETE", `/schemas/${schema.id}/morphisms/${signature}`));
    } else if (event.target.id === "delete-object" && confirm(`Delete ${object.label}?`)) {
      act(() => api("DELETE", `/schemas/${schema.id}/objects/${key}`), null);
    }
  };
}

// A new id: one or more signatures picked from the object on the graph, then saved (the
// signatures join the object's superId too).
function newId({ schema, object, graph, act }) {
  const signatures = [];
  const box = document.getElementById("new-id");
  const paint = () => {
    box.innerHTML = `<div class="inline"><span>New id <code id="new-id-text">[${signatures.map(esc).join(", ")}]</code></span>
      <button type="button" id="id-add-signature">Add a signature…</button>
      <button type="button" class="primary" id="id-save" ${signatures.length ? "" : "disabled"}>Save id</button>
      <button type="button" id="id-cancel">Cancel</button></div>`;
    box.querySelector("#id-add-signature").onclick = () => pickSignature(document.getElementById("picker"), graph, schema, object.key, {
      title: `A signature of a new id of ${object.label}`, allowEmpty: true,
      onDone: signature => { if (!signatures.includes(signature)) signatures.push(signature); paint(); },
      onCancel: paint,
    });
    box.querySelector("#id-cancel").onclick = () => { box.innerHTML = ""; };
    box.querySelector("#id-save").onclick = () => {
      const superId = [...new Set([...(object.superId ?? [""]), ...signatures])];
      act(() => api("PATCH", `/schemas/${schema.id}/objects/${object.key}`, { ids: [...(object.ids ?? [[""]]), signatures], superId }));
    };
  };
  paint();
}

function newSchemaForm() {
  return `<form class="panel inline" id="new-schema"><label>New schema category <input name="name" required placeholder="Library"></label>
    <button class="primary" type="submit">Create schema category</button></form>`;
}

// A new schema category starts empty; its objects and morphisms are added on its graph.
function connectNewSchema(main) {
  document.getElementById("new-schema").onsubmit = async event => {
    event.preventDefault();
    try {
      const created = await api("POST", "/schemas", { name: new FormData(event.target).get("name"), objects: [], morphisms: [] });
      location.hash = `#/schema/${created.id}`;
    } catch (error) { document.getElementById("schema-error").innerHTML = errorBox(error); }
  };
}

// Where a new object goes: the first place on the grid the graph lays objects out on (rows of six,
// top left first) that no object's box covers, so it never lands on top of another.
function freeSpot(objects) {
  const taken = objects.map((o, i) => o.position ?? { x: 40 + (i % 6) * 170, y: 40 + Math.floor(i / 6) * 110 });
  for (let row = 0; row < 1000; row++) {
    for (let column = 0; column < 6; column++) {
      const spot = { x: 40 + column * 170, y: 40 + row * 110 };
      if (taken.every(p => Math.abs(p.x - spot.x) >= 150 || Math.abs(p.y - spot.y) >= 60)) return spot;
    }
  }
  return { x: 40, y: 40 + taken.length * 110 };
}
