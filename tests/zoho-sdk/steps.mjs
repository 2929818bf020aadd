// The record and mass update calls the scripts make, each through the SDK's own operations and wrappers.
import { ZOHOCRMSDK, ok, fail, apiError } from "./openleads-sdk.mjs";
import { fieldTypes } from "./field-cache.mjs";

const { Record: R, ParameterMap, Choice } = ZOHOCRMSDK;

/** RecordOperations.getRecords with the fields v8 asks for; the records (none on 204). */
export async function getRecords(moduleName, fields) {
  const params = new ParameterMap();
  await params.add(R.GetRecordsParam.FIELDS, fields.join(","));
  await params.add(R.GetRecordsParam.PER_PAGE, 200);
  const response = await new R.RecordOperations(moduleName).getRecords(params);
  if (response.getStatusCode() === 204) return [];
  const object = response.getObject();
  if (!(object instanceof R.ResponseWrapper)) fail(`getRecords ${moduleName} answered ${response.getStatusCode()}: ${JSON.stringify(apiError(object))}`);
  return object.getData();
}

/** A Record holding the values given as JSON, typed as the SDK's field cache says (a picklist as a Choice, a date as a Date). */
export function typedRecord(moduleName, values) {
  const types = fieldTypes(moduleName);
  const record = new R.Record();
  for (const [name, value] of Object.entries(values)) {
    if (!types[name]) fail(`the SDK's field cache has no field ${name} in ${moduleName}`);
    record.addKeyValue(name, types[name].picklist ? new Choice(value) : types[name].type === "Date" ? new Date(value) : value);
  }
  return record;
}

/** A field's value as the SDK read it, comparable with the JSON given. */
export function plain(value) {
  if (value instanceof Choice) return value.getValue();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}

async function massUpdate(moduleName, body) {
  const response = await new R.RecordOperations(moduleName).massUpdateRecords(body);
  const object = response.getObject();
  if (!(object instanceof R.MassUpdateActionWrapper)) fail(`massUpdateRecords answered ${response.getStatusCode()}: ${JSON.stringify(apiError(object))}`);
  return { status: response.getStatusCode(), results: object.getData() };
}

/** massUpdateRecords with ids: each record's result at once. */
export async function massUpdateIds(moduleName, record, ids) {
  const body = new R.MassUpdateBodyWrapper();
  body.setData([record]);
  body.setIds(ids);
  body.setOverWrite(true);
  const { status, results } = await massUpdate(moduleName, body);
  ok("massUpdateRecords.ids", { status, results: results.map((r) => (r instanceof R.MassUpdateSuccessResponse
    ? { code: r.getCode().getValue(), id: r.getDetails().get("id")?.toString() }
    : { error: apiError(r) })) });
}

/** massUpdateRecords with a custom view: a job, then getMassUpdateStatus until it is COMPLETED. */
export async function massUpdateView(moduleName, record, cvid) {
  const body = new R.MassUpdateBodyWrapper();
  body.setData([record]);
  body.setCvid(cvid);
  body.setOverWrite(true);
  const { status, results } = await massUpdate(moduleName, body);
  const entry = results[0];
  if (!(entry instanceof R.MassUpdateSuccessResponse)) fail(`massUpdateRecords by cvid: ${JSON.stringify(apiError(entry))}`);
  const jobId = entry.getDetails().get("job_id");
  ok("massUpdateRecords.cvid", { status, code: entry.getCode().getValue(), message: entry.getMessage().getValue(), job_id: typeof jobId });

  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const params = new ParameterMap();
    await params.add(R.GetMassUpdateStatusParam.JOB_ID, jobId);
    const response = await new R.RecordOperations(moduleName).getMassUpdateStatus(params);
    const object = response.getObject();
    if (!(object instanceof R.MassUpdateResponseWrapper)) fail(`getMassUpdateStatus answered ${response.getStatusCode()}: ${JSON.stringify(apiError(object))}`);
    const job = object.getData()[0];
    if (!(job instanceof R.MassUpdate)) fail(`getMassUpdateStatus: ${JSON.stringify(apiError(job))}`);
    const state = job.getStatus().getValue();
    if (state === "COMPLETED") {
      ok("getMassUpdateStatus", { status: state, total: job.getTotalCount(), updated: job.getUpdatedCount(),
        not_updated: job.getNotUpdatedCount(), failed: job.getFailedCount() });
      return;
    }
    if (state === "FAILED") fail("the mass update job FAILED");
    if (Date.now() - started > 10000) fail(`the job is still ${state} after 10 s`);
  }
}

/** getRecords again: the ids of the records that hold every value. */
export async function holding(moduleName, values) {
  const fields = Object.keys(values);
  const records = await getRecords(moduleName, fields);
  ok("values", { holding: records.filter((r) => fields.every((f) => JSON.stringify(plain(r.getKeyValue(f))) === JSON.stringify(values[f])))
    .map((r) => r.getId().toString()).sort() });
}
