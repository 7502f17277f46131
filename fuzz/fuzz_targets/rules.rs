//! Rule files: parsing and compiling one rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = synclint::rules::compile::compile_text(text, "fuzz-rule.yaml");
    }
});
