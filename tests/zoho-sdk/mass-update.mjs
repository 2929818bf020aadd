// Records and mass update of one module through the SDK, as an integration would use them:
//   node mass-update.mjs MODULE CVID '{"Field":value,…}' ID,ID
// getRecords; massUpdateRecords by the ids given; massUpdateRecords by the custom
// view CVID, then getMassUpdateStatus until the job completes; getRecords again to see the values.
import { initialize, ok, fail, run } from "./openleads-sdk.mjs";
import { getRecords, typedRecord, massUpdateIds, massUpdateView, holding } from "./steps.mjs";

const [moduleName, cvid, valuesJson, ids] = process.argv.slice(2);
if (!moduleName || !cvid || !valuesJson || !ids) fail("usage: node mass-update.mjs MODULE CVID '{\"Field\":value}' ID,ID");
const values = JSON.parse(valuesJson);

run(async () => {
  await initialize();
  const records = await getRecords(moduleName, Object.keys(values));
  ok("getRecords", { module: moduleName, ids: records.map((r) => r.getId().toString()).sort() });
  const record = typedRecord(moduleName, values);
  await massUpdateIds(moduleName, record, ids.split(","));
  await massUpdateView(moduleName, record, cvid);
  await holding(moduleName, values);
});
