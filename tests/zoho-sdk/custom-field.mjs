// A custom field created while the SDK runs, then mass-updated through it:
//   node custom-field.mjs MODULE CVID '{"field_label":…,"data_type":…}' VALUE ID,ID
// The SDK starts and caches the module's fields; the field is created with plain HTTP
// (POST /crm/v8/settings/fields?module=, with the SDK's access token); ModuleFieldsHandler.refreshFields
// fetches the module's fields again, as Zoho's README says to after a change; the new field is then
// mass-updated by ids and by the view's job.
import { ZOHOCRMSDK, initialize, ok, fail, run, apiError } from "./openleads-sdk.mjs";
import { fieldTypes } from "./field-cache.mjs";
import { getRecords, typedRecord, massUpdateIds, massUpdateView, holding } from "./steps.mjs";

const [moduleName, cvid, fieldJson, valueJson, ids] = process.argv.slice(2);
if (!moduleName || !cvid || !fieldJson || !valueJson || !ids) fail("usage: node custom-field.mjs MODULE CVID '{field}' VALUE ID,ID");

run(async () => {
  const { url, store } = await initialize();
  const records = await getRecords(moduleName, ["Modified_Time"]);
  ok("getRecords", { module: moduleName, ids: records.map((r) => r.getId().toString()).sort() });

  const [token] = await store.getTokens();
  const created = await fetch(`${url}/crm/v8/settings/fields?module=${moduleName}`, {
    method: "POST",
    headers: { Authorization: `Zoho-oauthtoken ${token.getAccessToken()}`, "Content-Type": "application/json" },
    body: JSON.stringify({ fields: [JSON.parse(fieldJson)] }),
  });
  const answer = await created.json();
  if (created.status !== 201 && created.status !== 200) fail(`creating the field answered ${created.status} ${JSON.stringify(answer)}`);
  const fieldId = answer.fields[0].details.id;

  // Through the SDK: the field by id (FieldsOperations.getField), then the module's fields refreshed.
  const params = new ZOHOCRMSDK.ParameterMap();
  await params.add(ZOHOCRMSDK.Fields.GetFieldParam.MODULE, moduleName);
  const response = await new ZOHOCRMSDK.Fields.FieldsOperations().getField(BigInt(fieldId), params);
  const object = response.getObject();
  if (!(object instanceof ZOHOCRMSDK.Fields.ResponseWrapper)) fail(`getField answered ${response.getStatusCode()}: ${JSON.stringify(apiError(object))}`);
  const field = object.getFields()[0];
  const apiName = field.getAPIName();
  ok("createField", { status: created.status, api_name: apiName, data_type: field.getDataType() });

  if (fieldTypes(moduleName)[apiName]) fail(`the SDK's cache had ${apiName} before the refresh`);
  await ZOHOCRMSDK.ModuleFieldsHandler.refreshFields(moduleName);
  ok("refreshFields", { cached: fieldTypes(moduleName)[apiName] ?? null });

  const values = { [apiName]: JSON.parse(valueJson) };
  const record = typedRecord(moduleName, values);
  await massUpdateIds(moduleName, record, ids.split(","));
  await massUpdateView(moduleName, record, cvid);
  await holding(moduleName, values);
});
