// The session's instance category: row counts per object on the graph, the records of one object
// (its id values, its attributes and the entities it reaches, which open as records of their own,
// as a foreign key opens in pgAdmin), searched, filtered, sorted and paged, and the pairs of each
// morphism that leaves it, paged. The records' query sits after `?` in the address
// (`#/instance/1/116?sort=11&order=desc&search=kni&filter=12:Book`), so it can be shared.
import { api, errorBox, esc } from "../api.js";
import { connectTools, drawGraph, graphTools } from "../graph.js";
import { stepsFrom, walk } from "../paths.js";

export async function render(main) {
  // The router splits on "/", which a filter's value may hold: the address is read here.
  const hash = location.hash, mark = hash.indexOf("?");
  const query = new URLSearchParams(mark >= 0 ? hash.slice(mark + 1) : "");
  const [schemaArg, keyArg, pageArg, signatureArg, pairsPageArg] =
    (mark >= 0 ? hash.slice(0, mark) : hash).replace(/^#\/?/, "").split("/").slice(1).map(decodeURIComponent);
  const schemas = await api("GET", "/schemas");
  if (schemas.length === 0) { main.innerHTML = `<h1>Instance category</h1><div class="panel empty">No schema category yet.</div>`; return; }
  const schemaId = Number(schemaArg ?? schemas[0].id);
  const [instance, schema, mappings] = await Promise.all([api("GET", `/schemas/${schemaId}/instance`),
    api("GET", `/schemas/${schemaId}`), api("GET", `/mappings?schema=${schemaId}`)]);
  const filled = instance.objects.filter(o => o.rows > 0);
  const counts = Object.fromEntries(instance.objects.map(o => [o.key, o.rows]));
  main.innerHTML = `<h1>Instance category</h1>
    ${schemas.length > 1 ? `<p><label>Schema category <select id="instance-schema">${schemas.map(s =>
      `<option value="${s.id}" ${s.id === schemaId ? "selected" : ""}>${esc(s.name)}</option>`).join("")}</select></label></p>` : ""}
    <p class="muted">Session data ${instance.expiresAt ? `expires at ${esc(new Date(instance.expiresAt).toLocaleString())} unless used` : "is empty"}.
      Click an object to see its records.</p>
    <form class="inline" id="session-form"><label>Name this session <input name="name" maxlength="60" placeholder="my migration"></label>
      <button type="submit">Save name</button><span id="session-said" class="muted" role="status"></span></form>
    <svg class="graph" id="instance-graph" role="img" aria-label="instance category graph"></svg>${graphTools("instance-graph")}
    <div class="panel"><table><thead><tr><th>Object</th><th>Key</th><th>Rows</th></tr></thead><tbody>
      ${filled.length === 0 ? `<tr><td colspan="3" class="empty">No data in this session yet: run an import job here. A job run in another
        session (another browser, the API, the command line) keeps its data there; the jobs page says which session each ran in.</td></tr>` :
        filled.map(o => `<tr><td><a href="#/instance/${schemaId}/${o.key}">${esc(o.label)}</a></td><td>${o.key}</td><td>${o.rows}</td></tr>`).join("")}
    </tbody></table></div>
    ${filled.length && mappings.length ? `<form class="inline panel" id="preview-form"><label>Preview the export of
      <select name="mapping">${mappings.map(m => `<option value="${m.id}">${esc(m.name || m.kindName)} (${esc(m.kindName)})</option>`).join("")}</select></label>
      <button type="submit">Preview</button></form><div id="preview"></div>` : ""}
    <div id="rows"></div><div id="pairs"></div>`;
  const graph = drawGraph(document.getElementById("instance-graph"), schema, {
    caption: o => `${o.label || o.key} · ${counts[o.key] ?? 0}`,
    onSelect: key => { location.hash = `#/instance/${schemaId}/${key}`; },
  });
  connectTools(main, "instance-graph", graph);
  document.getElementById("instance-schema")?.addEventListener("change", event => { location.hash = `#/instance/${event.target.value}`; });
  const previewForm = document.getElementById("preview-form");
  if (previewForm) previewForm.onsubmit = event => {
    event.preventDefault();
    showPreview(Number(new FormData(previewForm).get("mapping")), 1);
  };
  document.getElementById("session-form").onsubmit = async event => {
    event.preventDefault();
    const said = document.getElementById("session-said");
    try {
      const name = new FormData(event.target).get("name").trim();
      const session = await api("PATCH", "/session", { name: name || null });
      said.textContent = session.name ? `Named “${session.name}”.` : "Name removed.";
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (error) { said.innerHTML = errorBox(error); }
  };
  if (!keyArg) return;
  const key = Number(keyArg), page = Number(pageArg ?? 1);
  graph.mark(new Map([[key, "origin"]]));
  if (!instance.objects.some(o => o.key === key)) {
    document.getElementById("rows").innerHTML = `<div class="panel empty">No data for ${esc(label(schema, key))} in this session yet: run an import job.</div>`;
    return;
  }
  await showRecords(schema, key, page, query);
  if (signatureArg) await showPairs(schema, key, page, signatureArg, Number(pairsPageArg ?? 1));
}

const label = (schema, key) => schema.objects.find(o => o.key === key)?.label ?? String(key);

// A page of links: previous, "page p of n", next.
function pager(page, size, total, link) {
  const pages = Math.max(1, Math.ceil(total / size));
  return `<p class="actions">${page > 1 ? `<a href="${link(page - 1)}">← previous</a>` : ""}
    <span class="muted">page ${page} of ${pages} (${total})</span>${page < pages ? `<a href="${link(page + 1)}">next →</a>` : ""}</p>`;
}

// The address of a page of records with `query` (URLSearchParams), page 1 unless given.
function recordsLink(schema, key, query, page = 1) {
  const text = query.toString();
  return `#/instance/${schema.id}/${key}${page > 1 ? `/${page}` : ""}${text ? `?${text}` : ""}`;
}

async function showRecords(schema, key, page, query) {
  const box = document.getElementById("rows");
  try {
    const data = await api("GET", `/schemas/${schema.id}/instance/objects/${key}/records?page=${page}&size=25&${query.toString()}`);
    const idColumn = signature => {
      const reached = walk(schema, key, signature)?.at(-1);
      return { signature, name: reached === undefined || reached === key ? "value" : label(schema, reached) };
    };
    const columns = [...data.superId.map(idColumn), ...data.fields];
    const sort = query.get("sort"), descending = query.get("order") === "desc";
    const header = column => {
      const next = new URLSearchParams(query);
      next.set("sort", column.signature || "ε");
      const active = sort === (column.signature || "ε");
      if (active && !descending) next.set("order", "desc"); else next.delete("order");
      return `<th><a href="${esc(recordsLink(schema, key, next))}" data-sort="${esc(column.signature || "ε")}"
        title="sort by ${esc(column.name)}">${esc(column.name)}${active ? (descending ? " ▼" : " ▲") : ""}</a>
        <span class="muted">${esc(column.signature || "ε")}${column.many ? " · many" : ""}</span></th>`;
    };
    // A reached entity opens as the records of its object, filtered to it by its id.
    const reachedLink = (field, reached) => {
      if (field.value) return esc(reached.text);
      const filter = new URLSearchParams();
      for (const [signature, value] of Object.entries(reached.id ?? {})) filter.append("filter", `${signature || "ε"}:${value}`);
      return `<a href="${esc(recordsLink(schema, field.object, filter))}" class="reference">${esc(label(schema, field.object))} ${esc(reached.text)}</a>`;
    };
    const cell = (record, field) => {
      const value = record.fields[field.signature] ?? { reached: [], count: 0 };
      const more = value.count > value.reached.length ? ` <span class="muted">… ${value.count} in all</span>` : "";
      return `<td>${value.reached.map(r => reachedLink(field, r)).join(", ")}${more}</td>`;
    };
    const filters = query.getAll("filter");
    const without = filter => {
      const next = new URLSearchParams(query);
      next.delete("filter");
      for (const other of filters) if (other !== filter) next.append("filter", other);
      return recordsLink(schema, key, next);
    };
    const morphisms = stepsFrom(schema, key);
    box.innerHTML = `<h2>Records of ${esc(label(schema, key))} (${key})</h2>
      <form class="inline panel" id="record-query">
        <label>Search <input name="search" type="search" value="${esc(query.get("search") ?? "")}" placeholder="any value"></label>
        <label>Filter by <select name="field">${columns.map(c => `<option value="${esc(c.signature || "ε")}">${esc(c.name)} (${esc(c.signature || "ε")})</option>`).join("")}</select></label>
        <label>equal to <input name="value" placeholder="a value"></label>
        <button class="primary" type="submit">Apply</button>
        ${query.toString() ? `<a class="button" href="${esc(recordsLink(schema, key, new URLSearchParams()))}">Clear</a>` : ""}
      </form>
      ${filters.length ? `<p class="actions" id="filters">${filters.map(f => `<a class="button" href="${esc(without(f))}" title="remove this filter">${esc(f)} ✕</a>`).join("")}</p>` : ""}
      <table id="records"><thead><tr>${columns.map(header).join("")}</tr></thead>
      <tbody>${data.records.length === 0 ? `<tr><td colspan="${columns.length}" class="empty">No record matches.</td></tr>` :
        data.records.map(r => `<tr>${data.superId.map(s => `<td>${esc(r.id[s] ?? "")}</td>`).join("")}${data.fields.map(f => cell(r, f)).join("")}</tr>`).join("")}</tbody></table>
      ${pager(page, data.size, data.total, p => recordsLink(schema, key, query, p))}
      ${morphisms.length ? `<p class="muted">Pairs of the morphisms that leave ${esc(label(schema, key))}:
        ${morphisms.map(m => `<a href="#/instance/${schema.id}/${key}/${page}/${encodeURIComponent(m.signature)}">${esc(m.signature)} → ${esc(label(schema, m.cod))}</a>`).join(" · ")}</p>` : ""}`;
    document.getElementById("record-query").onsubmit = event => {
      event.preventDefault();
      const form = new FormData(event.target), next = new URLSearchParams(query);
      const search = form.get("search").trim(), value = form.get("value");
      if (search) next.set("search", search); else next.delete("search");
      if (value !== "") next.append("filter", `${form.get("field")}:${value}`);
      location.hash = recordsLink(schema, key, next);
    };
    box.scrollIntoView({ block: "start" });
  } catch (error) { box.innerHTML = errorBox(error); }
}

// What a mapping's kind would hold if exported now: rows by column for a flat family, documents
// for a document family, ten at a time.
async function showPreview(mapping, page) {
  const box = document.getElementById("preview");
  try {
    const data = await api("GET", `/mappings/${mapping}/preview?page=${page}&size=10`);
    const columns = [...new Set(data.records.flatMap(r => Object.keys(r)))];
    const shown = data.flat
      ? `<table id="preview-rows"><thead><tr>${columns.map(c => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${data.records.map(r =>
          `<tr>${columns.map(c => `<td>${esc(Array.isArray(r[c]) ? JSON.stringify(r[c]) : r[c] ?? "")}</td>`).join("")}</tr>`).join("")}</tbody></table>`
      : `<pre class="code" id="preview-documents">${esc(data.records.map(r => JSON.stringify(r, null, 2)).join("\n"))}</pre>`;
    const pages = Math.max(1, Math.ceil(data.total / data.size));
    box.innerHTML = `<h2>Export preview of ${esc(data.kind)}: ${data.total} ${data.flat ? "rows" : "documents"}</h2>
      ${data.incomplete ? `<p class="muted">${data.incomplete} of them lack a value the schema requires; the export job's log names them.</p>` : ""}
      ${shown}<p class="actions">${page > 1 ? `<button data-page="${page - 1}">← previous</button>` : ""}
      <span class="muted">page ${page} of ${pages}</span>${page < pages ? `<button data-page="${page + 1}">next →</button>` : ""}</p>`;
    box.querySelectorAll("button[data-page]").forEach(b => { b.onclick = () => showPreview(mapping, Number(b.dataset.page)); });
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
