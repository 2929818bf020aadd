// What the SDK cached of the org's metadata (autoRefreshFields): its modules and each module's fields, by api name.
import fs from "node:fs";
import path from "node:path";
import { sdkDir, fail } from "./openleads-sdk.mjs";

export function fieldCache() {
  const dir = path.join(sdkDir(), "resources");
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
  if (files.length !== 1) fail(`expected one field cache file in ${dir}, found ${JSON.stringify(files)}`);
  return JSON.parse(fs.readFileSync(path.join(dir, files[0]), "utf8"));
}

/** The module's fields as the SDK typed them (it fetches them with the module's first record call). */
export function fieldTypes(moduleName) {
  return fieldCache()[moduleName.toLowerCase()] ?? fail(`the SDK's field cache has no module ${moduleName}`);
}
