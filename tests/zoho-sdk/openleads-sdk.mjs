// Initialises Zoho's official Node.js SDK for API v8 as a real user would, pointed at an OpenLeads server.
// The xunit tests (tests/OpenLeads.Tests/ZohoSdk) pass the server and an OAuth client in the environment:
//   OPENLEADS_URL            the server, e.g. http://127.0.0.1:5180 (CRM API and accounts server alike)
//   OPENLEADS_CLIENT_ID, OPENLEADS_CLIENT_SECRET, OPENLEADS_REFRESH_TOKEN   a client registered at /__admin/oauth_clients
//   OPENLEADS_SDK_DIR        a fresh folder for the SDK's token store, field cache and log
import fs from "node:fs";
import path from "node:path";
import * as ZOHOCRMSDK from "@zohocrm/nodejs-sdk-8.0";

export { ZOHOCRMSDK };

function setting(name) {
  const value = process.env[name];
  if (!value) fail(`${name} is not set`);
  return value;
}

/** Ends the script with exit code 1 and one line naming what went wrong. */
export function fail(message) {
  console.error(`FAIL ${message}`);
  process.exit(1);
}

/** What a test asserts: one line per step, "OK <step> <facts as JSON>". */
export function ok(step, facts = {}) {
  console.log(`OK ${step} ${JSON.stringify(facts, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
}

export const sdkDir = () => setting("OPENLEADS_SDK_DIR");

/**
 * InitializeBuilder with a custom Environment (the SDK's own class: CRM URL, accounts URL, file upload URL),
 * an OAuthToken from a refresh token and client credentials, a FileStore, autoRefreshFields(true) and a log
 * file. Initialising refreshes the token at once and asks for the current user and the org.
 */
export async function initialize() {
  const url = setting("OPENLEADS_URL").replace(/\/$/, "");
  const dir = sdkDir();
  const environment = new ZOHOCRMSDK.Environment(url, `${url}/oauth/v2/token`, url);
  const token = new ZOHOCRMSDK.OAuthBuilder()
    .clientId(setting("OPENLEADS_CLIENT_ID"))
    .clientSecret(setting("OPENLEADS_CLIENT_SECRET"))
    .refreshToken(setting("OPENLEADS_REFRESH_TOKEN"))
    .build();
  const logger = new ZOHOCRMSDK.LogBuilder().level(ZOHOCRMSDK.Levels.INFO).filePath(path.join(dir, "sdk.log")).build();
  const store = new ZOHOCRMSDK.FileStore(path.join(dir, "tokens.txt"));
  const sdkConfig = new ZOHOCRMSDK.SDKConfigBuilder().autoRefreshFields(true).pickListValidation(false).build();
  await (await new ZOHOCRMSDK.InitializeBuilder())
    .environment(environment)
    .token(token)
    .store(store)
    .SDKConfig(sdkConfig)
    .resourcePath(dir)
    .logger(logger)
    .initialize();
  return { url, dir, store };
}

/** The SDK logs (and swallows) some failures, such as the current-user look-up after a token refresh: its log when it holds an error. */
export function loggedErrors() {
  const file = path.join(sdkDir(), "sdk.log");
  const log = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  return log.includes("level: 'error'") ? log.slice(-4000) : null;
}

/** The body of an APIException, or null when the object is not one. */
export function apiError(object) {
  if (object == null || typeof object.getCode !== "function" || typeof object.getDetails !== "function") return null;
  if (object.constructor.name !== "APIException") return null;
  return { code: object.getCode()?.getValue(), message: object.getMessage()?.getValue?.() ?? object.getMessage(), details: Object.fromEntries(object.getDetails() ?? []) };
}

/** Runs main, reporting any exception (an SDKException included) as one FAIL line. */
export function run(main) {
  main().then(
    () => {
      const errors = loggedErrors();
      if (errors) fail(`the SDK logged an error:\n${errors}`);
      process.exit(0);
    },
    (error) => {
      const detail = error?.details ? ` ${JSON.stringify(Object.fromEntries(error.details instanceof Map ? error.details : Object.entries(error.details)))}` : "";
      fail(`${error?.code ?? error?.name ?? "error"}: ${error?.message ?? error}${detail}${error?.cause ? ` (cause: ${error.cause})` : ""}\n${error?.stack ?? ""}\n${loggedErrors() ?? ""}`);
    },
  );
}
