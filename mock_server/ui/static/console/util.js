// Small DOM helpers shared by the console's modules.

/** el("td", {class: "x", dataset: {testid: "y"}, onclick: fn}, "text", child...) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

export function pretty(value) {
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

export function shortTime(iso) {
  if (!iso) return "";
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleTimeString([], { hour12: false }) + "." + String(at.getMilliseconds()).padStart(3, "0");
}

/** A message in the status line at the top (kind: "ok" | "error" | "info"). */
export function notify(message, kind = "info") {
  const box = document.getElementById("status-line");
  if (!box) return;
  box.textContent = message;
  box.className = `status-line ${kind}`;
  box.dataset.kind = kind;
}

/** Copy text, falling back to selecting it where the Clipboard API is missing (plain http). */
export async function copyText(text, selectable) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through to the selection */
  }
  const area = el("textarea", { class: "copy-buffer" });
  area.value = text;
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand("copy");
  } catch {
    done = false;
  }
  area.remove();
  if (!done && selectable) {
    const range = document.createRange();
    range.selectNodeContents(selectable);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  return done;
}

/** An event handler that reports a failure in the status line instead of throwing it. */
export function guard(handler) {
  return async (...args) => {
    try {
      await handler(...args);
    } catch (error) {
      notify(error.message, "error");
    }
  };
}

export function option(value, label = value, selected = false) {
  const node = el("option", { value }, label);
  node.selected = selected;
  return node;
}
