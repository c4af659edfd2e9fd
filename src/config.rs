//! The client configuration, read from the JSON the JS layer builds out of
//! `createConfiguration(params)` and the environment. Every value is checked; a bad one is a
//! validation problem of the call, never an exception at configuration time.

use crate::prelude::*;

use crate::error::Error;
use crate::json::{Json, Object};
use crate::problem::{join, type_name, Problems};
use crate::retry::RetryPolicy;
use crate::secret::{Scrubber, Secret};
use crate::site;
use crate::text::cat;

/// Default limit on one attempt.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// Default limit on a whole call, retries and waits included.
pub const DEFAULT_DEADLINE_MS: u64 = 120_000;

/// Default limit on the size of a response body: far above any real organisation's list (a
/// 10,000-account list is about 2 MB), far below what a JS string can hold.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The keys `createConfiguration` accepts.
pub const CONFIG_KEYS: [&str; 17] = [
    "allowInsecureHttp",
    "authMethods",
    "backoffBase",
    "backoffMultiplier",
    "baseServer",
    "dangerouslyAllowBrowser",
    "deadlineMs",
    "debug",
    "enableRetry",
    "fetch",
    "httpConfig",
    "maxResponseBytes",
    "maxRetries",
    "onResponse",
    "retryDelayScale",
    "serverVariables",
    "timeoutMs",
];

/// A checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The API origin (and path prefix for proxies), without a trailing `/`.
    pub base_url: String,
    /// `DD-API-KEY`.
    pub api_key: Option<Secret>,
    /// `DD-APPLICATION-KEY`.
    pub app_key: Option<Secret>,
    /// Retry settings.
    pub retry: RetryPolicy,
    /// Limit on one attempt, in ms.
    pub timeout_ms: u64,
    /// Limit on the whole call, in ms.
    pub deadline_ms: u64,
    /// Whether to send a `User-Agent` (not where the runtime forbids or ignores it).
    pub send_user_agent: bool,
    /// The largest response body read, in bytes; a larger one is not read.
    pub max_response_bytes: u64,
}

impl Config {
    /// A scrubber that knows the configured keys.
    pub fn scrubber(&self) -> Scrubber {
        let mut s = Scrubber::default();
        for k in [&self.api_key, &self.app_key].into_iter().flatten() {
            s.add(k);
        }
        s
    }
}

fn opt_bool(p: &mut Problems, m: &Object, path: &str, key: &str) -> Option<bool> {
    match m.get(key)? {
        Json::Bool(b) => Some(*b),
        other => {
            p.add(join(path, key), cat(&["must be a boolean, not ", type_name(other)]));
            None
        }
    }
}

/// The accepted range of a numeric option, written once for checks, messages and the rule book
/// alike. The `*_text` forms are JSON numbers (no float formatting in the wasm).
#[derive(Debug, Clone, Copy)]
pub struct Range {
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// Whether only integers are accepted.
    pub integer: bool,
    /// What the value must be, for messages.
    pub text: &'static str,
    /// `min`, `max` and the default, as JSON numbers.
    pub min_text: &'static str,
    /// See `min_text`.
    pub max_text: &'static str,
    /// See `min_text`.
    pub default_text: &'static str,
}

static MAX_RETRIES: Range =
    Range { min: 0.0, max: 10.0, integer: true, text: "an integer from 0 to 10", min_text: "0", max_text: "10", default_text: "3" };
static BACKOFF_BASE: Range = Range {
    min: 0.001,
    max: 60.0,
    integer: false,
    text: "a number of seconds from 0.001 to 60",
    min_text: "0.001",
    max_text: "60",
    default_text: "2",
};
static BACKOFF_MULTIPLIER: Range =
    Range { min: 1.0, max: 10.0, integer: false, text: "a number from 1 to 10", min_text: "1", max_text: "10", default_text: "2" };
static DELAY_SCALE: Range =
    Range { min: 0.0, max: 1.0, integer: false, text: "a number from 0 to 1", min_text: "0", max_text: "1", default_text: "1" };
static TIMEOUT_MS: Range = Range {
    min: 1.0,
    max: 3_600_000.0,
    integer: true,
    text: "an integer number of milliseconds from 1 to 3600000",
    min_text: "1",
    max_text: "3600000",
    default_text: "30000",
};
static DEADLINE_MS: Range = Range {
    min: 1.0,
    max: 86_400_000.0,
    integer: true,
    text: "an integer number of milliseconds from 1 to 86400000",
    min_text: "1",
    max_text: "86400000",
    default_text: "120000",
};

static MAX_RESPONSE_BYTES: Range = Range {
    min: 1024.0,
    max: 268_435_456.0,
    integer: true,
    text: "an integer number of bytes from 1024 to 268435456 (256 MiB)",
    min_text: "1024",
    max_text: "268435456",
    default_text: "67108864",
};

