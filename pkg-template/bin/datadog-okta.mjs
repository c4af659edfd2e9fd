#!/usr/bin/env node
// datadog-okta: the Okta accounts of Datadog organisations from the command line, one at a time
// or declaratively from a file (plan, apply, export). Node 18+, no dependencies: the package's
// own build. The parts, one job each, are in ../cli/ (main.mjs is where to start reading).
import { report } from "../cli/errors.mjs";
import { main } from "../cli/main.mjs";

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  async (e) => {
    process.exitCode = await report(e, argv.includes("--json"));
  },
);
