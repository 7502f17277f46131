//! Delivery settings and the retry loop: STARTTLS, implicit TLS or plain (loopback only,
//! checked with the configuration), optional authentication, bounded retries with
//! exponential backoff, and deadlines. One attempt is `session::attempt`. The password is
//! read here and goes nowhere but the login.

use super::error::NotifyError;
use super::session::{self, Server};
use crate::config::notifications::{is_loopback, PasswordSource, Security, Smtp};
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
        let setup = |reason: String| NotifyError::SmtpSetup { reason };
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
            (Some(user), Some(source)) => {
                Some(Credentials::new(user.clone(), read_password(source)?))
            }
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
    let setup = |reason: String| NotifyError::SmtpSetup { reason };
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
fn read_password(source: &PasswordSource) -> Result<String, NotifyError> {
    let setup = |reason: String| NotifyError::SmtpSetup { reason };
    let password = match source {
        PasswordSource::Env(name) => match std::env::var(name) {
            Ok(v) => v,
            Err(std::env::VarError::NotPresent) => {
                return Err(setup(format!(
                    "the environment variable {name} (smtp.password_env) is not set"
                )))
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(setup(format!(
                    "the environment variable {name} (smtp.password_env) is not valid UTF-8"
                )))
            }
        },
        PasswordSource::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                setup(format!(
                    "cannot read the password file {} (smtp.password_file): {}",
                    path.display(),
                    e.kind()
                ))
            })?;
            text.lines().next().unwrap_or_default().to_owned()
        }
    };
    if password.is_empty() {
        let from = match source {
            PasswordSource::Env(name) => format!("the environment variable {name}"),
            PasswordSource::File(path) => format!("the file {}", path.display()),
        };
        return Err(setup(format!("the SMTP password from {from} is empty")));
    }
    Ok(password)
}
