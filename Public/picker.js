// The signature picker: the user clicks a path of objects on the graph, starting at `origin`.
// Objects one step away are highlighted; an object reached by more than one morphism is marked
// ambiguous and, when clicked, asks which morphism to take. Clicking the last object again steps
// back. The picked path becomes a signature ("10.9" = first 9, then 10).
import { esc } from "./api.js";
import { compose, stepsFrom } from "./paths.js";

export function pickSignature(box, graph, schema, origin, { title, allowEmpty = false, onDone, onCancel }) {
  const label = key => schema.objects.find(o => o.key === key)?.label ?? String(key);
  const previous = graph.onSelect;
  const path = [];                                // the steps taken, first first
  const end = () => path.length ? path[path.length - 1].cod : origin;
  let choice = null;                              // steps waiting for "which morphism?"

  const finish = callback => { graph.onSelect = previous; graph.mark(); box.innerHTML = ""; callback?.(); };
  const paint = () => {
    const out = stepsFrom(schema, end());
    const counts = new Map();
    for (const step of out) counts.set(step.cod, (counts.get(step.cod) ?? 0) + 1);
    const marks = new Map();
    for (const [key, count] of counts) marks.set(key, count > 1 ? "reachable ambiguous" : "reachable");
    for (const step of path) marks.set(step.cod, "picked");
    marks.set(origin, "origin");
    graph.mark(marks);
    const signature = compose(path.map(s => s.signature));
    box.innerHTML = `<div class="panel picker" role="group" aria-label="signature picker">
      <strong>${esc(title)}</strong>
      <p class="muted">From <strong>${esc(label(origin))}</strong>: click a highlighted object to walk a morphism
        (dashed yellow: several morphisms lead there). Click the last object again to step back.</p>
      <p>Signature <code id="picked-signature">${esc(signature || "ε")}</code>
        ${path.length ? `<span class="muted">ends at ${esc(label(end()))}</span>` : ""}</p>
      ${choice ? `<p class="inline" id="picker-choice">Which morphism to ${esc(label(choice[0].cod))}?
        ${choice.map(s => `<button type="button" data-step="${esc(s.signature)}">${esc(s.signature)}</button>`).join("")}</p>` : ""}
      <p class="actions"><button type="button" class="primary" id="picker-done" ${!signature && !allowEmpty ? "disabled" : ""}>Use this signature</button>
        <button type="button" id="picker-back" ${path.length ? "" : "disabled"}>Back one step</button>
        <button type="button" id="picker-cancel">Cancel</button></p></div>`;
    box.querySelector("#picker-done").onclick = () => finish(() => onDone(signature, end()));
    box.querySelector("#picker-back").onclick = () => { path.pop(); choice = null; paint(); };
    box.querySelector("#picker-cancel").onclick = () => finish(onCancel);
    box.querySelector("#picker-choice")?.addEventListener("click", event => {
      const step = choice?.find(s => s.signature === event.target.dataset.step);
      if (step) { path.push(step); choice = null; paint(); }
    });
  };
  graph.onSelect = key => {
    if (path.length && key === end()) { path.pop(); choice = null; paint(); return; }
    const options = stepsFrom(schema, end()).filter(s => s.cod === key);
    if (options.length === 1) { path.push(options[0]); choice = null; }
    else if (options.length > 1) choice = options;
    paint();
  };
  paint();
}
