// The application shell: a hash router that loads one module per page.
import { api, errorBox, esc, notFound } from "./api.js";

const pages = {
  schema: () => import("./pages/schema.js"),
  mappings: () => import("./pages/mappings.js"),
  databases: () => import("./pages/databases.js"),
  jobs: () => import("./pages/jobs.js"),
  instance: () => import("./pages/instance.js"),
  models: () => import("./pages/models.js"),
  query: () => import("./pages/query.js"),
  migrate: () => import("./pages/migrate.js"),
};
let stop = null;

async function route() {
  const [name, ...rest] = (location.hash.replace(/^#\/?/, "") || "jobs").split("/");
  const load = pages[name];
  for (const link of document.querySelectorAll("#nav a")) {
    link.classList.toggle("active", link.getAttribute("href") === `#/${name}`);
  }
  if (stop) { stop(); stop = null; }
  const main = document.getElementById("page");
  if (!load) {
    notFound(main, `page "#/${name}"`, { href: "#/jobs", text: "Go to the jobs" });
    showSession();
    return;
  }
  try {
    const page = await load();
    stop = await page.render(main, rest) ?? null;
  } catch (error) {
    if (error.status === 401) askForToken(main);
    else main.innerHTML = `<h1>Something went wrong</h1>${errorBox(error)}`;
  }
  showSession();
}

// A server started without --demo needs a token (made with `mmcat token create`); it is kept in
// this browser's local storage and sent with every API call.
function askForToken(main) {
  main.innerHTML = `<h1>This server needs a token</h1>
    <p class="muted">Ask whoever runs it for an API token (they make one with <code>mmcat token create</code>).</p>
    <div id="token-error"></div>
    <form class="panel inline" id="token-form"><label>API token <input name="token" type="password" autocomplete="off" required></label>
      <button class="primary" type="submit">Use this token</button></form>`;
  document.getElementById("token-form").onsubmit = async event => {
    event.preventDefault();
    localStorage.setItem("mmcat-token", new FormData(event.target).get("token").trim());
    try {
      await api("GET", "/schemas");
      route();
    } catch (error) {
      localStorage.removeItem("mmcat-token");
      document.getElementById("token-error").innerHTML = errorBox(error.status === 401 ? new Error("The server does not know this token.") : error);
    }
  };
}

// The header names this browser's session by its tag (the cookie holding its id is HttpOnly,
// out of the page's reach) and says until when its instance category is kept.
async function showSession() {
  const session = document.getElementById("session");
  const token = localStorage.getItem("mmcat-token");
  let text = "";
  try {
    const current = await api("GET", "/session");
    text = `Session <code id="session-tag">${esc(current.tag)}</code>${current.name ? ` <strong id="session-name">${esc(current.name)}</strong>` : ""}${current.expiresAt
      ? ` <span class="muted">${current.rows} rows, kept until ${esc(new Date(current.expiresAt).toLocaleTimeString())}</span>` : ` <span class="muted">no data yet</span>`}`;
  } catch { text = ""; }
  session.innerHTML = `${text}${token ? ` <button type="button" id="forget-token">Forget token</button>` : ""}`;
  document.getElementById("forget-token")?.addEventListener("click", () => { localStorage.removeItem("mmcat-token"); route(); });
}

window.addEventListener("hashchange", route);
route();
export { esc };
