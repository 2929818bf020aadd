// The list of records of the module shown: by custom view, word search or criteria, sortable, a page
// at a time, with the number of records the API counts for what is shown. Its state lives in the
// address (#/Deals?view=…&q=…&sort=…&page=…), so a reload or Back returns to the same list.

import { displayField, state } from "./state.js";
import { $, element, display, showPage, valueNode } from "./dom.js";
import { api, sentence } from "./api.js";

const PER_PAGE = 200;
// The columns: the record's name, the fields every record must have, then the first field of each
// of these kinds in the module's own field order; all from the module's metadata.
const COLUMN_KINDS = ["picklist", "email", "phone", "lookup", "currency", "date"];
const MOST_COLUMNS = 7;
let loads = 0;

/** The columns of a module's list, from its fields. */
export function columnsOf(module, fields) {
  const name = fields.find((f) => f.api_name === displayField(module));
  const columns = name ? [name] : [];
  const add = (field) => { if (columns.length < MOST_COLUMNS && !columns.includes(field)) columns.push(field); };
  fields.filter((f) => f.system_mandatory).forEach(add);
  const kinds = new Set(COLUMN_KINDS);
  for (const field of fields) if (kinds.delete(field.data_type)) add(field);
  return columns.length ? columns : fields.slice(0, MOST_COLUMNS);
}

/** Shows <module> from now on, with its fields and views; the list starts afresh. */
export function useMetadata(module, fields, views) {
  state.module = module;
  state.fields = fields;
  state.views = views;
  state.columns = columnsOf(module, fields);
  Object.assign(state, { page: 1, sort: null, search: "", view: "", records: [], allInView: false });
  state.selected.clear();
  $("list-title").textContent = module.plural_label ?? module.api_name;
  $("module").value = module.api_name;
  const select = $("view");
  select.replaceChildren(element("option", { value: "" }, "All records (no view)"));
  for (const view of views) select.append(element("option", { value: view.id }, view.display_value ?? view.name));
}

/** The list's address, from its state. */
export function listHash() {
  const params = new URLSearchParams();
  if (state.view) params.set("view", state.view);
  if (state.search) params.set("q", state.search);
  if (state.sort) params.set("sort", `${state.sort.by}:${state.sort.order}`);
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  return `#/${state.module.api_name}${query ? `?${query}` : ""}`;
}

/** Shows the list the address asks for (or, without <params>, as it was), with <message> above it. */
export function showList(params, message = "") {
  if (params) {
    const view = state.views.some((v) => v.id === params.get("view")) ? params.get("view") : "";
    if (view !== state.view) { state.selected.clear(); state.allInView = false; }
    const [by, order] = (params.get("sort") ?? "").split(":");
    state.view = view;
    state.search = params.get("q") ?? "";
    state.sort = state.fields.some((f) => f.api_name === by && f.sortable) ? { by, order: order === "desc" ? "desc" : "asc" } : null;
    state.page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  }
  $("view").value = state.view;
  $("search").value = state.search;
  history.replaceState(null, "", listHash());
  showPage("list");
  renderHead();
  return load(message);
}

/** The list's state changed: keep it in the address (no new history entry) and load it. */
function changed() {
  history.replaceState(null, "", listHash());
  renderHead();
  return load();
}

function renderHead() {
  const row = element("tr", {}, element("th", { scope: "col" }, element("span", { class: "visually-hidden" }, "Select")));
  for (const field of state.columns) {
    const sorted = state.sort?.by === field.api_name;
    const label = field.field_label + (sorted ? (state.sort.order === "asc" ? " ▲" : " ▼") : "");
    row.append(element("th", { scope: "col", "aria-sort": sorted ? (state.sort.order === "asc" ? "ascending" : "descending") : false },
      field.sortable ? element("button", { type: "button", onclick: () => sortBy(field.api_name) }, label) : label));
  }
  $("records").tHead.replaceChildren(row);
}

function sortBy(name) {
  // Zoho's search answers in its own order: sorting lists the view (or all records) instead.
  state.search = "";
  $("search").value = "";
  state.sort = state.sort?.by === name && state.sort.order === "asc" ? { by: name, order: "desc" } : { by: name, order: "asc" };
  state.page = 1;
  changed();
}

function searchQuery() {
  return `${state.search.startsWith("(") ? "criteria" : "word"}=${encodeURIComponent(state.search)}`;
}

