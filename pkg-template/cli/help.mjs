// The help: all of it (`datadog-okta --help`), or one command's (`help plan`, `plan --help`),
// written from the commands' description (spec.mjs) and the rule book's defaults. The README
// shows the whole help as printed; a test holds them together.
import { COMMANDS, OPTIONS } from "./spec.mjs";

const pad = (text, width) => (text.length >= width ? `${text}  ` : text.padEnd(width));

function optionLine(name, book) {
  const o = OPTIONS[name];
  const head = `${o.short ? `-${o.short}, ` : ""}--${name}${o.value ? ` ${o.value}` : ""}${o.alias ? `, --${o.alias}` : ""}`;
  return `  ${pad(head, 31)}${o.help(book)}`;
}

const FILE = `FILE, the desired state (JSON), holds accounts by name; secrets are references to
environment variables, never values:
  { "accounts": {
      "prod": { "authMethod": "oauth", "domain": "https://prod.okta.com/",
                "clientId": "0oa1...", "clientSecret": "\${OKTA_PROD_CLIENT_SECRET}" },
      "lab":  { "authMethod": "api_key", "domain": "https://lab.okta.com/",
                "apiKey": "\${OKTA_LAB_API_TOKEN}" } } }
It may name organisations, each with its site (or a loopback baseUrl) and the variables of its
keys, and give an account an "organisations" list (all by default):
  "organisations": { "eu": { "site": "datadoghq.eu", "apiKey": "\${EU_DD_API_KEY}",
                             "appKey": "\${EU_DD_APP_KEY}" } }
and "allowedDomains": ["example.com"] for Okta domains outside Okta's own.
`;

const ENVIRONMENT = `Environment:
  DD_API_KEY, DD_APP_KEY     the keys (required, unless a proxy at --base-url adds them)
  DD_SITE                    the site, when --site is not given (ignored when FILE names
                             organisations)
  DATADOG_OKTA_STATE_KEY     the key of the state's fingerprints (default: derived from the
                             application key)
  DATADOG_OKTA_LOCK_TIMEOUT_MS  how long to wait for a locked state file (default 10000)
  NO_COLOR, FORCE_COLOR      colours off, or on when not on a terminal
  OKTA_CLIENT_SECRET, OKTA_API_KEY  the secret of create and update (or --secret-env VAR)
  and the variables FILE names.
`;

const EXIT_CODES = `Exit codes:
  0  success, or nothing to do
  1  validation error: bad arguments, an invalid FILE, PLAN or state file, a name used
     twice, a variable that is not set, a stale PLAN, or no typed yes
  2  API error: a call failed and nothing was changed
  3  partial failure: some changes were made and others failed or were not attempted;
     also Ctrl-C during apply, and a state file that cannot be written
  4  plan --exit-code: not known to be in sync: changes, or secrets that could not be
     verified (unless --ignore-unverifiable-secrets)
`;

/** The whole help, with the defaults of `book` (`client.rules.describe()`). */
export function help(book) {
  const commands = Object.entries(COMMANDS).map(([, c]) => `  ${c.usage}\n      ${c.summary}`);
  const options = Object.keys(OPTIONS).map((name) => optionLine(name, book));
  return `Usage: datadog-okta <command> [options]

Manages the Okta accounts of Datadog's Okta integration.

Commands:
${commands.join("\n")}

Options (datadog-okta help COMMAND lists those of a command):
${options.join("\n")}

${FILE}
${ENVIRONMENT}
${EXIT_CODES}`;
}

/** The help of one command: how it is called, what it does, its options. */
export function commandHelp(command, book) {
  const c = COMMANDS[command];
  const options = [...c.options, "help"].map((name) => optionLine(name, book));
  const file = command === "plan" || command === "apply" ? `\n${FILE}` : "";
  return `Usage: datadog-okta ${c.usage}

${c.summary}.

Options:
${options.join("\n")}
${file}
${EXIT_CODES}`;
}
