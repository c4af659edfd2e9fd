//! Calls driven step by step from outside. [`client::execute`] stays an async fn over a
//! [`Transport`](crate::transport::Transport); here its future is polled by hand, and every time it needs the outside world
//! (send a request, wait) it stops with an *action* for the driver: the JS loop of the wasm
//! build (`pkg-template/src/drive.mjs`), or a test. The driver does the I/O and [`resume`]s the
//! call with the outcome. No promise, closure or waker crosses the boundary: each step is one
//! call in, with plain values, and one JSON text out.
//!
//! An action is a JSON object:
//! - `{"id":N,"send":{"url","method","headers":{..},"timeoutMs"}}`: send it and resume call
//!   `N` with the response or the failure. A request with a body is written
//!   `\u{1}{..action..}\u{1}BODY`: the body (JSON text itself) travels as it is, neither
//!   escaped here nor parsed there;
//! - `{"id":N,"wait":MS}`: wait, then resume with [`Reply::Waited`];
//! - `{"done":true,"result"?:{..}}`: the call succeeded (no `result` for a delete);
//! - `{"error":DESCRIPTOR,"cause"?:..}`: the call failed (see [`write_descriptor`]).
//!
//! Each may carry `"events":[..]`, the attempts to report to `onResponse`, in order (only when
//! the configuration part says `"observe":true`). Without them a `send` says
//! `"successHeaders":false`: the headers of a 2xx response are not needed (they only feed the
//! events' rate-limit figures), and the driver may leave them unread. A call that is dropped
//! ([`cancel`]) frees everything it held.

use crate::prelude::*;

mod descriptor;
mod transport;

use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use alloc::rc::Rc;
use core::task::{Context, Poll, Waker};

use crate::client;
use crate::config::{self, Config};
use crate::error::Error;
use crate::json::{self, Json};
use crate::request::{Operation, Params};
use crate::response::Output;
use crate::secret::Scrubber;
use crate::text::{cat, push_int};

pub use descriptor::write_descriptor;
use transport::{Io, StepTransport};
pub use transport::{lossy, Clock, Reply};

type CallFuture = Pin<Box<dyn Future<Output = Result<Output, Error>>>>;

/// A call waiting for its driver.
struct Running {
    future: CallFuture,
    io: Rc<Io>,
    op: Operation,
    scrubber: Rc<Scrubber>,
}

#[cfg(not(all(target_arch = "wasm32", not(feature = "std"))))]
use std::thread_local;

