// Faults and rate limits in effect: list, add, remove, clear; rate limits per vendor.

import { control } from "./api.js";
import { $, el, guard, notify, option } from "./util.js";

function actionText(rule) {
  if (rule.action === "status") return `status ${rule.status}`;
  if (rule.action === "delay") return `delay ${rule.delay}s`;
  if (rule.action === "respond") {
    const body = rule.respond.body === undefined || rule.respond.body === null ? "" : ` ${JSON.stringify(rule.respond.body)}`;
    return `respond ${rule.respond.status}${body}${rule.delay ? ` after ${rule.delay}s` : ""}`;
  }
  return rule.action;
}

/** What else a rule matches by: query parameters and a body subset. */
function matchText(rule) {
  const parts = [];
  if (rule.query && Object.keys(rule.query).length) parts.push(`query ${JSON.stringify(rule.query)}`);
  if (rule.body !== undefined) parts.push(`body ${JSON.stringify(rule.body)}`);
  return parts.length ? ` when ${parts.join(", ")}` : "";
}

export async function refreshFaults(app) {
  const [{ faults }, limits] = await Promise.all([control("GET", "faults"), control("GET", "rate-limits")]);
  const live = faults.filter((rule) => !rule.spent).length;
  $("#faults-badge").textContent = live ? String(live) : "";
  $("#faults-empty").hidden = faults.length > 0;
  $("#faults-rows").replaceChildren(
    ...faults.map((rule) =>
      el(
        "tr",
        { class: rule.spent ? "spent" : "", dataset: { testid: "fault-row", id: rule.id, spent: String(rule.spent) } },
        el("td", { class: "mono" }, rule.id),
        el("td", {}, rule.vendor || "any"),
        el("td", { class: "mono" }, rule.operationId || "any"),
        el("td", {}, rule.method || "any"),
        el("td", { class: "mono" }, rule.path || "any"),
        el("td", { class: "mono" }, rule.tenant || "any"),
        el(
          "td",
          { dataset: { testid: "fault-action" } },
          actionText(rule),
          rule.probability < 1 ? ` (p=${rule.probability})` : "",
          matchText(rule),
        ),
        el("td", {}, rule.times === null ? "every" : String(rule.times)),
        el("td", { dataset: { testid: "fault-fired" } }, String(rule.fired), rule.spent ? " (spent)" : ""),
        el(
          "td",
          {},
          el("button", {
            type: "button",
            text: "Remove",
            onclick: guard(async () => {
              await control("DELETE", `faults/${encodeURIComponent(rule.id)}`);
              notify(`Fault ${rule.id} removed.`, "ok");
              await refreshFaults(app);
            }),
          }),
        ),
      ),
    ),
  );
  renderRateLimits(app, limits);
  const select = $("#ff-vendor");
  const vendors = Object.keys(app.health?.vendors || {});
  if (select.options.length !== vendors.length + 1) {
    select.replaceChildren(option("", "any"), ...vendors.map((v) => option(v)));
  }
}

function renderRateLimits(app, limits) {
  const box = $("#rate-limits");
  const names = Object.keys(limits).sort();
  const key = names.map((n) => `${n}:${limits[n].enabled}`).join(",");
  if (box.dataset.key === key) return; // unchanged: keep focus where it is
  box.dataset.key = key;
  box.replaceChildren(
    ...names.map((vendor) =>
      el(
        "label",
        { class: `switch${limits[vendor].enabled ? " on" : ""}` },
        el("input", {
          type: "checkbox",
          id: `rl-${vendor}`,
          checked: limits[vendor].enabled,
          onchange: guard(async (event) => {
            const enabled = event.target.checked;
            await control("POST", "rate-limits", { body: { vendor, enabled } });
            notify(`Rate limits for ${vendor} ${enabled ? "on" : "off"}.`, "ok");
            await refreshFaults(app);
          }),
        }),
        ` ${vendor}`,
      ),
    ),
  );
}

function faultBody() {
  const body = {};
  for (const [id, key] of [
    ["#ff-vendor", "vendor"],
    ["#ff-operation", "operationId"],
    ["#ff-method", "method"],
    ["#ff-path", "path"],
    ["#ff-tenant", "tenant"],
  ]) {
    const value = $(id).value.trim();
    if (value) body[key] = value;
  }
  const action = $("#ff-action").value;
  const value = $("#ff-value").value.trim();
  if (action === "status") body.action = { status: Number(value) };
  else if (action === "delay") body.action = { delay: Number(value) };
  else if (action === "drop") body.action = { drop: true };
  else if (action === "respond") body.action = { respond: respondBody(Number(value)) };
  else body.action = { error: action };
  const times = $("#ff-times").value.trim();
  body.times = times ? Number(times) : null;
  return body;
}

/** A respond action's answer: the status, and the body box read as JSON, else as text. */
function respondBody(status) {
  const answer = { status };
  const text = $("#ff-body").value;
  if (text.trim()) {
    try {
      answer.body = JSON.parse(text);
    } catch {
      answer.body = text;
    }
  }
  return answer;
}

export function initFaults(app) {
  const showValue = () => {
    const action = $("#ff-action").value;
    $("#ff-value-label").hidden = !(action === "status" || action === "delay" || action === "respond");
    $("#ff-body-label").hidden = action !== "respond";
    $("#ff-value").placeholder = action === "delay" ? "1.5" : "502";
  };
  $("#ff-action").addEventListener("change", showValue);
  showValue();
  $("#fault-form").addEventListener("submit", guard(async (event) => {
    event.preventDefault();
    try {
      const rule = await control("POST", "faults", { body: faultBody() });
      notify(`Fault ${rule.id} added.`, "ok");
    } catch (error) {
      notify(`The fault was refused: ${error.message}`, "error");
    }
    await refreshFaults(app);
  }));
  $("#faults-clear").addEventListener(
    "click",
    guard(async () => {
      const { cleared } = await control("DELETE", "faults");
      notify(`${cleared} fault rule${cleared === 1 ? "" : "s"} cleared.`, "ok");
      await refreshFaults(app);
    }),
  );
}
