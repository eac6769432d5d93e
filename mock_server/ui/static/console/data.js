// Vendors and tenants with their counts; a tenant's collections and records (paged,
// searchable); a record's JSON, edited or deleted through the vendor's own API.

import { control, parseHeaders, vendorCall } from "./api.js";
import { $, el, guard, notify, pretty } from "./util.js";
import { collectionLabel, recordSummary, recordUpdated, vendorInfo } from "./vendors.js";

const view = { page: 0, search: "", selectedId: null, editing: false };

function authKey(vendor) {
  return `crm-mock.auth.${vendor}`;
}

function authHeadersText(vendor) {
  return window.localStorage.getItem(authKey(vendor)) ?? vendorInfo(vendor).auth;
}

function mountOf(app, vendor) {
  const mounts = app.health?.vendors?.[vendor]?.mounts || [];
  return mounts.find((m) => m !== "/") || mounts[0] || `/${vendor}`;
}

function countRecords(tenantState) {
  return Object.values(tenantState || {}).reduce((sum, records) => sum + records.length, 0);
}

export function renderVendorCards(app) {
  const box = $("#vendor-cards");
  const vendors = app.health?.vendors || {};
  const cards = Object.entries(vendors).map(([name, info]) => {
    const selected = name === app.vendor;
    const tenantsHere = selected ? Object.keys(app.snapshot) : null;
    const records = selected ? tenantsHere.reduce((s, t) => s + countRecords(app.snapshot[t]), 0) : null;
    return el(
      "button",
      {
        type: "button",
        class: `vendor-card${selected ? " selected" : ""}`,
        dataset: { testid: `vendor-card-${name}`, vendor: name },
        "aria-pressed": String(selected),
        onclick: () => selectVendor(app, name),
      },
      el("span", { class: "vendor-name" }, vendorInfo(name).title || name),
      el("span", { class: "vendor-mount mono" }, info.mounts.join(" ")),
      el(
        "span",
        { class: "vendor-counts" },
        el(
          "span",
          { dataset: { testid: `tenants-${name}` } },
          el("b", {}, String(info.tenants)),
          info.tenants === 1 ? " tenant" : " tenants",
        ),
        el("span", {}, el("b", {}, String(info.operations)), " operations"),
        el("span", {}, el("b", {}, String(info.fixtureRecords)), " fixture records"),
        records !== null ? el("span", { title: "Everything stored in its tenants" }, el("b", {}, String(records)), " items stored") : null,
      ),
    );
  });
  box.replaceChildren(...cards);
  renderDocLinks(Object.keys(vendors));
}

// One link per vendor's API reference (/__mock__/docs/<vendor>), beside the title.
function renderDocLinks(names) {
  const nav = $("#doc-links");
  if (!nav || nav.dataset.vendors === names.join(",")) return;
  nav.dataset.vendors = names.join(",");
  const links = [...names, "control"].map((name) =>
    el("a", { href: `../docs/${name}`, dataset: { testid: `docs-${name}` } }, name),
  );
  nav.replaceChildren(el("a", { href: "../docs/" }, "API reference:"), ...links);
}

function selectVendor(app, vendor) {
  if (app.vendor !== vendor) {
    app.vendor = vendor;
    app.tenant = null;
    app.collection = null;
    view.selectedId = null;
    view.page = 0;
  }
  document.querySelector('[data-tab="data"]').click();
  guard(refreshData)(app);
}

/** The selected vendor, HighLevel (or the first served) until one is chosen. */
export function pickVendor(app) {
  const vendors = Object.keys(app.health?.vendors || {});
  if (!app.vendor || !vendors.includes(app.vendor)) app.vendor = vendors.includes("highlevel") ? "highlevel" : vendors[0];
  return app.vendor;
}

/** Load the selected vendor's snapshot and redraw the Data tab. */
export async function refreshData(app) {
  if (!pickVendor(app)) return;
  const vendor = app.vendor;
  const snapshot = await control("GET", "state", { query: { vendor } });
  if (vendor !== app.vendor) return; // switched meanwhile
  app.snapshot = snapshot.vendors?.[vendor] || {};
  app.dataLoadedAt = Date.now();
  renderVendorCards(app);
  renderData(app);
}

