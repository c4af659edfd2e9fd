// The commands and their options, described once: the parser checks arguments against it, and
// the help (the whole one and each command's) is written from it. Defaults and limits come from
// the core's rule book (`book`), never from here.
import { readFileSync } from "node:fs";

/** The package's version. */
export const VERSION = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

/** Every option: its value's name (none for a flag) and its help line (a function of the book). */
export const OPTIONS = {
  site: { value: "SITE", help: (b) => `The Datadog site (default: $DD_SITE, else ${b.defaultSite})` },
  "base-url": { value: "URL", help: () => "The API base URL instead of a site: a proxy, a local API" },
  "max-retries": { value: "N", help: (b) => `Retries of a call (default ${b.limits.maxRetries.default})` },
  "timeout-ms": { value: "MS", help: (b) => `Limit on one attempt (default ${b.limits.timeoutMs.default})` },
  json: { help: () => "Machine-readable output on stdout, with a version" },
  output: { value: "FORMAT", help: () => "table (default), json or ids" },
  name: { value: "NAME", help: () => "The account's name (list: only those with it)" },
  domain: { value: "URL", help: () => "The Okta domain, https://acme.okta.com/ (list: it or its host)" },
  "auth-method": { value: "METHOD", help: (b) => Object.keys(b.authMethods).join(" or ") },
  "client-id": { value: "ID", help: () => "The OAuth client id (oauth)" },
  "secret-env": { value: "VAR", help: () => "The secret's variable (default OKTA_CLIENT_SECRET or OKTA_API_KEY)" },
  state: { value: "PATH", help: () => "The state file (plan, apply: default FILE.state.json)" },
  prune: { help: () => "Delete the accounts that FILE does not name" },
  "push-secrets": { help: () => "Also update the accounts whose secret cannot be verified" },
  "exit-code": { help: () => "Exit 4 unless in sync: changes or unverifiable secrets" },
  "ignore-unverifiable-secrets": { help: () => "With --exit-code: unverifiable secrets alone exit 0" },
  out: { value: "PATH", help: () => "plan: save the plan (mode 0600); export: write FILE" },
  org: { value: "NAME", help: () => "Only this organisation of FILE (repeatable, or NAME,NAME)" },
  "allow-base-url": { help: () => "Accept a non-loopback baseUrl from FILE or PLAN" },
  concurrency: { value: "N", help: (b) => `Calls at a time per organisation (default ${b.limits.concurrency.default}, at most ${b.limits.concurrency.max})` },
  "continue-on-error": { help: () => "Go on with the next accounts after a failure" },
  yes: { alias: "auto-approve", help: () => "Do not ask (needed when stdin is not a terminal)" },
  help: { short: "h", help: () => "Help: all of it, or the command's" },
  version: { help: () => "The version" },
};

const CONNECTION = ["site", "base-url", "max-retries", "timeout-ms"];
const ORGANISATIONS = ["org", "allow-base-url"];

/** Every command: how it is called, what it does, and the options it takes. */
export const COMMANDS = {
  list: { usage: "list [--name NAME] [--domain URL] [--auth-method M] [--output table|json|ids]", summary: "List the accounts", options: [...CONNECTION, "name", "domain", "auth-method", "output", "json"] },
  get: { usage: "get ID | --name NAME", summary: "Show one account", options: [...CONNECTION, "name", "json"] },
  create: {
    usage: "create --name NAME --domain URL --auth-method M [--client-id ID] [--secret-env VAR]",
    summary: "Create an account; with --state, record its secret's fingerprint",
    options: [...CONNECTION, "name", "domain", "auth-method", "client-id", "secret-env", "state", "json"],
  },
  update: {
    usage: "update ID | --name NAME [--domain URL] [--auth-method M] [--client-id ID]",
    summary: "Update an account (what is not given is kept; the secret is always sent)",
    options: [...CONNECTION, "name", "domain", "auth-method", "client-id", "secret-env", "state", "json"],
  },
  delete: { usage: "delete ID | --name NAME [--yes]", summary: "Delete an account, after a typed yes", options: [...CONNECTION, "name", "state", "yes", "json"] },
  plan: {
    usage: "plan FILE [--out PLAN]",
    summary: "Show what apply would change to match FILE; --out saves it for review",
    options: [...CONNECTION, ...ORGANISATIONS, "state", "prune", "push-secrets", "exit-code", "ignore-unverifiable-secrets", "out", "json"],
  },
  apply: {
    usage: "apply FILE | PLAN [--yes]",
    summary: "Make the accounts match FILE, or apply a saved PLAN exactly, after a typed yes",
    options: [...CONNECTION, ...ORGANISATIONS, "state", "prune", "push-secrets", "concurrency", "continue-on-error", "yes", "json"],
  },
  export: { usage: "export [--out FILE]", summary: "Write a desired file of the current accounts, secrets as ${VARIABLES}", options: [...CONNECTION, "out", "json"] },
  help: { usage: "help [COMMAND]", summary: "This help, or a command's", options: [] },
};

/** The option named `name`, its alias resolved: `[canonical name, spec]`, or undefined. */
export function option(name) {
  if (OPTIONS[name]) return [name, OPTIONS[name]];
  const found = Object.entries(OPTIONS).find(([, o]) => o.alias === name);
  return found;
}
