//! Errors of reading `synclint.yaml`: unreadable file, bad YAML/shape, or a list of
//! semantic problems, each pointing at the offending key or value.

use crate::diagnostic::Problem;
use crate::yaml::YamlError;
use miette::{Diagnostic, NamedSource};
use thiserror::Error;

/// Why a configuration could not be used.
#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("could not read the configuration file {path}")]
    #[diagnostic(
        code(synclint::config::io),
        help("check that the path is right and the file is readable")
    )]
    Io {
        /// The path as shown to the user.
        path: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not YAML, or not of the configuration's shape (unknown key, wrong
    /// type, duplicate key, missing key).
    #[error("{path} is not a valid synclint configuration")]
    #[diagnostic(
        code(synclint::config::syntax),
        help(
            "fix each marked spot; `synclint schema config` prints the full configuration format"
        )
    )]
    Syntax {
        /// The path as shown to the user.
        path: String,
        /// The first YAML-level error, with its position.
        #[source]
        #[diagnostic_source]
        source: SyntaxError,
        /// The errors found by reading on past the first, in file order (see
        /// [`crate::yaml::from_str_all`]).
        #[related]
        more: Vec<SyntaxError>,
    },
    /// The file has the right shape but some values are wrong; every problem found is
    /// listed.
    #[error("{path}: {}", count(.errors.len()))]
    #[diagnostic(
        code(synclint::config::invalid),
        help("fix each marked value; all problems found are listed")
    )]
    Invalid {
        /// The path as shown to the user.
        path: String,
        /// Every problem found, in file order.
        #[related]
        errors: Vec<ConfigProblem>,
    },
}

/// A [`YamlError`], boxed so that [`ConfigError`] stays small; renders as the error
/// it wraps.
#[derive(Debug, Error, Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct SyntaxError(pub Box<YamlError>);

impl SyntaxError {
    /// `err`, its snippet shown with every secret value and the value of every key that
    /// names a secret's place masked (as [`super::secrets::mask_shown`] masks them), so
    /// that no line near the error shows a password written by mistake.
    #[must_use]
    pub fn shown(mut err: YamlError) -> Self {
        let masked = super::secrets::mask_shown(err.src.inner()).into_owned();
        err.src = NamedSource::new(err.src.name(), masked);
        Self(Box::new(err))
    }
}

fn count(n: usize) -> String {
    match n {
        1 => "1 problem in the configuration".to_owned(),
        n => format!("{n} problems in the configuration"),
    }
}

impl ConfigError {
    /// The semantic problems, when this is [`ConfigError::Invalid`] (empty otherwise).
    #[must_use]
    pub fn problems(&self) -> &[ConfigProblem] {
        match self {
            Self::Invalid { errors, .. } => errors,
            Self::Io { .. } | Self::Syntax { .. } => &[],
        }
    }
}

/// What kind of semantic problem a [`ConfigProblem`] is; each has its own code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// `version` is not 1.
    UnsupportedVersion,
    /// `provider` is not one of the known providers.
    UnknownProvider,
    /// `organization_mapping.mode` is not one of the modes.
    UnknownMode,
    /// A key the chosen mode requires is missing.
    MissingKey,
    /// A key is present that the chosen mode does not use.
    KeyNotAllowed,
    /// A list that needs at least one item is empty.
    EmptyList,
    /// A group, role, organization or other name is blank.
    BlankValue,
    /// A severity level other than error, warning or info.
    UnknownLevel,
    /// A rule id or category name that is not kebab-case.
    BadRuleId,
    /// `category:` with nothing after it.
    EmptyCategory,
    /// A `select`/`ignore` entry that names no loaded rule or category.
    UnknownRule,
    /// An expiry that is not a `YYYY-MM-DD` date.
    BadDate,
    /// A value that is not one of the accepted words (such as `notifications.frequency`).
    UnknownValue,
    /// A value of the wrong form or out of range (a duration, a time of day, a count).
    BadValue,
    /// A time zone that is not an IANA name.
    UnknownTimezone,
    /// An email address that cannot be parsed.
    BadAddress,
    /// A secret (the SMTP password) written into the file.
    SecretInConfig,
    /// An unencrypted connection to a host that is not on this machine.
    InsecureTransport,
}

impl ProblemKind {
    /// The diagnostic code, such as `synclint::config::blank_value`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::UnsupportedVersion => "synclint::config::unsupported_version",
            Self::UnknownProvider => "synclint::config::unknown_provider",
            Self::UnknownMode => "synclint::config::unknown_mode",
            Self::MissingKey => "synclint::config::missing_key",
            Self::KeyNotAllowed => "synclint::config::key_not_allowed",
            Self::EmptyList => "synclint::config::empty_list",
            Self::BlankValue => "synclint::config::blank_value",
            Self::UnknownLevel => "synclint::config::unknown_level",
            Self::BadRuleId => "synclint::config::bad_rule_id",
            Self::EmptyCategory => "synclint::config::empty_category",
            Self::UnknownRule => "synclint::config::unknown_rule",
            Self::BadDate => "synclint::config::bad_date",
            Self::UnknownValue => "synclint::config::unknown_value",
            Self::BadValue => "synclint::config::bad_value",
            Self::UnknownTimezone => "synclint::config::unknown_timezone",
            Self::BadAddress => "synclint::config::bad_address",
            Self::SecretInConfig => "synclint::config::secret_in_config",
            Self::InsecureTransport => "synclint::config::insecure_transport",
        }
    }
}

/// One semantic problem in the configuration, with a label at the offending key or
/// value: a [`Problem`] whose code is its [`ProblemKind`]'s.
pub type ConfigProblem = Problem;