/// The numeric options of a configuration and their ranges. Statics: a `const` would put a copy
/// of each range in the wasm's data for every place that uses it.
pub static LIMITS: [(&str, &Range); 7] = [
    ("maxRetries", &MAX_RETRIES),
    ("backoffBase", &BACKOFF_BASE),
    ("backoffMultiplier", &BACKOFF_MULTIPLIER),
    ("retryDelayScale", &DELAY_SCALE),
    ("timeoutMs", &TIMEOUT_MS),
    ("deadlineMs", &DEADLINE_MS),
    ("maxResponseBytes", &MAX_RESPONSE_BYTES),
];

/// Longest DD key accepted.
pub const MAX_KEY_LEN: usize = 512;

// Messages never format floats: that keeps float printing (tens of KB) out of the wasm.
fn opt_number(p: &mut Problems, m: &Object, path: &str, key: &str, range: &Range) -> Option<f64> {
    let v = m.get(key)?;
    let n = v.as_f64().filter(|n| n.is_finite() && (!range.integer || crate::text::is_whole(*n)) && (range.min..=range.max).contains(n));
    if n.is_none() {
        p.add(join(path, key), cat(&["must be ", range.text, ", not ", type_name(v)]));
    }
    n
}

/// Checks a DD key: printable ASCII without spaces (anything else cannot be an HTTP header
/// value), at most [`MAX_KEY_LEN`] characters. The message never repeats the value.
pub fn check_key(v: &str) -> Result<(), &'static str> {
    if v.is_empty() {
        return Err("is empty");
    }
    if v.len() > MAX_KEY_LEN || !v.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("must be printable ASCII without spaces, at most 512 characters (check for a stray newline or quote)");
    }
    Ok(())
}

const PLAIN_HTTP: &str = "is plain http:// to a host other than loopback: the DD keys would cross the network unencrypted; use https://";

/// Checks a base URL (a proxy, a local API, a Datadog host): `http(s)://host[:port][/path]`,
/// and never plain `http://` to a host other than loopback when keys go with it, unless allowed.
pub fn check_base_url(url: &str, has_keys: bool, allow_insecure_http: bool) -> Result<site::BaseUrl, &'static str> {
    let b = site::parse_base_url(url)?;
    if b.scheme == "http" && has_keys && !site::is_loopback(&b.host) && !allow_insecure_http {
        return Err(PLAIN_HTTP);
    }
    Ok(b)
}

/// Reads a DD key; an empty one counts as absent.
fn key(p: &mut Problems, m: &Object, path: &str, name: &str) -> Option<Secret> {
    let v = p.opt_string(m, path, name)?;
    if v.is_empty() {
        return None;
    }
    match check_key(v) {
        Ok(()) => Some(Secret::new(v)),
        Err(message) => {
            p.add(join(path, name), message);
            None
        }
    }
}

