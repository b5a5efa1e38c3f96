// Queries: an editor for a query over a schema category (docs/queries.md), run over the session's
// instance category or over the databases of the schema's mappings; the plan drawn as a tree with
// the rows each step produced; the answer as a table (when every document is flat) or as
// documents, a page at a time. Ctrl+Enter runs. An error marks its line and column in the text.
import { api, errorBox, esc } from "../api.js";

// A first query for a schema: an entity and up to three of its attributes, by signature.
function starter(schema) {
  const objects = Object.fromEntries(schema.objects.map(o => [o.key, o]));
  const isValue = o => !o.superId || (o.superId.length === 1 && o.superId[0] === "");
  const base = schema.morphisms.filter(m => !m.signature.includes(".") && !m.signature.startsWith("-"));
  for (const object of schema.objects.filter(o => !isValue(o))) {
    const attributes = base.filter(m => m.dom === object.key && objects[m.cod] && isValue(objects[m.cod]) && m.max === "ONE").slice(0, 3);
    if (attributes.length === 0) continue;
    const name = m => (m.label || objects[m.cod].label || `f${m.signature}`).replace(/[^\p{L}\p{N}_]/gu, "_");
    const variable = m => `?${name(m)}`;
    return `# ${object.label}: ${attributes.map(m => objects[m.cod].label).join(", ")}
SELECT {
  ?x ${attributes.map(m => `${name(m)} ${variable(m)}`).join(" ;\n     ")} .
}
WHERE {
  ?x ${attributes.map(m => `${m.signature} ${variable(m)}`).join(" ;\n     ")} .
}
LIMIT 20`;
  }
  return "SELECT { ?x name ?y } WHERE { ?x 1 ?y }";
}

// The plan as nested lists: each step, what it worked on, and the rows it produced.
function planTree(step) {
  return `<li><span class="plan-op">${esc(step.operation)}</span> ${esc(step.detail)}${step.rows === null ? ""
    : ` <span class="plan-rows">${step.rows} rows</span>`}${step.milliseconds === null ? ""
    : ` <span class="muted">${step.milliseconds} ms</span>`}${step.native ? `<pre>${esc(step.native)}</pre>` : ""}${step.children.length
      ? `<ul>${step.children.map(planTree).join("")}</ul>` : ""}</li>`;
}

const isScalar = value => value === null || typeof value !== "object";

function documentsView(documents, asTable) {
  if (documents.length === 0) return `<div class="panel empty">No documents.</div>`;
  if (asTable) {
    const columns = [...new Set(documents.flatMap(d => Object.keys(d)))];
    return `<div class="panel scroll"><table id="query-table"><thead><tr>${columns.map(c => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>
      ${documents.map(d => `<tr>${columns.map(c => `<td>${d[c] === null || d[c] === undefined ? `<span class="muted">–</span>` : esc(d[c])}</td>`).join("")}</tr>`).join("")}
      </tbody></table></div>`;
  }
  return `<ol class="documents" id="query-documents">${documents.map(d => `<li><pre>${esc(JSON.stringify(d, null, 2))}</pre></li>`).join("")}</ol>`;
}

// The line of the query an error names, with a caret under its column.
function marked(text, line, column) {
  const shown = text.split("\n")[line - 1] ?? "";
  return `<pre class="caret" id="query-caret">${esc(shown)}\n${" ".repeat(Math.max(0, column - 1))}^</pre>`;
}

