//! One SMTP attempt for one message, step by step on lettre's `SmtpConnection`: connect,
//! STARTTLS, AUTH, MAIL, one RCPT per recipient, DATA. Each recipient gets its own answer
//! (accepted, refused for good with a 5xx, or to be tried again). A server's reply to AUTH
//! is never shown: it may echo the credentials.
//!
//! The attempt runs on its own thread so that one deadline bounds it, however slowly a
//! server answers (a greeting sent one line at a time resets a read timeout every line).
//! Once the caller stops waiting, the thread stops at its next step: it never sends a
//! message the caller has already counted as not sent (the retry would make a copy).

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::Error as SmtpError;
use lettre::Address;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// How to reach and log in to the server (shared with the attempt's thread).
pub(super) struct Server {
    pub host: String,
    pub port: u16,
    /// Implicit TLS parameters (`security: tls`).
    pub wrapper: Option<TlsParameters>,
    /// STARTTLS parameters (`security: starttls`, required).
    pub starttls: Option<TlsParameters>,
    pub credentials: Option<Credentials>,
    /// The longest any one read or write may wait.
    pub timeout: Duration,
}

/// What one attempt did.
#[derive(Debug, Default)]
pub(super) struct Attempt {
    /// Recipients the server took the message for.
    pub accepted: Vec<String>,
    /// Recipients refused for good (a 5xx), with the server's reply.
    pub rejected: Vec<(String, String)>,
    /// Recipients to try again (a 4xx, a lost connection, a deadline).
    pub deferred: Vec<String>,
    /// Why some were deferred.
    pub reason: String,
    /// Whether trying again cannot help (a refused login or sender).
    pub hopeless: bool,
    /// The server's reply when it refused the message itself, after DATA (its size,
    /// content or a policy): every recipient was refused, but not for their address.
    pub message_refused: Option<String>,
}

/// Try once to deliver `bytes` from `from` to `to`, giving up at `deadline`.
pub(super) fn attempt(
    server: &Arc<Server>,
    from: &Address,
    to: &[String],
    bytes: &Arc<Vec<u8>>,
    deadline: Instant,
) -> Attempt {
    let stage = Arc::new(Mutex::new("connecting"));
    let clock = Clock {
        deadline,
        most: server.timeout,
        given_up: Arc::new(AtomicBool::new(false)),
    };
    let (tx, rx) = mpsc::channel();
    let (server, from, list, body, step, theirs) = (
        Arc::clone(server),
        from.clone(),
        to.to_vec(),
        Arc::clone(bytes),
        Arc::clone(&stage),
        clock.clone(),
    );
    let spawned = std::thread::Builder::new()
        .name("smtp".into())
        .spawn(move || {
            let _ = tx.send(run(&server, &from, &list, &body, &theirs, &step));
        });
    if let Err(e) = spawned {
        return deferred(to, format!("cannot start the SMTP attempt: {e}"));
    }
    let wait = deadline.saturating_duration_since(Instant::now());
    match rx.recv_timeout(wait) {
        Ok(done) => done,
        Err(_) => {
            clock.given_up.store(true, Ordering::SeqCst);
            let at = stage.lock().map_or("talking to the server", |s| *s);
            deferred(
                to,
                format!("no answer in time (the deadline passed while {at})"),
            )
        }
    }
}

/// The attempt's deadline, as its thread sees it.
#[derive(Clone)]
struct Clock {
    deadline: Instant,
    /// The longest any one read or write may wait.
    most: Duration,
    /// Set when the caller stopped waiting: the thread must not go on.
    given_up: Arc<AtomicBool>,
}

