// The mass update: a dialog to pick a field and a value in an editor that fits its type, then the
// per-record results (or a job's progress) in the panel at the top of the page, which is brought into
// view with a one-line summary, wherever the user had scrolled to.

import { state } from "./state.js";
import { $, element } from "./dom.js";
import { api, followJob, inWords, sentence } from "./api.js";
import { load, viewName } from "./list.js";
import { noteOperation, resetOperations, showOperations } from "./operations.js";

const IDS_PER_CALL = 500;
const PREVIEW = { "X-OpenLeads-Preview": "true" };

// The mass update previewed and waiting for the user's confirmation (its request as text); any change in the dialog drops it.
let previewed = null;

function dropPreview() {
  previewed = null;
  $("mass-update-preview").hidden = true;
  $("apply").textContent = "Update";
}

function openMassUpdate() {
  const select = $("field");
  select.replaceChildren(element("option", { value: "" }, "Choose a field…"));
  for (const field of state.fields.filter((f) => f.mass_update)) select.append(element("option", { value: field.api_name }, field.field_label));
  $("mass-update-scope").textContent = state.allInView
    ? `Every record of the view "${viewName()}" (scheduled as a job).`
    : `${state.selected.size} selected record${state.selected.size === 1 ? "" : "s"}.`;
  $("value-editor").replaceChildren();
  $("mass-update-message").textContent = "";
  dropPreview();
  $("mass-update").showModal();
  select.focus();
}