export async function render(main, [schemaArg]) {
  const schemas = await api("GET", "/schemas");
  if (schemas.length === 0) { main.innerHTML = `<h1>Query</h1><div class="panel empty">No schema category yet.</div>`; return; }
  const schemaId = Number(schemaArg ?? schemas[0].id);
  const schema = schemas.find(s => s.id === schemaId) ? await api("GET", `/schemas/${schemaId}`) : null;
  if (!schema) { location.hash = `#/query/${schemas[0].id}`; return; }
  const saved = sessionStorage.getItem(`mmcat-query-${schemaId}`);
  main.innerHTML = `<h1>Query</h1>
    <p class="muted">Ask the schema category a question without knowing where each kind lives: triples of signatures or
      names, FILTER, OPTIONAL, UNION, MINUS, VALUES, aggregates with GROUP BY and HAVING, ORDER BY, LIMIT and OFFSET
      (the language: <code>docs/queries.md</code>).</p>
    <form class="panel" id="query-form">
      <p class="inline">${schemas.length > 1 ? `<label>Schema category <select id="query-schema">${schemas.map(s =>
        `<option value="${s.id}" ${s.id === schemaId ? "selected" : ""}>${esc(s.name)}</option>`).join("")}</select></label>` : ""}
        <label>Over <select name="source" id="query-source"><option value="session">this session's instance category</option>
          <option value="databases">the databases of the mappings</option></select></label></p>
      <textarea name="query" id="query-text" rows="12" spellcheck="false" aria-label="query">${esc(saved ?? starter(schema))}</textarea>
      <p class="inline"><button class="primary" type="submit" id="query-run">Run</button>
        <span class="muted">Ctrl+Enter runs</span><span id="query-said" class="muted" role="status"></span></p>
    </form>
    <div id="query-error"></div><div id="query-answer"></div>`;
  document.getElementById("query-schema")?.addEventListener("change", event => { location.hash = `#/query/${event.target.value}`; });
  const form = document.getElementById("query-form");
  const textArea = document.getElementById("query-text");
  let page = 1, asTable = true;

  async function run() {
    const text = textArea.value;
    sessionStorage.setItem(`mmcat-query-${schemaId}`, text);
    const source = document.getElementById("query-source").value;
    const said = document.getElementById("query-said");
    const errorArea = document.getElementById("query-error");
    said.textContent = "Running…";
    try {
      const answer = await api("POST", `/schemas/${schemaId}/query`, { query: text, source, page, size: 50 });
      errorArea.innerHTML = "";
      said.textContent = "";
      show(answer);
    } catch (error) {
      said.textContent = "";
      const position = /^line (\d+), column (\d+): /.exec(error.message);
      errorArea.innerHTML = errorBox(error) + (position ? marked(text, Number(position[1]), Number(position[2])) : "");
      if (position) {
        const lines = text.split("\n").slice(0, Number(position[1]) - 1);
        const offset = lines.reduce((sum, line) => sum + [...line].length + 1, 0) + Number(position[2]) - 1;
        textArea.focus();
        textArea.setSelectionRange(offset, offset + 1);
      }
    }
  }

  function show(answer) {
    const flat = answer.documents.every(d => Object.values(d).every(isScalar));
    const pages = Math.max(1, Math.ceil(answer.kept / answer.size));
    const t = answer.timings;
    document.getElementById("query-answer").innerHTML = `
      <p class="inline" id="query-summary"><strong>${answer.kept} documents</strong>${answer.kept !== answer.total ? ` of ${answer.total}` : ""}
        <span class="muted">planning ${t.planning} ms · reading ${t.reading} ms${Object.keys(t.databases).length > 1
          ? ` (${Object.entries(t.databases).map(([name, ms]) => `${esc(name)} ${ms} ms`).join(", ")})` : ""} · evaluating ${t.evaluating} ms</span>
        ${flat ? `<button type="button" id="query-view">${asTable ? "Show as documents" : "Show as a table"}</button>` : ""}
        ${pages > 1 ? `<button type="button" id="query-previous" ${page <= 1 ? "disabled" : ""}>Previous</button>
          <span>page ${page} of ${pages}</span><button type="button" id="query-next" ${page >= pages ? "disabled" : ""}>Next</button>` : ""}</p>
      ${documentsView(answer.documents, flat && asTable)}
      <details class="panel" id="query-plan" open><summary>Plan</summary><ul class="plan">${planTree(answer.plan)}</ul></details>`;
    document.getElementById("query-view")?.addEventListener("click", () => { asTable = !asTable; show(answer); });
    document.getElementById("query-previous")?.addEventListener("click", () => { page -= 1; run(); });
    document.getElementById("query-next")?.addEventListener("click", () => { page += 1; run(); });
  }

  form.onsubmit = event => { event.preventDefault(); page = 1; run(); };
  textArea.addEventListener("keydown", event => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); page = 1; run(); }
  });
}
