// A record's page (#/Deals/{id}): every field of its module (a lookup linked to the record it points
// at, in that record's module), its state, and its timeline of changes, each naming the mass update
// or job that made it.

import { state } from "./state.js";
import { $, element, showPage, valueNode } from "./dom.js";
import { api } from "./api.js";
import { badges, listHash, recordName } from "./list.js";

const CHANGE_SOURCES = { mass_update: "mass update", scheduled_mass_update: "scheduled mass update (job)", crm_api: "API" };

/** Shows the record; false when there is no such record (any other refusal is thrown). */
export async function showRecord(id) {
  const record = (await api("GET", `/crm/v2/${state.module.api_name}/${id}`)).json?.data?.[0];
  if (!record) return false;
  const timeline = (await api("GET", `/crm/v2/${state.module.api_name}/${id}/__timeline`)).json?.__timeline ?? [];
  $("record-title").textContent = recordName(record);
  $("record-module").textContent = state.module.singular_label ?? state.module.api_name;
  $("record-state").replaceChildren(`Id ${id}. `, ...(badges(record).length ? badges(record) : ["Approved, not locked."]));
  $("record-fields").replaceChildren(...state.fields.filter((f) => f.api_name in record)
    .flatMap((f) => [element("dt", {}, f.field_label), element("dd", { "data-field": f.api_name }, valueNode(f, record[f.api_name]))]));
  const fieldOf = (name) => state.fields.find((f) => f.api_name === name);
  const rows = timeline.flatMap((entry) => entry.field_history.map((change) => {
    const made = entry.$openleads?.job_id ? ` ${entry.$openleads.job_id}` : "";
    return element("tr", {}, element("td", {}, entry.audited_time), element("td", {}, entry.done_by?.name ?? ""),
      element("td", {}, `${CHANGE_SOURCES[entry.source] ?? entry.source}${made}`), element("td", {}, change.field_label ?? change.api_name),
      element("td", {}, valueNode(fieldOf(change.api_name), change._value.old)), element("td", {}, valueNode(fieldOf(change.api_name), change._value.new)));
  }));
  $("timeline").tBodies[0].replaceChildren(...(rows.length ? rows : [element("tr", {}, element("td", { colspan: 6 }, "No changes yet."))]));
  $("outcome").hidden = true;
  showPage("record");
  $("back").focus();
  return true;
}

// Back in history when the list is the page before; otherwise (a reload, a pasted address) to the list.
$("back").addEventListener("click", () => { if (state.fromList) history.back(); else location.hash = listHash(); });
