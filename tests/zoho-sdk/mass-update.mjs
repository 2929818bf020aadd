// Records and mass update of one module through the SDK, as an integration would use them:
//   node mass-update.mjs MODULE CVID '{"Field":value,…}'
// getRecords; massUpdateRecords by the ids of the first two records; massUpdateRecords by the custom
// view CVID, then getMassUpdateStatus until the job completes; getRecords again to see the values.
import { initialize, ok, fail, run } from "./openleads-sdk.mjs";
import { getRecords, typedRecord, massUpdateIds, massUpdateView, holding } from "./steps.mjs";

const [moduleName, cvid, valuesJson] = process.argv.slice(2);
if (!moduleName || !cvid || !valuesJson) fail("usage: node mass-update.mjs MODULE CVID '{\"Field\":value}'");
const values = JSON.parse(valuesJson);

run(async () => {
  await initialize();
  const records = await getRecords(moduleName, Object.keys(values));
  ok("getRecords", { module: moduleName, ids: records.map((r) => r.getId().toString()).sort() });
  const record = typedRecord(moduleName, values);
  await massUpdateIds(moduleName, record, records.slice(0, 2).map((r) => r.getId().toString()));
  await massUpdateView(moduleName, record, cvid);
  await holding(moduleName, values);
});
