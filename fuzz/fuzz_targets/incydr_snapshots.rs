//! The Incydr console snapshot loaders (users, roles, user roles, organizations,
//! directory groups); the first byte picks which.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synclint::input::{load_text, InputKind};

const KINDS: [InputKind; 5] = [
    InputKind::ConsoleUsers,
    InputKind::Roles,
    InputKind::ConsoleUserRoles,
    InputKind::Organizations,
    InputKind::DirectoryGroups,
];

fuzz_target!(|data: &[u8]| {
    let Some((pick, rest)) = data.split_first() else { return };
    let kind = KINDS[usize::from(*pick) % KINDS.len()];
    let _ = load_text(rest, "fuzz", Some(kind));
});
