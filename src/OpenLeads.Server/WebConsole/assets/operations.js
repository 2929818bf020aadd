// The operations of the mass update the panel shows (OpenLeads only: every mass update answers its id in
// X-OpenLeads-Operation-Id, a job's is its job id). Undo schedules each one's undo and follows it as a job;
// "Show records" lists the records each touched or left alone, with why. An undo is itself an operation:
// once it has run, the buttons act on it (Undo again redoes the change).

import { state } from "./state.js";
import { $, element } from "./dom.js";
import { api, sentence } from "./api.js";
import { load } from "./list.js";

const HEADER = "X-OpenLeads-Operation-Id";
let operations = [];

export function resetOperations() {
  operations = [];
  $("operation-actions").hidden = true;
}

/** Keeps the operation id of a mass update answer (its headers), or a job's id. */
export function noteOperation(from) {
  const id = typeof from === "string" ? from : from?.get(HEADER);
  if (id) operations.push(id);
}

export function showOperations() {
  $("operation-actions").hidden = operations.length === 0;
}

async function finished(jobId) {
  for (;;) {
    const status = (await api("GET", `/crm/v2/${state.module.api_name}/actions/mass_update?job_id=${jobId}`)).json.data[0];
    $("outcome-summary").textContent = `Undo job ${jobId}: ${status.Status}, ${status.Updated_Count} of ${status.Total_Count} restored.`;
    if (status.Status === "COMPLETED" || status.Status === "FAILED") return status;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function undo() {
  $("undo").disabled = true;
  $("job-progress").hidden = true;
  const undone = operations;
  operations = [];
  let restored = 0, left = 0, failed = 0;
  try {
    for (const id of undone) {
      const { json } = await api("POST", `/openleads/v1/operations/${id}/undo`, {});
      const jobId = json.data[0].details.job_id;
      const status = await finished(jobId);
      restored += status.Updated_Count; left += status.Not_Updated_Count; failed += status.Failed_Count;
      operations.push(jobId);
    }
    $("outcome-summary").textContent = `Undone: ${restored} records restored, ${left} left alone (changed since, or locked), ${failed} failed.`;
    $("results").tBodies[0].replaceChildren();
  } catch (failure) {
    operations = undone;
    if (!failure.signedOut) $("outcome-summary").textContent = sentence(failure);
  }
  $("undo").disabled = false;
  showOperations();
  await load();
}

async function showRecords() {
  const rows = [];
  try {
    for (const id of operations) {
      for (let page = 1; ; page++) {
        const { status, json } = await api("GET", `/openleads/v1/operations/${id}/records?page=${page}&per_page=200`);
        if (status === 204) break;
        rows.push(...json.data);
        if (!json.info.more_records) break;
      }
    }
  } catch (failure) {
    if (!failure.signedOut) $("outcome-summary").textContent = sentence(failure);
    return;
  }
  $("results").tBodies[0].replaceChildren(...rows.map((r) => element("tr", { "data-id": r.id }, element("td", {}, r.id),
    element("td", { class: r.code === "SUCCESS" ? "code-SUCCESS" : "code-error" }, r.code), element("td", {}, r.outcome.replace("_", " ")))));
}

$("undo").addEventListener("click", undo);
$("operation-records").addEventListener("click", showRecords);
