// The live journal: newest first, filtered, contract violations highlighted with what
// was expected; a click shows the whole exchange and a curl command to replay it.

import { ApiError, ROOT, control } from "./api.js";
import { $, copyText, el, guard, notify, option, pretty, shortTime } from "./util.js";

const KEEP = 500; // rows kept in the page
const journal = { entries: [], lastId: 0, total: -1, selected: null, operations: new Set(), generation: 0 };

function filters() {
  const status = $("#jf-status").value.trim();
  return {
    vendor: $("#jf-vendor").value,
    tenant: $("#jf-tenant").value.trim(),
    operationId: $("#jf-operation").value.trim(),
    status: /^\d+$/.test(status) ? status : "",
    statusClass: /^[1-5]xx$/i.test(status) ? status[0] : "",
    violationsOnly: $("#jf-violations").checked,
  };
}

function restart() {
  journal.entries = [];
  journal.lastId = 0;
  journal.generation += 1;
  render();
}

/** Fetch the exchanges after the last one seen; return them (oldest first). */
export async function pollJournal(app) {
  const wanted = filters();
  const query = {
    vendor: wanted.vendor,
    tenant: wanted.tenant,
    operationId: wanted.operationId,
    status: wanted.status,
    limit: KEEP,
  };
  if (journal.lastId) query.since = journal.lastId;
  const generation = journal.generation;
  let answer;
  try {
    answer = await control("GET", "requests", { query });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    // A filter the server cannot take (an operationId half typed): say so in place.
    journal.entries = [];
    render();
    $("#journal-empty").textContent = error.message;
    return [];
  }
  $("#journal-empty").textContent = "No requests yet.";
  if (generation !== journal.generation) return []; // the filters changed meanwhile
  // The newest id the server holds is below the last one seen: a new server, start over.
  // (A count that shrinks is no sign: the byte budget drops several small entries for a big one.)
  const newest = (answer.journal.oldestId ?? 1) + answer.journal.entries - 1;
  if (journal.lastId && newest < journal.lastId) {
    restart();
    return pollJournal(app);
  }
  journal.total = answer.journal.entries;
  // Cleared or pushed out of the journal since the last poll: not shown any more.
  const oldest = answer.journal.oldestId ?? 0;
  if (journal.entries.some((entry) => entry.id < oldest)) {
    journal.entries = journal.entries.filter((entry) => entry.id >= oldest);
    render();
  }
  // Two polls of one generation can be in flight at once (the timer's and a filter
  // change's): keep only what is newer than what the page already shows.
  const fresh = answer.requests.filter((entry) => entry.id > journal.lastId);
  renderVendorChoices(app);
  if (!fresh.length) return fresh;
  journal.lastId = fresh[fresh.length - 1].id;
  journal.entries = fresh.slice().reverse().concat(journal.entries).slice(0, KEEP);
  for (const entry of fresh) if (entry.operationId) journal.operations.add(entry.operationId);
  $("#jf-operations").replaceChildren(...[...journal.operations].sort().map((op) => option(op)));
  render();
  return fresh;
}

function renderVendorChoices(app) {
  const select = $("#jf-vendor");
  const vendors = Object.keys(app.health?.vendors || {});
  if (select.options.length === vendors.length + 1) return;
  const current = select.value;
  select.replaceChildren(option("", "any"), ...vendors.map((v) => option(v, v, v === current)));
}

function visible(entry, wanted) {
  if (wanted.violationsOnly && !entry.violations.length) return false;
  if (wanted.statusClass && String(entry.response.status)[0] !== wanted.statusClass) return false;
  return true;
}

function brief(value) {
  const text = JSON.stringify(value);
  return text && text.length > 60 ? text.slice(0, 57) + "…" : text;
}

export function describeViolation(v) {
  let text = `${v.location} ${v.pointer || "/"}: ${v.kind}`;
  if (v.expected !== undefined) text += ` — expected ${brief(v.expected)}`;
  if (v.received !== undefined) text += `, received ${brief(v.received)}`;
  return text;
}

/** "GET /path?page[size]=2": the query as typed, not percent-encoded (the curl command has that). */
function requestLine(entry) {
  const pairs = [];
  for (const [key, values] of Object.entries(entry.request.query || {})) {
    for (const value of [].concat(values)) pairs.push(`${key}=${value}`);
  }
  return `${entry.request.method} ${entry.request.path}${pairs.length ? "?" + pairs.join("&") : ""}`;
}

