// The console's shell: tabs, the admin token, and the poll that keeps every view
// current (every 2 s while the tab is visible; paused when it is hidden).

import { ApiError, adminToken, control, onUnauthorized, setAdminToken } from "./api.js";
import { initData, pickVendor, refreshData, renderVendorCards } from "./data.js";
import { initFaults, refreshFaults } from "./faults.js";
import { initJournal, pollJournal } from "./journal.js";
import { initState, renderStateSelectors } from "./state.js";
import { $, notify } from "./util.js";

const POLL_MS = 2000;
// The selected vendor's snapshot is fetched again only when GET /tenants says
// something changed, and at most this often: a snapshot of a large tenant is big.
const DATA_AT_MOST_EVERY_MS = 3000;

const app = {
  health: null,
  vendor: null, // selected in the Data tab
  tenant: null,
  collection: null,
  snapshot: {}, // tenant label -> collection -> records, of the selected vendor
  dataLoadedAt: 0,
  locked: false,
  tab: "data",
  refreshAll: () => tick(true),
};

function showTab(name) {
  app.tab = name;
  for (const button of document.querySelectorAll("[data-tab]")) {
    button.classList.toggle("active", button.dataset.tab === name);
    button.setAttribute("aria-selected", String(button.dataset.tab === name));
  }
  for (const panel of document.querySelectorAll(".tab-panel")) panel.hidden = panel.id !== `tab-${name}`;
  if (name === "state") renderStateSelectors(app);
}

function setLive(on, text) {
  const live = $("#live");
  live.classList.toggle("paused", !on);
  live.textContent = text || (on ? "live" : "paused");
}

onUnauthorized(() => {
  app.locked = true;
  $("#token-prompt").hidden = false;
  setLive(false, "locked");
});

let lastDataKey = "";
let chain = Promise.resolve();
let queued = 0;

/** One refresh at a time: a forced one (after an action) waits for the one under way. */
function tick(forceData = false) {
  if (queued && !forceData) return chain;
  queued += 1;
  chain = chain.then(() => refresh(forceData)).finally(() => (queued -= 1));
  return chain;
}

async function refresh(forceData) {
  if (document.hidden) {
    setLive(false);
    return;
  }
  try {
    app.health = await control("GET", "health");
    await pollJournal(app);
    app.locked = false;
    $("#token-prompt").hidden = true;
    await refreshFaults(app);
    const vendor = app.vendor || pickVendor(app);
    const listed = vendor ? await control("GET", "tenants", { query: { vendor } }) : { tenants: [] };
    const dataKey = JSON.stringify([vendor, listed.tenants.map((t) => [t.tenant, t.version, t.collections])]);
    const due = Date.now() - app.dataLoadedAt >= DATA_AT_MOST_EVERY_MS;
    if (forceData || (dataKey !== lastDataKey && due)) {
      lastDataKey = dataKey;
      await refreshData(app);
    }
    renderVendorCards(app);
    setLive(true);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {
      setLive(false, "offline");
      notify(`Cannot reach the control plane: ${error.message}`, "error");
    }
  }
}

function init() {
  for (const button of document.querySelectorAll("[data-tab]")) {
    button.addEventListener("click", () => showTab(button.dataset.tab));
  }
  $("#admin-token").value = adminToken();
  $("#token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setAdminToken($("#admin-token").value.trim());
    notify("Admin token saved in this browser.", "ok");
    tick(true);
  });
  initData(app);
  initJournal(app);
  initFaults(app);
  initState(app);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) tick();
    else setLive(false);
  });
  tick(true);
  window.setInterval(() => tick(), POLL_MS);
}

init();