/// Reads the configuration part of a call: `config` (from `createConfiguration` and the
/// environment) and `options` (per-call `timeoutMs`).
pub fn parse(config: &Json, options: Option<&Json>, is_browser: bool) -> Result<Config, Error> {
    let mut p = Problems::default();
    let path = "configuration";
    let Some(m) = p.object(config, path, &CONFIG_KEYS) else {
        return Err(Error::Validation { problems: p.0 });
    };
    for fn_key in ["fetch", "onResponse"] {
        if let Some(v) = m.get(fn_key) {
            p.add(join(path, fn_key), cat(&["must be a function, not ", type_name(v)]));
        }
    }

    let (mut api_key, mut app_key) = (None, None);
    if let Some(auth) = m.get("authMethods") {
        let auth_path = join(path, "authMethods");
        if let Some(am) = p.object(auth, &auth_path, &["apiKeyAuth", "appKeyAuth"]) {
            api_key = key(&mut p, am, &auth_path, "apiKeyAuth");
            app_key = key(&mut p, am, &auth_path, "appKeyAuth");
        }
    }
    if let Some(h) = m.get("httpConfig") {
        let hp = join(path, "httpConfig");
        if let Some(hm) = p.object(h, &hp, &["signal", "compress"]) {
            if let Some(v) = hm.get("signal") {
                p.add(join(&hp, "signal"), cat(&["must be an AbortSignal, not ", type_name(v)]));
            }
            opt_bool(&mut p, hm, &hp, "compress");
        }
    }

    let retry_defaults = RetryPolicy::default();
    let retry = RetryPolicy {
        enabled: opt_bool(&mut p, m, path, "enableRetry").unwrap_or(retry_defaults.enabled),
        max_retries: opt_number(&mut p, m, path, "maxRetries", &MAX_RETRIES).map_or(retry_defaults.max_retries, |n| n as u32),
        backoff_base: opt_number(&mut p, m, path, "backoffBase", &BACKOFF_BASE).unwrap_or(retry_defaults.backoff_base),
        backoff_multiplier: opt_number(&mut p, m, path, "backoffMultiplier", &BACKOFF_MULTIPLIER)
            .unwrap_or(retry_defaults.backoff_multiplier),
        delay_scale: opt_number(&mut p, m, path, "retryDelayScale", &DELAY_SCALE).unwrap_or(retry_defaults.delay_scale),
    };
    let mut timeout_ms = opt_number(&mut p, m, path, "timeoutMs", &TIMEOUT_MS).map_or(DEFAULT_TIMEOUT_MS, |n| n as u64);
    let deadline_ms = opt_number(&mut p, m, path, "deadlineMs", &DEADLINE_MS).map_or(DEFAULT_DEADLINE_MS, |n| n as u64);
    let max_response_bytes =
        opt_number(&mut p, m, path, "maxResponseBytes", &MAX_RESPONSE_BYTES).map_or(DEFAULT_MAX_RESPONSE_BYTES, |n| n as u64);
    let allow_insecure_http = opt_bool(&mut p, m, path, "allowInsecureHttp").unwrap_or(false);
    let allow_browser = opt_bool(&mut p, m, path, "dangerouslyAllowBrowser").unwrap_or(false);
    opt_bool(&mut p, m, path, "debug");

    if let Some(o) = options {
        if let Some(om) = p.object(o, "options", &["signal", "timeoutMs"]) {
            if let Some(v) = om.get("signal") {
                p.add("options.signal", cat(&["must be an AbortSignal, not ", type_name(v)]));
            }
            if let Some(t) = opt_number(&mut p, om, "options", "timeoutMs", &TIMEOUT_MS) {
                timeout_ms = t as u64;
            }
        }
    }

    let has_keys = api_key.is_some() || app_key.is_some();
    let (base_url, custom_base) = match m.get("baseServer") {
        Some(Json::String(url)) => match check_base_url(url, has_keys, allow_insecure_http) {
            Ok(b) => {
                let datadog = site::is_datadog_host(&b.host);
                (b.url, !datadog)
            }
            Err(msg) => {
                let hint = if msg == PLAIN_HTTP { " or set allowInsecureHttp: true" } else { "" };
                p.add(join(path, "baseServer"), cat(&[msg, hint]));
                (String::new(), true)
            }
        },
        Some(other) => {
            p.add(join(path, "baseServer"), cat(&["must be a BaseServerConfiguration, not ", type_name(other)]));
            (String::new(), true)
        }
        None => (site_url(&mut p, m, path), false),
    };

    if !custom_base {
        let auth_path = join(path, "authMethods");
        if api_key.is_none() {
            p.add(join(&auth_path, "apiKeyAuth"), "is missing: set the DD_API_KEY environment variable or pass authMethods.apiKeyAuth");
        }
        if app_key.is_none() {
            p.add(join(&auth_path, "appKeyAuth"), "is missing: set the DD_APP_KEY environment variable or pass authMethods.appKeyAuth");
        }
        if is_browser && has_keys && !allow_browser {
            p.add(
                path,
                "holds DD keys and targets a Datadog site from a browser page or worker, where any script of the page can read them; \
                 serve the page with a same-origin proxy that adds the keys on the server and point baseServer at it \
                 (or set dangerouslyAllowBrowser: true if you accept the risk)",
            );
        }
    }

    if !p.0.is_empty() {
        return Err(Error::Validation { problems: p.0 });
    }
    Ok(Config { base_url, api_key, app_key, retry, timeout_ms, deadline_ms, send_user_agent: !is_browser, max_response_bytes })
}

fn site_url(p: &mut Problems, m: &Object, path: &str) -> String {
    let mut site = site::DEFAULT_SITE.to_owned();
    let mut subdomain = "api".to_owned();
    if let Some(vars) = m.get("serverVariables") {
        let vp = join(path, "serverVariables");
        if let Some(vm) = p.object(vars, &vp, &["site", "subdomain"]) {
            if let Some(s) = p.opt_string(vm, &vp, "site") {
                match site::check_site(s.trim()) {
                    Ok(()) => site = s.trim().to_ascii_lowercase(),
                    Err(msg) => p.add(join(&vp, "site"), cat(&[&msg, " (for a proxy or a test server, use baseServer)"])),
                }
            }
            if let Some(s) = p.opt_string(vm, &vp, "subdomain") {
                if site::is_dns_name(s) && !s.contains('.') {
                    s.clone_into(&mut subdomain);
                } else {
                    p.add(join(&vp, "subdomain"), "must be a single DNS label, such as \"api\"");
                }
            }
        }
    }
    cat(&["https://", &subdomain, ".", &site])
}

#[cfg(test)]
mod tests;
