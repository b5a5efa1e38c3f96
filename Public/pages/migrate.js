// Migrate: a whole database into another one, as `mmcat migrate` does, in three steps. Plan:
// the source's catalog (or a sample of its documents) becomes a new schema category with a
// mapping per table or kind, and the target gets the mappings its family suggests (the same
// tables, documents rooted at chosen tables, or a graph's nodes and relationships), each of
// which can be opened in the mapping editor. Migrate: one import job of every source kind, one
// export job of every target kind, then the export's model executed on the target; each kind's
// progress is shown while the jobs run, and its counts when they end.
import { api, errorBox, esc, families } from "../api.js";

// Per kind of `kinds`, its counts from a whole-database job's log: the import's
// "KIND: imported N of M records (K rejected)" and the export's "KIND: N records" lines.
function logCounts(log, kinds) {
  const counts = {};
  const lines = (log ?? "").split("\n").map(line => line.slice(line.indexOf(" ") + 1));
  for (const kind of kinds) {
    for (const line of lines.filter(l => l.startsWith(`${kind}: `)).map(l => l.slice(kind.length + 2))) {
      const imported = /^imported (\d+) of (\d+) records \((\d+) rejected\)$/.exec(line);
      if (imported) counts[kind] = { imported: Number(imported[1]), read: Number(imported[2]), rejected: Number(imported[3]) };
      const written = /^(\d+) records$/.exec(line);
      if (written) counts[kind] = { written: Number(written[1]) };
    }
  }
  return counts;
}

