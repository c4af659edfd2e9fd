// Shared by the Node entries of the client and of the planner (each bundled into its own .cjs):
// finding and reading a package's .wasm on disk.

// Node's modules are reached on the first call, and through process.getBuiltinModule where it
// exists (Node 20.16+ and 22.3+, Bun, Deno): a top-level require("node:fs") breaks this build
// when an app bundles it into ESM ("Dynamic require of node:fs is not supported").
function builtin(name) {
  return globalThis.process?.getBuiltinModule?.(name) ?? require(name);
}

/**
 * The bytes of `file`, looked for where the entry runs from. __dirname is the package folder,
 * or the bundle's folder once an app bundles this as CommonJS; an ESM bundle has no __dirname:
 * the .wasm is then looked for next to the program started. `label` names the entry in the
 * error when it is in neither place.
 */
export function readWasmBeside(file, label) {
  const fs = builtin("node:fs");
  const path = builtin("node:path");
  const dirs = [];
  if (typeof __dirname === "string") dirs.push(__dirname);
  const main = globalThis.process?.argv?.[1];
  if (typeof main === "string" && main !== "") dirs.push(path.dirname(path.resolve(main)));
  for (const dir of dirs) {
    const at = path.join(dir, file);
    if (fs.existsSync(at)) return fs.readFileSync(at);
  }
  throw new Error(
    `${label}: ${file} is not in ${[...new Set(dirs)].join(" nor in ")}. ` +
      "An app bundled for Node needs it copied next to the bundle (or the package kept external).",
  );
}
