//! Delivery through lettre's SMTP transport: STARTTLS, implicit TLS or plain (loopback
//! only, checked with the configuration), optional authentication, timeouts, and bounded
//! retries with exponential backoff. The password is read here and goes nowhere else.

use super::error::NotifyError;
use crate::config::notifications::{is_loopback, PasswordSource, Security, Smtp};
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, SmtpTransport, Transport};
use std::time::Duration;

/// A ready SMTP connection setup.
pub struct Sender {
    transport: SmtpTransport,
    attempts: u32,
    retry_delay: Duration,
    /// Scrubbed from every error text, whatever a server echoes.
    secret: Option<String>,
    /// "host:port", for messages.
    pub server: String,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl Sender {
    /// Set up delivery as `smtp` says.
    ///
    /// # Errors
    /// [`NotifyError::SmtpSetup`] when the password or the CA file cannot be read, or the
    /// TLS settings cannot be used (the message never holds the password).
    pub fn new(smtp: &Smtp) -> Result<Self, NotifyError> {
        let setup = |reason: String| NotifyError::SmtpSetup { reason };
        if smtp.security == Security::Plain && !is_loopback(&smtp.host) {
            return Err(setup(format!(
                "`security: plain` is only allowed for a loopback host, not `{}`",
                smtp.host
            )));
        }
        let tls = match smtp.security {
            Security::Plain => Tls::None,
            Security::StartTls => Tls::Required(tls_parameters(smtp)?),
            Security::Tls => Tls::Wrapper(tls_parameters(smtp)?),
        };
        let mut builder = SmtpTransport::builder_dangerous(
            smtp.host.trim_start_matches('[').trim_end_matches(']'),
        )
        .port(smtp.port)
        .tls(tls)
        .timeout(Some(smtp.timeout));
        let mut secret = None;
        if let (Some(user), Some(source)) = (&smtp.username, &smtp.password) {
            let password = read_password(source)?;
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
            secret = Some(password);
        }
        Ok(Self {
            transport: builder.build(),
            attempts: smtp.attempts.max(1),
            retry_delay: smtp.retry_delay,
            secret,
            server: format!("{}:{}", smtp.host, smtp.port),
        })
    }

    /// Send `bytes` to `to`, trying up to the configured number of times (waiting the retry
    /// delay, doubled each time, between tries; a permanent rejection is not retried).
    ///
    /// # Errors
    /// Why the last try failed (scrubbed of the password).
    pub fn send(&self, from: &str, to: &[String], bytes: &[u8]) -> Result<(), String> {
        let from: Address = from
            .parse()
            .map_err(|_| format!("bad sender address `{from}`"))?;
        let to: Vec<Address> = to
            .iter()
            .map(|t| {
                t.parse()
                    .map_err(|_| format!("bad recipient address `{t}`"))
            })
            .collect::<Result<_, _>>()?;
        let envelope = Envelope::new(Some(from), to).map_err(|e| e.to_string())?;
        let mut delay = self.retry_delay;
        let mut last = String::new();
        for attempt in 1..=self.attempts {
            match self.transport.send_raw(&envelope, bytes) {
                Ok(_) => return Ok(()),
                Err(e) => {
                    last = self.scrub(&super::one_line(&e));
                    if e.is_permanent() || attempt == self.attempts {
                        break;
                    }
                    std::thread::sleep(delay);
                    delay = delay.saturating_mul(2);
                }
            }
        }
        Err(last)
    }

    fn scrub(&self, text: &str) -> String {
        match &self.secret {
            Some(s) if !s.is_empty() => text.replace(s.as_str(), "********"),
            _ => text.to_owned(),
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