function listPath() {
  const paging = `page=${state.page}&per_page=${PER_PAGE}`;
  if (state.search) return `/crm/v2/${state.module.api_name}/search?${searchQuery()}&${paging}`;
  const sort = state.sort ? `&sort_by=${state.sort.by}&sort_order=${state.sort.order}` : "";
  return `/crm/v2/${state.module.api_name}?${paging}${sort}${state.view ? `&cvid=${state.view}` : ""}`;
}

function countPath() {
  const query = state.search ? searchQuery() : state.view ? `cvid=${state.view}` : "";
  return `/crm/v2/${state.module.api_name}/actions/count${query ? `?${query}` : ""}`;
}

/** Loads the page of records and their count; an answer to an earlier load that comes late is dropped. */
export async function load(message = "") {
  const ticket = ++loads;
  $("list-message").textContent = message;
  $("record-count").textContent = "";
  const rows = api("GET", listPath());
  // Zoho's count takes fewer criteria than its search: where it cannot count, no count is shown.
  const count = api("GET", countPath()).catch(() => null);
  try {
    const { status, json } = await rows;
    if (ticket !== loads) return;
    state.records = status === 204 ? [] : json.data;
    state.more = status !== 204 && json.info?.more_records === true;
  } catch (error) {
    if (ticket !== loads) return;
    if (!error.signedOut) $("list-message").textContent = sentence(error);
    state.records = [];
    state.more = false;
  }
  renderRows();
  const total = (await count)?.json?.count;
  if (ticket === loads && Number.isInteger(total)) $("record-count").textContent = `${total} record${total === 1 ? "" : "s"}`;
}

/** A record's name: its display field, else the first column, else its id. */
export function recordName(record) {
  return display(record[displayField(state.module)]) || display(record[state.columns[0]?.api_name]) || record.id;
}

export function badges(record) {
  const list = [];
  if (record.$approval_state === "approval_process_pending") list.push(["pending", "pending approval"]);
  if (record.$approval_state === "review_process_pending") list.push(["review", "in review"]);
  if (record.$locked_for_me) list.push(["locked", "locked"]);
  return list.map(([kind, text]) => element("span", { class: `badge ${kind}` }, text));
}

function renderRows() {
  const body = $("records").tBodies[0];
  body.replaceChildren();
  for (const record of state.records) {
    const name = recordName(record);
    const checked = state.allInView || state.selected.has(record.id);
    const box = element("input", { type: "checkbox", "aria-label": `Select ${name}`, "data-id": record.id, checked, disabled: state.allInView });
    const row = element("tr", { class: checked ? "selected" : "", "data-id": record.id }, element("td", {}, box));
    box.addEventListener("change", () => {
      if (box.checked) state.selected.add(record.id); else state.selected.delete(record.id);
      row.classList.toggle("selected", box.checked);
      renderSelection();
    });
    state.columns.forEach((field, i) => row.append(i === 0
      ? element("td", {}, element("a", { href: `#/${state.module.api_name}/${record.id}`, class: "open", "aria-label": `Open ${name}` }, name), ...badges(record))
      : element("td", {}, valueNode(field, record[field.api_name]))));
    body.append(row);
  }
  if (state.records.length === 0) body.append(element("tr", {}, element("td", { colspan: state.columns.length + 1 }, "No records.")));
  $("page").textContent = `Page ${state.page}`;
  $("previous").disabled = state.page === 1;
  $("next").disabled = !state.more;
  renderSelection();
}

export const viewName = () => $("view").selectedOptions[0]?.textContent ?? "";

export function renderSelection() {
  const info = $("selection");
  info.replaceChildren();
  const clear = (what) => element("button", { type: "button", onclick: () => { what(); renderRows(); } }, "Clear selection");
  if (state.allInView) {
    info.append(`Every record of the view "${viewName()}" is selected. `, clear(() => { state.allInView = false; }));
  } else {
    info.append(`${state.selected.size} selected. `);
    if (state.view && !state.search) {
      info.append(element("button", { type: "button", id: "select-all", onclick: () => { state.allInView = true; renderRows(); } },
        "Select all records in this view"));
    }
    if (state.selected.size > 0) info.append(" ", clear(() => state.selected.clear()));
  }
  $("open-mass-update").disabled = !state.allInView && state.selected.size === 0;
}

$("view").addEventListener("change", () => {
  state.view = $("view").value;
  state.search = "";
  $("search").value = "";
  state.page = 1;
  state.selected.clear();
  state.allInView = false;
  changed();
});
$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.search = $("search").value.trim();
  state.page = 1;
  state.allInView = false;
  changed();
});
$("previous").addEventListener("click", () => { state.page--; changed(); });
$("next").addEventListener("click", () => { state.page++; changed(); });
