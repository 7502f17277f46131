//! Checks of `notifications.smtp`: never a password in the file, no plain connection off
//! this machine, one password source with a user name, sane timeouts and retries.

use super::{duration, say};
use crate::config::error::ProblemKind;
use crate::config::notifications::{is_loopback, PasswordSource, RawSmtp, Security, Smtp};
use crate::config::validate::Checker;
use std::path::Path;

const SECURITY: &[&str] = &["starttls", "tls", "plain"];

/// Check the SMTP settings and resolve their paths against `base`.
pub(super) fn check(checker: &mut Checker<'_>, raw: RawSmtp, base: &Path) -> Smtp {
    if let Some(password) = &raw.password {
        let (line, column) = crate::yaml::line_col(password);
        let rest = checker
            .text
            .lines()
            .nth((line as usize).saturating_sub(1))
            .map_or(1, |l| {
                l.chars().count().saturating_sub(column as usize - 1).max(1)
            });
        let spot = checker.spot(password, rest);
        let msg = "the SMTP password must not be written in the configuration".to_owned();
        let help = "remove `password:`; set `password_env: VAR` (an environment variable that \
                    holds it) or `password_file: PATH` (a file only you can read)"
            .to_owned();
        say(
            checker,
            ProblemKind::SecretInConfig,
            spot,
            msg,
            "a secret in the file",
            help,
        );
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
            let spot = checker.spot_str(file);
            let msg = "both `password_env` and `password_file` are set".to_owned();
            let help = "keep one of them".to_owned();
            say(
                checker,
                ProblemKind::KeyNotAllowed,
                spot,
                msg,
                "a second password source",
                help,
            );
            Some(PasswordSource::Env(env.value.clone()))
        }
        (Some(env), None) => {
            let name = env.value.trim();
            let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                let spot = checker.spot_str(env);
                let msg = format!("`{}` is not an environment variable name", env.value);
                let help =
                    "name the variable that holds the password, such as SMTP_PASSWORD".to_owned();
                say(
                    checker,
                    ProblemKind::BadValue,
                    spot,
                    msg,
                    "not a variable name",
                    help,
                );
            }
            Some(PasswordSource::Env(name.to_owned()))
        }
        (None, Some(file)) => {
            checker.named(file, "password file");
            Some(PasswordSource::File(base.join(file.value.trim())))
        }
        (None, None) => None,
    };
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
        ca_file: raw.ca_file.as_ref().map(|c| base.join(c.value.trim())),
        timeout: duration(checker, raw.timeout.as_ref(), 30, false),
        attempts,
        retry_delay: duration(checker, raw.retry_delay.as_ref(), 1, true),
    }
}
