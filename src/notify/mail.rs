//! A draft becomes an RFC 5322 message: multipart/alternative (text, then HTML), inside
//! multipart/mixed with the HTML report when one is attached, with
//! From, Reply-To, To, Subject, Date and Message-ID. The bytes are what is sent, queued in
//! the outbox or written as an `.eml` file.

use super::compose::Draft;
use super::error::NotifyError;
use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// Who a message is from and to.
#[derive(Debug, Clone)]
pub struct Addressing {
    pub from: String,
    pub reply_to: Option<String>,
    pub to: Vec<String>,
}

/// A built message.
#[derive(Debug, Clone)]
pub struct Built {
    pub bytes: Vec<u8>,
    pub message_id: String,
    /// The envelope sender and recipients (bare addresses).
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    /// The Date header's value.
    pub date: String,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Build the message for `draft`.
///
/// # Errors
/// [`NotifyError::Message`] when an address cannot be used.
pub fn build(draft: &Draft, to: &Addressing, now: DateTime<Utc>) -> Result<Built, NotifyError> {
    let bad = |what: &str, value: &str| NotifyError::Message {
        reason: format!("{what} `{value}` is not a valid email address"),
    };
    let parse = |what: &str, value: &str| {
        value
            .parse::<Mailbox>()
            .ok()
            .and_then(ascii_domain)
            .ok_or_else(|| bad(what, value))
    };
    let from = parse("sender", &to.from)?;
    let message_id = message_id(draft, &from, now);
    let mut builder = lettre::Message::builder()
        .from(from.clone())
        .subject(draft.subject.clone())
        .date(std::time::SystemTime::from(now))
        .message_id(Some(message_id.clone()));
    if let Some(reply) = &to.reply_to {
        builder = builder.reply_to(parse("reply-to", reply)?);
    }
    let mut envelope_to = Vec::new();
    for r in &to.to {
        let mailbox = parse("recipient", r)?;
        envelope_to.push(mailbox.email.to_string());
        builder = builder.to(mailbox);
    }
    if let Ok(name) = HeaderName::new_from_ascii("Auto-Submitted".to_owned()) {
        builder = builder.raw_header(HeaderValue::new(name, "auto-generated".to_owned()));
    }
    let parts = MultiPart::alternative_plain_html(draft.text.clone(), draft.html.clone());
    let parts = match &draft.attachment {
        None => parts,
        Some((name, bytes)) => {
            let html = ContentType::parse("text/html; charset=utf-8").map_err(|e| {
                NotifyError::Message {
                    reason: e.to_string(),
                }
            })?;
            MultiPart::mixed()
                .multipart(parts)
                .singlepart(Attachment::new(name.clone()).body(bytes.clone(), html))
        }
    };
    let message = builder.multipart(parts).map_err(|e| NotifyError::Message {
        reason: e.to_string(),
    })?;
    Ok(Built {
        bytes: message.formatted(),
        message_id,
        envelope_from: from.email.to_string(),
        envelope_to,
        date: now.to_rfc2822(),
    })
}

/// `mailbox` with its domain in ASCII (IDNA): a server without SMTPUTF8 takes no other
/// form, and `None` when the domain is not a valid name. A non-ASCII local part is
/// left as it is: only a server that offers SMTPUTF8 can take it (see the session).
pub(super) fn ascii_domain(mailbox: Mailbox) -> Option<Mailbox> {
    let domain = mailbox.email.domain();
    if domain.is_ascii() {
        return Some(mailbox);
    }
    let ascii = idna::domain_to_ascii(domain).ok()?;
    let email = lettre::Address::new(mailbox.email.user(), ascii).ok()?;
    Some(Mailbox::new(mailbox.name, email))
}

/// `<20261128070000.daily.1a2b3c4d5e6f@example.com>`: unique per message, at the sender's domain.
fn message_id(draft: &Draft, from: &Mailbox, now: DateTime<Utc>) -> String {
    use sha2::{Digest, Sha256};
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut hasher = Sha256::new();
    hasher.update(draft.subject.as_bytes());
    hasher.update(now.timestamp_nanos_opt().unwrap_or_default().to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    hasher.update(n.to_le_bytes());
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.update(t.as_nanos().to_le_bytes());
    }
    let hash: String = hasher.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "<{}.{}.{hash}@{}>",
        now.format("%Y%m%d%H%M%S"),
        draft.kind,
        from.email.domain()
    )
}

/// The headers and the text part, as `--dry-run` shows a message.
#[must_use]
pub fn preview(draft: &Draft, to: &Addressing, built: &Built) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "From: {}", to.from);
    let _ = writeln!(out, "To: {}", to.to.join(", "));
    if let Some(reply) = &to.reply_to {
        let _ = writeln!(out, "Reply-To: {reply}");
    }
    let _ = writeln!(out, "Subject: {}", draft.subject);
    let _ = writeln!(out, "Date: {}", built.date);
    let _ = writeln!(out, "Message-ID: {}", built.message_id);
    let _ = writeln!(
        out,
        "Content-Type: multipart/alternative (text/plain, text/html)\n"
    );
    out.push_str(&draft.text);
    out
}

/// A file name stem for the message: time, kind, and a piece of its Message-ID.
#[must_use]
pub fn stem(draft: &Draft, built: &Built, now: DateTime<Utc>) -> String {
    let tail: String = built
        .message_id
        .split('.')
        .nth(2)
        .unwrap_or_default()
        .chars()
        .take(12)
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{}-{}-{tail}", now.format("%Y%m%dT%H%M%SZ"), draft.kind)
}
