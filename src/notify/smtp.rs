//! Delivery settings and the retry loop: STARTTLS, implicit TLS or plain (loopback only,
//! checked with the configuration), optional authentication, bounded retries with
//! exponential backoff, and deadlines. One attempt is `session::attempt`. The password is
//! read here and goes nowhere but the login.

use super::error::NotifyError;
use super::session::{self, Server};
use crate::config::notifications::{is_loopback, PasswordSource, Security, Smtp};
use crate::model::Location;
use crate::text;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, TlsParameters};
use lettre::Address;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// The longest one run spends talking to the SMTP server, all messages together; what is
/// not sent by then waits in the outbox for the next run.
pub const RUN_LIMIT: Duration = Duration::from_secs(60);

/// What became of one message's recipients.
#[derive(Debug, Default)]
pub struct Delivery {
    /// The server took the message for these.
    pub accepted: Vec<String>,
    /// Refused for good (5xx), with the server's reply: dropped from the message.
    pub rejected: Vec<(String, String)>,
    /// Still to be tried (by the next run).
    pub deferred: Vec<String>,
    /// Why the deferred ones could not be delivered.
    pub reason: String,
    /// The reply when the server refused the message itself (see [`session::Attempt`]).
    pub message_refused: Option<String>,
}

/// The help of a setting that cannot be used other than the password's.
const SETUP_HELP: &str = "check `notifications.smtp` in the configuration: the host, the \
    security mode and `ca_file`";

/// A ready SMTP setup for one run.
pub struct Sender {
    server: Arc<Server>,
    attempts: u32,
    retry_delay: Duration,
    /// When this run stops starting SMTP work ([`RUN_LIMIT`] after its first use).
    run_deadline: OnceLock<Instant>,
    /// Set when `watch` is asked to stop: no new attempt starts.
    stop: Option<Arc<AtomicBool>>,
    /// "host:port", for messages.
    pub server_name: String,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("server", &self.server_name)
            .finish_non_exhaustive()
    }
}

impl Sender {
    /// Set up delivery as `smtp` says.
    ///
    /// # Errors
    /// [`NotifyError::SmtpSetup`] when the password or the CA file cannot be read, or the
    /// TLS settings cannot be used (the message never holds the password).
    pub fn new(smtp: &Smtp, stop: Option<Arc<AtomicBool>>) -> Result<Self, NotifyError> {
        let setup = |reason: String| NotifyError::SmtpSetup {
            reason,
            help: SETUP_HELP.to_owned(),
        };
        if smtp.security == Security::Plain && !is_loopback(&smtp.host) {
            return Err(setup(format!(
                "`security: plain` is only allowed for a loopback host, not `{}`",
                smtp.host
            )));
        }
        let (wrapper, starttls) = match smtp.security {
            Security::Plain => (None, None),
            Security::StartTls => (None, Some(tls_parameters(smtp)?)),
            Security::Tls => (Some(tls_parameters(smtp)?), None),
        };
        let credentials = match (&smtp.username, &smtp.password) {
            (Some(user), Some(source)) => Some(Credentials::new(
                user.clone(),
                read_password(source, smtp.password_at.as_ref())?,
            )),
            _ => None,
        };
        Ok(Self {
            server: Arc::new(Server {
                host: smtp
                    .host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_owned(),
                port: smtp.port,
                wrapper,
                starttls,
                credentials,
                timeout: smtp.timeout,
            }),
            attempts: smtp.attempts.max(1),
            retry_delay: smtp.retry_delay,
            run_deadline: OnceLock::new(),
            stop,
            server_name: format!("{}:{}", smtp.host, smtp.port),
        })
    }

