// Databases: the list, a form to add one (the password is write-only), test connection, delete.
import { api, errorBox, esc } from "../api.js";

const fields = {
  files: [["folder", "Folder", "/data/documents"]],
  sqlite: [["path", "File", "/data/shop.sqlite"]],
  postgresql: [["host", "Host", "127.0.0.1"], ["port", "Port", "5432"], ["user", "User", "postgres"], ["database", "Database", "shop"], ["password", "Password", ""]],
  mongodb: [["uri", "URI", "mongodb://127.0.0.1:27017"], ["database", "Database", "shop"]],
  neo4j: [["uri", "URI", "bolt://127.0.0.1:7687"]],
};

export async function render(main) {
  const databases = await api("GET", "/databases");
  main.innerHTML = `<h1>Databases</h1><div id="db-error"></div>
    ${databases.length === 0 ? `<div class="panel empty">No databases yet.</div>` : `<table id="databases"><thead><tr><th>Label</th><th>Type</th><th>Settings</th><th></th></tr></thead><tbody>
    ${databases.map(d => `<tr><td>${esc(d.label)}</td><td>${esc(d.type)}</td>
      <td>${Object.entries(d.settings).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join("<br>")}${d.hasPassword ? "<br>password: set" : ""}</td>
      <td><div class="actions"><button data-test="${d.id}">Test connection</button><button data-delete="${d.id}">Delete</button></div></td></tr>`).join("")}
    </tbody></table>`}
    <h2>New database</h2>
    <form class="panel" id="new-database">
      <div class="inline"><label>Label <input name="label" required placeholder="Shop"></label>
      <label>Type <select name="type" id="db-type">${Object.keys(fields).map(t => `<option value="${t}">${t}</option>`).join("")}</select></label></div>
      <div class="inline" id="db-fields"></div>
      <p><button class="primary" type="submit">Add database</button></p>
    </form>`;
  const type = document.getElementById("db-type");
  const showFields = () => {
    document.getElementById("db-fields").innerHTML = fields[type.value].map(([name, label, hint]) =>
      `<label>${label} <input name="${name}" ${name === "password" ? 'type="password" autocomplete="new-password"' : ""} placeholder="${esc(hint)}"></label>`).join("");
  };
  type.onchange = showFields;
  showFields();
  const box = () => document.getElementById("db-error");
  document.getElementById("new-database").onsubmit = async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    const settings = {};
    for (const [name] of fields[form.get("type")]) if (form.get(name)) settings[name] = form.get(name);
    try {
      await api("POST", "/databases", { label: form.get("label"), type: form.get("type"), settings });
      await render(main);
    } catch (error) { box().innerHTML = errorBox(error); }
  };
  const table = document.getElementById("databases");
  if (table) table.onclick = async event => {
    const test = event.target.dataset.test, remove = event.target.dataset.delete;
    try {
      if (test) { await api("POST", `/databases/${test}/test`); box().innerHTML = `<p class="panel">Connection works.</p>`; }
      if (remove && confirm("Delete this database?")) { await api("DELETE", `/databases/${remove}`); await render(main); }
    } catch (error) { box().innerHTML = errorBox(error); }
  };
}
