//! Runs an operation over a [`Transport`]: retries that read the rate limit, time limits,
//! and writes that are never repeated blindly.
//!
//! - A 429 is retried for every method: the request was not processed. The wait is the larger
//!   of `X-RateLimit-Reset` and a jittered backoff; a wait that would pass the deadline
//!   returns the 429 at once.
//! - 5xx, 408, network errors and attempt timeouts are retried for GET and DELETE.
//! - A create whose outcome is unknown is resent only after a list shows no account of that
//!   name; if one exists, it is the result.
//! - An update whose outcome is unknown is not resent (the id may have changed).
//! - A DELETE answered 404 after an attempt of unknown outcome counts as deleted.
//! - A success whose body cannot be read is read again for GET; for a create, the account is
//!   found by name; a 409 to a resent create means the first attempt landed after the check.

use crate::prelude::*;

use crate::config::Config;
use crate::error::{Error, TimeoutScope};
use crate::json::Object;
use crate::account::output::{Account, AccountResponse};
use crate::request::{self, HttpRequest, Operation, Params};
use crate::response::{self, HttpResponse, Output};
use crate::retry::Idempotency;
use crate::secret::Scrubber;
use crate::text::{cat, int};
use crate::transport::{AttemptEvent, Transport, TransportError};

/// The state shared by every attempt of one call.
struct Call<'a, T: Transport> {
    transport: &'a T,
    config: &'a Config,
    scrubber: &'a Scrubber,
    deadline: f64,
    attempts: u32,
    retries: u32,
    had_unknown_outcome: bool,
}

/// How a run of attempts ended without a usable response.
struct Failure {
    error: Error,
    /// The server may have applied the request.
    outcome_unknown: bool,
}

