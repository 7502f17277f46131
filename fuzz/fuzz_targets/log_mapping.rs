//! Generic log mappings: the input is a mapping file and a log, split at the first NUL
//! byte. The mapping is parsed and checked; when it is valid the log is read through it,
//! and the log is also read through the bundled OneLogin mapping.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use synclint::input::events::generic::LogMapping;
use synclint::input::{load_mapped_bytes, parse_mapping, Limits};

const BUNDLED: &str = include_str!("../../fixtures/log-mappings/onelogin-mapping.yaml");

fn bundled() -> &'static Option<LogMapping> {
    static MAPPING: OnceLock<Option<LogMapping>> = OnceLock::new();
    MAPPING.get_or_init(|| parse_mapping(BUNDLED, "onelogin-mapping.yaml").ok())
}

fuzz_target!(|data: &[u8]| {
    let (mapping, log) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    if let Ok(text) = std::str::from_utf8(mapping) {
        if let Ok(mapping) = parse_mapping(text, "fuzz-mapping.yaml") {
            let _ = load_mapped_bytes(log, "fuzz", std::slice::from_ref(&mapping), &Limits::default());
        }
    }
    if let Some(onelogin) = bundled() {
        let _ = load_mapped_bytes(log, "fuzz", std::slice::from_ref(onelogin), &Limits::default());
    }
});
