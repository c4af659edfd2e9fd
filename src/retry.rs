//! When to try again and how long to wait: pure decisions, no clock and no I/O.

/// The retry settings of a call.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries on or off (`enableRetry`; on by default, unlike the official client).
    pub enabled: bool,
    /// Retries after the first attempt (`maxRetries`, default 3).
    pub max_retries: u32,
    /// Backoff base in seconds (`backoffBase`, default 2), as in the official client.
    pub backoff_base: f64,
    /// Backoff multiplier (`backoffMultiplier`, default 2), as in the official client.
    pub backoff_multiplier: f64,
    /// Multiplies every wait (`retryDelayScale`, default 1); tests shrink it.
    pub delay_scale: f64,
}

/// The longest exponential backoff, before jitter.
pub const MAX_BACKOFF_MS: f64 = 60_000.0;
/// The longest wait honoured from `X-RateLimit-Reset`.
pub const MAX_RESET_WAIT_MS: f64 = 120_000.0;

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { enabled: true, max_retries: 3, backoff_base: 2.0, backoff_multiplier: 2.0, delay_scale: 1.0 }
    }
}

/// What the HTTP method allows when the outcome of an attempt is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// GET and DELETE: repeating them is harmless.
    Safe,
    /// POST: a repeat could create a second account; reconcile first.
    Create,
    /// PATCH: the id may have changed; never repeated blindly.
    Update,
}

impl RetryPolicy {
    /// Tells whether another attempt is allowed after `retries_done` retries.
    pub fn may_retry(&self, retries_done: u32) -> bool {
        self.enabled && retries_done < self.max_retries
    }

    /// The backoff before retry number `retry` (0 for the first), with full jitter:
    /// a uniform draw in `[0, min(cap, base * multiplier^retry)]` seconds. `random` is in [0, 1).
    pub fn backoff_ms(&self, retry: u32, random: f64) -> f64 {
        let exp = self.backoff_base * crate::text::powi(self.backoff_multiplier, i32::try_from(retry).unwrap_or(i32::MAX)) * 1000.0;
        let ceiling = if exp.is_finite() { exp.min(MAX_BACKOFF_MS) } else { MAX_BACKOFF_MS };
        (random.clamp(0.0, 1.0) * ceiling * self.delay_scale).max(0.0)
    }

    /// The wait after a 429: the larger of the server's reset time (capped) and the backoff.
    pub fn rate_limit_wait_ms(&self, retry: u32, reset_seconds: Option<u64>, random: f64) -> f64 {
        let reset = reset_seconds.map_or(0.0, |s| (s as f64 * 1000.0).min(MAX_RESET_WAIT_MS)) * self.delay_scale;
        reset.max(self.backoff_ms(retry, random))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jittered_backoff_stays_under_the_exponential_ceiling() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff_ms(0, 0.0), 0.0);
        assert!((p.backoff_ms(0, 0.999) - 1998.0).abs() < 1e-6);
        assert!((p.backoff_ms(2, 0.5) - 4000.0).abs() < 1e-6);
        // Capped, even for absurd attempts and multipliers.
        assert!(p.backoff_ms(200, 0.999) <= MAX_BACKOFF_MS);
        let half = RetryPolicy { delay_scale: 0.5, ..p.clone() };
        assert!((half.backoff_ms(2, 0.5) - 2000.0).abs() < 1e-6);
        let wild = RetryPolicy { backoff_multiplier: 1e308, ..p.clone() };
        assert!(wild.backoff_ms(9, 0.5) <= MAX_BACKOFF_MS);
    }

    #[test]
    fn rate_limit_wait_takes_the_larger_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.rate_limit_wait_ms(0, Some(7), 0.1), 7000.0);
        assert!((p.rate_limit_wait_ms(3, Some(1), 0.5) - 8000.0).abs() < 1e-6);
        assert_eq!(p.rate_limit_wait_ms(0, Some(86_400), 0.0), MAX_RESET_WAIT_MS);
        let fast = RetryPolicy { delay_scale: 0.001, ..p };
        assert!((fast.rate_limit_wait_ms(0, Some(7), 0.0) - 7.0).abs() < 1e-9);
    }

    #[test]
    fn retries_are_counted() {
        let p = RetryPolicy { max_retries: 2, ..RetryPolicy::default() };
        assert!(p.may_retry(0) && p.may_retry(1) && !p.may_retry(2));
        assert!(!RetryPolicy { enabled: false, ..p.clone() }.may_retry(0));
        assert!(!RetryPolicy { max_retries: 0, ..p }.may_retry(0));
    }
}