function renderData(app) {
  const vendor = app.vendor;
  const info = vendorInfo(vendor);
  $("#tenants-vendor").textContent = `of ${info.title || vendor}`;
  const tenants = Object.keys(app.snapshot).sort();
  if (!tenants.includes(app.tenant)) {
    app.tenant = tenants[0] || null;
    app.collection = null;
  }
  $("#tenant-list").replaceChildren(
    ...(tenants.length
      ? tenants.map((label) =>
          el(
            "li",
            {},
            el(
              "button",
              {
                type: "button",
                class: label === app.tenant ? "selected" : "",
                dataset: { testid: `tenant-${label}`, tenant: label },
                onclick: () => {
                  app.tenant = label;
                  app.collection = null;
                  view.page = 0;
                  view.selectedId = null;
                  renderData(app);
                },
              },
              el("span", { class: "mono" }, label),
              el("span", { class: "count" }, String(countRecords(app.snapshot[label]))),
            ),
          ),
        )
      : [el("li", { class: "hint" }, "No tenant yet: one appears with the first request a credential makes.")]),
  );
  renderCollections(app);
  renderAuth(app);
}

function renderCollections(app) {
  const state = app.snapshot[app.tenant] || {};
  const names = Object.keys(state).sort();
  const info = vendorInfo(app.vendor);
  if (!names.includes(app.collection)) {
    app.collection =
      names.find((n) => info.collection(n).editable && state[n].length && /record|crm:|^[A-Z]/.test(n)) ||
      names.find((n) => state[n].length) ||
      names[0] ||
      null;
    view.page = 0;
  }
  $("#collection-list").replaceChildren(
    ...names.map((name) =>
      el(
        "li",
        {},
        el(
          "button",
          {
            type: "button",
            class: name === app.collection ? "selected" : "",
            dataset: { testid: `collection-${name}`, collection: name },
            title: `${name}\n${info.collection(name).note}`,
            onclick: () => {
              app.collection = name;
              view.page = 0;
              view.selectedId = null;
              renderCollections(app);
            },
          },
          el("span", {}, collectionLabel(app.vendor, name, state)),
          info.collection(name).editable ? el("span", { class: "tag" }, "editable") : null,
          el("span", { class: "count" }, String(state[name].length)),
        ),
      ),
    ),
  );
  renderRecords(app);
}

function currentRecords(app) {
  const records = (app.snapshot[app.tenant] || {})[app.collection] || [];
  const query = view.search.trim().toLowerCase();
  if (!query) return records;
  return records.filter((record) => JSON.stringify(record).toLowerCase().includes(query));
}

function renderRecords(app) {
  const pageSize = Number($("#page-size").value);
  const records = currentRecords(app);
  const pages = Math.max(1, Math.ceil(records.length / pageSize));
  view.page = Math.min(view.page, pages - 1);
  const shown = records.slice(view.page * pageSize, (view.page + 1) * pageSize);
  const label = app.collection ? collectionLabel(app.vendor, app.collection, app.snapshot[app.tenant] || {}) : "";
  $("#records-title").textContent = app.collection ? `Records: ${label}` : "Records";
  $("#records-rows").replaceChildren(
    ...shown.map((record, index) =>
      el(
        "tr",
        {
          class: record.id === view.selectedId && view.selectedId !== undefined ? "selected" : "",
          dataset: { testid: "record-row", id: String(record.id ?? "") },
          onclick: () => {
            view.selectedId = record.id;
            view.editing = false;
            $("#edit-result").hidden = true;
            renderRecords(app);
          },
        },
        el("td", { class: "mono" }, String(record.id ?? `#${view.page * pageSize + index + 1}`)),
        el("td", {}, recordSummary(record)),
        el("td", { class: "mono" }, recordUpdated(record)),
      ),
    ),
  );
  if (!shown.length) {
    $("#records-rows").append(
      el("tr", {}, el("td", { colspan: "3", class: "hint" }, view.search ? "No record matches." : "No records.")),
    );
  }
  $("#page-info").textContent =
    `page ${view.page + 1} of ${pages} · ${records.length} record${records.length === 1 ? "" : "s"}` +
    (view.search ? " found" : "");
  $("#page-prev").disabled = view.page === 0;
  $("#page-next").disabled = view.page >= pages - 1;
  renderRecord(app);
}

function selectedRecord(app) {
  const records = (app.snapshot[app.tenant] || {})[app.collection] || [];
  return view.selectedId === null ? null : records.find((r) => r.id === view.selectedId) || null;
}

function renderRecord(app) {
  const record = selectedRecord(app);
  const info = app.collection ? vendorInfo(app.vendor).collection(app.collection) : null;
  $("#record-note").textContent = info ? info.note : "";
  $("#record-json").textContent = record
    ? pretty(record)
    : view.selectedId !== null
      ? `Record ${view.selectedId} is no longer in this tenant.`
      : "Pick a record.";
  $("#record-edit").disabled = !record || !info?.editable;
  $("#record-delete").disabled = !record || !info?.deletable;
  $("#record-edit").title = info && !info.editable ? info.note : "";
  $("#record-delete").title = info && !info.deletable ? info.note : "";
  if (!record) {
    $("#edit-box").hidden = true;
    $("#record-delete-confirm").hidden = true;
  }
}