impl Clock {
    /// How long the next read or write may wait; `None` once the deadline has passed or
    /// the caller has stopped waiting.
    fn left(&self) -> Option<Duration> {
        if self.given_up.load(Ordering::SeqCst) {
            return None;
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        (!left.is_zero()).then(|| left.min(self.most))
    }
}

/// Why an attempt stopped before its next step.
fn too_late(to: &[String], at: &str) -> Attempt {
    deferred(
        to,
        format!("no answer in time (the deadline passed while {at})"),
    )
}

/// Why connecting failed, naming the server, with a hint when its certificate is the
/// cause (a retry cannot help until the configuration changes).
fn connect_failed(server: &Server, e: &SmtpError) -> String {
    let said = super::one_line(e);
    let hint = if certificate_problem(&said) {
        " (the server's certificate is not trusted: if it is signed by your own CA, give \
         that CA as smtp.ca_file; otherwise fix the certificate on the server)"
    } else {
        ""
    };
    format!(
        "cannot connect to {}:{}: {said}{hint}",
        server.host, server.port
    )
}

/// Whether an error's text is about the server's TLS certificate.
fn certificate_problem(said: &str) -> bool {
    let lower = said.to_ascii_lowercase();
    [
        "certificate",
        "unknownissuer",
        "causedasendentity",
        "notvalidforname",
        "expired",
    ]
    .iter()
    .any(|word| lower.replace(' ', "").contains(word))
}

fn deferred(to: &[String], reason: String) -> Attempt {
    Attempt {
        deferred: to.to_vec(),
        reason,
        ..Attempt::default()
    }
}

fn run(
    server: &Server,
    from: &Address,
    to: &[String],
    bytes: &[u8],
    clock: &Clock,
    stage: &Mutex<&'static str>,
) -> Attempt {
    let at = |s: &'static str| {
        if let Ok(mut g) = stage.lock() {
            *g = s;
        }
    };
    let Some(first) = clock.left() else {
        return too_late(to, "connecting");
    };
    let hello = ClientId::default();
    let mut conn = match SmtpConnection::connect(
        (server.host.as_str(), server.port),
        Some(first),
        &hello,
        server.wrapper.as_ref(),
        None,
    ) {
        Ok(conn) => conn,
        Err(e) => return deferred(to, connect_failed(server, &e)),
    };
    // Each step first checks the clock: a slow greeting may have used it up already.
    let step = |conn: &mut SmtpConnection, name: &'static str| {
        at(name);
        let left = clock.left();
        match left {
            Some(left) => {
                let _ = conn.set_timeout(Some(left));
            }
            None => conn.abort(),
        }
        left.is_some()
    };
    if let Some(tls) = &server.starttls {
        if !step(&mut conn, "starting TLS") {
            return too_late(to, "connecting");
        }
        if let Err(e) = conn.starttls(tls, &hello) {
            conn.abort();
            return deferred(to, connect_failed(server, &e));
        }
    }
    if let Some(credentials) = &server.credentials {
        if !step(&mut conn, "logging in") {
            return too_late(to, "starting the session");
        }
        if let Err(e) = conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials) {
            conn.abort();
            return refused_login(to, &e);
        }
    }
    if !step(&mut conn, "sending the envelope") {
        return too_late(to, "starting the session");
    }
    let mut outcome = envelope(&mut conn, from, to, bytes, clock);
    if outcome.accepted.is_empty() || outcome.hopeless {
        let _ = conn.quit();
        return outcome;
    }
    if !step(&mut conn, "sending the message") {
        return too_late(to, "sending the envelope");
    }
    let sent = match conn.command(Data) {
        // The last point at which stopping cannot leave a copy at the server.
        Ok(_) if !step(&mut conn, "waiting for the reply to the message") => {
            let mut late = too_late(to, "sending the message");
            late.deferred = std::mem::take(&mut outcome.accepted);
            late.rejected = std::mem::take(&mut outcome.rejected);
            return late;
        }
        Ok(_) => conn.message(bytes),
        Err(e) => Err(e),
    };
    match sent {
        Ok(_) => {
            let _ = conn.quit();
        }
        Err(e) if e.is_permanent() => {
            let reply = super::one_line(&e);
            let all = std::mem::take(&mut outcome.accepted);
            outcome
                .rejected
                .extend(all.into_iter().map(|a| (a, reply.clone())));
            outcome.message_refused = Some(reply);
            conn.abort();
        }
        Err(e) => {
            outcome.reason = super::one_line(&e);
            outcome.deferred.append(&mut outcome.accepted);
            conn.abort();
        }
    }
    outcome
}

