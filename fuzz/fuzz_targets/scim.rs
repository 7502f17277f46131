//! The SCIM snapshot loaders; the first byte picks users or groups.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synclint::input::{load_text, InputKind};

fuzz_target!(|data: &[u8]| {
    let Some((pick, rest)) = data.split_first() else { return };
    let kind = if pick % 2 == 0 { InputKind::IdpUsers } else { InputKind::IdpGroups };
    let _ = load_text(rest, "fuzz", Some(kind));
});
