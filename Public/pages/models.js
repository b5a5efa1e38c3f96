// Models: the scripts of Category to Model jobs, highlighted, with copy, download and execute.
import { api, errorBox, esc, notFound } from "../api.js";

const keywords = /\b(CREATE|TABLE|INSERT|INTO|VALUES|BEGIN|COMMIT|PRIMARY|KEY|NOT|NULL|INDEX|FOR|ON|UNWIND|AS|SET|TRUE|FALSE|ARRAY|BIGINT|INTEGER|NUMERIC|TEXT|BOOLEAN|db|insertMany|createCollection|createIndex|getCollection)\b/g;

// Highlights keywords, strings, numbers and comments; the text is escaped first.
export function highlight(text) {
  return text.split("\n").map(line => {
    if (/^\s*(--|\/\/)/.test(line)) return `<span class="com">${esc(line)}</span>`;
    const parts = line.split(/('(?:[^']|'')*'|"(?:[^"\\]|\\.)*")/);
    return parts.map((part, index) => index % 2 === 1 ? `<span class="str">${esc(part)}</span>`
      : esc(part).replace(keywords, '<span class="kw">$1</span>').replace(/\b(-?\d+(?:\.\d+)?)\b/g, '<span class="num">$1</span>')).join("");
  }).join("\n");
}

export async function render(main, [jobArg]) {
  const [models, jobs] = await Promise.all([api("GET", "/models"), api("GET", "/jobs")]);
  const names = Object.fromEntries(jobs.map(j => [j.id, j.name]));
  main.innerHTML = `<h1>Models</h1>${models.length === 0 ? `<div class="panel empty">No models yet: run a Category to Model job.</div>` :
    `<div class="panel"><table><thead><tr><th>Job</th><th>Target</th><th>Made</th><th>SHA-256</th></tr></thead><tbody>
      ${models.map(m => `<tr><td><a href="#/models/${m.job}">${esc(names[m.job] ?? m.job)}</a></td><td>${esc(m.target)}</td>
        <td>${esc(new Date(m.createdAt).toLocaleString())}</td><td><code title="${esc(m.sha256)}">${esc(m.sha256.slice(0, 12))}</code></td></tr>`).join("")}</tbody></table></div>`}<div id="model"></div>`;
  if (jobArg !== undefined && !models.some(m => String(m.job) === jobArg)) {
    return notFound(main, `model of job ${jobArg}`, { href: "#/models", text: "All models" });
  }
  const job = jobArg ?? models[0]?.job;
  if (job !== undefined) await show(Number(job), names);
}

async function show(job, names) {
  const box = document.getElementById("model");
  try {
    const model = await api("GET", `/jobs/${job}/model`);
    box.innerHTML = `<h2>${esc(names[job] ?? job)} <span class="muted">(${esc(model.target)})</span></h2>
      <p class="muted">SHA-256 <code id="model-digest">${esc(model.sha256)}</code>: a re-run with the same instance gives the same digest.</p>
      <div class="actions"><button id="copy">Copy</button><a class="button" href="/api/v1/jobs/${job}/model/download">Download .${esc(model.extension)}</a>
      <button id="execute" class="primary">Execute on database</button><span id="copied" class="muted" role="status"></span></div><div id="result"></div>
      <pre class="code" id="model-text">${highlight(model.text)}</pre>`;
    document.getElementById("copy").onclick = async () => {
      const said = document.getElementById("copied");
      said.textContent = await copy(model.text) ? "Copied." : "Copying is not allowed here: select the text instead.";
    };
    document.getElementById("execute").onclick = async () => {
      const result = document.getElementById("result");
      try {
        const answer = await api("POST", `/jobs/${job}/model/execute`);
        const parts = Object.entries(answer.parts ?? {}).map(([part, count]) => `${count} ${esc(part)}`).join(" and ");
        result.innerHTML = `<p class="panel">Executed: ${answer.written} rows written${parts ? ` (${parts})` : ""}.</p>`;
      } catch (error) { result.innerHTML = errorBox(error); }
    };
  } catch (error) { box.innerHTML = errorBox(error); }
}

// Copies text: through the clipboard API where the page may use it (HTTPS or localhost), else by
// selecting it in a hidden text area. Returns whether it worked.
async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = Object.assign(document.createElement("textarea"), { value: text });
    area.style.position = "fixed"; area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied;
  }
}
