//! Checks of `notifications.smtp`: never a password in the file, no plain connection off
//! this machine, one password source with a user name, sane timeouts and retries.

use super::{duration, say};
use crate::config::error::ProblemKind;
use crate::config::notifications::{is_loopback, PasswordSource, RawSmtp, Security, Smtp};
use crate::config::validate::{Checker, Say};
use crate::model::Location;
use crate::yaml::line_col;
use std::path::Path;

const SECURITY: &[&str] = &["starttls", "tls", "plain"];

/// Check the SMTP settings and resolve their paths against `base`.
pub(super) fn check(checker: &mut Checker<'_>, raw: RawSmtp, base: &Path) -> Smtp {
    if let Some(password) = &raw.password {
        let say = Say {
            message: "the SMTP password must not be written in the configuration".to_owned(),
            label: "a password in the file (its value is not shown)",
            help: "remove `password:`; set `password_env: VAR` (an environment variable that \
                   holds it) or `password_file: PATH` (a file only you can read)"
                .to_owned(),
        };
        checker.report_key(ProblemKind::SecretInConfig, password, say);
    }
    checker.named(&raw.host, "SMTP host");
    let security = match &raw.security {
        None => Security::StartTls,
        Some(v) => match v.value.trim() {
            "starttls" => Security::StartTls,
            "tls" => Security::Tls,
            "plain" => Security::Plain,
            _ => {
                let spot = checker.spot_str(v);
                let msg = format!("unknown SMTP security `{}`", v.value);
                let help = format!("use one of {}", SECURITY.join(", "));
                say(
                    checker,
                    ProblemKind::UnknownValue,
                    spot,
                    msg,
                    "not a security mode",
                    help,
                );
                Security::StartTls
            }
        },
    };
    if security == Security::Plain && !is_loopback(&raw.host.value) {
        let spot = raw
            .security
            .as_ref()
            .map_or_else(|| checker.spot_str(&raw.host), |s| checker.spot_str(s));
        let msg = format!(
            "`security: plain` would send mail unencrypted to `{}`",
            raw.host.value
        );
        let help = "use `starttls` or `tls`; `plain` is only for a server on this machine \
                    (localhost, 127.0.0.0/8, ::1)"
            .to_owned();
        say(
            checker,
            ProblemKind::InsecureTransport,
            spot,
            msg,
            "unencrypted",
            help,
        );
    }
    let password = match (&raw.password_env, &raw.password_file) {
        (Some(env), Some(file)) => {
            let say = Say {
                message: "both `password_env` and `password_file` are set".to_owned(),
                label: "a second password source",
                help: "keep one of them".to_owned(),
            };
            checker.report_key(ProblemKind::KeyNotAllowed, file, say);
            Some(PasswordSource::Env(env.value.clone()))
        }
        (Some(env), None) => {
            let name = env.value.trim();
            if !is_variable_name(name) {
                checker.report_key(ProblemKind::BadValue, env, not_a_variable());
            }
            Some(PasswordSource::Env(name.to_owned()))
        }
        (None, Some(file)) => {
            checker.named(file, "password file");
            Some(PasswordSource::File(base.join(file.value.trim())))
        }
        (None, None) => None,
    };
    let password_at = raw
        .password_env
        .as_ref()
        .or(raw.password_file.as_ref())
        .map(|value| {
            let (line, column) = checker
                .key_spot(value)
                .map_or_else(|| line_col(value), |spot| (spot.line, spot.column));
            Location::new(checker.path, line, column)
        });
    match (&raw.username, &password) {
        (Some(user), None) if raw.password.is_none() => {
            let spot = checker.spot_str(user);
            let msg = "`username` is set but no password source".to_owned();
            let help = "add `password_env: VAR` or `password_file: PATH`".to_owned();
            say(
                checker,
                ProblemKind::MissingKey,
                spot,
                msg,
                "no password for this user",
                help,
            );
        }
        (None, Some(_)) => {
            let spot = checker.spot_str(&raw.host);
            let msg = "a password source is set but no `username`".to_owned();
            let help = "add `username:` under `smtp`, or remove the password source".to_owned();
            say(
                checker,
                ProblemKind::MissingKey,
                spot,
                msg,
                "no username",
                help,
            );
        }
        _ => {}
    }
    if let (Some(ca), Security::Plain) = (&raw.ca_file, security) {
        let spot = checker.spot_str(ca);
        let msg = "`ca_file` is not used with `security: plain`".to_owned();
        let help = "remove `ca_file`, or use `starttls` or `tls`".to_owned();
        say(
            checker,
            ProblemKind::KeyNotAllowed,
            spot,
            msg,
            "not used",
            help,
        );
    }
    let attempts = raw.attempts.as_ref().map_or(3, |a| {
        if !(1..=10).contains(&a.value) {
            let spot = checker.spot(a, a.value.to_string().len());
            let msg = format!("{} tries is out of range", a.value);
            let help = "use 1 to 10".to_owned();
            say(checker, ProblemKind::BadValue, spot, msg, "1 to 10", help);
        }
        a.value
    });
    Smtp {
        host: raw.host.value.trim().to_owned(),
        port: raw.port.as_ref().map_or(
            match security {
                Security::StartTls => 587,
                Security::Tls => 465,
                Security::Plain => 25,
            },
            |p| p.value,
        ),
        security,
        username: raw.username.as_ref().map(|u| u.value.clone()),
        password,
        password_at,
        ca_file: raw.ca_file.as_ref().map(|c| base.join(c.value.trim())),
        timeout: duration(checker, raw.timeout.as_ref(), 30, false),
        attempts,
        retry_delay: duration(checker, raw.retry_delay.as_ref(), 1, true),
    }
}

/// Whether `name` can name an environment variable: ASCII letters, digits and `_`, not
/// starting with a digit.
fn is_variable_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The problem of a `password_env` value that is no variable name. The value is never
/// repeated: it is often the password itself.
fn not_a_variable() -> Say<'static> {
    Say {
        message: "`password_env` must name an environment variable; the value given is not \
                  a variable name and may be the password itself, so it is not shown"
            .to_owned(),
        label: "not a variable name (value not shown)",
        help: "put the password in an environment variable and write that variable's name \
               here, such as `password_env: SMTP_PASSWORD` (ASCII letters, digits and `_`, \
               not starting with a digit); if the value was the password, change the password, \
               as it has been stored in this file"
            .to_owned(),
    }
}
