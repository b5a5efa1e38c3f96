// The application shell: a hash router that loads one module per page.
import { errorBox, esc } from "./api.js";

const pages = {
  schema: () => import("./pages/schema.js"),
  mappings: () => import("./pages/mappings.js"),
  databases: () => import("./pages/databases.js"),
  jobs: () => import("./pages/jobs.js"),
  instance: () => import("./pages/instance.js"),
  models: () => import("./pages/models.js"),
};
let stop = null;

async function route() {
  const [name, ...rest] = (location.hash.replace(/^#\/?/, "") || "jobs").split("/");
  const load = pages[name] ?? pages.jobs;
  for (const link of document.querySelectorAll("#nav a")) {
    link.classList.toggle("active", link.getAttribute("href") === `#/${name}`);
  }
  if (stop) { stop(); stop = null; }
  const main = document.getElementById("page");
  try {
    const page = await load();
    stop = await page.render(main, rest) ?? null;
  } catch (error) {
    main.innerHTML = `<h1>Something went wrong</h1>${errorBox(error)}`;
  }
  document.getElementById("session").textContent = document.cookie.includes("mmcat_session") ? "session active" : "";
}

window.addEventListener("hashchange", route);
route();
export { esc };
