//! Checks of the `notifications` section: frequency, time and time zone, addresses, and
//! the SMTP server (never a password in the file; no plain connection off this machine).

use super::{Checker, Say, Spot};
use crate::config::error::ProblemKind;
use crate::config::notifications::{Frequency, Notifications, RawNotifications};
use crate::yaml::Spanned;
use std::path::Path;
use std::time::Duration;

mod smtp;

const FREQUENCIES: &[&str] = &["daily", "errors-only", "never"];

/// Check the section; None when it has a problem (reported).
pub(super) fn check(
    checker: &mut Checker<'_>,
    raw: Spanned<RawNotifications>,
    base: &Path,
) -> Option<Notifications> {
    let section = checker.spot(&raw, "notifications".len());
    let raw = raw.value;
    let before = checker.problems.len();
    let frequency = match &raw.frequency {
        None => Frequency::Daily,
        Some(v) => match v.value.trim() {
            "daily" => Frequency::Daily,
            "errors-only" => Frequency::ErrorsOnly,
            "never" => Frequency::Never,
            _ => {
                let spot = checker.spot_str(v);
                let msg = format!("unknown notification frequency `{}`", v.value);
                let help = format!("use one of {}", FREQUENCIES.join(", "));
                say(
                    checker,
                    ProblemKind::UnknownValue,
                    spot,
                    msg,
                    "not a frequency",
                    help,
                );
                Frequency::Never
            }
        },
    };
    let time = match &raw.time {
        None => chrono::NaiveTime::MIN + chrono::Duration::hours(7),
        Some(v) => {
            chrono::NaiveTime::parse_from_str(v.value.trim(), "%H:%M").unwrap_or_else(|_| {
                let spot = checker.spot_str(v);
                let msg = format!("`{}` is not a time of day", v.value);
                let help = "write the local time as HH:MM (24-hour), such as \"07:00\"".to_owned();
                say(checker, ProblemKind::BadValue, spot, msg, "not HH:MM", help);
                chrono::NaiveTime::MIN
            })
        }
    };
    let timezone = match &raw.timezone {
        None => chrono_tz::UTC,
        Some(v) => v.value.trim().parse::<chrono_tz::Tz>().unwrap_or_else(|_| {
            let spot = checker.spot_str(v);
            let msg = format!("unknown time zone `{}`", v.value);
            let help = "use an IANA time zone name, such as Europe/Berlin, America/New_York or UTC"
                .to_owned();
            say(
                checker,
                ProblemKind::UnknownTimezone,
                spot,
                msg,
                "not an IANA time zone",
                help,
            );
            chrono_tz::UTC
        }),
    };
    let recipients: Vec<String> = raw
        .recipients
        .iter()
        .filter(|r| address(checker, r, "recipient"))
        .map(|r| r.value.trim().to_owned())
        .collect();
    let admins = raw.customer_cloud_admins.as_ref().is_some_and(|v| v.value);
    let active = frequency != Frequency::Never;
    if active && raw.recipients.is_empty() && !admins {
        let msg = "notifications have no recipients".to_owned();
        let help =
            "list addresses under `recipients`, or set `customer_cloud_admins: true`".to_owned();
        say(
            checker,
            ProblemKind::EmptyList,
            section,
            msg,
            "no recipients",
            help,
        );
    }
    let from = raw.from.as_ref().filter(|f| address(checker, f, "sender"));
    if active && raw.from.is_none() {
        let msg = "notifications need a sender (`from`)".to_owned();
        let help = "add `from: synclint <synclint@example.com>` under `notifications`".to_owned();
        say(
            checker,
            ProblemKind::MissingKey,
            section,
            msg,
            "no `from`",
            help,
        );
    }
    let reply_to = raw
        .reply_to
        .as_ref()
        .filter(|r| address(checker, r, "reply-to address"));
    let smtp = raw.smtp.map(|s| smtp::check(checker, s, base));
    for (value, what) in [
        (&raw.state_file, "state file"),
        (&raw.outbox, "outbox folder"),
    ] {
        if let Some(value) = value {
            checker.named(value, what);
        }
    }
    let path_or = |value: &Option<Spanned<String>>, default: &str| {
        value
            .as_ref()
            .map_or_else(|| base.join(default), |v| base.join(v.value.trim()))
    };
    let notifications = Notifications {
        frequency,
        time,
        timezone,
        recipients,
        customer_cloud_admins: admins,
        from: from.map(|f| f.value.trim().to_owned()),
        reply_to: reply_to.map(|r| r.value.trim().to_owned()),
        attach_report: raw.attach_report.as_ref().is_some_and(|v| v.value),
        smtp,
        state_file: path_or(&raw.state_file, ".synclint-state.json"),
        outbox: path_or(&raw.outbox, ".synclint-outbox"),
    };
    (checker.problems.len() == before).then_some(notifications)
}

/// A duration such as `30s`; `default` seconds when absent.
fn duration(
    checker: &mut Checker<'_>,
    value: Option<&Spanned<String>>,
    default: u64,
    zero_ok: bool,
) -> Duration {
    let Some(value) = value else {
        return Duration::from_secs(default);
    };
    match crate::time::parse_duration(&value.value) {
        Ok(d) if zero_ok || d > chrono::Duration::zero() => d.to_std().unwrap_or_default(),
        outcome => {
            let reason = outcome
                .err()
                .unwrap_or_else(|| "it must be longer than 0s".to_owned());
            let spot = checker.spot_str(value);
            let msg = format!("`{}` is not a usable duration: {reason}", value.value);
            let help = "write a duration such as `30s`, `2m` or `1m30s`".to_owned();
            say(
                checker,
                ProblemKind::BadValue,
                spot,
                msg,
                "not a duration",
                help,
            );
            Duration::from_secs(default)
        }
    }
}

/// Report `value` unless it is a valid mailbox (`a@b.example` or `Name <a@b.example>`).
fn address(checker: &mut Checker<'_>, value: &Spanned<String>, what: &str) -> bool {
    if value
        .value
        .trim()
        .parse::<lettre::message::Mailbox>()
        .is_ok()
    {
        return true;
    }
    let spot = checker.spot_str(value);
    let msg = format!("`{}` is not a valid {what} email address", value.value);
    let help = "write `name@example.com` or `Name <name@example.com>`".to_owned();
    say(
        checker,
        ProblemKind::BadAddress,
        spot,
        msg,
        "not an email address",
        help,
    );
    false
}

fn say(
    checker: &mut Checker<'_>,
    kind: ProblemKind,
    spot: Spot,
    message: String,
    label: &str,
    help: String,
) {
    checker.report(
        kind,
        spot,
        Say {
            message,
            label,
            help,
        },
    );
}
