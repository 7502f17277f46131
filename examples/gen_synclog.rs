//! Writes a large, realistic Incydr Sync log as JSON lines, for the throughput benchmark
//! (`scripts/bench`). Deterministic: the same arguments give the same file.
//!
//! Usage: `cargo run --release --example gen_synclog -- EVENTS OUT.jsonl`

use std::io::{BufWriter, Write};

/// A small deterministic generator (xorshift), so the benchmark needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PROVIDERS: &[&str] = &["Okta", "Azure AD", "OneLogin"];
const ACTIONS: &[&str] = &[
    "update user",
    "create user",
    "update role",
    "move organization",
    "deactivate user",
    "reactivate user",
    "block user",
];
const ERRORS: &[&str] = &[
    "Unable to update user's role",
    "Unable to move existing user to an organization",
    "Bad Request. Errors reported by remote server: Invalid parameter provided in request: value.",
    "HTTP 409: a user with this username already exists",
    "Too many requests (429), retry later",
];
const ORGS: &[&str] = &[
    "Engineering",
    "Sales EMEA",
    "Customer Support",
    "Contractors",
    "Acme Staff",
];
const ROLES: &[&str] = &[
    "desktop-user",
    "customer-cloud-admin",
    "alert-emails",
    "security-center-user",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let events: u64 = args
        .next()
        .ok_or("usage: gen_synclog EVENTS OUT.jsonl")?
        .parse()?;
    let path = args.next().ok_or("usage: gen_synclog EVENTS OUT.jsonl")?;
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start: i64 = 1_788_220_800; // 2026-09-01T00:00:00Z
    let span: i64 = 90 * 86_400;
    for i in 0..events {
        let offset = i64::try_from(i)? * span / i64::try_from(events.max(1))?;
        let t = chrono::DateTime::from_timestamp(start + offset, 0).ok_or("time out of range")?;
        let user = rng.below(20_000);
        let provider = PROVIDERS[usize::try_from(rng.below(PROVIDERS.len() as u64))?];
        let action = ACTIONS[usize::try_from(rng.below(ACTIONS.len() as u64))?];
        let org = ORGS[usize::try_from(rng.below(ORGS.len() as u64))?];
        let role = ROLES[usize::try_from(rng.below(ROLES.len() as u64))?];
        let failed = rng.below(100) < 3;
        let (status, message) = if failed {
            (
                "failure",
                ERRORS[usize::try_from(rng.below(ERRORS.len() as u64))?],
            )
        } else {
            ("success", "Completed")
        };
        writeln!(
            out,
            r#"{{"timestamp":"{}","provider":"{provider}","action":"{action}","user":"user{user}@example.com","user_id":"u-{user}","status":"{status}","role":"{role}","organization":"{org}","message":"{message}"}}"#,
            t.format("%Y-%m-%dT%H:%M:%S%.3fZ")
        )?;
    }
    out.flush()?;
    Ok(())
}
