// The OpenLeads web console: a client of the public /crm API, signed in with the token its user pastes.
// The token lives in sessionStorage only (never in a URL); every call carries it as Zoho-oauthtoken.

const MODULE = "Leads";
const PER_PAGE = 200;
const IDS_PER_CALL = 500;
const PREFERRED_COLUMNS = ["Last_Name", "First_Name", "Company", "Email", "Lead_Status", "City", "No_of_Employees"];
const $ = (id) => document.getElementById(id);

const state = {
  token: sessionStorage.getItem("openleads.token"),
  fields: [], columns: [], views: [],
  page: 1, more: false, sort: null, search: "", view: "",
  records: [], selected: new Set(), allInView: false,
};

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { "Authorization": `Zoho-oauthtoken ${state.token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { message: text.slice(0, 200) }; }
  if (response.status === 401) {
    signOut(`${json?.code ?? "AUTHENTICATION_FAILURE"}: ${json?.message ?? "the token was refused"}. Enter another token.`);
    throw new ApiError(401, json);
  }
  if (!response.ok && !Array.isArray(json?.data)) throw new ApiError(response.status, json);
  return { status: response.status, json };
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  return node;
}

// ---- sign-in ----------------------------------------------------------------------------------

function signOut(message) {
  sessionStorage.removeItem("openleads.token");
  state.token = null;
  $("sign-in").hidden = false;
  $("leads").hidden = true;
  $("outcome").hidden = true;
  $("record").hidden = true;
  $("sign-out").hidden = true;
  $("who").textContent = "";
  $("sign-in-message").textContent = message ?? "";
  $("token").focus();
}

async function signIn(token) {
  state.token = token;
  try {
    const fields = await api("GET", `/crm/v2/settings/fields?module=${MODULE}`);
    const views = await api("GET", `/crm/v2/settings/custom_views?module=${MODULE}`);
    sessionStorage.setItem("openleads.token", token);
    state.fields = fields.json.fields;
    state.views = views.json.custom_views ?? [];
    state.columns = PREFERRED_COLUMNS.map((name) => state.fields.find((f) => f.api_name === name)).filter(Boolean);
    $("sign-in").hidden = true;
    $("leads").hidden = false;
    $("sign-out").hidden = false;
    $("who").textContent = "Signed in";
    $("sign-in-message").textContent = "";
    renderViews();
    renderHead();
    await load();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) $("sign-in-message").textContent = `Could not sign in: ${error.message}`;
  }
}

// ---- the list -----------------------------------------------------------------------------------

function renderViews() {
  const select = $("view");
  select.replaceChildren(element("option", { value: "" }, "All records (no view)"));
  for (const view of state.views) select.append(element("option", { value: view.id }, view.display_value ?? view.name));
}

function renderHead() {
  const row = element("tr", {}, element("th", { scope: "col" }, element("span", { class: "visually-hidden" }, "Select")));
  for (const field of state.columns) {
    const sorted = state.sort?.by === field.api_name;
    const label = field.field_label + (sorted ? (state.sort.order === "asc" ? " ▲" : " ▼") : "");
    const header = element("th", { scope: "col", "aria-sort": sorted ? (state.sort.order === "asc" ? "ascending" : "descending") : false },
      field.sortable ? element("button", { type: "button", onclick: () => sortBy(field.api_name) }, label) : label);
    row.append(header);
  }
  $("records").tHead.replaceChildren(row);
}

function sortBy(name) {
  // Zoho's search answers in its own order: sorting lists the view (or all records) instead.
  state.search = "";
  $("search").value = "";
  state.sort = state.sort?.by === name && state.sort.order === "asc" ? { by: name, order: "desc" } : { by: name, order: "asc" };
  state.page = 1;
  renderHead();
  load();
}

function listPath() {
  const paging = `page=${state.page}&per_page=${PER_PAGE}`;
  if (state.search) {
    const kind = state.search.startsWith("(") ? "criteria" : "word";
    return `/crm/v2/${MODULE}/search?${kind}=${encodeURIComponent(state.search)}&${paging}`;
  }
  const sort = state.sort ? `&sort_by=${state.sort.by}&sort_order=${state.sort.order}` : "";
  return `/crm/v2/${MODULE}?${paging}${sort}${state.view ? `&cvid=${state.view}` : ""}`;
}

async function load() {
  $("list-message").textContent = "";
  try {
    const { status, json } = await api("GET", listPath());
    state.records = status === 204 ? [] : json.data;
    state.more = status !== 204 && json.info?.more_records === true;
  } catch (error) {
    if (error.status !== 401) $("list-message").textContent = zohoMessage(error);
    state.records = [];
    state.more = false;
  }
  renderRows();
}

function badges(record) {
  const list = [];
  if (record.$approval_state === "approval_process_pending") list.push(["pending", "pending approval"]);
  if (record.$approval_state === "review_process_pending") list.push(["review", "in review"]);
  if (record.$locked_for_me) list.push(["locked", "locked"]);
  return list.map(([kind, text]) => element("span", { class: `badge ${kind}` }, text));
}

function display(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return value.name ?? value.id ?? JSON.stringify(value);
  return String(value);
}

function renderRows() {
  const body = $("records").tBodies[0];
  body.replaceChildren();
  for (const record of state.records) {
    const name = display(record.Last_Name) || record.id;
    const checked = state.allInView || state.selected.has(record.id);
    const box = element("input", { type: "checkbox", "aria-label": `Select ${name}`, "data-id": record.id, checked, disabled: state.allInView });
    box.addEventListener("change", () => { box.checked ? state.selected.add(record.id) : state.selected.delete(record.id); renderSelection(); row.classList.toggle("selected", box.checked); });
    const row = element("tr", { class: checked ? "selected" : "", "data-id": record.id }, element("td", {}, box));
    state.columns.forEach((field, i) => row.append(i === 0
      ? element("td", {}, element("button", { type: "button", class: "open", "aria-label": `Open ${name}`, onclick: () => openRecord(record.id) },
          display(record[field.api_name]) || record.id), ...badges(record))
      : element("td", {}, display(record[field.api_name]))));
    body.append(row);
  }
  if (state.records.length === 0) body.append(element("tr", {}, element("td", { colspan: state.columns.length + 1 }, "No records.")));
  $("page").textContent = `Page ${state.page}`;
  $("previous").disabled = state.page === 1;
  $("next").disabled = !state.more;
  renderSelection();
}

function renderSelection() {
  const info = $("selection");
  info.replaceChildren();
  if (state.allInView) {
    info.append(`Every record of the view "${$("view").selectedOptions[0].textContent}" is selected. `,
      element("button", { type: "button", onclick: () => { state.allInView = false; renderRows(); } }, "Clear selection"));
  } else {
    info.append(`${state.selected.size} selected. `);
    if (state.view && !state.search) {
      info.append(element("button", { type: "button", id: "select-all", onclick: () => { state.allInView = true; renderRows(); } },
        "Select all records in this view"));
    }
    if (state.selected.size > 0) {
      info.append(" ", element("button", { type: "button", onclick: () => { state.selected.clear(); renderRows(); } }, "Clear selection"));
    }
  }
  $("open-mass-update").disabled = !state.allInView && state.selected.size === 0;
}

// ---- the record page ---------------------------------------------------------------------------

const CHANGE_SOURCES = { mass_update: "mass update", scheduled_mass_update: "scheduled mass update (job)", crm_api: "API" };

async function openRecord(id) {
  try {
    const record = (await api("GET", `/crm/v2/${MODULE}/${id}`)).json?.data?.[0];
    const timeline = (await api("GET", `/crm/v2/${MODULE}/${id}/__timeline`)).json?.__timeline ?? [];
    if (!record) { $("list-message").textContent = `Record ${id} no longer exists.`; return; }
    $("record-title").textContent = `${display(record.First_Name)} ${display(record.Last_Name)}`.trim() || id;
    $("record-state").replaceChildren(`Id ${id}. `, ...(badges(record).length ? badges(record) : ["Approved, not locked."]));
    $("record-fields").replaceChildren(...state.fields.filter((f) => f.api_name in record)
      .flatMap((f) => [element("dt", {}, f.field_label), element("dd", {}, display(record[f.api_name]))]));
    const rows = timeline.flatMap((entry) => entry.field_history.map((change) => {
      const made = entry.$openleads?.job_id ? ` ${entry.$openleads.job_id}` : "";
      return element("tr", {}, element("td", {}, entry.audited_time), element("td", {}, entry.done_by?.name ?? ""),
        element("td", {}, `${CHANGE_SOURCES[entry.source] ?? entry.source}${made}`), element("td", {}, change.field_label ?? change.api_name),
        element("td", {}, display(change._value.old)), element("td", {}, display(change._value.new)));
    }));
    $("timeline").tBodies[0].replaceChildren(...(rows.length ? rows : [element("tr", {}, element("td", { colspan: 6 }, "No changes yet."))]));
    $("leads").hidden = true;
    $("outcome").hidden = true;
    $("record").hidden = false;
    $("back").focus();
  } catch (error) {
    if (error.status !== 401) $("list-message").textContent = zohoMessage(error);
  }
}

function closeRecord() {
  $("record").hidden = true;
  $("leads").hidden = false;
  load();
}

// ---- the mass update dialog ---------------------------------------------------------------------

function openMassUpdate() {
  const select = $("field");
  select.replaceChildren(element("option", { value: "" }, "Choose a field…"));
  for (const field of state.fields.filter((f) => f.mass_update)) select.append(element("option", { value: field.api_name }, field.field_label));
  $("mass-update-scope").textContent = state.allInView
    ? `Every record of the view "${$("view").selectedOptions[0].textContent}" (scheduled as a job).`
    : `${state.selected.size} selected record${state.selected.size === 1 ? "" : "s"}.`;
  $("value-editor").replaceChildren();
  $("mass-update-message").textContent = "";
  $("mass-update").showModal();
  select.focus();
}

function editorFor(field) {
  const label = element("label", { for: "value" }, "Value");
  const type = field.data_type;
  let input;
  if (type === "picklist") {
    input = element("select", { id: "value" }, element("option", { value: "" }, "(none)"),
      ...field.pick_list_values.filter((v) => v.actual_value !== "-None-").map((v) => element("option", { value: v.actual_value }, v.display_value)));
  } else if (type === "multiselectpicklist") {
    input = element("select", { id: "value", multiple: true, size: Math.min(6, field.pick_list_values.length) },
      ...field.pick_list_values.map((v) => element("option", { value: v.actual_value }, v.display_value)));
  } else if (type === "boolean") {
    input = element("input", { id: "value", type: "checkbox" });
  } else if (type === "integer" || type === "double" || type === "currency") {
    input = element("input", { id: "value", type: "number", step: type === "integer" ? "1" : "any" });
  } else if (type === "date") {
    input = element("input", { id: "value", type: "date" });
  } else if (type === "datetime") {
    input = element("input", { id: "value", type: "datetime-local", step: "1" });
  } else {
    input = element("input", { id: "value", type: type === "email" ? "email" : "text", maxlength: field.length ?? false });
  }
  const parts = [label, input];
  if (type === "multiselectpicklist") {
    parts.push(element("label", { for: "over-write" }, element("input", { id: "over-write", type: "checkbox" }), " Replace the values (otherwise add to them)"));
  }
  if (field.length && (type === "text" || type === "textarea" || type === "email" || type === "phone" || type === "website")) {
    parts.push(element("small", {}, `At most ${field.length} characters.`));
  }
  $("value-editor").replaceChildren(...parts);
}

// What the server would refuse, said before sending: the same rules as its field validation.
function readValue(field) {
  const input = $("value");
  const type = field.data_type;
  if (type === "boolean") return { value: input.checked };
  if (type === "multiselectpicklist") return { value: [...input.selectedOptions].map((o) => o.value) };
  const text = input.value.trim();
  if (text === "") return field.system_mandatory ? { error: `${field.field_label} cannot be empty.` } : { value: null };
  if (type === "integer") {
    const number = Number(text);
    return Number.isInteger(number) && Math.abs(number) <= 2147483647 ? { value: number } : { error: `${field.field_label} takes a whole number.` };
  }
  if (type === "double" || type === "currency") {
    const number = Number(text);
    return Number.isFinite(number) ? { value: number } : { error: `${field.field_label} takes a number.` };
  }
  if (type === "datetime") return { value: new Date(text).toISOString().replace(/\.\d{3}Z$/, "+00:00") };
  if (field.length && text.length > field.length) return { error: `${field.field_label} takes at most ${field.length} characters.` };
  if (type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) return { error: `${field.field_label} takes an email address.` };
  return { value: text };
}

async function applyMassUpdate(event) {
  event.preventDefault();
  const field = state.fields.find((f) => f.api_name === $("field").value);
  if (!field) { $("mass-update-message").textContent = "Choose a field."; return; }
  const { value, error } = readValue(field);
  if (error) { $("mass-update-message").textContent = error; return; }
  const overWrite = $("over-write")?.checked;
  $("mass-update").close();
  $("outcome").hidden = false;
  $("results").tBodies[0].replaceChildren();
  const body = { data: [{ [field.api_name]: value }], ...(overWrite ? { over_write: true } : {}) };
  try {
    if (state.allInView) await runJob(body);
    else await runIds(body, [...state.selected]);
  } catch (failure) {
    if (failure.status !== 401) $("outcome-summary").textContent = zohoMessage(failure);
  }
  await load();
}

async function runIds(body, ids) {
  $("job-progress").hidden = true;
  let done = 0;
  let updated = 0;
  for (let start = 0; start < ids.length; start += IDS_PER_CALL) {
    const chunk = ids.slice(start, start + IDS_PER_CALL);
    const { json } = await api("POST", `/crm/v2/${MODULE}/actions/mass_update`, { ...body, ids: chunk });
    const entries = json.data.length === 1 && chunk.length > 1 ? chunk.map(() => json.data[0]) : json.data;
    chunk.forEach((id, i) => {
      const entry = entries[i] ?? { code: "NO_ANSWER", message: "no entry for this record", status: "error" };
      if (entry.status === "success") updated++;
      const details = entry.status === "success" ? "" : ` ${JSON.stringify(entry.details ?? {})}`;
      $("results").tBodies[0].append(element("tr", { "data-id": id }, element("td", {}, id),
        element("td", { class: entry.status === "success" ? "code-SUCCESS" : "code-error" }, entry.code), element("td", {}, entry.message + details)));
    });
    done += chunk.length;
    $("outcome-summary").textContent = `${updated} of ${done} records updated${done < ids.length ? ` (${ids.length - done} to go)` : ""}.`;
  }
  state.selected.clear();
}

async function runJob(body) {
  const { json } = await api("POST", `/crm/v2/${MODULE}/actions/mass_update`, { ...body, cvid: state.view });
  const entry = json.data[0];
  if (entry.status !== "success") { $("outcome-summary").textContent = `${entry.code}: ${entry.message}`; return; }
  const jobId = entry.details.job_id;
  const bar = $("job-progress");
  bar.hidden = false;
  bar.value = 0;
  for (;;) {
    const status = (await api("GET", `/crm/v2/${MODULE}/actions/mass_update?job_id=${jobId}`)).json.data[0];
    const handled = status.Updated_Count + status.Not_Updated_Count + status.Failed_Count;
    bar.max = Math.max(1, status.Total_Count);
    bar.value = handled;
    $("outcome-summary").textContent = `Job ${jobId}: ${status.Status}, ${status.Updated_Count} of ${status.Total_Count} updated, ` +
      `${status.Not_Updated_Count} not updated, ${status.Failed_Count} failed.`;
    if (status.Status === "COMPLETED" || status.Status === "FAILED") break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  state.allInView = false;
}

function zohoMessage(error) {
  const body = error.body ?? {};
  const details = body.details && Object.keys(body.details).length ? ` ${JSON.stringify(body.details)}` : "";
  return body.code ? `${body.code}: ${body.message}${details}` : `The server could not be reached (${error.message}).`;
}

// ---- wiring -------------------------------------------------------------------------------------

$("sign-in-form").addEventListener("submit", (event) => { event.preventDefault(); signIn($("token").value.trim()); });
$("sign-out").addEventListener("click", () => signOut("Signed out."));
$("view").addEventListener("change", () => { state.view = $("view").value; state.search = ""; $("search").value = ""; state.page = 1; state.selected.clear(); state.allInView = false; load(); });
$("search-form").addEventListener("submit", (event) => { event.preventDefault(); state.search = $("search").value.trim(); state.page = 1; state.allInView = false; load(); });
$("previous").addEventListener("click", () => { state.page--; load(); });
$("next").addEventListener("click", () => { state.page++; load(); });
$("open-mass-update").addEventListener("click", openMassUpdate);
$("field").addEventListener("change", () => { const field = state.fields.find((f) => f.api_name === $("field").value); if (field) editorFor(field); else $("value-editor").replaceChildren(); });
$("mass-update-form").addEventListener("submit", applyMassUpdate);
$("cancel").addEventListener("click", () => $("mass-update").close());
$("back").addEventListener("click", closeRecord);

if (state.token) signIn(state.token); else signOut();
