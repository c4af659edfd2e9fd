//! What a plan knows of a secret: the fingerprint recorded when it was last sent (with the
//! account's id then) against the fingerprint of the desired one, and why, when nothing usable
//! is recorded, it cannot be verified.

use crate::prelude::*;

use super::desired::DesiredAccount;
use super::{Current, PlanInput};

/// What is known of the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretStatus {
    /// Sent with a create.
    New,
    /// Its fingerprint differs from the recorded one: the update sends it.
    Changed,
    /// Its fingerprint matches the one recorded for this account.
    Unchanged,
    /// Nothing usable is recorded: whether the server has it cannot be told.
    Unverifiable,
    /// Not applicable (a delete, an unmanaged account).
    None,
}

impl SecretStatus {
    /// The name in the plan's JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretStatus::New => "new",
            SecretStatus::Changed => "changed",
            SecretStatus::Unchanged => "unchanged",
            SecretStatus::Unverifiable => "unverifiable",
            SecretStatus::None => "none",
        }
    }
}

/// A fingerprint recorded when a secret was sent, with the id the account had then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The account's id after that call.
    pub id: Option<String>,
    /// The fingerprint of the secret sent.
    pub fingerprint: String,
}

/// Whether the recorded fingerprints can be compared with the offered ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Recorded {
    /// They were made with the key of the offered ones.
    #[default]
    Usable,
    /// The state predates keyed fingerprints (its salt was in the file).
    OldFormat,
    /// They were made with another key.
    KeyChanged,
    /// No key was given, so no fingerprint was made.
    NoKey,
}

impl Recorded {
    /// Reads the name the JS layer sends (`usable`, `oldFormat`, `keyChanged`, `noKey`).
    pub fn from_name(name: &str) -> Option<Recorded> {
        match name {
            "usable" => Some(Recorded::Usable),
            "oldFormat" => Some(Recorded::OldFormat),
            "keyChanged" => Some(Recorded::KeyChanged),
            "noKey" => Some(Recorded::NoKey),
            _ => None,
        }
    }
}

/// Why a secret is not verifiable: its code and the plan's note.
fn unverifiable(reason: &'static str) -> (SecretStatus, Option<&'static str>, Option<String>) {
    let note = match reason {
        "old-format" => "secret unverifiable (old format): the state file was written by an older version whose fingerprints could be guessed from the file; the next apply rewrites it",
        "key-changed" => "secret not verifiable: the fingerprint key changed since it was recorded (another state key)",
        "no-key" => "secret not verifiable: no fingerprint key was given",
        "id-changed" => "secret not verifiable: the account's id changed since its secret was recorded (updated or re-created elsewhere)",
        "not-offered" => "secret not verifiable: no fingerprint of the desired secret was given",
        _ => "secret not verifiable: no fingerprint is recorded for this account (a first run, a new state file, or an account made elsewhere)",
    };
    (SecretStatus::Unverifiable, Some(reason), Some(note.to_owned()))
}

pub(super) fn secret_status(input: &PlanInput, d: &DesiredAccount, c: &Current) -> (SecretStatus, Option<&'static str>, Option<String>) {
    match input.options.recorded {
        Recorded::Usable => {}
        Recorded::OldFormat => return unverifiable("old-format"),
        Recorded::KeyChanged => return unverifiable("key-changed"),
        Recorded::NoKey => return unverifiable("no-key"),
    }
    let Some(known) = input.known.get(&d.name) else { return unverifiable("no-record") };
    if known.id.is_some() && known.id != c.id {
        return unverifiable("id-changed");
    }
    match input.offered.get(&d.name) {
        Some(fp) if *fp == known.fingerprint => (SecretStatus::Unchanged, None, None),
        Some(_) => (SecretStatus::Changed, None, None),
        None => unverifiable("not-offered"),
    }
}
