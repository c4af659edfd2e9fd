// Shared by the planner's helpers: the main entry's error classes (imported by the package's own
// name, so `instanceof` holds across the two entries), input copying and problem reporting.

import { client } from "datadog-okta-wasm";

export const { ApiException, ValidationError } = client;

/** Largest input handed to the planner, in characters of JSON. */
export const MAX_INPUT_CHARS = 8 << 20;

export const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
export const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** A ValidationError naming the helper and every problem. */
export function invalid(operation, problems) {
  const detail = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
  return new ValidationError(`${operation}: invalid input: ${detail}`, problems);
}

/** A plain copy of user data through JSON, so getters and cycles fail here, not in Rust. */
export function plainCopy(operation, value, path) {
  let json;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw invalid(operation, [{ path, message: `could not be read as JSON (${e?.name ?? "Error"})` }]);
  }
  if (json === undefined) throw invalid(operation, [{ path, message: "is required" }]);
  if (json.length > MAX_INPUT_CHARS) throw invalid(operation, [{ path, message: `is larger than ${MAX_INPUT_CHARS} characters as JSON` }]);
  return JSON.parse(json);
}

/** The rule book of the core (sites, secret per auth method, limits): `client.rules`. */
export const rules = () => client.rules.describe();
