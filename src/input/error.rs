//! Why an input file could not be loaded at all.

/// Why a file could not be loaded at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read the file")]
    #[diagnostic(
        code(synclint::input::unreadable),
        help("check that the path exists and that you may read it")
    )]
    Unreadable {
        /// The path as the user gave it.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The content is not a kind synclint reads.
    #[error("{path}: cannot tell what this file holds: {reason}")]
    #[diagnostic(
        code(synclint::input::unrecognized),
        help(
            "synclint reads Incydr CLI exports (users, roles, user roles, orgs, directory groups) \
             as JSON, JSON lines or CSV, SCIM 2.0 users and groups as JSON, provisioning logs \
             (Incydr Sync log as CSV or JSON, Okta System Log, Entra provisioning logs) and \
             synclint.yaml; if the file is one of these, name its kind (one of: config, \
             console-users, roles, console-user-roles, organizations, directory-groups, \
             idp-users, idp-groups, sync-log, okta-log, entra-log)"
        )
    )]
    Unrecognized {
        /// The path as the user gave it.
        path: String,
        /// What was seen instead.
        reason: String,
    },
    /// The file is larger than the limit for files read whole.
    #[error("{path}: larger than {limit} bytes, the limit for a file read whole")]
    #[diagnostic(
        code(synclint::input::too_large),
        help(
            "raise the limit with --max-file-size (such as --max-file-size 2GiB); a log \
             exported as JSON lines or CSV is streamed whatever its size"
        )
    )]
    TooLarge {
        /// The path as the user gave it.
        path: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The path names something other than a regular file (a FIFO, a device, a socket):
    /// refused before it is opened, so nothing waits on a writer or reads without end.
    #[error("{path}: not a regular file ({what})")]
    #[diagnostic(
        code(synclint::input::not_a_file),
        help(
            "export the data to a regular file and name that file instead, or pipe it in \
             as standard input and name that `-`"
        )
    )]
    NotAFile {
        /// The path as the user gave it.
        path: String,
        /// What it is instead, such as "a FIFO (named pipe)".
        what: String,
    },
    /// A CSV header with more columns than [`crate::input::Limits::max_columns`].
    #[error("{path}:{line}: the CSV header has {columns} columns, more than the limit of {limit}")]
    #[diagnostic(
        code(synclint::input::too_wide),
        help(
            "real exports have a few dozen columns; if this file is one, raise the limit \
             with --max-columns"
        )
    )]
    TooWide {
        /// The path as the user gave it.
        path: String,
        /// The 1-based line of the header.
        line: u32,
        /// How many columns the header has.
        columns: usize,
        /// The limit.
        limit: usize,
    },
    /// The file as a whole cannot be parsed (for example a truncated JSON array).
    #[error("{path}:{line}:{column}: not valid JSON: {reason}")]
    #[diagnostic(
        code(synclint::input::malformed),
        help("the file may be cut short or edited by hand; export it again")
    )]
    Malformed {
        /// The path as the user gave it.
        path: String,
        /// 1-based line of the problem.
        line: u32,
        /// 1-based column of the problem.
        column: u32,
        /// The parser's message.
        reason: String,
    },
}
