// Fetch helpers: the control plane (/__mock__) and the vendors' own APIs, by URLs
// relative to this page (/__mock__/ui/), so the console works behind any host and port.

const TOKEN_KEY = "crm-mock.adminToken";

export const ROOT = new URL("../../", window.location.href); // the server's root
export const CONTROL = new URL("../", window.location.href); // .../__mock__/

export class ApiError extends Error {
  constructor(status, body, message) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const listeners = { unauthorized: [] };

/** Call fn(error) whenever the control plane answers 401 (locked by --admin-token). */
export function onUnauthorized(fn) {
  listeners.unauthorized.push(fn);
}

export function adminToken() {
  return window.localStorage.getItem(TOKEN_KEY) || "";
}

export function setAdminToken(token) {
  if (token) window.localStorage.setItem(TOKEN_KEY, token);
  else window.localStorage.removeItem(TOKEN_KEY);
}

async function readBody(answer) {
  const text = await answer.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A control-plane call: control("GET", "requests", {query: {vendor: "zendesk"}}). */
export async function control(method, path, { query, body, raw } = {}) {
  const url = new URL(path, CONTROL);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  const headers = {};
  const token = adminToken();
  if (token) headers["X-Admin-Token"] = token;
  let payload;
  if (raw !== undefined) {
    payload = raw;
    headers["Content-Type"] = "application/json";
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["Content-Type"] = "application/json";
  }
  const answer = await fetch(url, { method, headers, body: payload, cache: "no-store" });
  const data = await readBody(answer);
  if (!answer.ok) {
    const message = (data && data.error) || `${method} /__mock__/${path} answered ${answer.status}`;
    const error = new ApiError(answer.status, data, message);
    if (answer.status === 401) listeners.unauthorized.forEach((fn) => fn(error));
    throw error;
  }
  return data;
}

/** Parse "Name: value" lines (the auth headers box) into an object. */
export function parseHeaders(text) {
  const headers = {};
  for (const line of (text || "").split("\n")) {
    const at = line.indexOf(":");
    if (at > 0) headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

/** A call to a vendor's own API under its mount: never throws for an HTTP status. */
export async function vendorCall(mount, { method, path, query, headers, body }) {
  const url = new URL(mount.replace(/^\/+/, "").replace(/\/?$/, "/") + path.replace(/^\/+/, ""), ROOT);
  for (const [key, value] of Object.entries(query || {})) url.searchParams.set(key, value);
  const sent = { ...(headers || {}) };
  let payload;
  if (body !== undefined && body !== null) {
    payload = typeof body === "string" ? body : JSON.stringify(body);
    sent["Content-Type"] = sent["Content-Type"] || "application/json";
  }
  const answer = await fetch(url, { method, headers: sent, body: payload, cache: "no-store" });
  return { status: answer.status, body: await readBody(answer), url: url.toString() };
}
