// The REST API, with errors turned into exceptions that carry the server's message.
export class APIError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.field = body?.error?.field ?? null;
  }
}

export async function api(method, path, body) {
  const token = localStorage.getItem("mmcat-token");
  const headers = { "Accept": "application/json" };
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`/api/v1${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin",
  });
  const text = await response.text();
  const json = text && response.headers.get("Content-Type")?.includes("json") ? JSON.parse(text) : text;
  if (!response.ok) throw new APIError(response.status, json);
  return json;
}

// Escapes text for HTML.
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// An error as a box; the field it names is added only when the message does not already say it.
export function errorBox(error) {
  const field = error.field && !String(error.message).includes(error.field) ? error.field : null;
  return `<div class="error" role="alert">${esc(error.message)}${field ? ` <span class="muted">(${esc(field)})</span>` : ""}</div>`;
}

// The database families of the server (their settings, whether their kinds are flat, their
// models' targets), read once per page load: the server is the one place that lists them.
let familyList;
export function families() {
  familyList ??= api("GET", "/families");
  return familyList;
}

// The page for an address that names nothing (`#/nonsense`, `#/mappings/999`): says so and
// offers a way on, rather than showing another page as if it had been asked for.
export function notFound(main, what, back) {
  main.innerHTML = `<h1>Not found</h1><div class="panel empty" id="not-found">There is no ${esc(what)}.
    <a href="${esc(back.href)}">${esc(back.text)}</a></div>`;
}
