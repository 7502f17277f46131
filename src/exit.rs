//! Exit codes (documented in the README). Every module that picks one takes it from here.

/// Nothing at or above `--fail-on`.
pub const OK: u8 = 0;
/// Findings at or above `--fail-on` (or failing rule tests).
pub const FINDINGS: u8 = 1;
/// The command line was wrong.
pub const USAGE: u8 = 2;
/// A rule file or the configuration is invalid.
pub const CONFIG: u8 = 3;
/// An input could not be read.
pub const INPUT: u8 = 4;
/// `notify`/`watch`: no recipient was found for a notification.
pub const NO_RECIPIENTS: u8 = 5;
/// `notify`/`watch`: a message could not be delivered (it waits in the outbox).
pub const UNDELIVERED: u8 = 6;
/// `notify`/`watch`: another run holds the notification state lock.
pub const BUSY: u8 = 7;