impl<T: Transport> Call<'_, T> {
    /// Sleeps before the next retry unless it would pass the deadline.
    async fn wait(&mut self, ms: f64) -> Result<(), Error> {
        self.transport.sleep(ms).await.map_err(|_| Error::Aborted)?;
        self.retries += 1;
        Ok(())
    }

    /// Waits a backoff before trying again, or gives `error` back when no retry is left.
    async fn retry_after_backoff(&mut self, error: Error) -> Result<(), Error> {
        let wait = self.config.retry.backoff_ms(self.retries, self.transport.random());
        if !self.config.retry.may_retry(self.retries) || !self.fits_before_deadline(wait) {
            return Err(error);
        }
        self.wait(wait).await
    }

    fn fits_before_deadline(&self, ms: f64) -> bool {
        self.transport.now_ms() + ms < self.deadline
    }

    /// Sends one attempt and reports it.
    async fn attempt(&mut self, op: Operation, req: &HttpRequest) -> Result<HttpResponse, Error> {
        let remaining = self.deadline - self.transport.now_ms();
        if remaining <= 0.0 {
            return Err(Error::Timeout { scope: TimeoutScope::Deadline, limit_ms: self.config.deadline_ms });
        }
        // What is left of the deadline ends the call when it is not longer than timeoutMs.
        let bound_by_deadline = remaining <= self.config.timeout_ms as f64;
        let limit = if bound_by_deadline { crate::text::ceil_u64(remaining) } else { self.config.timeout_ms };
        self.attempts += 1;
        let started = self.transport.now_ms();
        let result = self.transport.send(req, limit).await;
        let duration_ms = self.transport.now_ms() - started;
        let (status, rate_limit, error) = match &result {
            Ok(r) => (Some(r.status), r.rate_limit(), None),
            Err(TransportError::Network(_)) => (None, None, Some("network")),
            Err(TransportError::Timeout) => (None, None, Some("timeout")),
            Err(TransportError::Aborted) => (None, None, Some("aborted")),
        };
        self.transport.observe(&AttemptEvent {
            operation: op.name(),
            method: req.method,
            path: &req.path,
            status,
            attempt: self.attempts,
            duration_ms,
            rate_limit,
            error,
        });
        result.map_err(|e| match e {
            TransportError::Network(m) => Error::Network { message: self.scrubber.scrub(&m) },
            TransportError::Timeout if bound_by_deadline => {
                Error::Timeout { scope: TimeoutScope::Deadline, limit_ms: self.config.deadline_ms }
            }
            TransportError::Timeout => Error::Timeout { scope: TimeoutScope::Attempt, limit_ms: self.config.timeout_ms },
            TransportError::Aborted => Error::Aborted,
        })
    }

    /// Attempts `req` until it gets a response that is not retried here. Safe requests are
    /// retried on 429, 5xx, 408 and failures; writes only on 429.
    async fn run(&mut self, op: Operation, req: &HttpRequest, idem: Idempotency) -> Result<HttpResponse, Failure> {
        let policy = &self.config.retry;
        loop {
            let retry_no = self.retries;
            let (error, unknown, wait) = match self.attempt(op, req).await {
                Ok(resp) if resp.status == 429 => {
                    let reset = resp.rate_limit().and_then(|r| r.reset);
                    let wait = policy.rate_limit_wait_ms(retry_no, reset, self.transport.random());
                    (response::api_error(&resp, self.scrubber), false, wait)
                }
                Ok(resp) if resp.status >= 500 || resp.status == 408 => {
                    let wait = policy.backoff_ms(retry_no, self.transport.random());
                    (response::api_error(&resp, self.scrubber), true, wait)
                }
                Ok(resp) => return Ok(resp),
                Err(e @ (Error::Aborted | Error::Timeout { scope: TimeoutScope::Deadline, .. })) => {
                    let unknown = idem != Idempotency::Safe && matches!(e, Error::Timeout { .. });
                    return Err(Failure { error: e, outcome_unknown: unknown });
                }
                Err(e) => (e, true, policy.backoff_ms(retry_no, self.transport.random())),
            };
            let retryable_here = !unknown || idem == Idempotency::Safe;
            if !retryable_here || !policy.may_retry(retry_no) || !self.fits_before_deadline(wait) {
                return Err(Failure { error, outcome_unknown: unknown && idem != Idempotency::Safe });
            }
            if unknown {
                self.had_unknown_outcome = true;
            }
            if let Err(e) = self.wait(wait).await {
                return Err(Failure { error: e, outcome_unknown: false });
            }
        }
    }

    /// After a create of unknown outcome: the account of that name if it landed.
    async fn find_created(&mut self, name: &str) -> Result<Option<Account>, Error> {
        let list_req = request::build(self.config, &Params::List);
        let resp = self.run(Operation::List, &list_req, Idempotency::Safe).await.map_err(|f| f.error)?;
        if !resp.is_success() {
            return Err(response::api_error(&resp, self.scrubber));
        }
        if resp.oversized {
            return Err(Error::Decode { status: resp.status, message: oversized(self.config), snippet: String::new() });
        }
        let list = response::decode_list(&resp, self.scrubber)?;
        Ok(list.data.unwrap_or_default().into_iter().find(|a| a.attributes.name() == name))
    }
}

/// Runs one operation with the configured retries and time limits.
pub async fn execute<T: Transport>(transport: &T, config: &Config, params: &Params) -> Result<Output, Error> {
    execute_with(transport, config, params, &scrubber_for(config.scrubber(), params)).await
}

/// The scrubber of a call: `keys` (what [`Config::scrubber`] gives) and the secrets of `params`.
pub fn scrubber_for(keys: Scrubber, params: &Params) -> Scrubber {
    let mut scrubber = keys;
    params.add_secrets(&mut scrubber);
    scrubber
}

