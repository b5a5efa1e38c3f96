// The session's instance category: row counts per object, and the rows of one object, paged.
import { api, errorBox, esc } from "../api.js";
import { drawGraph } from "../graph.js";

export async function render(main, [schemaArg, keyArg, pageArg]) {
  const schemas = await api("GET", "/schemas");
  if (schemas.length === 0) { main.innerHTML = `<h1>Instance category</h1><div class="panel empty">No schema category yet.</div>`; return; }
  const schemaId = Number(schemaArg ?? schemas[0].id);
  const instance = await api("GET", `/schemas/${schemaId}/instance`);
  const filled = instance.objects.filter(o => o.rows > 0);
  const counts = Object.fromEntries(instance.objects.map(o => [o.key, o.rows]));
  const schema = await api("GET", `/schemas/${schemaId}`);
  main.innerHTML = `<h1>Instance category</h1>
    <p class="muted">Session data ${instance.expiresAt ? `expires at ${esc(new Date(instance.expiresAt).toLocaleString())} unless used` : "is empty"}.
      Click an object to see its rows.</p>
    <svg class="graph" id="instance-graph" viewBox="0 0 1100 720" role="img" aria-label="instance category graph"></svg>
    <div class="panel"><table><thead><tr><th>Object</th><th>Key</th><th>Rows</th></tr></thead><tbody>
      ${filled.length === 0 ? `<tr><td colspan="3" class="empty">No data in this session yet: run an import job.</td></tr>` :
        filled.map(o => `<tr><td><a href="#/instance/${schemaId}/${o.key}">${esc(o.label)}</a></td><td>${o.key}</td><td>${o.rows}</td></tr>`).join("")}
    </tbody></table></div><div id="rows"></div>`;
  drawGraph(document.getElementById("instance-graph"), schema, {
    caption: o => `${o.label || o.key} · ${counts[o.key] ?? 0}`,
    onSelect: key => { location.hash = `#/instance/${schemaId}/${key}`; },
  });
  if (keyArg) await showRows(schemaId, Number(keyArg), Number(pageArg ?? 1));
}

async function showRows(schemaId, key, page) {
  const box = document.getElementById("rows");
  try {
    const data = await api("GET", `/schemas/${schemaId}/instance/objects/${key}/rows?page=${page}&size=25`);
    const schema = await api("GET", `/schemas/${schemaId}`);
    const label = signature => {
      const morphism = schema.morphisms.find(m => m.signature === signature.split(".").slice(-1)[0]);
      const target = signature === "" ? key : (morphism ? targetOf(schema, key, signature) : null);
      const object = schema.objects.find(o => o.key === target);
      return `${esc(object?.label ?? "value")} <span class="muted">(${esc(signature || "ε")})</span>`;
    };
    const pages = Math.max(1, Math.ceil(data.total / data.size));
    const name = schema.objects.find(o => o.key === key)?.label ?? "object";
    box.innerHTML = `<h2>Rows of ${esc(name)} (${key})</h2><table><thead><tr>${data.superId.map(s => `<th>${label(s)}</th>`).join("")}</tr></thead>
      <tbody>${data.rows.map(r => `<tr>${data.superId.map(s => `<td>${esc(r[s] ?? "")}</td>`).join("")}</tr>`).join("")}</tbody></table>
      <p class="actions">${page > 1 ? `<a href="#/instance/${schemaId}/${key}/${page - 1}">← previous</a>` : ""}
      <span class="muted">page ${page} of ${pages} (${data.total} rows)</span>
      ${page < pages ? `<a href="#/instance/${schemaId}/${key}/${page + 1}">next →</a>` : ""}</p>`;
    box.scrollIntoView({ block: "start" });
  } catch (error) { box.innerHTML = errorBox(error); }
}

// Follows a signature (written in composition order) from object `key` to the object it reaches.
function targetOf(schema, key, signature) {
  let current = key;
  for (const step of signature.split(".").reverse()) {
    const morphism = schema.morphisms.find(m => m.signature === step && m.dom === current);
    if (!morphism) return null;
    current = morphism.cod;
  }
  return current;
}
