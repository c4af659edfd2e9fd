// The error classes of the library. wasm-bindgen cannot subclass Error, so they live here;
// Rust decides which one and fills it through a JSON descriptor (see src/wasm/exports.rs). The
// names are listed once, in the core (`client.rules.describe().errorClasses`); a test holds
// this file, that list and index.d.ts together.

/** The base of every error this library throws: `instanceof DatadogOktaError` catches them all. */
export class DatadogOktaError extends Error {}

/** An HTTP error from the API: same `code` and `body` as the official client's ApiException. */
export class ApiException extends DatadogOktaError {
  constructor(code, body, options = {}) {
    super(options.message ?? `HTTP-Code: ${code}\nMessage: ${JSON.stringify(body)}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.body = body;
    this.headers = options.headers ?? {};
    this.rateLimit = options.rateLimit;
  }
}

/** Bad input (parameters or configuration), rejected before any request is sent. */
export class ValidationError extends DatadogOktaError {
  constructor(message, problems = []) {
    super(message);
    this.problems = problems;
  }
}

/** `timeoutMs` (one attempt) or `deadlineMs` (the whole call) expired. */
export class TimeoutError extends DatadogOktaError {
  constructor(message, scope, timeoutMs) {
    super(message);
    this.scope = scope;
    this.timeoutMs = timeoutMs;
  }
}

/** `fetch` failed: no HTTP response arrived. The runtime's error is kept as `cause`. */
export class NetworkError extends DatadogOktaError {
  constructor(message, cause) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** A success status whose body is not the documented JSON. */
export class DecodeError extends DatadogOktaError {
  constructor(message, code, snippet) {
    super(message);
    this.code = code;
    this.snippet = snippet;
  }
}

/** A write that may or may not have been applied and was deliberately not repeated. */
export class UnknownOutcomeError extends DatadogOktaError {
  constructor(message, cause) {
    super(message, { cause });
  }
}

/** Every class by its stable name (the core's `errorClasses`). */
export const ERROR_CLASSES = { DatadogOktaError, ApiException, ValidationError, TimeoutError, NetworkError, DecodeError, UnknownOutcomeError };

// Stable names that survive minifiers, which rename classes.
for (const [name, cls] of Object.entries(ERROR_CLASSES)) {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}

/** Builds the error a rejected wasm call stands for. */
export function fromDescriptor(d, cause, signal) {
  switch (d.name) {
    case "ValidationError":
      return new ValidationError(d.message, (d.problems ?? []).map((p) => ({ path: p.path, message: p.message })));
    case "ApiException":
      return new ApiException(d.code, d.body, { message: d.message, headers: d.headers, rateLimit: d.rateLimit ?? undefined });
    case "TimeoutError":
      return new TimeoutError(d.message, d.scope, d.timeoutMs);
    case "NetworkError":
      return new NetworkError(d.message, cause);
    case "DecodeError":
      return new DecodeError(d.message, d.code, d.snippet);
    case "UnknownOutcomeError":
      return new UnknownOutcomeError(d.message, fromDescriptor(d.cause, cause, signal));
    case "AbortError":
      // As fetch does: reject with the signal's reason.
      try {
        return signal?.reason ?? abortError();
      } catch {
        return abortError();
      }
    default:
      return new DatadogOktaError(d.message);
  }
}

function abortError() {
  try {
    return new DOMException("This operation was aborted", "AbortError");
  } catch {
    const e = new Error("This operation was aborted");
    e.name = "AbortError";
    return e;
  }
}
