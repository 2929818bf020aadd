// The SDK's start-up: the token refresh, the current user and the org (the user signature it stores),
// then, with autoRefreshFields(true), the modules and every API-supported module's fields, fetched by
// its first record call and cached in the resource folder.
import { initialize, ok, fail, run } from "./openleads-sdk.mjs";
import { fieldCache } from "./field-cache.mjs";
import { getRecords } from "./steps.mjs";

run(async () => {
  const { store } = await initialize();
  const [token] = await store.getTokens();
  if (!token?.getAccessToken()) fail("the token store holds no access token after initialising");
  ok("token", { user: token.getUserSignature()?.getName() ?? null, api_domain: token.getAPIDomain() });

  const leads = await getRecords("Leads", ["Last_Name"]);
  ok("getRecords", { module: "Leads", count: leads.length });
  const cache = fieldCache();
  const modules = Object.values(cache["SDK-MODULE-METADATA"] ?? {}).map((m) => `${m.api_name}:${m.generated_type}`).sort();
  const fields = (name) => Object.keys(cache[name.toLowerCase()] ?? {}).length;
  ok("metadata", { modules, fields: Object.fromEntries(modules.map((m) => m.split(":")[0]).map((m) => [m, fields(m)])) });
});