function render() {
  const wanted = filters();
  const rows = journal.entries.filter((entry) => visible(entry, wanted));
  const violations = journal.entries.filter((entry) => entry.violations.length).length;
  $("#journal-badge").textContent = violations ? `⚠ ${violations}` : "";
  $("#journal-empty").hidden = rows.length > 0;
  $("#journal-rows").replaceChildren(
    ...rows.map((entry) => {
      const status = entry.response.status;
      const classes = [
        entry.violations.length ? "violation" : "",
        status >= 500 || status === 0 ? "server-error" : status >= 400 ? "client-error" : "",
        journal.selected === entry.id ? "selected" : "",
      ];
      return el(
        "tr",
        {
          class: classes.filter(Boolean).join(" "),
          dataset: { testid: "journal-row", id: String(entry.id), violations: String(entry.violations.length) },
          onclick: () => showExchange(entry),
        },
        el("td", { class: "mono" }, String(entry.id)),
        el("td", { class: "mono" }, shortTime(entry.time)),
        el("td", {}, entry.vendor || "—"),
        el("td", { class: "mono tenant", title: entry.tenant || "" }, entry.tenant || "—"),
        el(
          "td",
          { class: "request-cell" },
          el("span", { class: "mono" }, requestLine(entry)),
          ...entry.violations
            .slice(0, 2)
            .map((v) => el("div", { class: "violation-line", dataset: { testid: "violation-line" } }, "⚠ " + describeViolation(v))),
          entry.violations.length > 2 ? el("div", { class: "violation-line" }, `… ${entry.violations.length - 2} more`) : null,
          !entry.operationId && entry.nearMisses?.length
            ? el("div", { class: "hint" }, `unknown route; near: ${entry.nearMisses.slice(0, 2).join(", ")}`)
            : null,
        ),
        el("td", { class: "mono" }, entry.operationId || "—"),
        el("td", { class: "mono status" }, String(status)),
        el("td", { class: "mono" }, String(Math.round(entry.durationMs * 10) / 10)),
      );
    }),
  );
}

function shellQuote(text) {
  return `'${String(text).replace(/'/g, `'\\''`)}'`;
}

const SKIPPED_HEADERS = new Set(["host", "content-length", "connection", "accept-encoding", "user-agent"]);

function placeholder(name, value) {
  if (!String(value).includes("[redacted]")) return value;
  const scheme = String(value).split(" ")[0];
  if (/^bearer$/i.test(scheme)) return `${scheme} <token>`;
  if (/^basic$/i.test(scheme)) return `${scheme} <base64 user:password>`;
  return `<${name.toLowerCase()}>`;
}

/** A curl command for the exchange; secrets the journal redacted become placeholders. */
export function curlCommand(entry) {
  const request = entry.request;
  const url = new URL(request.path.replace(/^\/+/, ""), ROOT);
  for (const [key, values] of Object.entries(request.query || {})) {
    for (const value of [].concat(values)) url.searchParams.append(key, value);
  }
  const lines = [`curl -X ${request.method} ${shellQuote(url.toString())}`];
  for (const [name, value] of Object.entries(request.headers || {})) {
    if (SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    lines.push(`-H ${shellQuote(`${name}: ${placeholder(name, value)}`)}`);
  }
  if (request.body !== null && request.body !== undefined && request.body !== "") {
    const body = typeof request.body === "string" ? request.body : JSON.stringify(request.body);
    lines.push(`--data-raw ${shellQuote(body)}`);
  }
  return lines.join(" \\\n  ");
}

function showExchange(entry) {
  journal.selected = entry.id;
  render();
  $("#exchange-detail").hidden = false;
  $("#exchange-title").textContent = `#${entry.id} ${entry.request.method} ${entry.request.path} → ${entry.response.status}`;
  const box = $("#exchange-violations");
  if (entry.violations.length) {
    box.replaceChildren(
      el("h3", {}, `Contract violations (${entry.violations.length}): the real vendor would refuse this`),
      el(
        "table",
        { class: "grid violations", dataset: { testid: "violations-table" } },
        el("thead", {}, el("tr", {}, ...["where", "pointer", "kind", "message", "expected", "received"].map((h) => el("th", {}, h)))),
        el(
          "tbody",
          {},
          ...entry.violations.map((v) =>
            el(
              "tr",
              {},
              el("td", {}, v.location),
              el("td", { class: "mono" }, v.pointer),
              el("td", {}, v.kind),
              el("td", {}, v.message),
              el("td", { class: "mono expected" }, v.expected === undefined ? "" : pretty(v.expected)),
              el("td", { class: "mono" }, v.received === undefined ? "" : pretty(v.received)),
            ),
          ),
        ),
      ),
    );
  } else {
    box.replaceChildren(
      entry.nearMisses?.length ? el("p", { class: "hint" }, `Nearest operations: ${entry.nearMisses.join(", ")}`) : "",
    );
  }
  $("#curl-command").textContent = curlCommand(entry);
  $("#curl-copied").textContent = "";
  $("#exchange-request").textContent = pretty({
    method: entry.request.method,
    path: entry.request.path,
    query: entry.request.query,
    headers: entry.request.headers,
    body: entry.request.body,
    vendor: entry.vendor,
    tenant: entry.tenant,
    operationId: entry.operationId,
    time: entry.time,
  });
  $("#exchange-response").textContent = pretty({
    status: entry.response.status,
    durationMs: entry.durationMs,
    headers: entry.response.headers,
    body: entry.response.body,
  });
}

export function initJournal(app) {
  let timer = null;
  const changed = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      restart();
      pollJournal(app).catch((error) => notify(error.message, "error"));
    }, 250);
  };
  for (const id of ["#jf-vendor", "#jf-violations"]) $(id).addEventListener("change", changed);
  for (const id of ["#jf-tenant", "#jf-operation", "#jf-status"]) $(id).addEventListener("input", changed);
  $("#journal-filters").addEventListener("submit", (event) => event.preventDefault());
  $("#journal-clear").addEventListener("click", guard(async () => {
    await control("DELETE", "requests");
    journal.total = 0;
    restart();
    $("#exchange-detail").hidden = true;
    notify("Journal emptied.", "ok");
  }));
  $("#curl-copy").addEventListener("click", async () => {
    const done = await copyText($("#curl-command").textContent, $("#curl-command"));
    $("#curl-copied").textContent = done ? "copied" : "selected: press Ctrl+C";
  });
}
