// The OpenLeads web console: a client of the public /crm API, signed in with the token its user pastes.
// This module signs in and out, says who is signed in, offers the org's modules, and routes the
// address to a page: #/Deals?view=…&q=… is a module's list, #/Deals/{id} one of its records.

import { state } from "./state.js";
import { $, element, showPage } from "./dom.js";
import { api, ApiError, forgetToken, keepToken, savedToken, sentence, stop, whenTokenRefused } from "./api.js";
import { showList, useMetadata } from "./list.js";
import { showRecord } from "./record.js";
import "./massupdate.js";

let onList = false;
// Each module's fields and views, read the first time it is shown.
const metadata = new Map();

function signOut(message) {
  forgetToken();
  state.token = null;
  $("sign-in").hidden = false;
  showPage("none");
  $("outcome").hidden = true;
  $("sign-out").hidden = true;
  $("module-switch").hidden = true;
  metadata.clear();
  $("who").textContent = "";
  $("who").title = "";
  $("sign-in-message").textContent = message ?? "";
  $("token").focus();
}

async function signIn(token) {
  state.token = token;
  try {
    const modules = (await api("GET", "/crm/v2/settings/modules")).json?.modules ?? [];
    state.modules = modules.filter((m) => m.api_supported);
    if (state.modules.length === 0) throw new Error("The org has no module the API serves.");
    const wanted = parseHash().module;
    await useModule(state.modules.find((m) => m.api_name === wanted) ?? state.modules[0]);
    keepToken(token);
    $("module").replaceChildren(...state.modules.map((m) => element("option", { value: m.api_name }, m.plural_label ?? m.api_name)));
    $("module").value = state.module.api_name;
    $("module-switch").hidden = false;
    $("sign-in").hidden = true;
    $("sign-out").hidden = false;
    $("sign-in-message").textContent = "";
    await Promise.all([showWho(), route()]);
  } catch (error) {
    if (error.signedOut) return;
    state.token = null;
    $("sign-in-message").textContent = `Could not sign in: ${stop(error instanceof ApiError ? sentence(error) : error.message)}`;
  }
}

/** The header names the token's user; a token without a users scope is still signed in, unnamed. */
async function showWho() {
  $("who").textContent = "Signed in";
  try {
    const { status, json } = await api("GET", "/crm/v2/users?type=CurrentUser");
    const user = status === 200 ? json.users?.[0] : null;
    if (!user) return;
    $("who").title = user.email ?? "";
    $("who").replaceChildren(element("span", { class: "visually-hidden" }, "Signed in as "),
      element("strong", {}, user.full_name), " ", element("span", { class: "email" }, user.email ?? ""));
  } catch {
    // "Signed in" stays: the console works without knowing the name.
  }
}

/** Shows <module> from now on: its fields and views, read once. */
async function useModule(module) {
  if (!metadata.has(module.api_name)) {
    const name = encodeURIComponent(module.api_name);
    const [fields, views] = await Promise.all([api("GET", `/crm/v2/settings/fields?module=${name}`),
      api("GET", `/crm/v2/settings/custom_views?module=${name}`)]);
    metadata.set(module.api_name, { fields: fields.json?.fields ?? [], views: views.json?.custom_views ?? [] });
  }
  const { fields, views } = metadata.get(module.api_name);
  useMetadata(module, fields, views);
}

function parseHash() {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const [module, id] = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { module, id: /^\d+$/.test(id ?? "") ? id : null, params: new URLSearchParams(query) };
}

async function route() {
  if (!state.token) return;
  const { module, id, params } = parseHash();
  const wanted = state.modules.find((m) => m.api_name === module) ?? state.module;
  if (wanted !== state.module) {
    try {
      await useModule(wanted);
    } catch (error) {
      if (error.signedOut) return;
      onList = true;
      await showList(null, sentence(error));
      return;
    }
  }
  state.fromList = id !== null && onList && wanted.api_name === module;
  onList = id === null;
  if (id === null) { await showList(params); return; }
  try {
    if (await showRecord(id)) return;
    onList = true;
    await showList(null, `Record ${id} does not exist.`);
  } catch (error) {
    if (error.signedOut) return;
    onList = true;
    await showList(null, sentence(error));
  }
}

whenTokenRefused((error) => signOut(`${stop(sentence(error))} Enter another token.`));
$("sign-in-form").addEventListener("submit", (event) => { event.preventDefault(); signIn($("token").value.trim()); });
$("sign-out").addEventListener("click", () => signOut("Signed out."));
window.addEventListener("hashchange", route);
$("module").addEventListener("change", () => { location.hash = `#/${encodeURIComponent($("module").value)}`; });

const token = savedToken();
if (token) signIn(token); else signOut();
