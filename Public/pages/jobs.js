// Jobs: the list with live status, create, start, restart, cancel, delete, and each job's log.
import { api, errorBox, esc } from "../api.js";

export async function render(main) {
  let open = null;
  main.innerHTML = `
    <h1>Jobs</h1>
    <div id="job-error"></div>
    <form class="panel inline" id="new-job">
      <label>Name <input name="name" required placeholder="Import orders"></label>
      <label>Type <select name="type"><option value="ModelToCategory">Model to Category (import)</option>
        <option value="CategoryToModel">Category to Model (export)</option></select></label>
      <label>Mapping <select name="mapping" id="job-mapping"></select></label>
      <button class="primary" type="submit">Create job</button>
    </form>
    <div id="jobs"><p class="muted">Loading jobs…</p></div>`;
  const [mappings, databases] = await Promise.all([api("GET", "/mappings"), api("GET", "/databases")]);
  const names = Object.fromEntries(mappings.map(m => [m.id, m.name ?? m.kindName]));
  // One mapping, or every mapping of a database at once (a whole-database job: one import of all
  // its kinds, or one model with the foreign keys between its tables).
  const wholes = databases.map(db => ({ db, ids: mappings.filter(m => m.database === db.id).map(m => m.id) }))
    .filter(whole => whole.ids.length > 1);
  document.getElementById("job-mapping").innerHTML =
    mappings.map(m => `<option value="${m.id}">${esc(m.name ?? m.kindName)}</option>`).join("")
    + (wholes.length ? `<optgroup label="Whole databases">${wholes.map(({ db, ids }) =>
      `<option value="${ids.join(",")}">Every mapping of ${esc(db.label)} (${ids.length})</option>`).join("")}</optgroup>` : "");
  const show = error => { document.getElementById("job-error").innerHTML = error ? errorBox(error) : ""; };

  let shown = "";
  async function refresh() {
    const jobs = await api("GET", "/jobs");
    const list = document.getElementById("jobs");
    if (!list) return;
    // Re-render only what changed, so that focus and the open log survive the polling.
    const state = JSON.stringify([jobs, open]);
    if (state === shown) return;
    shown = state;
    if (jobs.length === 0) {
      list.innerHTML = `<div class="panel empty">No jobs yet: create one above.</div>`;
      return;
    }
    list.innerHTML = `<table><thead><tr><th>Job</th><th>Status</th><th>Records</th><th>Mapping</th><th>Ended</th><th></th></tr></thead><tbody>
      ${jobs.map(job => row(job, names, open === job.id)).join("")}</tbody></table>`;
  }

  document.getElementById("jobs").addEventListener("click", async event => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const { action, id } = button.dataset;
    show(null);
    try {
      if (action === "log") { open = open === Number(id) ? null : Number(id); }
      else if (action === "join") {
        // Join the session the job ran in, and look at what it holds.
        await api("POST", "/session/join", { job: Number(id) });
        location.hash = "#/instance";
        return;
      }
      else if (action === "delete") {
        if (!confirm("Delete this job and its model?")) return;
        await api("DELETE", `/jobs/${id}`);
      } else { await api("POST", `/jobs/${id}/${action}`); }
      await refresh();
    } catch (error) { show(error); }
  });
  document.getElementById("new-job").addEventListener("submit", async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    show(null);
    try {
      const ids = String(form.get("mapping")).split(",").map(Number);
      await api("POST", "/jobs", { name: form.get("name"), type: form.get("type"), mappings: ids });
      event.target.reset();
      await refresh();
    } catch (error) { show(error); }
  });
  await refresh();
  const timer = setInterval(() => refresh().catch(show), 1000);
  return () => clearInterval(timer);
}

// A determinate bar when the import knows how many records its source holds, else a sliding one;
// with the records read so far either way.
function progressBar(progress) {
  if (progress && progress.total) {
    const percent = Math.min(100, Math.round(100 * progress.done / progress.total));
    return `<div class="progress determinate" role="progressbar" aria-valuemin="0" aria-valuemax="${progress.total}" aria-valuenow="${progress.done}"
      title="${progress.done} of ${progress.total} records"><div style="width:${percent}%"></div></div>
      <div class="muted">${progress.done} of ${progress.total} records</div>`;
  }
  return `<div class="progress" role="progressbar" title="running"><div></div></div>${progress ? `<div class="muted">${progress.done} records</div>` : ""}`;
}

function row(job, names, open) {
  const running = job.status === "Running";
  const queued = job.status === "Queued";
  const r = job.records;
  // A Canceled job either failed (outcome "error") or was stopped (by a user, or by the server
  // stopping): the badge says which at a glance; the status stays MM-cat's.
  const failed = job.status === "Canceled" && job.outcome === "error";
  const badge = failed ? `<span class="badge Failed" title="status Canceled: the job failed">Failed</span>`
    : `<span class="badge ${job.status}">${job.status}${queued ? ` #${job.queuePosition}` : ""}</span>`;
  const status = badge + (running ? progressBar(job.progress) : "")
    + (job.status === "Canceled" ? `<div class="muted">${esc(failed ? "error: " : "")}${esc(job.reason)}</div>` : "")
    // Whose instance category holds what the job imported: this page's session, or another one.
    + (job.session ? `<div class="muted session-of-job">${job.session.current ? "in this session"
      : `in session ${esc(job.session.tag)}${job.session.name ? ` (${esc(job.session.name)})` : ""}, not this one
        <button data-action="join" data-id="${job.id}" title="Switch this browser to that session">Look at it</button>`}</div>` : "");
  const actions = [
    job.status === "Ready" ? `<button data-action="start" data-id="${job.id}" class="primary">Start</button>` : "",
    ["Finished", "Canceled"].includes(job.status) ? `<button data-action="restart" data-id="${job.id}">Restart</button>` : "",
    running || queued ? `<button data-action="cancel" data-id="${job.id}">Cancel</button>` : "",
    `<button data-action="log" data-id="${job.id}">${open ? "Hide log" : "Log"}</button>`,
    `<button data-action="delete" data-id="${job.id}" ${running ? "disabled title=\"cancel it first\"" : ""}>Delete</button>`,
  ].join("");
  const detail = open ? `<tr><td colspan="6"><div class="log">${esc(job.log || "No runs yet.")}</div></td></tr>` : "";
  return `<tr data-job="${job.id}"><td><strong>${esc(job.name)}</strong><div class="muted">${job.type === "ModelToCategory" ? "Model to Category" : "Category to Model"}</div></td>
    <td>${status}</td><td>${r.read ?? "–"} read, ${r.written ?? "–"} written, ${r.rejected ?? "–"} rejected</td>
    <td>${job.mappings.map(id => esc(names[id] ?? id)).join("<br>")}</td><td>${job.endedAt ? esc(new Date(job.endedAt).toLocaleTimeString()) : "–"}</td>
    <td><div class="actions">${actions}</div></td></tr>${detail}`;
}
