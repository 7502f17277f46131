//! Why `synclint notify` or a `watch` cycle could not do its job, and the exit code of each.
//! No message here ever holds the SMTP password.

use crate::exit;
use miette::Diagnostic;
use thiserror::Error;

/// A notification run that could not complete.
#[derive(Debug, Error, Diagnostic)]
pub enum NotifyError {
    /// The check a notification runs failed, or the command line was wrong.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Run(Box<crate::error::Error>),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("no synclint.yaml found (looked in {looked})")]
    #[diagnostic(
        code(synclint::notify::no_config),
        help("name the configuration with --config FILE")
    )]
    NoConfig { looked: String },
    #[error("{path} has no `notifications:` section")]
    #[diagnostic(
        code(synclint::notify::not_configured),
        help("add `notifications:` with `frequency`, `recipients` or `customer_cloud_admins`, `from` and `smtp`, as docs/notifications.md shows (its Configuration section)")
    )]
    NotConfigured { path: String },
    #[error("{path}: `notifications.smtp` is missing, so nothing can be sent")]
    #[diagnostic(
        code(synclint::notify::no_smtp),
        help("add `smtp: {{host, port, security}}` under `notifications`, or use --out-dir DIR to write .eml files")
    )]
    NoSmtp { path: String },
    #[error("cannot use the SMTP settings: {reason}")]
    #[diagnostic(code(synclint::notify::smtp_setup))]
    SmtpSetup {
        reason: String,
        /// What to check.
        #[help]
        help: String,
    },
    #[error("no recipients: {detail}")]
    #[diagnostic(
        code(synclint::notify::no_recipients),
        help("list addresses under `notifications.recipients`, or pass the console users and user roles exports (`incydr users list`, user roles) with `customer_cloud_admins: true`")
    )]
    NoRecipients { detail: String },
    #[error("{count} message(s) could not be delivered and wait in {outbox}: {reason}")]
    #[diagnostic(
        code(synclint::notify::undelivered),
        help("they are sent first on the next run; check the SMTP server and its settings")
    )]
    Undelivered {
        count: usize,
        outbox: String,
        reason: String,
    },
    #[error("the server refused these recipients for good: {list}")]
    #[diagnostic(
        code(synclint::notify::refused),
        help(
            "the others got the message; check each address (or remove it from the configuration)"
        )
    )]
    Refused { list: String },
    #[error("the server refused the message itself (not its recipients' addresses): {list}")]
    #[diagnostic(
        code(synclint::notify::message_refused),
        help(
            "a refusal after the message was sent is about the message: its size, its content or a policy of the server (the run's output shows the server's reply); ask the server's admin or raise its limit. Nobody got it; the next run makes it again and tries once more"
        )
    )]
    MessageRefused { list: String },
    #[error("{count} input file(s) could not be used: {list}")]
    #[diagnostic(
        code(synclint::notify::inputs),
        help("the messages were made without them and say so; `synclint check` shows each problem in full")
    )]
    Inputs { count: usize, list: String },
    #[error("another synclint notify or watch is running (lock {lock} held by process {pid})")]
    #[diagnostic(
        code(synclint::notify::busy),
        help("wait for it to finish (the lock is released the moment that process ends, however it ends)")
    )]
    Busy { lock: String, pid: String },
    #[error("cannot use {path}: {reason}")]
    #[diagnostic(
        code(synclint::notify::state),
        help("move {path} out of the way by hand (check the folder's permissions); the next run starts without it")
    )]
    State { path: String, reason: String },
    /// The cause (the OS error) is shown after the message, as its source.
    #[error("cannot read the state file {path}")]
    #[diagnostic(
        code(synclint::notify::state_unreadable),
        help("nothing was sent: without the state, synclint cannot tell what was sent before. Check that {path} is a file that the user synclint runs as (for a service, the user the service runs as) can read and write, in a folder that user can write to")
    )]
    StateUnreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot {action} {path}: {source}")]
    #[diagnostic(code(synclint::notify::io))]
    Io {
        action: &'static str,
        path: String,
        source: std::io::Error,
    },
    #[error("cannot build the message: {reason}")]
    #[diagnostic(code(synclint::notify::message))]
    Message { reason: String },
}

impl From<crate::error::Error> for NotifyError {
    fn from(e: crate::error::Error) -> Self {
        Self::Run(Box::new(e))
    }
}

impl NotifyError {
    /// The exit code this error ends the run with.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Run(e) => e.exit_code(),
            Self::NoConfig { .. } => exit::USAGE,
            Self::Config(_)
            | Self::NotConfigured { .. }
            | Self::NoSmtp { .. }
            | Self::SmtpSetup { .. }
            | Self::Message { .. } => exit::CONFIG,
            Self::State { .. }
            | Self::StateUnreadable { .. }
            | Self::Io { .. }
            | Self::Inputs { .. } => exit::INPUT,
            Self::NoRecipients { .. } => exit::NO_RECIPIENTS,
            Self::Undelivered { .. } | Self::Refused { .. } | Self::MessageRefused { .. } => {
                exit::UNDELIVERED
            }
            Self::Busy { .. } => exit::BUSY,
        }
    }

    /// An I/O error on `path`.
    pub(crate) fn io(
        action: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.display().to_string();
        move |source| Self::Io {
            action,
            path,
            source,
        }
    }
}
