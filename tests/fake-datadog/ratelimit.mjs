// Datadog-style rate limiting: one budget per window for the whole (fake)
// organisation, as Datadog counts per org, with the X-RateLimit-* headers on
// every API response. No Retry-After, ever: the real API does not send one and
// clients must learn to read X-RateLimit-Reset.
//
// A window opens with the first counted request and lasts `periodSeconds`, so a
// test that spends its budget in quick succession never straddles a boundary.

export const DEFAULT_RATE_LIMIT = Object.freeze({ limit: 1000, periodSeconds: 60, name: 'okta_integration' });

export function normalizeRateLimit(input, base = DEFAULT_RATE_LIMIT) {
  const merged = { ...base, ...(input || {}) };
  const { limit, periodSeconds, name } = merged;
  if (!Number.isInteger(limit) || limit < 0) throw new TypeError(`rateLimit.limit must be an integer >= 0, got ${JSON.stringify(limit)}`);
  if (!Number.isInteger(periodSeconds) || periodSeconds < 1) {
    throw new TypeError(`rateLimit.periodSeconds must be an integer >= 1, got ${JSON.stringify(periodSeconds)}`);
  }
  if (typeof name !== 'string' || name === '' || /[\r\n]/.test(name)) throw new TypeError('rateLimit.name must be a non-empty one-line string');
  return { limit, periodSeconds, name };
}

export class RateLimiter {
  constructor(config, now = () => Date.now()) {
    this.now = now;
    this.configure(config);
  }

  /** New budget and period; starts a fresh window. */
  configure(config) {
    this.config = normalizeRateLimit(config);
    this.reset();
  }

  /** Forgets the current window (the next counted request opens a new one). */
  reset() {
    this.windowStart = null;
    this.used = 0;
  }

  /** Counts one request. Returns { allowed, headers }. */
  consume() {
    this.roll();
    if (this.windowStart === null) this.windowStart = this.now();
    const allowed = this.used < this.config.limit;
    if (allowed) this.used += 1;
    return { allowed, headers: this.headers() };
  }

  /** The headers as they stand, without counting anything. */
  headers() {
    this.roll();
    const s = this.status();
    return {
      'X-RateLimit-Limit': String(s.limit),
      'X-RateLimit-Period': String(s.periodSeconds),
      'X-RateLimit-Remaining': String(s.remaining),
      'X-RateLimit-Reset': String(s.resetSeconds),
      'X-RateLimit-Name': s.name,
    };
  }

  /** { limit, periodSeconds, name, used, remaining, resetSeconds } */
  status() {
    this.roll();
    const { limit, periodSeconds, name } = this.config;
    const periodMs = periodSeconds * 1000;
    // Whole seconds until the window ends, at least 1 while a window is open:
    // a client that sleeps that long is guaranteed a fresh budget.
    const resetSeconds = this.windowStart === null ? periodSeconds : Math.max(1, Math.ceil((this.windowStart + periodMs - this.now()) / 1000));
    return { limit, periodSeconds, name, used: this.used, remaining: Math.max(0, limit - this.used), resetSeconds };
  }

  roll() {
    if (this.windowStart !== null && this.now() >= this.windowStart + this.config.periodSeconds * 1000) this.reset();
  }
}
