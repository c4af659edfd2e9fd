// The text of `datadog-okta --help`: the commands, the desired-state file, the options, the
// environment and the exit codes. Defaults and limits come from the core's rule book.

/** The help text, with the defaults of `book` (`client.rules.describe()`). */
export const help = (book) => `Usage: datadog-okta <command> [options]

Manages the Okta accounts of Datadog's Okta integration.

Commands:
  list                      List the accounts
  get ID | --name NAME      Show one account
  create --name NAME --domain URL --auth-method oauth|api_key [--client-id ID]
                            Create an account
  update ID | --name NAME [--domain URL] [--auth-method M] [--client-id ID]
                            Update an account; what is not given keeps its current value,
                            and the secret is always sent
  delete ID | --name NAME   Delete an account
  plan FILE                 Show what apply would change to match FILE
  apply FILE                Make the accounts match FILE

  create and update read the secret from the environment: $OKTA_CLIENT_SECRET (oauth) or
  $OKTA_API_KEY (api_key), or the variable named by --secret-env. Secrets are never taken
  from the command line and never printed.

FILE, the desired state (JSON), holds accounts by name; secrets are references to
environment variables, never values:
  { "accounts": {
      "prod": { "authMethod": "oauth", "domain": "https://prod.okta.com/",
                "clientId": "0oa1...", "clientSecret": "\${OKTA_PROD_CLIENT_SECRET}" },
      "lab":  { "authMethod": "api_key", "domain": "https://lab.okta.com/",
                "apiKey": "\${OKTA_LAB_API_TOKEN}" } } }

Options:
  --site SITE           Datadog site, such as datadoghq.eu (default: $DD_SITE, else ${book.defaultSite})
  --base-url URL        API base URL instead of a site (a proxy, a local API)
  --json                Machine-readable output on stdout
  --state PATH          plan/apply: the fingerprints of the secrets sent (default: FILE with
                        .state.json for .json); a salted hash per account, written with mode 0600
  --prune               plan/apply: delete the accounts that FILE does not name
  --push-secrets        plan/apply: also update the accounts whose secret cannot be verified
                        (the secret is sent, and known from then on)
  --concurrency N       apply: calls at a time (default ${book.limits.concurrency.default}, at most ${book.limits.concurrency.max})
  --continue-on-error   apply: go on with the next accounts after a failure
  --exit-code           plan: exit 4 when there are changes
  --max-retries N       retries of a call (default ${book.limits.maxRetries.default})
  --timeout-ms MS       limit on one attempt (default ${book.limits.timeoutMs.default})
  -h, --help            This help
  --version             The version

Environment: DD_API_KEY and DD_APP_KEY (required, unless a proxy at --base-url adds them),
DD_SITE, and the variables FILE names.

Exit codes:
  0  success, or nothing to do
  1  validation error: bad arguments, an invalid FILE or state file, a name used twice,
     a secret variable that is not set
  2  API error: a call failed and nothing was changed
  3  partial failure: some changes were made and others failed or were not attempted;
     also Ctrl-C during apply (the call in flight finishes and the state file is saved)
  4  plan --exit-code: the plan has changes
`;