function renderAuth(app) {
  $("#auth-vendor").textContent = vendorInfo(app.vendor).title || app.vendor;
  $("#auth-note").textContent = vendorInfo(app.vendor).authNote;
  const box = $("#auth-headers");
  if (box.dataset.vendor !== app.vendor) {
    box.value = authHeadersText(app.vendor);
    box.dataset.vendor = app.vendor;
  }
}

/** Send a request built by vendors.js, then show its answer and the tenant it hit. */
async function send(app, request, what) {
  const vendor = app.vendor;
  const shownTenant = app.tenant;
  const mount = mountOf(app, vendor);
  const headers = { ...parseHeaders($("#auth-headers").value), ...(request.headers || {}) };
  const box = $("#edit-result");
  box.hidden = false;
  box.className = "edit-result";
  box.textContent = `${what}…`;
  let answer;
  try {
    answer = await vendorCall(mount, { ...request, headers });
  } catch (error) {
    box.className = "edit-result error";
    box.textContent = `${what} failed: ${error.message}`;
    return;
  }
  const path = new URL(answer.url).pathname;
  let entry = null;
  try {
    const found = await control("GET", "requests", { query: { vendor, method: request.method, path, limit: 1 } });
    entry = found.requests[found.requests.length - 1] || null;
  } catch {
    entry = null;
  }
  const ok = answer.status < 400;
  box.className = `edit-result ${ok ? "ok" : "error"}`;
  box.dataset.status = String(answer.status);
  const tenant = entry?.tenant || "";
  box.dataset.tenant = tenant;
  box.replaceChildren(
    el("div", {}, el("b", {}, `${request.method} ${path}`), ` → ${answer.status}`),
    entry
      ? el(
          "div",
          { class: tenant === shownTenant ? "" : "warning", dataset: { testid: "edit-tenant" } },
          `Journal #${entry.id}: tenant `,
          el("span", { class: "mono" }, tenant || "none"),
          tenant === shownTenant
            ? " (the tenant shown)"
            : ` — not the tenant shown (${shownTenant || "none"}): this credential belongs to another tenant.`,
        )
      : null,
    el("pre", { class: "json small" }, pretty(answer.body) || "(no body)"),
  );
  notify(`${what}: ${answer.status}`, ok ? "ok" : "error");
  if (ok) {
    $("#edit-box").hidden = true;
  }
  await refreshData(app);
}

export function initData(app) {
  $("#record-search").addEventListener("input", (event) => {
    view.search = event.target.value;
    view.page = 0;
    renderRecords(app);
  });
  $("#page-size").addEventListener("change", () => {
    view.page = 0;
    renderRecords(app);
  });
  $("#page-prev").addEventListener("click", () => {
    view.page = Math.max(0, view.page - 1);
    renderRecords(app);
  });
  $("#page-next").addEventListener("click", () => {
    view.page += 1;
    renderRecords(app);
  });
  $("#auth-headers").addEventListener("input", (event) => {
    window.localStorage.setItem(authKey(app.vendor), event.target.value);
  });
  $("#record-edit").addEventListener("click", () => {
    const record = selectedRecord(app);
    const info = vendorInfo(app.vendor).collection(app.collection);
    if (!record || !info.editable) return;
    const request = info.update(record, null);
    const query = new URLSearchParams(request.query || {}).toString();
    $("#edit-request").textContent = `${request.method} ${mountOf(app, app.vendor)}/${request.path}${query ? "?" + query : ""}`;
    $("#edit-body").value = pretty(info.template(record));
    $("#edit-box").hidden = false;
    $("#edit-body").focus();
  });
  $("#edit-cancel").addEventListener("click", () => {
    $("#edit-box").hidden = true;
  });
  $("#edit-send").addEventListener("click", guard(async () => {
    const record = selectedRecord(app);
    const info = vendorInfo(app.vendor).collection(app.collection);
    if (!record || !info.editable) return;
    let body;
    try {
      body = JSON.parse($("#edit-body").value);
    } catch (error) {
      notify(`The body is not JSON: ${error.message}`, "error");
      return;
    }
    await send(app, info.update(record, body), "Update");
  }));
  $("#record-delete").addEventListener("click", () => {
    $("#record-delete-confirm").hidden = false;
  });
  $("#record-delete-confirm").addEventListener("click", guard(async () => {
    $("#record-delete-confirm").hidden = true;
    const record = selectedRecord(app);
    const info = vendorInfo(app.vendor).collection(app.collection);
    if (!record || !info.deletable) return;
    await send(app, info.remove(record), "Delete");
  }));
}