/// [`execute`] with the call's scrubber made by the caller with [`scrubber_for`] (the driver
/// keeps one of the keys per configuration rather than making it for every call).
pub async fn execute_with<T: Transport>(transport: &T, config: &Config, params: &Params, scrubber: &Scrubber) -> Result<Output, Error> {
    let op = params.operation();
    let mut call = Call {
        transport,
        config,
        scrubber,
        deadline: transport.now_ms() + config.deadline_ms as f64,
        attempts: 0,
        retries: 0,
        had_unknown_outcome: false,
    };
    let req = request::build(config, params);
    let idem = match op {
        Operation::List | Operation::Get | Operation::Delete => Idempotency::Safe,
        Operation::Create => Idempotency::Create,
        Operation::Update => Idempotency::Update,
    };
    loop {
        match call.run(op, &req, idem).await {
            Ok(resp) if op == Operation::Delete && resp.status == 404 && call.had_unknown_outcome => {
                // An earlier attempt of unknown outcome deleted it.
                return Ok(Output::Empty);
            }
            // Reading it again would be as large: not retried, whatever the operation.
            Ok(resp) if resp.is_success() && resp.oversized && op != Operation::Delete => {
                return Err(Error::Decode { status: resp.status, message: cat(&[written(op), &oversized(config)]), snippet: String::new() });
            }
            Ok(resp) if resp.is_success() => match response::decode(op, &resp, call.scrubber) {
                Err(Error::Decode { status, message, snippet }) => {
                    let error = Error::Decode { status, message: cat(&[written(op), &message]), snippet };
                    match idem {
                        // A cut or garbled body: reading again is harmless.
                        Idempotency::Safe => call.retry_after_backoff(error).await?,
                        // It exists: find it by name rather than report a success without data.
                        Idempotency::Create if config.retry.enabled => {
                            return match call.find_created(create_name(params)).await {
                                Ok(Some(account)) => Ok(found(account)),
                                _ => Err(error),
                            };
                        }
                        _ => return Err(error),
                    }
                }
                other => return other,
            },
            Ok(resp) if op == Operation::Create && resp.status == 409 && call.had_unknown_outcome => {
                // The attempt of unknown outcome landed after our check: it is the result.
                let conflict = response::api_error(&resp, call.scrubber);
                return match call.find_created(create_name(params)).await {
                    Ok(Some(account)) => Ok(found(account)),
                    _ => Err(conflict),
                };
            }
            Ok(resp) => return Err(response::api_error(&resp, call.scrubber)),
            Err(Failure { error, outcome_unknown: false }) => return Err(error),
            Err(Failure { error, outcome_unknown: true }) => {
                if !config.retry.enabled {
                    return Err(error);
                }
                let (Params::Create(create), true) = (params, config.retry.may_retry(call.retries)) else {
                    return Err(unknown_outcome(op, error));
                };
                match call.find_created(create.attributes.name().unwrap_or_default()).await {
                    Ok(Some(account)) => return Ok(found(account)),
                    Ok(None) => {
                        // Nothing landed: resending is safe, after the usual backoff.
                        call.had_unknown_outcome = true;
                        let wait = config.retry.backoff_ms(call.retries, transport.random());
                        if !call.fits_before_deadline(wait) {
                            return Err(unknown_outcome(op, error));
                        }
                        call.wait(wait).await?;
                    }
                    Err(Error::Aborted) => return Err(Error::Aborted),
                    Err(check) => {
                        return Err(Error::UnknownOutcome {
                            message: "the create may or may not have happened, and the list that checks for it failed; list the accounts before trying again".into(),
                            cause: Box::new(check),
                        })
                    }
                }
            }
        }
    }
}

/// What a write whose answer cannot be read did anyway.
fn written(op: Operation) -> &'static str {
    match op {
        Operation::Create => "the account was created, but ",
        Operation::Update => "the update was applied, but ",
        _ => "",
    }
}

fn oversized(config: &Config) -> String {
    cat(&[response::OVERSIZED, " (", &int(config.max_response_bytes), " bytes)"])
}

fn create_name(params: &Params) -> &str {
    match params {
        Params::Create(c) => c.attributes.name().unwrap_or_default(),
        _ => "",
    }
}

fn found(account: Account) -> Output {
    Output::Json(AccountResponse { data: Some(account), additional_properties: Object::new() }.to_json())
}

fn unknown_outcome(op: Operation, cause: Error) -> Error {
    let message = match op {
        Operation::Update => {
            "the update may or may not have been applied, and it was not resent because an update can change the account's id; get or list the account to see its state"
        }
        _ => "the create may or may not have happened and no retry is left; list the accounts before trying again",
    };
    Error::UnknownOutcome { message: message.into(), cause: Box::new(cause) }
}
