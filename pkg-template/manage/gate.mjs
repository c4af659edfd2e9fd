// A rate-limit gate shared by the calls of an apply.

import { client } from "datadog-okta-wasm";

/** The longest wait for a rate-limit window, as the library caps its own retry waits. */
export const MAX_GATE_WAIT_MS = 120_000;

/**
 * A gate shared by the calls of an apply: give `observe` to the configuration's `onResponse`,
 * and `applyOktaAccountPlan` waits (`rateLimitGate`) while a response said no request is left
 * in the window, instead of spending calls on 429s. It waits at most `maxWaitMs` (120 s, also
 * the most it accepts) and no later than `deadline` (a time in ms, `Date.now()` based); a window
 * that reopens later fails the step at once with a DatadogOktaError that says when. `onWait`
 * hears of each wait before it starts: `{ name, waitMs, until }` (`until` a Date).
 * @example const gate = createRateLimitGate({ onWait: (w) => console.error(`waiting until ${w.until.toISOString()}`) });
 */
export function createRateLimitGate(options = {}) {
  const maxWaitMs = Math.min(Number.isFinite(options?.maxWaitMs) && options.maxWaitMs >= 0 ? options.maxWaitMs : MAX_GATE_WAIT_MS, MAX_GATE_WAIT_MS);
  const deadline = Number.isFinite(options?.deadline) ? options.deadline : Infinity;
  let until = 0;
  let name;
  return {
    observe(event) {
      const rl = event?.rateLimit;
      const spent = rl?.remaining === 0 || event?.status === 429;
      if (spent && typeof rl?.reset === "number" && rl.reset > 0) {
        until = Math.max(until, Date.now() + rl.reset * 1000);
        if (typeof rl.name === "string") name = rl.name;
      }
    },
    wait(signal) {
      const now = Date.now();
      const ms = until - now;
      if (ms <= 0 || signal?.aborted) return Promise.resolve();
      const limit = Math.max(0, Math.min(maxWaitMs, deadline - now));
      if (ms > limit) {
        const seconds = Math.ceil(ms / 1000);
        const why = limit < maxWaitMs ? `what is left of the deadline, ${Math.floor(limit / 1000)} s` : `at most ${Math.round(maxWaitMs / 1000)} s`;
        const message = `the rate limit${name ? ` (${name})` : ""} is spent until ${new Date(until).toISOString()}, ${seconds} s from now; an apply waits ${why}: try again after that time`;
        return Promise.reject(Object.assign(new client.DatadogOktaError(message), { retryAt: new Date(until) }));
      }
      try {
        options?.onWait?.({ name, waitMs: ms, until: new Date(until) });
      } catch {
        // A listener that throws must not stop the apply.
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener?.("abort", done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener?.("abort", done);
      });
    },
  };
}
