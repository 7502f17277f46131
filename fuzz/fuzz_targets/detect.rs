//! Any file, its kind told by content, as `synclint check` reads a folder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synclint::input::load_text;

fuzz_target!(|data: &[u8]| {
    let _ = load_text(data, "fuzz", None);
});