    /// Whether no more SMTP work may start in this run (stopping, or out of time).
    #[must_use]
    pub fn out_of_time(&self) -> Option<&'static str> {
        if self.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst)) {
            Some("stopping on a signal")
        } else if Instant::now() >= self.run_deadline() {
            Some("this run's time for sending is used up")
        } else {
            None
        }
    }

    /// Deliver `bytes` to each of `to`: up to the configured number of attempts (waiting
    /// the retry delay, doubled each time, in between) for the recipients still waiting,
    /// each attempt within `timeout`, all of them within `attempts × timeout` and within
    /// the run's [`RUN_LIMIT`].
    #[must_use]
    pub fn send(&self, from: &str, to: &[String], bytes: &[u8]) -> Delivery {
        let mut out = Delivery::default();
        let Ok(sender) = from.parse::<Address>() else {
            out.deferred = to.to_vec();
            out.reason = format!("bad sender address `{from}`");
            return out;
        };
        let bytes = Arc::new(bytes.to_vec());
        let timeout = self.server.timeout;
        let deadline =
            (Instant::now() + timeout.saturating_mul(self.attempts)).min(self.run_deadline());
        let mut waiting = to.to_vec();
        let mut delay = self.retry_delay;
        for attempt in 1..=self.attempts {
            if let Some(why) = self.out_of_time() {
                out.reason = format!("not tried: {why}");
                break;
            }
            let until = (Instant::now() + timeout).min(deadline);
            let done = session::attempt(&self.server, &sender, &waiting, &bytes, until);
            if done.message_refused.is_some() {
                out.message_refused = done.message_refused;
            }
            out.accepted.extend(done.accepted);
            out.rejected.extend(done.rejected);
            waiting = done.deferred;
            if !done.reason.is_empty() {
                out.reason = done.reason;
            }
            if waiting.is_empty() || done.hopeless || attempt == self.attempts {
                break;
            }
            self.pause(delay.min(deadline.saturating_duration_since(Instant::now())));
            delay = delay.saturating_mul(2);
        }
        out.deferred = waiting;
        out
    }

    fn run_deadline(&self) -> Instant {
        *self.run_deadline.get_or_init(|| Instant::now() + RUN_LIMIT)
    }

    /// Sleep `wait`, waking early when asked to stop.
    fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        while Instant::now() < until && self.out_of_time().is_none() {
            std::thread::sleep(
                Duration::from_millis(100).min(until.saturating_duration_since(Instant::now())),
            );
        }
    }
}

fn tls_parameters(smtp: &Smtp) -> Result<TlsParameters, NotifyError> {
    let setup = |reason: String| NotifyError::SmtpSetup {
        reason,
        help: SETUP_HELP.to_owned(),
    };
    let domain = smtp
        .host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let mut params = TlsParameters::builder(domain);
    if let Some(path) = &smtp.ca_file {
        let pem = std::fs::read(path)
            .map_err(|e| setup(format!("cannot read ca_file {}: {e}", path.display())))?;
        let cert = Certificate::from_pem(&pem).map_err(|e| {
            setup(format!(
                "ca_file {} holds no usable PEM certificate: {e}",
                path.display()
            ))
        })?;
        params = params.add_root_certificate(cert);
    }
    params
        .build_rustls()
        .map_err(|e| setup(format!("TLS settings for {}: {e}", smtp.host)))
}

/// The password from its environment variable or file (first line, without the line end).
/// `at` is where the source is written in the configuration. No message repeats a value
/// that may be the password itself: a file's path never (people write the password where
/// the path belongs), a variable's name only when it is written as names usually are
/// (upper case, digits and `_`).
fn read_password(source: &PasswordSource, at: Option<&Location>) -> Result<String, NotifyError> {
    let key = match source {
        PasswordSource::Env(_) => "password_env",
        PasswordSource::File(_) => "password_file",
    };
    let written = at.map_or_else(
        || format!("`notifications.smtp.{key}`"),
        |at| format!("`{key}` ({} line {})", text::terminal(&at.path), at.line),
    );
    let fail = |reason: String, help: &str| NotifyError::SmtpSetup {
        reason,
        help: help.to_owned(),
    };
    let password = match source {
        PasswordSource::Env(name) => {
            let named = if looks_like_a_name(name) {
                format!("the environment variable {name} named by {written}")
            } else {
                format!("the environment variable named by {written}")
            };
            match std::env::var(name) {
                Ok(v) => v,
                Err(std::env::VarError::NotPresent) => {
                    return Err(fail(format!("{named} is not set"), ENV_HELP))
                }
                Err(std::env::VarError::NotUnicode(_)) => {
                    return Err(fail(format!("{named} is not valid UTF-8"), ENV_HELP))
                }
            }
        }
        PasswordSource::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                fail(
                    format!(
                        "cannot read the password file named by {written}: {}",
                        e.kind()
                    ),
                    FILE_HELP,
                )
            })?;
            text.lines().next().unwrap_or_default().to_owned()
        }
    };
    if password.is_empty() {
        let help = match source {
            PasswordSource::Env(_) => ENV_HELP,
            PasswordSource::File(_) => FILE_HELP,
        };
        return Err(fail(
            format!("the SMTP password from the source named by {written} is empty"),
            help,
        ));
    }
    Ok(password)
}

const ENV_HELP: &str = "check that `password_env` holds the NAME of an environment variable \
    (such as SMTP_PASSWORD), not the password, and that this variable is set, and not empty, \
    where synclint runs";

const FILE_HELP: &str = "check that `password_file` holds the path of a file (relative to the \
    configuration's folder), not the password, and that the file exists, is readable by this \
    user and has the password on its first line";

/// Whether `name` is written as environment variable names usually are: upper-case ASCII
/// letters, digits and `_`. Only such a name is repeated in a message.
fn looks_like_a_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