// The build without std has no `thread_local!`; it runs on one thread, where a static of the
// same shape does.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
macro_rules! thread_local {
    ($($(#[$doc:meta])* static $name:ident: $t:ty = const { $init:expr };)*) => {
        $($(#[$doc])* static $name: Global<$t> = Global($init);)*
    };
}

/// A global of the wasm build, with the methods of `thread_local!`'s keys that this module uses.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
struct Global<T>(T);

// SAFETY: wasm32 without the `atomics` target feature runs one thread; the build stops below if
// that feature is on.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
unsafe impl<T> Sync for Global<T> {}

#[cfg(all(target_arch = "wasm32", not(feature = "std"), target_feature = "atomics"))]
compile_error!("the drive's globals assume one thread: build without the atomics target feature");

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
impl<T> Global<RefCell<T>> {
    fn with_borrow<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0.borrow())
    }

    fn with_borrow_mut<R>(&'static self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }

    fn set(&'static self, value: T) {
        let old = self.0.replace(value);
        drop(old); // outside the borrow
    }
}

thread_local! {
    /// The calls in flight, by id (a free slot is `None` and is reused).
    static CALLS: RefCell<Vec<Option<Running>>> = const { RefCell::new(Vec::new()) };
    /// The last configuration read, by its JSON text: a client makes its calls with one
    /// configuration, which is then read and checked once.
    static CONFIG: RefCell<Option<(String, Setup)>> = const { RefCell::new(None) };
}

/// A call's configuration and what its driver does with it.
#[derive(Clone)]
struct Setup {
    config: Rc<Config>,
    /// Whether the driver reports attempts (`onResponse`): events are written only then.
    observe: bool,
    /// The scrubber of the configuration's keys, made once for all its calls, and shared by
    /// those whose parameters hold no secret (every call but create and update).
    keys: Rc<Scrubber>,
}

/// Reads (or takes from the cache) the configuration part of a call:
/// `{"config":{..},"options"?:{..},"isBrowser":bool,"noUserAgent":bool,"observe":bool}`.
fn configuration(text: &str) -> Result<Setup, Error> {
    if let Some(hit) = CONFIG.with_borrow(|c| c.as_ref().filter(|(t, _)| t == text).map(|(_, s)| s.clone())) {
        return Ok(hit);
    }
    let v = json::parse(text).map_err(|e| Error::invalid("configuration", cat(&["is not valid JSON: ", &e.describe()])))?;
    let flag = |key| v.get(key).and_then(Json::as_bool).unwrap_or(false);
    let mut cfg = config::parse(v.get("config").unwrap_or(&Json::Null), v.get("options"), flag("isBrowser"))?;
    if flag("noUserAgent") {
        cfg.send_user_agent = false;
    }
    let setup = Setup { keys: Rc::new(cfg.scrubber()), config: Rc::new(cfg), observe: flag("observe") };
    CONFIG.set(Some((text.to_owned(), setup.clone())));
    Ok(setup)
}

/// Starts operation `operation` (its JS name) with the configuration part `config`
/// (`{"config":{..},"options"?:{..},"isBrowser":bool,"noUserAgent":bool,"observe":bool}`) and the parameters `params` (JSON text, empty for none); returns the
/// first action.
pub fn start(clock: Clock, operation: &str, config: &str, params: &str) -> String {
    let Some(op) = Operation::from_name(operation) else {
        let mut name = String::new();
        json::write_str(&mut name, operation);
        let e = Error::invalid("operation", cat(&["is not one of the five operations: ", &name]));
        return finished(String::new(), operation, &e, &Scrubber::default(), None);
    };
    let prepared = configuration(config).and_then(|cfg| {
        let params = if params.is_empty() {
            None
        } else {
            Some(json::parse(params).map_err(|e| Error::invalid("params", cat(&["is not valid JSON: ", &e.describe()])))?)
        };
        Ok((cfg, Params::parse(op, params.as_ref())?))
    });
    let (setup, params) = match prepared {
        Ok(p) => p,
        Err(e) => return finished(String::new(), op.name(), &e, &Scrubber::default(), None),
    };
    let cfg = setup.config;
    let scrubber = if params.may_hold_secrets() { Rc::new(client::scrubber_for(Scrubber::clone(&setup.keys), &params)) } else { setup.keys };
    let io = Rc::new(Io::default());
    let transport = StepTransport::new(Rc::clone(&io), clock, setup.observe);
    let for_call = Rc::clone(&scrubber);
    let future: CallFuture = Box::pin(async move { client::execute_with(&transport, &cfg, &params, &for_call).await });
    step(Running { future, io, op, scrubber })
}

/// Resumes call `id` with the outcome of its last action; returns the next action.
pub fn resume(id: u32, reply: Reply) -> String {
    let running = CALLS.with_borrow_mut(|calls| calls.get_mut(id as usize).and_then(Option::take));
    match running {
        Some(running) => {
            running.io.reply(reply);
            step(running)
        }
        None => finished(String::new(), "call", &Error::invalid("id", "names no call in flight"), &Scrubber::default(), None),
    }
}

/// Drops call `id` (the driver gave up on it); nothing happens for an unknown id.
pub fn cancel(id: u32) {
    let dropped = CALLS.with_borrow_mut(|calls| calls.get_mut(id as usize).and_then(Option::take));
    drop(dropped); // outside the borrow: dropping runs the future's destructors
}

/// How many calls are in flight (tests).
pub fn in_flight() -> usize {
    CALLS.with_borrow(|calls| calls.iter().filter(|c| c.is_some()).count())
}

/// Polls the call until it stops, and writes what it wants next.
fn step(mut running: Running) -> String {
    let mut cx = Context::from_waker(Waker::noop());
    let poll = running.future.as_mut().poll(&mut cx);
    let events = running.io.take_events();
    match poll {
        Poll::Pending => {
            let (action, body) = running.io.take_action();
            let id = CALLS.with_borrow_mut(|calls| {
                let free = calls.iter().position(Option::is_none).unwrap_or(calls.len());
                if free == calls.len() {
                    calls.push(None);
                }
                if let Some(slot) = calls.get_mut(free) {
                    *slot = Some(running);
                }
                free
            });
            let mut out = String::with_capacity(events.len() + action.len() + body.as_ref().map_or(0, String::len) + 48);
            if body.is_some() {
                out.push('\u{1}');
            }
            out.push_str(&open(&events, 0));
            out.push_str("\"id\":");
            push_int(&mut out, id as u64);
            out.push(',');
            out.push_str(&action);
            out.push('}');
            if let Some(body) = body {
                out.push('\u{1}');
                out.push_str(&body);
            }
            out
        }
        Poll::Ready(Ok(Output::Json(result))) => {
            let mut out = open(&events, result.len() + 24);
            out.push_str("\"done\":true,\"result\":");
            out.push_str(&result);
            out.push('}');
            out
        }
        Poll::Ready(Ok(Output::Empty)) => {
            let mut out = open(&events, 16);
            out.push_str("\"done\":true}");
            out
        }
        Poll::Ready(Err(e)) => {
            let cause = running.io.take_cause();
            finished(events, running.op.name(), &e, &running.scrubber, cause.as_ref())
        }
    }
}

/// `{` and the events, if any, ready for the next field.
fn open(events: &str, more: usize) -> String {
    let mut out = String::with_capacity(events.len() + more + 16);
    out.push('{');
    if !events.is_empty() {
        out.push_str("\"events\":[");
        out.push_str(events);
        out.push_str("],");
    }
    out
}

/// The error action. `cause` is the last network failure (its one-line description and the
/// error as JSON): when it made the call fail, also through an unknown outcome, the action
/// carries `"cause":{..}`, the error's name, message, stack, code and the like and its own cause,
/// every string scrubbed, for the driver to rebuild as an `Error`. Never the runtime's object
/// itself: a custom fetch's rejection may carry the request, keys included (got's and ky's
/// `.options.headers`).
fn finished(events: String, op: &str, e: &Error, scrubber: &Scrubber, cause: Option<&(String, String)>) -> String {
    let mut out = open(&events, 256);
    out.push_str("\"error\":");
    write_descriptor(op, e, &mut out);
    let network = match e {
        Error::UnknownOutcome { cause, .. } => matches!(**cause, Error::Network { .. }),
        other => matches!(other, Error::Network { .. }),
    };
    if let (true, Some((described, details))) = (network, cause) {
        out.push_str(",\"cause\":");
        match json::parse(details) {
            Ok(mut v @ Json::Object(_)) => {
                scrubber.scrub_json(&mut v);
                v.write(&mut out);
            }
            _ => {
                let mut w = json::ObjectWriter::new(&mut out);
                w.str("message", &scrubber.scrub(described)).end();
            }
        }
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests;
