//! A generated Incydr Sync log, the shape of the benchmark's generator but small, for
//! the tests that compare a check's reports whatever it keeps outside memory.

#![allow(clippy::unwrap_used)] // a generator of test data

use std::fmt::Write as _;

/// The `--now` of the checks over these logs (the log runs from 2026-09-01).
pub const NOW: &str = "2026-11-28T12:00:00Z";

/// How a generated log is laid out.
pub struct Shape {
    /// Lines in the log.
    pub events: u32,
    /// Users the lines name, picked at random.
    pub users: usize,
    /// One line in this many is a failure.
    pub failing: usize,
    /// Seconds between two lines.
    pub seconds_apart: i64,
    /// A quiet day (no line) half-way through the log.
    pub quiet_day: bool,
    /// Failures include a SCIM "Bad Request" besides the four seed errors.
    pub bad_request: bool,
}

const ERRORS: &[&str] = &[
    "Unable to update user's role",
    "Unable to move existing user to an organization",
    "HTTP 409: a user with this username already exists",
    "Too many requests (429), retry later",
    "Bad Request. Errors reported by remote server: Invalid parameter provided in request: value.",
];
const ACTIONS: &[&str] = &[
    "update role",
    "move organization",
    "deactivate user",
    "create user",
];
const PROVIDERS: &[&str] = &["Okta", "Azure AD", "OneLogin"];

/// The log's text, one JSON object a line; the same for the same shape.
pub fn sync_log(shape: &Shape) -> String {
    let errors = if shape.bad_request {
        ERRORS
    } else {
        &ERRORS[..4]
    };
    let mut log = String::new();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n as u64).unwrap()
    };
    for i in 0..shape.events {
        let (user, provider, action) = (next(shape.users), PROVIDERS[next(3)], ACTIONS[next(4)]);
        let (status, message) = match next(shape.failing) {
            0 => ("failure", errors[next(errors.len())]),
            _ => ("success", "Completed"),
        };
        let quiet = if shape.quiet_day && i > shape.events / 2 {
            86_400
        } else {
            0
        };
        let at = 1_788_220_800 + i64::from(i) * shape.seconds_apart + quiet;
        let time = chrono::DateTime::from_timestamp(at, 0).unwrap();
        writeln!(
            log,
            r#"{{"timestamp":"{}","provider":"{provider}","action":"{action}","user":"user{user}@example.com","user_id":"u-{user}","status":"{status}","role":"desktop-user","organization":"Engineering","message":"{message}"}}"#,
            time.format("%Y-%m-%dT%H:%M:%SZ")
        )
        .unwrap();
    }
    log
}
