//! The `notifications:` section of `synclint.yaml`: the raw shape (read by serde, with
//! spans) and the validated settings `synclint notify` and `synclint watch` use.
//!
//! The SMTP password is never part of the configuration: only the name of an environment
//! variable (`password_env`) or a file (`password_file`) that holds it.

use crate::yaml::Spanned;
use schemars::JsonSchema;
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::borrow::Cow;
use std::path::PathBuf;
use std::time::Duration;

/// The accepted frequencies (schema only: read as text and checked by synclint).
#[derive(Debug, JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum RawFrequency {
    /// The daily directory sync report, plus an email whenever new errors appear.
    Daily,
    /// Only an email when new directory sync errors appear.
    ErrorsOnly,
    /// No email at all.
    Never,
}

/// The accepted SMTP connection security modes (schema only).
#[derive(Debug, JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum RawSecurity {
    /// Connect in the clear, then upgrade with STARTTLS (required); default port 587.
    Starttls,
    /// TLS from the first byte (implicit TLS, "SMTPS"); default port 465.
    Tls,
    /// No encryption at all; only allowed for a loopback host (127.0.0.0/8, ::1,
    /// localhost); default port 25.
    Plain,
}

/// Email notifications: what is sent, when, to whom, through which SMTP server.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNotifications {
    /// How often email is sent: `daily` (the directory sync report once a day, plus an
    /// email when new errors appear), `errors-only` or `never`. Default `daily`.
    #[serde(default)]
    #[schemars(with = "Option<RawFrequency>")]
    pub frequency: Option<Spanned<String>>,
    /// Local time of day (`HH:MM`, 24-hour) from which the daily report is due.
    /// Default `07:00`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub time: Option<Spanned<String>>,
    /// The IANA time zone of `time` and of the report's day, such as `Europe/Berlin`.
    /// Default `UTC`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub timezone: Option<Spanned<String>>,
    /// Email addresses that receive every notification.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub recipients: Vec<Spanned<String>>,
    /// Also send to every active console user who holds the Customer Cloud Admin role
    /// (from the console users and user roles exports among the inputs).
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub customer_cloud_admins: Option<Spanned<bool>>,
    /// The sender, such as `synclint <synclint@example.com>`. Required unless
    /// `frequency` is `never`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub from: Option<Spanned<String>>,
    /// Where replies go.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub reply_to: Option<Spanned<String>>,
    /// Attach the self-contained HTML report to every message (left out, with a note,
    /// when it is larger than 2 MiB). Default `false`.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub attach_report: Option<Spanned<bool>>,
    /// The SMTP server that delivers the email.
    #[serde(default)]
    pub smtp: Option<RawSmtp>,
    /// What was sent already (JSON), relative to this file. Default
    /// `.synclint-state.json` beside it.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub state_file: Option<Spanned<String>>,
    /// Folder of messages that could not be delivered yet (sent first on the next run),
    /// relative to this file. Default `.synclint-outbox` beside it.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub outbox: Option<Spanned<String>>,
}

/// The SMTP server.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSmtp {
    /// Host name or IP address of the server.
    #[schemars(with = "String")]
    pub host: Spanned<String>,
    /// TCP port. Default 587 (`starttls`), 465 (`tls`) or 25 (`plain`).
    #[serde(default)]
    #[schemars(with = "Option<u16>")]
    pub port: Option<Spanned<u16>>,
    /// `starttls` (default), `tls` (implicit TLS) or `plain` (loopback hosts only).
    #[serde(default)]
    #[schemars(with = "Option<RawSecurity>")]
    pub security: Option<Spanned<String>>,
    /// User name for SMTP authentication (needs `password_env` or `password_file`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub username: Option<Spanned<String>>,
    /// Name of the environment variable that holds the SMTP password.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub password_env: Option<Spanned<String>>,
    /// File that holds the SMTP password (its first line), relative to this file.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub password_file: Option<Spanned<String>>,
    /// Never accepted: reported as an error so the password stays out of the file.
    #[serde(default)]
    #[schemars(skip)]
    pub password: Option<Spanned<IgnoredAny>>,
    /// A PEM file of extra root certificates to trust (a private CA), relative to this file.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub ca_file: Option<Spanned<String>>,
    /// Connection and command timeout, such as `30s` (the default).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub timeout: Option<Spanned<String>>,
    /// Tries per message before it is left in the outbox (1 to 10). Default 3.
    #[serde(default)]
    #[schemars(with = "Option<u32>", range(min = 1, max = 10))]
    pub attempts: Option<Spanned<u32>>,
    /// Wait before the second try, doubled before each later one, such as `1s` (the
    /// default; `0s` retries at once).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub retry_delay: Option<Spanned<String>>,
}

/// How often email is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// The daily report, plus an email when new errors appear.
    Daily,
    /// Only error emails.
    ErrorsOnly,
    /// Nothing.
    Never,
}

impl Frequency {
    /// The name as written in the file.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::ErrorsOnly => "errors-only",
            Self::Never => "never",
        }
    }
}

/// SMTP connection security.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    Plain,
}

/// Where the SMTP password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// An environment variable, by name.
    Env(String),
    /// A file (resolved against the configuration's folder).
    File(PathBuf),
}

/// Validated SMTP settings.
#[derive(Debug, Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<PasswordSource>,
    /// Where the password source is written (its key), so that a message about it can
    /// point there instead of repeating a value that may be the password itself.
    pub password_at: Option<crate::model::Location>,
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
    pub attempts: u32,
    pub retry_delay: Duration,
}

/// Validated notification settings.
#[derive(Debug, Clone)]
pub struct Notifications {
    pub frequency: Frequency,
    /// When the daily report is due, local time.
    pub time: chrono::NaiveTime,
    pub timezone: chrono_tz::Tz,
    /// Explicit recipients, as written (each a valid mailbox).
    pub recipients: Vec<String>,
    /// Whether the console's Customer Cloud Admins receive the email too.
    pub customer_cloud_admins: bool,
    /// The sender (a valid mailbox; present unless `frequency` is `never`).
    pub from: Option<String>,
    pub reply_to: Option<String>,
    /// Whether the HTML report goes along as an attachment.
    pub attach_report: bool,
    pub smtp: Option<Smtp>,
    pub state_file: PathBuf,
    pub outbox: PathBuf,
}

/// Whether `host` is a loopback host: `localhost`, 127.0.0.0/8 or ::1.
#[must_use]
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    let name = host.trim_end_matches('.');
    name.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `text` with the value of every secret-like key (`password`, `token`, `api_key`, ...)
/// masked, whatever its YAML style, so no error message or snippet can show a secret
/// written into the file. Offsets, lines and the document's structure stay the same.
#[must_use]
pub fn mask_passwords(text: &str) -> Cow<'_, str> {
    super::secrets::mask(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_in_place() {
        let text = "smtp:\n  host: a\n  password: \"s3cret pw\"\n  port: 25\n";
        let masked = mask_passwords(text);
        assert!(!masked.contains("s3cret"));
        assert_eq!(masked.len(), text.len());
        assert!(masked.contains("  password: \"xxxxxx xx\"\n  port: 25"));
        let block = "smtp:\n  password: |\n    hunter2\n    more\n  port: 25\n";
        let masked = mask_passwords(block);
        assert!(!masked.contains("hunter2") && !masked.contains("more"));
        assert!(masked.contains("  port: 25"));
        assert_eq!(mask_passwords("a: b\n"), "a: b\n");
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "LOCALHOST.",
            "127.0.0.1",
            "127.9.8.7",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "mail.example.com",
            "10.0.0.1",
            "0.0.0.0",
            "localhost.example",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
