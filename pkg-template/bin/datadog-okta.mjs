#!/usr/bin/env node
// datadog-okta: the Okta accounts of a Datadog organisation from the command line, one at a time
// or declaratively from a file (plan, apply). Node 18+, no dependencies: the package's own build.
// The parts, one job each, are in ../cli/ (main.mjs is where to start reading).
import { report } from "../cli/errors.mjs";
import { main } from "../cli/main.mjs";

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = report(e, argv.includes("--json"));
  },
);
