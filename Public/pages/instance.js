// The session's instance category: row counts per object on the graph, the rows of one object
// (one column per superId signature, labelled with the object it reaches), paged, and the pairs of
// each morphism that leaves it, paged.
import { api, errorBox, esc } from "../api.js";
import { connectTools, drawGraph, graphTools } from "../graph.js";
import { stepsFrom, walk } from "../paths.js";

export async function render(main, [schemaArg, keyArg, pageArg, signatureArg, pairsPageArg]) {
  const schemas = await api("GET", "/schemas");
  if (schemas.length === 0) { main.innerHTML = `<h1>Instance category</h1><div class="panel empty">No schema category yet.</div>`; return; }
  const schemaId = Number(schemaArg ?? schemas[0].id);
  const [instance, schema] = await Promise.all([api("GET", `/schemas/${schemaId}/instance`), api("GET", `/schemas/${schemaId}`)]);
  const filled = instance.objects.filter(o => o.rows > 0);
  const counts = Object.fromEntries(instance.objects.map(o => [o.key, o.rows]));
  main.innerHTML = `<h1>Instance category</h1>
    ${schemas.length > 1 ? `<p><label>Schema category <select id="instance-schema">${schemas.map(s =>
      `<option value="${s.id}" ${s.id === schemaId ? "selected" : ""}>${esc(s.name)}</option>`).join("")}</select></label></p>` : ""}
    <p class="muted">Session data ${instance.expiresAt ? `expires at ${esc(new Date(instance.expiresAt).toLocaleString())} unless used` : "is empty"}.
      Click an object to see its rows.</p>
    <svg class="graph" id="instance-graph" role="img" aria-label="instance category graph"></svg>${graphTools("instance-graph")}
    <div class="panel"><table><thead><tr><th>Object</th><th>Key</th><th>Rows</th></tr></thead><tbody>
      ${filled.length === 0 ? `<tr><td colspan="3" class="empty">No data in this session yet: run an import job here. A job run in another
        session (another browser, the API, the command line) keeps its data there; the jobs page says which session each ran in.</td></tr>` :
        filled.map(o => `<tr><td><a href="#/instance/${schemaId}/${o.key}">${esc(o.label)}</a></td><td>${o.key}</td><td>${o.rows}</td></tr>`).join("")}
    </tbody></table></div><div id="rows"></div><div id="pairs"></div>`;
  const graph = drawGraph(document.getElementById("instance-graph"), schema, {
    caption: o => `${o.label || o.key} · ${counts[o.key] ?? 0}`,
    onSelect: key => { location.hash = `#/instance/${schemaId}/${key}`; },
  });
  connectTools(main, "instance-graph", graph);
  document.getElementById("instance-schema")?.addEventListener("change", event => { location.hash = `#/instance/${event.target.value}`; });
  if (!keyArg) return;
  const key = Number(keyArg), page = Number(pageArg ?? 1);
  graph.mark(new Map([[key, "origin"]]));
  if (!instance.objects.some(o => o.key === key)) {
    document.getElementById("rows").innerHTML = `<div class="panel empty">No data for ${esc(label(schema, key))} in this session yet: run an import job.</div>`;
    return;
  }
  await showRows(schema, key, page);
  if (signatureArg) await showPairs(schema, key, page, signatureArg, Number(pairsPageArg ?? 1));
}

const label = (schema, key) => schema.objects.find(o => o.key === key)?.label ?? String(key);

// A page of links: previous, "page p of n", next.
function pager(page, size, total, link) {
  const pages = Math.max(1, Math.ceil(total / size));
  return `<p class="actions">${page > 1 ? `<a href="${link(page - 1)}">← previous</a>` : ""}
    <span class="muted">page ${page} of ${pages} (${total})</span>${page < pages ? `<a href="${link(page + 1)}">next →</a>` : ""}</p>`;
}

async function showRows(schema, key, page) {
  const box = document.getElementById("rows");
  try {
    const data = await api("GET", `/schemas/${schema.id}/instance/objects/${key}/rows?page=${page}&size=25`);
    const column = signature => {
      const reached = walk(schema, key, signature)?.at(-1);
      return `${esc(reached === undefined ? "value" : label(schema, reached))} <span class="muted">(${esc(signature || "ε")})</span>`;
    };
    const morphisms = stepsFrom(schema, key);
    box.innerHTML = `<h2>Rows of ${esc(label(schema, key))} (${key})</h2><table><thead><tr>${data.superId.map(s => `<th>${column(s)}</th>`).join("")}</tr></thead>
      <tbody>${data.rows.map(r => `<tr>${data.superId.map(s => `<td>${esc(r[s] ?? "")}</td>`).join("")}</tr>`).join("")}</tbody></table>
      ${pager(page, data.size, data.total, p => `#/instance/${schema.id}/${key}/${p}`)}
      ${morphisms.length ? `<p class="muted">Pairs of the morphisms that leave ${esc(label(schema, key))}:
        ${morphisms.map(m => `<a href="#/instance/${schema.id}/${key}/${page}/${encodeURIComponent(m.signature)}">${esc(m.signature)} → ${esc(label(schema, m.cod))}</a>`).join(" · ")}</p>` : ""}`;
    box.scrollIntoView({ block: "start" });
  } catch (error) { box.innerHTML = errorBox(error); }
}

async function showPairs(schema, key, rowsPage, signature, page) {
  const box = document.getElementById("pairs");
  try {
    const data = await api("GET", `/schemas/${schema.id}/instance/morphisms/${encodeURIComponent(signature)}/pairs?page=${page}&size=25`);
    const cells = row => esc(Object.entries(row).map(([s, v]) => `${s || "ε"}: ${v}`).join(", "));
    box.innerHTML = `<h2>Pairs of ${esc(signature)}: ${esc(label(schema, data.dom))} → ${esc(label(schema, data.cod))}</h2>
      <table><thead><tr><th>${esc(label(schema, data.dom))}</th><th>${esc(label(schema, data.cod))}</th></tr></thead>
      <tbody>${data.pairs.length === 0 ? `<tr><td colspan="2" class="empty">No pairs.</td></tr>` :
        data.pairs.map(([dom, cod]) => `<tr><td>${cells(dom)}</td><td>${cells(cod)}</td></tr>`).join("")}</tbody></table>
      ${pager(page, data.size, data.total, p => `#/instance/${schema.id}/${key}/${rowsPage}/${encodeURIComponent(signature)}/${p}`)}`;
    box.scrollIntoView({ block: "start" });
  } catch (error) { box.innerHTML = errorBox(error); }
}
