// The shared graph component: objects as boxes at their stored positions, base morphisms as
// arrows labelled with signature and cardinality, optional dashed rings showing which objects
// each database maps. Wheel to zoom, drag the background to pan, "centre" to fit; the arrow keys
// move the focused object. A drag redraws only what touches the dragged object, and a layered
// layout is one call (`layered`). Pages decide
// what a box says and what a click or a drag does; `mark` adds classes (picked, reachable...).
import { esc } from "./api.js";

const W = 120, H = 34, RING_COLOURS = ["#1f8a4c", "#b7791f", "#6b46c1", "#c0392b", "#2f6fde", "#0f766e"];

export function drawGraph(svg, schema, { caption = o => o.label || String(o.key), onMove, onSelect, rings = [] } = {}) {
  const position = new Map(schema.objects.map((o, i) => [o.key, o.position ?? { x: 40 + (i % 6) * 170, y: 40 + Math.floor(i / 6) * 110 }]));
  const bases = schema.morphisms.filter(m => !m.signature.includes(".") && !m.signature.startsWith("-"));
  const card = m => `${m.min === "ONE" ? 1 : 0}..${m.max === "STAR" ? "*" : 1}`;
  const controller = { onSelect };
  svg.graph = controller; // for the browser tests, which read frameTimes
  svg.innerHTML = `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
      <path d="M0,0 L10,5 L0,10 z" fill="#9aa5bd"/></marker></defs>
    <g class="viewport">
    ${rings.map((ring, r) => [...ring.keys].map(key => `<rect class="ring" data-key="${key}" data-ring="${r}"
      stroke="${RING_COLOURS[r % RING_COLOURS.length]}"><title>${esc(ring.label)}</title></rect>`).join("")).join("")}
    ${bases.map(m => `<g><line class="edge" data-dom="${m.dom}" data-cod="${m.cod}"/><text class="edge-label">${esc(m.signature)} ${card(m)}</text></g>`).join("")}
    ${schema.objects.map(o => {
      const entity = !(o.superId ?? [""]).every(s => s === "");
      const invalid = (o.ids ?? [[""]]).length === 0;
      return `<g class="node${entity ? " entity" : ""}${invalid ? " invalid" : ""}" data-key="${o.key}" tabindex="0" role="button" aria-label="${esc(o.label)}">
        <rect width="${W}" height="${H}"/><text x="${W / 2}" y="21" text-anchor="middle">${esc(caption(o))}</text></g>`;
    }).join("")}</g>`;
  // The elements of each object (its box, its rings, the arrows that touch it), found once, so
  // that dragging one object redraws only those: a frame stays short on a schema of hundreds.
  const parts = new Map(schema.objects.map(o => [o.key, { nodes: [], rings: [], edges: [] }]));
  for (const node of svg.querySelectorAll(".node")) parts.get(Number(node.dataset.key))?.nodes.push(node);
  for (const ring of svg.querySelectorAll(".ring")) parts.get(Number(ring.dataset.key))?.rings.push(ring);
  for (const line of svg.querySelectorAll(".edge")) {
    for (const end of new Set([line.dataset.dom, line.dataset.cod])) parts.get(Number(end))?.edges.push(line);
  }
  const drawNode = node => {
    const p = position.get(Number(node.dataset.key));
    node.setAttribute("transform", `translate(${p.x},${p.y})`);
  };
  const drawRing = ring => {
    const p = position.get(Number(ring.dataset.key)), pad = 5 + 5 * Number(ring.dataset.ring);
    ring.setAttribute("x", p.x - pad); ring.setAttribute("y", p.y - pad);
    ring.setAttribute("width", W + 2 * pad); ring.setAttribute("height", H + 2 * pad);
  };
  const drawEdge = line => {
    const a = position.get(Number(line.dataset.dom)), b = position.get(Number(line.dataset.cod));
    if (!a || !b) return;
    const [x1, y1] = border(a, b), [x2, y2] = border(b, a);
    line.setAttribute("x1", x1); line.setAttribute("y1", y1);
    line.setAttribute("x2", x2); line.setAttribute("y2", y2);
    const label = line.nextElementSibling;
    label.setAttribute("x", (x1 + x2) / 2 + 4); label.setAttribute("y", (y1 + y2) / 2 - 4);
  };
  // Redraws everything, or only what touches the object `key`.
  const layout = key => {
    const part = key === undefined ? null : parts.get(key);
    (part?.nodes ?? svg.querySelectorAll(".node")).forEach(drawNode);
    (part?.rings ?? svg.querySelectorAll(".ring")).forEach(drawRing);
    (part?.edges ?? svg.querySelectorAll(".edge")).forEach(drawEdge);
  };
  layout();
  // How long each drag frame took until painted, in milliseconds (the last 200), for the tests.
  controller.frameTimes = [];

  // The visible part of the drawing, changed by zoom, pan and centre.
  let view = { x: 0, y: 0, w: 1100, h: 720 };
  const show = () => svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  controller.centre = () => {
    const xs = [...position.values()].map(p => p.x), ys = [...position.values()].map(p => p.y);
    if (xs.length === 0) return;
    const x = Math.min(...xs) - 40, y = Math.min(...ys) - 40;
    view = { x, y, w: Math.max(Math.max(...xs) + W + 40 - x, 400), h: Math.max(Math.max(...ys) + H + 40 - y, 260) };
    show();
  };
  controller.zoom = (factor, at = { x: view.x + view.w / 2, y: view.y + view.h / 2 }) => {
    const w = Math.min(Math.max(view.w * factor, 200), 6000), h = view.h * (w / view.w);
    view = { x: at.x - (at.x - view.x) * (w / view.w), y: at.y - (at.y - view.y) * (w / view.w), w, h };
    show();
  };
  controller.centre();
  svg.onwheel = event => { event.preventDefault(); controller.zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, toSVG(svg, event)); };

  let dragging = null, panning = null, moved = false;
  svg.onpointerdown = event => {
    const node = event.target.closest(".node"), point = toSVG(svg, event);
    moved = false;
    if (!node) { panning = { x: event.clientX, y: event.clientY, view: { ...view } }; svg.setPointerCapture(event.pointerId); return; }
    const key = Number(node.dataset.key), p = position.get(key);
    dragging = { key, dx: point.x - p.x, dy: point.y - p.y };
    svg.setPointerCapture(event.pointerId);
  };
  svg.onpointermove = event => {
    if (panning) {
      const scale = view.w / svg.getBoundingClientRect().width;
      view = { ...panning.view, x: panning.view.x - (event.clientX - panning.x) * scale, y: panning.view.y - (event.clientY - panning.y) * scale };
      show();
      return;
    }
    if (!dragging || !onMove) return;
    const started = performance.now();
    const point = toSVG(svg, event);
    if (!moved) dragging.from = { ...position.get(dragging.key) };
    position.set(dragging.key, { x: Math.round(point.x - dragging.dx), y: Math.round(point.y - dragging.dy) });
    moved = true;
    layout(dragging.key);
    // The frame's time runs until the moved object is painted: the next animation frame, then
    // the task after it.
    requestAnimationFrame(() => setTimeout(() => {
      controller.frameTimes.push(performance.now() - started);
      if (controller.frameTimes.length > 200) controller.frameTimes.shift();
    }));
  };
  svg.onpointerup = () => {
    panning = null;
    if (!dragging) return;
    const { key, from } = dragging;
    dragging = null;
    if (moved && onMove) onMove(key, position.get(key), from);
    else if (controller.onSelect) controller.onSelect(key);
  };
  // Keyboard: Enter or Space selects the focused object; the arrow keys move it (Shift: further).
  const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  svg.onkeydown = event => {
    const node = event.target.closest?.(".node");
    if (!node) return;
    const key = Number(node.dataset.key);
    if ((event.key === "Enter" || event.key === " ") && controller.onSelect) { event.preventDefault(); controller.onSelect(key); }
    else if (arrows[event.key] && onMove) {
      event.preventDefault();
      const [dx, dy] = arrows[event.key], step = event.shiftKey ? 50 : 10, p = position.get(key);
      position.set(key, { x: p.x + dx * step, y: p.y + dy * step });
      layout(key);
      onMove(key, position.get(key), p);
    }
  };
  // The objects' positions now, and new ones for some of them (a layout, an undo).
  controller.positions = () => new Map([...position].map(([key, p]) => [key, { ...p }]));
  controller.place = moves => {
    for (const [key, p] of moves) if (position.has(key)) position.set(key, { ...p });
    layout();
  };
  // A layered layout: objects that no morphism reaches (or, in a cycle, the first met) on the
  // top layer, each other object one layer below the deepest object that reaches it first, and
  // within a layer in the order of their parents, so arrows mostly point down and cross little.
  // Layers are 110 units apart; a layer of more than twelve wraps onto rows 80 apart.
  controller.layered = () => {
    const children = new Map(schema.objects.map(o => [o.key, []]));
    const incoming = new Map(schema.objects.map(o => [o.key, 0]));
    for (const m of bases) {
      if (m.dom === m.cod || !children.has(m.dom) || !children.has(m.cod)) continue;
      children.get(m.dom).push(m.cod);
      incoming.set(m.cod, incoming.get(m.cod) + 1);
    }
    const layer = new Map(), order = [];
    const visit = roots => {
      const queue = roots.filter(k => !layer.has(k));
      for (const k of queue) layer.set(k, 0);
      while (queue.length) {
        const key = queue.shift();
        order.push(key);
        for (const child of children.get(key)) if (!layer.has(child)) { layer.set(child, layer.get(key) + 1); queue.push(child); }
      }
    };
    visit(schema.objects.map(o => o.key).filter(k => incoming.get(k) === 0));
    for (const o of schema.objects) if (!layer.has(o.key)) visit([o.key]);
    const rows = [];
    for (const key of order) (rows[layer.get(key)] ??= []).push(key);
    // A layer wider than twelve objects wraps onto further rows, so a wide schema stays readable.
    const moves = new Map();
    let top = 40;
    for (const keys of rows) {
      keys.forEach((key, i) => moves.set(key, { x: 40 + (i % 12) * 170, y: top + Math.floor(i / 12) * 80 }));
      top += Math.ceil(keys.length / 12) * 80 + 30;
    }
    controller.place(moves);
    controller.centre();
    return moves;
  };
  // Replaces the extra classes of the nodes: `classes` maps a key to a space-separated list.
  controller.mark = (classes = new Map()) => {
    for (const node of svg.querySelectorAll(".node")) {
      node.classList.remove("picked", "origin", "reachable", "ambiguous");
      const extra = classes.get(Number(node.dataset.key));
      if (extra) node.classList.add(...extra.split(" "));
    }
  };
  return controller;
}

// Zoom buttons and a legend of the rings, for under a graph.
export function graphTools(id, rings = []) {
  return `<div class="graph-tools" data-for="${id}">
    <button type="button" data-zoom="in" aria-label="zoom in">+</button><button type="button" data-zoom="out" aria-label="zoom out">−</button>
    <button type="button" data-zoom="centre">Centre</button>
    ${rings.map((ring, r) => `<span class="legend"><span class="swatch" style="border-color:${RING_COLOURS[r % RING_COLOURS.length]}"></span>${esc(ring.label)}</span>`).join("")}
  </div>`;
}

// Connects the buttons of `graphTools` to a graph's controller.
export function connectTools(root, id, controller) {
  root.querySelector(`.graph-tools[data-for="${id}"]`).onclick = event => {
    const action = event.target.dataset.zoom;
    if (action === "in") controller.zoom(1 / 1.25);
    else if (action === "out") controller.zoom(1.25);
    else if (action === "centre") controller.centre();
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