export async function render(main) {
  const [databases, familyList] = await Promise.all([api("GET", "/databases"), families()]);
  const family = Object.fromEntries(familyList.map(f => [f.name, f]));
  const sources = databases.filter(d => family[d.type]?.readsKinds);
  const targets = databases.filter(d => family[d.type]?.executesModels);
  main.innerHTML = `<h1>Migrate a database</h1>
    <p class="muted">Every table or kind of one database into another, through a schema category inferred from the source:
      plan it, look at (and edit) the mappings, then migrate. The command line does the same with <code>mmcat migrate</code>.</p>
    ${sources.length === 0 || targets.length === 0 ? `<div class="panel empty">Add a source database and a target database first
      (<a href="#/databases">Databases</a>).</div>` : `<form class="panel inline" id="migrate-form">
      <label>From <select name="source" id="migrate-source">${sources.map(d => `<option value="${d.id}">${esc(d.label)}</option>`).join("")}</select></label>
      <label>To <select name="target" id="migrate-target">${targets.map(d => `<option value="${d.id}">${esc(d.label)}</option>`).join("")}</select></label>
      <label id="migrate-roots-label">Documents rooted at <input name="roots" placeholder="all tables as they are"></label>
      <button class="primary" type="submit" id="migrate-plan">Plan</button></form>`}
    <div id="migrate-error"></div><div id="migrate-plan-view"></div><div id="migrate-progress"></div>`;
  const form = document.getElementById("migrate-form");
  if (!form) return;
  const targetSelect = document.getElementById("migrate-target");
  const showRoots = () => {
    const target = databases.find(d => d.id === Number(targetSelect.value));
    document.getElementById("migrate-roots-label").style.display = family[target.type].flat ? "none" : "";
  };
  targetSelect.addEventListener("change", showRoots);
  showRoots();
  let timer = null;
  form.onsubmit = async event => {
    event.preventDefault();
    const data = new FormData(form);
    const source = databases.find(d => d.id === Number(data.get("source")));
    const target = databases.find(d => d.id === Number(data.get("target")));
    const errorArea = document.getElementById("migrate-error");
    errorArea.innerHTML = "";
    if (source.id === target.id) { errorArea.innerHTML = errorBox(new Error("Choose a target other than the source.")); return; }
    const roots = family[target.type].flat ? [] : String(data.get("roots") ?? "").split(",").map(r => r.trim()).filter(Boolean);
    try {
      const made = await api("POST", `/databases/${source.id}/infer`, {
        name: `${source.label} to ${target.label}`, suggest: { database: target.id, roots } });
      const mappings = await api("GET", `/mappings?schema=${made.schema}`);
      const byId = Object.fromEntries(mappings.map(m => [m.id, m]));
      const list = ids => ids.map(id => `<li><a href="#/mappings/${id}">${esc(byId[id].kindName)}</a></li>`).join("");
      document.getElementById("migrate-plan-view").innerHTML = `<div class="panel" id="migrate-planned">
        <p>Schema category <a href="#/schema/${made.schema}">${esc(source.label)} to ${esc(target.label)}</a>
          ${made.notes.length ? `<br><span class="muted">${made.notes.map(esc).join("<br>")}</span>` : ""}</p>
        <div class="inline columns"><div><strong>Read from ${esc(source.label)}</strong><ul id="migrate-sources">${list(made.mappings)}</ul></div>
          <div><strong>Written to ${esc(target.label)}</strong><ul id="migrate-targets">${list(made.suggested)}</ul></div></div>
        <p class="muted">A mapping opens in the editor; change it there before migrating if you like.</p>
        <button class="primary" type="button" id="migrate-run">Migrate</button></div>`;
      document.getElementById("migrate-run").onclick = () => run(made, source, target, byId);
    } catch (error) { errorArea.innerHTML = errorBox(error); }
  };

  async function run(made, source, target, byId) {
    document.getElementById("migrate-run").disabled = true;
    const errorArea = document.getElementById("migrate-error");
    try {
      const importJob = await api("POST", "/jobs", { name: `Import ${source.label} (whole)`, type: "ModelToCategory", mappings: made.mappings });
      const exportJob = await api("POST", "/jobs", { name: `Export to ${target.label} (whole)`, type: "CategoryToModel", mappings: made.suggested });
      await api("POST", `/jobs/${importJob.id}/start`);
      await api("POST", `/jobs/${exportJob.id}/start`);
      const kinds = ids => ids.map(id => byId[id].kindName);
      let executed = null;
      const poll = async () => {
        const [imported, exported] = await Promise.all([api("GET", `/jobs/${importJob.id}`), api("GET", `/jobs/${exportJob.id}`)]);
        if (exported.status === "Finished" && executed === null) {
          executed = "running";
          try { executed = await api("POST", `/jobs/${exportJob.id}/model/execute`); } catch (error) { executed = { error }; }
        }
        show(imported, exported, kinds(made.mappings), kinds(made.suggested), executed, made.schema);
        const over = s => s === "Finished" || s === "Canceled";
        const done = (over(imported.status) && over(exported.status) && executed !== "running" && (executed !== null || exported.status === "Canceled"));
        if (!done) timer = setTimeout(poll, 500);
      };
      poll();
    } catch (error) { errorArea.innerHTML = errorBox(error); }
  }

  function show(imported, exported, sourceKinds, targetKinds, executed, schemaId) {
    const readNow = Object.fromEntries((imported.progress?.kinds ?? []).map(k => [k.kind, k]));
    const importCounts = logCounts(imported.log, sourceKinds);
    const exportCounts = logCounts(exported.log, targetKinds);
    const single = (job, kinds) => kinds.length === 1 && job.status === "Finished" ? { [kinds[0]]: { imported: job.records.written, read: job.records.read, rejected: job.records.rejected, written: job.records.written } } : {};
    Object.assign(importCounts, single(imported, sourceKinds));
    Object.assign(exportCounts, single(exported, targetKinds));
    const cell = value => value === undefined ? `<span class="muted">–</span>` : esc(value);
    const failed = [imported, exported].filter(j => j.status === "Canceled");
    document.getElementById("migrate-progress").innerHTML = `<div class="panel" id="migrate-status">
      <p><strong>Import</strong> ${esc(imported.status)} · <strong>Export</strong> ${esc(exported.status)}
        ${executed && executed.written !== undefined ? ` · <strong id="migrate-written">${executed.written} records written to the target</strong>` : ""}</p>
      ${failed.map(j => errorBox(new Error(`${j.name}: ${j.reason ?? "canceled"}`))).join("")}
      ${executed?.error ? errorBox(executed.error) : ""}
      <table id="migrate-kinds"><thead><tr><th>Kind read</th><th>Read</th><th>Imported</th><th>Rejected</th></tr></thead><tbody>
      ${sourceKinds.map(kind => {
        const counts = importCounts[kind], now = readNow[kind];
        const read = counts?.read ?? (now ? `${now.done}${now.total !== null ? ` of ${now.total}` : ""}` : undefined);
        return `<tr><td>${esc(kind)}</td><td>${cell(read)}</td><td>${cell(counts?.imported)}</td><td>${cell(counts?.rejected)}</td></tr>`;
      }).join("")}</tbody></table>
      <table id="migrate-written-kinds"><thead><tr><th>Kind written</th><th>Records</th></tr></thead><tbody>
      ${targetKinds.map(kind => `<tr><td>${esc(kind)}</td><td>${cell(exportCounts[kind]?.written)}</td></tr>`).join("")}</tbody></table>
      ${exported.status === "Finished" ? `<p><a href="#/models/${exported.id}">The model</a> · <a href="#/instance/${schemaId}">What the import read</a></p>` : ""}</div>`;
  }
  return () => { if (timer) clearTimeout(timer); };
}
