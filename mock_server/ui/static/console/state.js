// Resets (everything, a vendor, a tenant) and snapshots (download, restore).

import { control } from "./api.js";
import { $, guard, notify, option } from "./util.js";

function result(text, kind = "ok") {
  const box = $("#state-result");
  box.textContent = text;
  box.dataset.kind = kind;
  notify(text, kind);
}

async function fillTenants() {
  const vendor = $("#reset-tenant-vendor").value;
  const select = $("#reset-tenant-select");
  if (!vendor) return select.replaceChildren();
  const snapshot = await control("GET", "state", { query: { vendor } });
  const labels = Object.keys(snapshot.vendors?.[vendor] || {}).sort();
  const current = select.value;
  select.replaceChildren(...labels.map((label) => option(label, label, label === current)));
  if (!labels.length) select.append(option("", "no tenants"));
}

/** Fill the vendor and tenant choices (when the tab opens and after a reset). */
export function renderStateSelectors(app) {
  const vendors = Object.keys(app.health?.vendors || {});
  for (const id of ["#reset-vendor-select", "#reset-tenant-vendor"]) {
    const select = $(id);
    const current = select.value || app.vendor;
    select.replaceChildren(...vendors.map((v) => option(v, v, v === current)));
  }
  fillTenants().catch((error) => notify(error.message, "error"));
}

async function reset(app, body, what) {
  try {
    const answer = await control("POST", "reset", { body });
    result(`${what} back to fixtures (${answer.tenantsDropped} tenant${answer.tenantsDropped === 1 ? "" : "s"} dropped).`);
  } catch (error) {
    result(`Reset refused: ${error.message}`, "error");
  }
  await app.refreshAll();
  renderStateSelectors(app);
}

function stamp() {
  return new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
}

export function initState(app) {
  $("#reset-all").addEventListener("click", () => reset(app, { all: true }, "Everything"));
  $("#reset-vendor").addEventListener("click", () => {
    const vendor = $("#reset-vendor-select").value;
    reset(app, { vendor }, `Vendor ${vendor}`);
  });
  $("#reset-tenant-vendor").addEventListener("change", guard(fillTenants));
  $("#reset-tenant").addEventListener("click", () => {
    const vendor = $("#reset-tenant-vendor").value;
    const tenant = $("#reset-tenant-select").value;
    if (!tenant) return result("Pick a tenant first.", "error");
    reset(app, { vendor, tenant }, `Tenant ${tenant} of ${vendor}`);
  });
  $("#snapshot-download").addEventListener("click", guard(async () => {
    const snapshot = await control("GET", "state");
    const blob = new Blob([JSON.stringify(snapshot, null, 2)], { type: "application/json" });
    const link = $("#snapshot-link");
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(blob);
    link.download = `crm-mock-state-${stamp()}.json`;
    link.textContent = link.download;
    link.hidden = false;
    link.click();
    const tenants = Object.values(snapshot.vendors).reduce((n, t) => n + Object.keys(t).length, 0);
    result(`Snapshot of ${tenants} tenant${tenants === 1 ? "" : "s"} downloaded.`);
  }));
  $("#snapshot-restore").addEventListener("click", guard(async () => {
    const file = $("#snapshot-file").files[0];
    if (!file) return result("Choose a snapshot file first.", "error");
    const text = await file.text();
    try {
      JSON.parse(text);
    } catch (error) {
      return result(`${file.name} is not JSON: ${error.message}`, "error");
    }
    try {
      const answer = await control("PUT", "state", { raw: text });
      result(`Restored ${answer.tenants} tenant${answer.tenants === 1 ? "" : "s"} from ${file.name}.`);
    } catch (error) {
      result(`Restore refused: ${error.message}`, "error");
    }
    await app.refreshAll();
  }));
}