/// MAIL FROM, then one RCPT TO per recipient.
fn envelope(
    conn: &mut SmtpConnection,
    from: &Address,
    to: &[String],
    bytes: &[u8],
    clock: &Clock,
) -> Attempt {
    let mut options = Vec::new();
    if !bytes.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let utf8 = conn.server_info().supports_feature(Extension::SmtpUtfEight);
    if utf8 && to.iter().any(|r| !r.is_ascii()) {
        options.push(MailParameter::SmtpUtfEight);
    }
    if let Err(e) = conn.command(Mail::new(Some(from.clone()), options)) {
        let mut out = deferred(to, format!("sender refused: {}", super::one_line(&e)));
        out.hopeless = e.is_permanent();
        return out;
    }
    let mut out = Attempt::default();
    for (i, rcpt) in to.iter().enumerate() {
        let Ok(address) = rcpt.parse::<Address>() else {
            out.rejected
                .push((rcpt.clone(), "not a valid address".to_owned()));
            continue;
        };
        if !rcpt.is_ascii() && !utf8 {
            let why = "the address has letters outside ASCII before the @, which only a \
                       server offering SMTPUTF8 takes, and this one does not";
            out.rejected.push((rcpt.clone(), why.to_owned()));
            continue;
        }
        let Some(left) = clock.left() else {
            // Out of time: nobody not yet accepted is asked; the caller retries them all.
            out.reason =
                "no answer in time (the deadline passed while sending the envelope)".to_owned();
            out.deferred.extend(to[i..].iter().cloned());
            out.deferred.append(&mut out.accepted);
            return out;
        };
        let _ = conn.set_timeout(Some(left));
        match conn.command(Rcpt::new(address, Vec::new())) {
            Ok(_) => out.accepted.push(rcpt.clone()),
            Err(e) if e.is_permanent() => out.rejected.push((rcpt.clone(), super::one_line(&e))),
            Err(e) if e.is_transient() => {
                out.reason = super::one_line(&e);
                out.deferred.push(rcpt.clone());
            }
            Err(e) => {
                // The connection is gone: everyone not yet accepted waits.
                out.reason = super::one_line(&e);
                out.deferred.extend(to[i..].iter().cloned());
                out.deferred.append(&mut out.accepted);
                return out;
            }
        }
    }
    out
}

/// A refused login: its code only, never the server's words (they may echo the secret).
fn refused_login(to: &[String], e: &SmtpError) -> Attempt {
    let reason = match e.status() {
        Some(code) => format!(
            "the server refused the login (reply code {code}; its text is not shown, as it may \
             repeat the credentials)"
        ),
        None if e.is_client() => {
            "the server offers no login method synclint can use (PLAIN or LOGIN)".to_owned()
        }
        None => "the connection failed during the login".to_owned(),
    };
    Attempt {
        deferred: to.to_vec(),
        reason,
        hopeless: e.is_permanent() || e.is_client(),
        ..Attempt::default()
    }
}

#[cfg(test)]
mod tests {
    use super::certificate_problem;

    #[test]
    fn certificate_errors_are_told_from_other_connection_errors() {
        for said in [
            "Connection error: invalid peer certificate: UnknownIssuer",
            "Other(OtherError(CaUsedAsEndEntity))",
            "invalid peer certificate: NotValidForName",
        ] {
            assert!(certificate_problem(said), "{said}");
        }
        for said in ["Connection refused (os error 111)", "response timed out"] {
            assert!(!certificate_problem(said), "{said}");
        }
    }
}