function editorFor(field) {
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
  const parts = [element("label", { for: "value" }, "Value"), input];
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

/** Brings the results panel to the top of the window, its summary read out and focused. */
function revealOutcome() {
  $("outcome").hidden = false;
  $("outcome").scrollIntoView({ block: "start" });
  $("outcome-summary").focus({ preventScroll: true });
}

async function applyMassUpdate(event) {
  event.preventDefault();
  const field = state.fields.find((f) => f.api_name === $("field").value);
  if (!field) { $("mass-update-message").textContent = "Choose a field."; return; }
  const { value, error } = readValue(field);
  if (error) { $("mass-update-message").textContent = error; return; }
  const overWrite = $("over-write")?.checked;
  const asked = JSON.stringify([field.api_name, value, overWrite, state.allInView, [...state.selected]]);
  if (previewed !== asked) {
    // First what the update would do, changing nothing; it runs when the user confirms.
    const preview = { data: [{ [field.api_name]: value }], ...(overWrite ? { over_write: true } : {}) };
    try {
      $("mass-update-preview").textContent = state.allInView ? await previewJob(preview) : await previewIds(preview, [...state.selected]);
    } catch (failure) {
      if (!failure.signedOut) $("mass-update-message").textContent = sentence(failure);
      return;
    }
    previewed = asked;
    $("mass-update-preview").hidden = false;
    $("apply").textContent = "Confirm update";
    return;
  }
  dropPreview();
  $("mass-update").close();
  $("results").tBodies[0].replaceChildren();
  resetOperations();
  $("outcome-summary").textContent = "Updating…";
  revealOutcome();
  const body = { data: [{ [field.api_name]: value }], ...(overWrite ? { over_write: true } : {}) };
  try {
    if (state.allInView) await runJob(body);
    else await runIds(body, [...state.selected]);
  } catch (failure) {
    if (!failure.signedOut) $("outcome-summary").textContent = sentence(failure);
  }
  showOperations();
  await load();
  revealOutcome();
}

/** "Preview: 2 of 3 records would be updated; 1 not: RECORD_LOCKED (1). Nothing has changed yet." */
async function previewIds(body, ids) {
  const refusals = new Map();
  let updated = 0;
  for (let start = 0; start < ids.length; start += IDS_PER_CALL) {
    const chunk = ids.slice(start, start + IDS_PER_CALL);
    const { json } = await api("POST", `/crm/v2/${state.module.api_name}/actions/mass_update`, { ...body, ids: chunk }, PREVIEW);
    const entries = json.data.length === 1 && chunk.length > 1 ? chunk.map(() => json.data[0]) : json.data;
    for (const entry of entries) {
      if (entry.status === "success") updated++; else refusals.set(entry.code, (refusals.get(entry.code) ?? 0) + 1);
    }
  }
  const not = [...refusals].map(([code, count]) => `${code} (${count})`).join(", ");
  return `Preview: ${updated} of ${ids.length} records would be updated${not ? `; ${ids.length - updated} not: ${not}` : ""}. Nothing has changed yet.`;
}

async function previewJob(body) {
  const { json } = await api("POST", `/crm/v2/${state.module.api_name}/actions/mass_update`, { ...body, cvid: state.view }, PREVIEW);
  const c = json.data[0];
  if (c.Status !== "PREVIEW") return `Preview: the job would not be scheduled: ${sentence({ body: c })}`;
  return `Preview: of the ${c.Total_Count} records of the view, ${c.Updated_Count} would be updated; ${c.Locked_Count} locked, ` +
    `${c.Not_Approved_Count} not approved, ${c.In_Review_Count} in review, ${c.Converted_Count} converted. Nothing has changed yet.`;
}

/** "3 of 3 records updated.", "1 of 2 records updated; 1 not: RECORD_LOCKED (1)." */
function summary(updated, done, total, refusals) {
  const not = [...refusals].map(([code, count]) => `${code} (${count})`).join(", ");
  return `${updated} of ${done} records updated${not ? `; ${done - updated} not: ${not}` : ""}` +
    `${done < total ? ` (${total - done} to go)` : ""}.`;
}

async function runIds(body, ids) {
  $("job-progress").hidden = true;
  const refusals = new Map();
  let done = 0;
  let updated = 0;
  for (let start = 0; start < ids.length; start += IDS_PER_CALL) {
    const chunk = ids.slice(start, start + IDS_PER_CALL);
    const { json, headers } = await api("POST", `/crm/v2/${state.module.api_name}/actions/mass_update`, { ...body, ids: chunk });
    noteOperation(headers);
    // A refusal of the whole request (no field, a bad value) comes as one entry for every record.
    const entries = json.data.length === 1 && chunk.length > 1 ? chunk.map(() => json.data[0]) : json.data;
    chunk.forEach((id, i) => {
      const entry = entries[i] ?? { code: "NO_ANSWER", message: "no entry for this record", status: "error" };
      const ok = entry.status === "success";
      if (ok) updated++; else refusals.set(entry.code, (refusals.get(entry.code) ?? 0) + 1);
      const words = ok ? "" : inWords(entry.details, ["id"]);
      $("results").tBodies[0].append(element("tr", { "data-id": id }, element("td", {}, id),
        element("td", { class: ok ? "code-SUCCESS" : "code-error" }, entry.code), element("td", {}, entry.message + (words ? ` (${words})` : ""))));
    });
    done += chunk.length;
    $("outcome-summary").textContent = summary(updated, done, ids.length, refusals);
  }
  state.selected.clear();
}

async function runJob(body) {
  const { json } = await api("POST", `/crm/v2/${state.module.api_name}/actions/mass_update`, { ...body, cvid: state.view });
  const entry = json.data[0];
  if (entry.status !== "success") { $("outcome-summary").textContent = sentence({ body: entry }); return; }
  const jobId = entry.details.job_id;
  noteOperation(jobId);
  const bar = $("job-progress");
  bar.hidden = false;
  bar.value = 0;
  const path = `/crm/v2/${state.module.api_name}/actions/mass_update?job_id=${jobId}`;
  const show = (status) => {
    bar.max = Math.max(1, status.Total_Count);
    bar.value = status.Updated_Count + status.Not_Updated_Count + status.Failed_Count;
    $("outcome-summary").textContent = `Job ${jobId}: ${status.Status}, ${status.Updated_Count} of ${status.Total_Count} updated, ` +
      `${status.Not_Updated_Count} not updated, ${status.Failed_Count} failed.`;
  };
  // The progress stream, each batch as it is done; polling when the stream cannot be had.
  if (!(await followJob(path, show))) for (;;) {
    const status = (await api("GET", path)).json.data[0];
    show(status);
    if (status.Status === "COMPLETED" || status.Status === "FAILED") break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  state.allInView = false;
}

$("open-mass-update").addEventListener("click", openMassUpdate);
$("mass-update-form").addEventListener("input", dropPreview);
$("field").addEventListener("change", () => {
  const field = state.fields.find((f) => f.api_name === $("field").value);
  if (field) editorFor(field); else $("value-editor").replaceChildren();
});
$("mass-update-form").addEventListener("submit", applyMassUpdate);
$("cancel").addEventListener("click", () => $("mass-update").close());
$("dismiss").addEventListener("click", () => { $("outcome").hidden = true; });
