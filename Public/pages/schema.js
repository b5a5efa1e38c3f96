// The schema category as a graph: objects as nodes (drag to move, positions saved), base
// morphisms as arrows labelled with signature and cardinality; objects without an id in red.
import { api, errorBox, esc } from "../api.js";
import { drawGraph } from "../graph.js";

export async function render(main) {
  const schemas = await api("GET", "/schemas");
  if (schemas.length === 0) { main.innerHTML = `<h1>Schema category</h1><div class="panel empty">No schema category yet.</div>`; return; }
  const schema = schemas[0];
  const options = schema.objects.map(o => `<option value="${o.key}">${esc(o.label || o.key)} (${o.key})</option>`).join("");
  const cards = ["ONE", "STAR"].map(v => `<option value="${v}">${v}</option>`).join("");
  const mins = ["ONE", "ZERO"].map(v => `<option value="${v}">${v}</option>`).join("");
  main.innerHTML = `<h1>${esc(schema.name)}</h1><div id="schema-error"></div>
    <p class="muted">Drag an object to move it; its position is saved.</p>
    <svg class="graph" id="graph" viewBox="0 0 1100 720" role="img" aria-label="schema category graph"></svg>
    <div id="selection"></div>
    <div class="inline">
      <form class="panel inline" id="new-object"><label>New object <input name="label" required placeholder="Discount"></label>
        <button class="primary" type="submit">Add object</button></form>
      <form class="panel inline" id="new-morphism">
        <label>From <select name="dom">${options}</select></label><label>To <select name="cod">${options}</select></label>
        <label>Min <select name="min">${mins}</select></label><label>Max <select name="max">${cards}</select></label>
        <button class="primary" type="submit">Add morphism</button></form>
    </div>`;
  draw(schema);
  const fail = error => { document.getElementById("schema-error").innerHTML = errorBox(error); };
  document.getElementById("new-object").onsubmit = async event => {
    event.preventDefault();
    try {
      await api("POST", `/schemas/${schema.id}/objects`, { label: new FormData(event.target).get("label"), position: { x: 40, y: 660 } });
      await render(main);
    } catch (error) { fail(error); }
  };
  document.getElementById("new-morphism").onsubmit = async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await api("POST", `/schemas/${schema.id}/morphisms`, { dom: Number(form.get("dom")), cod: Number(form.get("cod")), min: form.get("min"), max: form.get("max") });
      await render(main);
    } catch (error) { fail(error); }
  };
}

function draw(schema) {
  const fail = error => { document.getElementById("schema-error").innerHTML = errorBox(error); };
  drawGraph(document.getElementById("graph"), schema, {
    onMove: async (key, position) => {
      try { await api("PATCH", `/schemas/${schema.id}/objects/${key}`, { position }); }
      catch (error) { fail(error); }
    },
    onSelect: key => select(schema, key, fail),
  });
}

// The selected object: its ids and the morphisms that touch it, each of which can be deleted.
function select(schema, key, fail) {
  const object = schema.objects.find(o => o.key === key);
  const touching = schema.morphisms.filter(m => !m.signature.includes(".") && !m.signature.startsWith("-") && (m.dom === key || m.cod === key));
  const label = k => esc(schema.objects.find(o => o.key === k)?.label ?? k);
  const panel = document.getElementById("selection");
  panel.innerHTML = `<div class="panel"><strong>${esc(object.label)}</strong> <span class="muted">key ${key};
      ids ${(object.ids ?? [[""]]).map(id => `[${id.map(s => esc(s || "ε")).join(", ")}]`).join(" or ")}</span>
    <table><tbody>${touching.map(m => `<tr><td>${esc(m.signature)}: ${label(m.dom)} → ${label(m.cod)}</td>
      <td><button data-delete-morphism="${esc(m.signature)}">Delete morphism</button></td></tr>`).join("")}</tbody></table>
    <p class="actions"><button id="delete-object" ${touching.length ? "disabled title=\"delete its morphisms first\"" : ""}>Delete object</button></p></div>`;
  panel.onclick = async event => {
    const signature = event.target.dataset.deleteMorphism;
    try {
      if (signature && confirm(`Delete morphism ${signature} and its dual?`)) {
        await api("DELETE", `/schemas/${schema.id}/morphisms/${signature}`);
      } else if (event.target.id === "delete-object" && confirm(`Delete ${object.label}?`)) {
        await api("DELETE", `/schemas/${schema.id}/objects/${key}`);
      } else { return; }
      location.hash = "#/schema"; window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (error) { fail(error); }
  };
}
