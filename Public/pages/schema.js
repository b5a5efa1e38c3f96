// The schema category as a graph: objects as nodes (drag to move, positions saved), base
// morphisms as arrows labelled with signature and cardinality; objects without an id in red.
import { api, errorBox, esc } from "../api.js";

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
  const svg = document.getElementById("graph");
  const position = new Map(schema.objects.map((o, i) => [o.key, o.position ?? { x: 80 + (i % 6) * 170, y: 60 + Math.floor(i / 6) * 120 }]));
  const bases = schema.morphisms.filter(m => !m.signature.includes(".") && !m.signature.startsWith("-"));
  const card = m => `${m.min === "ONE" ? 1 : 0}..${m.max === "STAR" ? "*" : 1}`;
  svg.innerHTML = `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
      <path d="M0,0 L10,5 L0,10 z" fill="#9aa5bd"/></marker></defs>
    ${bases.map(m => `<g><line class="edge" data-dom="${m.dom}" data-cod="${m.cod}"/><text class="edge-label" data-label="${m.signature}">${esc(m.signature)} ${card(m)}</text></g>`).join("")}
    ${schema.objects.map(o => {
      const entity = !(o.superId ?? [""]).every(s => s === "");
      return `<g class="node ${entity ? "entity" : ""}" data-key="${o.key}" tabindex="0"><rect width="120" height="34" ${(o.ids ?? [[""]]).length === 0 ? 'style="stroke:#c0392b"' : ""}/>
        <text x="60" y="21" text-anchor="middle">${esc(o.label || o.key)}</text></g>`;
    }).join("")}`;
  const layout = () => {
    for (const node of svg.querySelectorAll(".node")) {
      const p = position.get(Number(node.dataset.key));
      node.setAttribute("transform", `translate(${p.x},${p.y})`);
    }
    for (const line of svg.querySelectorAll(".edge")) {
      const a = position.get(Number(line.dataset.dom)), b = position.get(Number(line.dataset.cod));
      if (!a || !b) continue;
      const [x1, y1] = border(a, b), [x2, y2] = border(b, a);
      line.setAttribute("x1", x1); line.setAttribute("y1", y1);
      line.setAttribute("x2", x2); line.setAttribute("y2", y2);
      const label = line.nextElementSibling;
      label.setAttribute("x", (x1 + x2) / 2 + 4); label.setAttribute("y", (y1 + y2) / 2 - 4);
    }
  };
  layout();
  let dragging = null;
  svg.addEventListener("pointerdown", event => {
    const node = event.target.closest(".node");
    if (!node) return;
    const key = Number(node.dataset.key), p = position.get(key), point = toSVG(svg, event);
    dragging = { key, dx: point.x - p.x, dy: point.y - p.y };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", event => {
    if (!dragging) return;
    const point = toSVG(svg, event);
    position.set(dragging.key, { x: Math.round(point.x - dragging.dx), y: Math.round(point.y - dragging.dy) });
    layout();
  });
  svg.addEventListener("pointerup", async () => {
    if (!dragging) return;
    const { key } = dragging;
    dragging = null;
    try { await api("PATCH", `/schemas/${schema.id}/objects/${key}`, { position: position.get(key) }); }
    catch (error) { document.getElementById("schema-error").innerHTML = errorBox(error); }
  });
}

// Where the line from the centre of box `from` towards box `to` leaves `from` (boxes are 120x34).
function border(from, to) {
  const cx = from.x + 60, cy = from.y + 17, dx = to.x - from.x, dy = to.y - from.y;
  if (dx === 0 && dy === 0) return [cx, cy];
  const t = Math.min(dx === 0 ? Infinity : 62 / Math.abs(dx), dy === 0 ? Infinity : 19 / Math.abs(dy));
  return [cx + dx * t, cy + dy * t];
}

function toSVG(svg, event) {
  const point = svg.createSVGPoint();
  point.x = event.clientX; point.y = event.clientY;
  return point.matrixTransform(svg.getScreenCTM().inverse());
}
