// The OpenLeads web console: a client of the public /crm API, signed in with the token its user pastes.
// This module signs in and out, says who is signed in, and routes the address to a page:
// #/Leads?view=…&q=… is the list, #/Leads/{id} a record.

import { MODULE, state } from "./state.js";
import { $, element, showPage } from "./dom.js";
import { api, forgetToken, keepToken, savedToken, sentence, stop, whenTokenRefused } from "./api.js";
import { showList, useMetadata } from "./list.js";
import { showRecord } from "./record.js";
import "./massupdate.js";

let onList = false;

function signOut(message) {
  forgetToken();
  state.token = null;
  $("sign-in").hidden = false;
  showPage("none");
  $("outcome").hidden = true;
  $("sign-out").hidden = true;
  $("who").textContent = "";
  $("who").title = "";
  $("sign-in-message").textContent = message ?? "";
  $("token").focus();
}

async function signIn(token) {
  state.token = token;
  try {
    const fields = await api("GET", `/crm/v2/settings/fields?module=${MODULE}`);
    const views = await api("GET", `/crm/v2/settings/custom_views?module=${MODULE}`);
    keepToken(token);
    useMetadata(fields.json.fields, views.json.custom_views ?? []);
    $("sign-in").hidden = true;
    $("sign-out").hidden = false;
    $("sign-in-message").textContent = "";
    await Promise.all([showWho(), route()]);
  } catch (error) {
    if (error.signedOut) return;
    state.token = null;
    $("sign-in-message").textContent = `Could not sign in: ${stop(sentence(error))}`;
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

function parseHash() {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const [module, id] = path.split("/").filter(Boolean);
  return { id: module === MODULE && /^\d+$/.test(id ?? "") ? id : null, params: new URLSearchParams(query) };
}

async function route() {
  if (!state.token) return;
  const { id, params } = parseHash();
  state.fromList = id !== null && onList;
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

const token = savedToken();
if (token) signIn(token); else signOut();
