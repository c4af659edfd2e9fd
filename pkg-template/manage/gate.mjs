// A rate-limit gate shared by the calls of an apply.

/**
 * A gate shared by the calls of an apply: give `observe` to the configuration's `onResponse`,
 * and `applyOktaAccountPlan` waits (`rateLimitGate`) while a response said no request is left
 * in the window, instead of spending calls on 429s.
 * @example const gate = createRateLimitGate(); const configuration = client.createConfiguration({ onResponse: gate.observe });
 */
export function createRateLimitGate() {
  let until = 0;
  return {
    observe(event) {
      const rl = event?.rateLimit;
      const spent = rl?.remaining === 0 || event?.status === 429;
      if (spent && typeof rl?.reset === "number" && rl.reset > 0) until = Math.max(until, Date.now() + rl.reset * 1000);
    },
    wait(signal) {
      const ms = until - Date.now();
      if (ms <= 0 || signal?.aborted) return Promise.resolve();
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
