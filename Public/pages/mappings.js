// Mappings: each access path in the text notation, and a form to add one in that notation.
import { api, errorBox, esc } from "../api.js";

export async function render(main) {
  const [mappings, schemas, databases] = await Promise.all([api("GET", "/mappings"), api("GET", "/schemas"), api("GET", "/databases")]);
  const db = Object.fromEntries(databases.map(d => [d.id, d]));
  main.innerHTML = `<h1>Mappings</h1>
    ${mappings.length === 0 ? `<div class="panel empty">No mappings yet.</div>` : mappings.map(m => `<div class="panel">
      <strong>${esc(m.name ?? m.kindName)}</strong> <span class="muted">kind ${esc(m.kindName)} in ${esc(db[m.database]?.label ?? m.database)}</span>
      <pre class="code">${esc(m.text)}</pre></div>`).join("")}
    <h2>New mapping</h2><div id="mapping-error"></div>
    <form class="panel" id="new-mapping">
      <div class="inline"><label>Name <input name="name" placeholder="Orders as documents"></label>
      <label>Schema <select name="schema">${schemas.map(s => `<option value="${s.id}">${esc(s.name)}</option>`).join("")}</select></label>
      <label>Database <select name="database">${databases.map(d => `<option value="${d.id}">${esc(d.label)} (${esc(d.type)})</option>`).join("")}</select></label></div>
      <label>Access path <textarea name="text" rows="5" cols="80" required placeholder="order @103 { number: 19 }"></textarea></label>
      <p><button class="primary" type="submit">Create mapping</button></p>
    </form>`;
  document.getElementById("new-mapping").addEventListener("submit", async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await api("POST", "/mappings", { name: form.get("name") || undefined, schema: Number(form.get("schema")), database: Number(form.get("database")), text: form.get("text") });
      await render(main);
    } catch (error) { document.getElementById("mapping-error").innerHTML = errorBox(error); }
  });
}
