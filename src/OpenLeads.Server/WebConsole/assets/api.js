// The console's one way to the server: the public /crm API with the signed-in token. The token
// lives in sessionStorage only (never in a URL); every call carries it as Zoho-oauthtoken.

import { state } from "./state.js";

const TOKEN_KEY = "openleads.token";
let onTokenRefused = () => {};

export class ApiError extends Error {
  constructor(status, body, message) {
    super(message ?? body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
    // True when the server no longer takes the token and the console has signed out (and said why).
    this.signedOut = false;
  }
}

export const savedToken = () => sessionStorage.getItem(TOKEN_KEY);
export const keepToken = (token) => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

/** What to do when the token is unknown or expired; a missing scope is not that, and is an ordinary error. */
export function whenTokenRefused(handler) { onTokenRefused = handler; }

export async function api(method, path, body, headers = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { "Authorization": `Zoho-oauthtoken ${state.token}`, ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (failure) {
    throw new ApiError(0, null, failure.message);
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { message: text.slice(0, 200) }; }
  if (response.status === 401 && json?.code !== "OAUTH_SCOPE_MISMATCH") {
    const error = new ApiError(401, json);
    error.signedOut = true;
    onTokenRefused(error);
    throw error;
  }
  if (!response.ok && !Array.isArray(json?.data)) throw new ApiError(response.status, json);
  return { status: response.status, json, headers: response.headers };
}

/**
 * Follows a job's progress stream (server-sent events of the job status call), telling <onStatus> each status; answers the
 * last one once the job has ended, or null when the stream cannot be had or breaks off (the caller then polls).
 */
export async function followJob(path, onStatus) {
  try {
    const response = await fetch(path, { headers: { "Authorization": `Zoho-oauthtoken ${state.token}`, "Accept": "text/event-stream" } });
    if (!response.ok || !response.headers.get("Content-Type")?.startsWith("text/event-stream")) return null;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const lines = buffer.slice(0, end).split("\n");
        buffer = buffer.slice(end + 2);
        const data = lines.filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
        if (!data) continue;
        const status = JSON.parse(data);
        onStatus(status);
        if (status.Status === "COMPLETED" || status.Status === "FAILED") return status;
      }
    }
  } catch {
    return null;
  }
}

/** A refusal as a sentence: "INVALID_QUERY: invalid query formed (field City, operator between, …)". */
export function sentence(error) {
  const body = error.body ?? {};
  if (!body.code) {
    return error.status ? `The server answered HTTP ${error.status}${body.message ? `: ${body.message}` : ""}`
      : `The server could not be reached (${error.message})`;
  }
  const words = inWords(body.details);
  return `${body.code}: ${body.message}${words ? ` (${words})` : ""}`;
}

/** Ends a sentence with a full stop unless it has one. */
export const stop = (text) => (/[.!?]$/.test(text) ? text : `${text}.`);

// Zoho's details keys in words; what names the thing refused comes first.
const FIRST = ["api_name", "param_name", "id", "operator"];
const WORDS = {
  api_name: (v) => (state.fields.some((f) => f.api_name === v) ? `field ${v}` : `key ${v}`),
  param_name: (v) => `parameter ${v}`,
  id: (v) => `record ${v}`,
  operator: (v) => `operator ${v}`,
  expected_data_type: (v) => `expected ${v}`,
  maximum_length: (v) => `maximum length ${v}`,
  action: (v) => `locked by ${String(v).replaceAll("_", " ")}`,
  job_id: (v) => `job ${v}`,
  reason: (v) => String(v),
  ambiguity_due_to: (v) => `${v.map((p) => p.param_name ?? p.api_name).join(" and ")} cannot go together`,
};
const rank = (key) => (FIRST.includes(key) ? FIRST.indexOf(key) : FIRST.length);

/** Details as words, leaving out the keys in <omit> (a result row already names its record). */
export function inWords(details, omit = []) {
  if (!details || typeof details !== "object") return "";
  return Object.keys(details).filter((key) => !omit.includes(key)).sort((a, b) => rank(a) - rank(b))
    .map((key) => (WORDS[key] ?? ((v) => `${key.replaceAll("_", " ")} ${plain(v)}`))(details[key])).join(", ");
}

function plain(value) {
  if (Array.isArray(value)) return value.map(plain).join(", ");
  if (value && typeof value === "object") return inWords(value);
  return String(value);
}
