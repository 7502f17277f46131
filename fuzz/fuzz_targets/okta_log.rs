//! The Okta System Log loader, its kind forced.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synclint::input::{load_text, InputKind};

fuzz_target!(|data: &[u8]| {
    let _ = load_text(data, "fuzz", Some(InputKind::OktaLog));
});
