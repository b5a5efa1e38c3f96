// The schema category as a graph: objects as nodes (drag to move, positions saved), base
// morphisms as arrows labelled with signature and cardinality; objects without an id in red.
import { api, errorBox, esc } from "../api.js";

export async function render(main) {
  const schemas = await api("GET", "/schemas");
  if (schemas.length === 0) { main.innerHTML = `<h1>Schema category</h1><div class="panel empty">No schema category yet.</div>`; return; }
  const schema = schemas[0];
  main.innerHTML = `<h1>${esc(schema.name)}</h1><div id="schema-error"></div>
    <p class="muted">Drag an object to move it; its position is saved.</p>
    <svg class="graph" id="graph" viewBox="0 0 1100 720" role="img" aria-label="schema category graph"></svg>`;
  draw(schema);
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
