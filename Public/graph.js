// The shared graph component: objects as boxes at their stored positions, base morphisms as
// arrows labelled with signature and cardinality. Pages decide what a box says and what a click
// or a drag does.
import { esc } from "./api.js";

const W = 120, H = 34;

export function drawGraph(svg, schema, { caption = o => o.label || String(o.key), onMove, onSelect } = {}) {
  const position = new Map(schema.objects.map((o, i) => [o.key, o.position ?? { x: 40 + (i % 6) * 170, y: 40 + Math.floor(i / 6) * 110 }]));
  const bases = schema.morphisms.filter(m => !m.signature.includes(".") && !m.signature.startsWith("-"));
  const card = m => `${m.min === "ONE" ? 1 : 0}..${m.max === "STAR" ? "*" : 1}`;
  svg.innerHTML = `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
      <path d="M0,0 L10,5 L0,10 z" fill="#9aa5bd"/></marker></defs>
    ${bases.map(m => `<g><line class="edge" data-dom="${m.dom}" data-cod="${m.cod}"/><text class="edge-label">${esc(m.signature)} ${card(m)}</text></g>`).join("")}
    ${schema.objects.map(o => {
      const entity = !(o.superId ?? [""]).every(s => s === "");
      return `<g class="node ${entity ? "entity" : ""}" data-key="${o.key}" tabindex="0" role="button" aria-label="${esc(o.label)}">
        <rect width="${W}" height="${H}"/><text x="${W / 2}" y="21" text-anchor="middle">${esc(caption(o))}</text></g>`;
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
  let dragging = null, moved = false;
  svg.onpointerdown = event => {
    const node = event.target.closest(".node");
    if (!node) return;
    const key = Number(node.dataset.key), p = position.get(key), point = toSVG(svg, event);
    dragging = { key, dx: point.x - p.x, dy: point.y - p.y };
    moved = false;
    svg.setPointerCapture(event.pointerId);
  };
  svg.onpointermove = event => {
    if (!dragging || !onMove) return;
    const point = toSVG(svg, event);
    position.set(dragging.key, { x: Math.round(point.x - dragging.dx), y: Math.round(point.y - dragging.dy) });
    moved = true;
    layout();
  };
  svg.onpointerup = () => {
    if (!dragging) return;
    const { key } = dragging;
    dragging = null;
    if (moved && onMove) onMove(key, position.get(key));
    else if (onSelect) onSelect(key);
  };
  svg.onkeydown = event => {
    const node = event.target.closest?.(".node");
    if (node && (event.key === "Enter" || event.key === " ") && onSelect) { event.preventDefault(); onSelect(Number(node.dataset.key)); }
  };
}

// Where the line from the centre of box `from` towards box `to` leaves `from`.
function border(from, to) {
  const cx = from.x + W / 2, cy = from.y + H / 2, dx = to.x - from.x, dy = to.y - from.y;
  if (dx === 0 && dy === 0) return [cx, cy];
  const t = Math.min(dx === 0 ? Infinity : (W / 2 + 2) / Math.abs(dx), dy === 0 ? Infinity : (H / 2 + 2) / Math.abs(dy));
  return [cx + dx * t, cy + dy * t];
}

function toSVG(svg, event) {
  const point = svg.createSVGPoint();
  point.x = event.clientX; point.y = event.clientY;
  return point.matrixTransform(svg.getScreenCTM().inverse());
}
