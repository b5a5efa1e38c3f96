// Databases: the list, a form to add one or edit one (the type is fixed once created; a secret
// setting, the password, is write-only: it is never shown, and left empty it stays as it was),
// test connection, infer a schema category with a mapping per kind (then open it on the graph),
// delete (refused by the server while a mapping uses the database), and upload JSON, JSON Lines
// and CSV files as a new files database (each file a kind, named by its file name). The types
// and their settings come from the server's families (GET /families).
import { api, errorBox, esc, families, notFound } from "../api.js";

export async function render(main, [editArg]) {
  const [databases, familyList] = await Promise.all([api("GET", "/databases"), families()]);
  const fields = Object.fromEntries(familyList.map(f => [f.name, f.settings]));
  const editing = databases.find(d => d.id === Number(editArg));
  if (editArg !== undefined && !editing) return notFound(main, `database ${editArg}`, { href: "#/databases", text: "All databases" });
  main.innerHTML = `<h1>Databases</h1><div id="db-error"></div>
    ${databases.length === 0 ? `<div class="panel empty">No databases yet: add one below.</div>` : `<table id="databases"><thead><tr><th>Label</th><th>Type</th><th>Settings</th><th></th></tr></thead><tbody>
    ${databases.map(d => `<tr><td>${esc(d.label)}</td><td>${esc(d.type)}</td>
      <td>${Object.entries(d.settings).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join("<br>")}${d.hasPassword ? "<br>password: set" : ""}</td>
      <td><div class="actions"><button data-test="${d.id}">Test connection</button>
        <button data-infer="${d.id}" title="Make a schema category with a mapping per table or kind from what the database holds">Infer schema</button>
        <a class="button" href="#/databases/${d.id}">Edit</a>
        <button data-delete="${d.id}">Delete</button></div></td></tr>`).join("")}
    </tbody></table>`}
    ${databases.length ? `<details class="panel" id="infer-more"><summary>Infer with suggested documents</summary>
      <form class="inline" id="infer-form">
        <label>From <select name="source">${databases.map(d => `<option value="${d.id}">${esc(d.label)}</option>`).join("")}</select></label>
        <label>Documents rooted at <input name="roots" placeholder="orders, customer"></label>
        <label>For <select name="target">${databases.map(d => `<option value="${d.id}">${esc(d.label)}</option>`).join("")}</select></label>
        <label><input type="checkbox" name="embed"> embed referenced rows</label>
        <button type="submit">Infer</button>
      </form></details>` : ""}
    <h2>${editing ? `Edit ${esc(editing.label)}` : "New database"}</h2>
    <form class="panel" id="database-form">
      <div class="inline"><label>Label <input name="label" required placeholder="Shop" value="${esc(editing?.label ?? "")}"></label>
      <label>Type <select name="type" id="db-type" ${editing ? "disabled title=\"the type of a database cannot change\"" : ""}>${familyList.map(f =>
        `<option value="${esc(f.name)}" ${editing?.type === f.name ? "selected" : ""}>${esc(f.title)}</option>`).join("")}</select></label></div>
      <div class="inline" id="db-fields"></div>
      <p class="actions"><button class="primary" type="submit">${editing ? "Save changes" : "Add database"}</button>
        ${editing ? `<a class="button" href="#/databases">Cancel</a>` : ""}</p>
    </form>
    ${editing ? "" : `<h2>Upload files</h2>
    <form class="panel" id="upload-form">
      <p class="muted">JSON (an array of documents), JSON Lines or CSV files, up to 64 MB in all: each file becomes a kind
        named after it (<code>customers.csv</code> is the kind <code>customers</code>). Every record is read before anything is kept.</p>
      <div class="inline"><label>Label <input name="label" required placeholder="Uploaded shop"></label>
      <label>Files <input name="files" type="file" multiple accept=".json,.jsonl,.csv" required></label>
      <button class="primary" type="submit">Upload</button></div>
    </form>`}`;
  const type = document.getElementById("db-type");
  const showFields = () => {
    document.getElementById("db-fields").innerHTML = (fields[type.value] ?? []).map(s => s.kind === "secret"
      ? `<label>${esc(s.label)} <input name="${esc(s.name)}" type="password" autocomplete="new-password" placeholder="${editing?.hasPassword ? "unchanged unless typed" : ""}"></label>`
      : `<label>${esc(s.label)} <input name="${esc(s.name)}" placeholder="${esc(s.kind === "choice" ? s.choices.join(", ") : s.example)}" value="${esc(editing?.settings[s.name] ?? "")}"></label>`).join("");
  };
  type.onchange = showFields;
  showFields();
  const box = () => document.getElementById("db-error");
  document.getElementById("database-form").onsubmit = async event => {
    event.preventDefault();
    const form = new FormData(event.target), kind = editing?.type ?? form.get("type");
    const settings = {};
    for (const { name } of fields[kind] ?? []) if (form.get(name)) settings[name] = form.get(name);
    try {
      if (editing) await api("PATCH", `/databases/${editing.id}`, { label: form.get("label"), settings });
      else await api("POST", "/databases", { label: form.get("label"), type: kind, settings });
      location.hash = "#/databases";
      if (!editing) await render(main, []);
    } catch (error) { box().innerHTML = errorBox(error); }
  };
  const upload = document.getElementById("upload-form");
  if (upload) upload.onsubmit = async event => {
    event.preventDefault();
    const chosen = [...upload.elements.files.files];
    const size = chosen.reduce((sum, file) => sum + file.size, 0);
    if (size > 64 * 1024 * 1024) { box().innerHTML = errorBox(new Error(`The files hold ${(size / 1048576).toFixed(1)} MB; an upload is at most 64 MB.`)); return; }
    try {
      box().innerHTML = `<p class="panel" role="status">Uploading and reading ${chosen.length} file${chosen.length === 1 ? "" : "s"}…</p>`;
      const files = await Promise.all(chosen.map(async file => ({ name: file.name, content: await file.text() })));
      const made = await api("POST", "/databases/upload", { label: upload.elements.label.value, files });
      await render(main, []);
      box().innerHTML = `<p class="panel ok" role="status" id="uploaded">Uploaded ${chosen.length} file${chosen.length === 1 ? "" : "s"} as ${esc(made.label)}.
        <button data-infer-new="${made.id}">Infer schema</button></p>`;
      box().querySelector("button").onclick = async () => {
        try { await inferFrom(made.id); } catch (error) { box().innerHTML = errorBox(error); }
      };
    } catch (error) { box().innerHTML = errorBox(error); }
  };
  // Infers a schema category from a database (and suggested documents, if asked) and says what
  // it made, with a link to the graph.
  async function inferFrom(id, body) {
    box().innerHTML = `<p class="panel" role="status">Reading the database…</p>`;
    const made = await api("POST", `/databases/${id}/infer`, body);
    const suggested = made.suggested.length ? ` and ${made.suggested.length} suggested document mapping${made.suggested.length === 1 ? "" : "s"}` : "";
    box().innerHTML = `<div class="panel ok" role="status" id="inferred">Inferred a schema category with ${made.mappings.length} mapping${made.mappings.length === 1 ? "" : "s"}${suggested}.
      <a class="button" href="#/schema/${made.schema}">Open it</a>
      ${made.notes.length ? `<ul>${made.notes.map(n => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}</div>`;
  }
  const inferForm = document.getElementById("infer-form");
  if (inferForm) inferForm.onsubmit = async event => {
    event.preventDefault();
    const form = new FormData(inferForm);
    const roots = String(form.get("roots")).split(",").map(r => r.trim()).filter(r => r);
    const body = roots.length ? { suggest: { roots, database: Number(form.get("target")), embedReferences: form.get("embed") === "on" } } : undefined;
    try { await inferFrom(form.get("source"), body); } catch (error) { box().innerHTML = errorBox(error); }
  };
  const table = document.getElementById("databases");
  if (table) table.onclick = async event => {
    const test = event.target.dataset.test, remove = event.target.dataset.delete, infer = event.target.dataset.infer;
    try {
      if (test) { await api("POST", `/databases/${test}/test`); box().innerHTML = `<p class="panel ok" role="status">Connection works.</p>`; }
      if (infer) await inferFrom(infer);
      if (remove && confirm("Delete this database?")) { await api("DELETE", `/databases/${remove}`); await render(main, []); }
    } catch (error) { box().innerHTML = errorBox(error); }
  };
}
