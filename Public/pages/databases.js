// Databases: label, type and settings (a password is write-only), test connection, delete.
import { api, errorBox, esc } from "../api.js";

export async function render(main) {
  const databases = await api("GET", "/databases");
  main.innerHTML = `<h1>Databases</h1><div id="db-error"></div>
    <table id="databases"><thead><tr><th>Label</th><th>Type</th><th>Settings</th><th></th></tr></thead><tbody>
    ${databases.map(d => `<tr><td>${esc(d.label)}</td><td>${esc(d.type)}</td>
      <td>${Object.entries(d.settings).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join("<br>")}${d.hasPassword ? "<br>password: set" : ""}</td>
      <td class="actions"><button data-test="${d.id}">Test connection</button><button data-delete="${d.id}">Delete</button></td></tr>`).join("")}
    </tbody></table>`;
  document.getElementById("databases").onclick = async event => {
    const box = document.getElementById("db-error");
    const test = event.target.dataset.test, remove = event.target.dataset.delete;
    try {
      if (test) { await api("POST", `/databases/${test}/test`); box.innerHTML = `<p class="panel">Connection works.</p>`; }
      if (remove && confirm("Delete this database?")) { await api("DELETE", `/databases/${remove}`); await render(main); }
    } catch (error) { box.innerHTML = errorBox(error); }
  };
}
