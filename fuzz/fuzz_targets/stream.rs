//! Streaming a log must give what loading it whole gives: the input is written to a
//! file (in memory where the system allows), streamed in small batches and loaded whole,
//! and the two results compared.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;
use synclint::input::{load_file, stream_events};

fuzz_target!(|data: &[u8]| {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm")
    } else {
        tempfile::tempdir()
    };
    let Ok(dir) = dir else { return };
    let path = dir.path().join("log");
    let Ok(mut file) = std::fs::File::create(&path) else { return };
    if file.write_all(data).is_err() {
        return;
    }
    drop(file);
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let streamed = stream_events(&path, "fuzz", None, 3, &mut |r, s| {
        records.extend(r);
        skipped.extend(s);
    });
    let whole = load_file(&path, "fuzz", None);
    if let (Ok(streamed), Ok(whole)) = (streamed, whole) {
        assert_eq!(streamed.kind, whole.kind, "kind");
        assert!(records == whole.records, "records differ");
        assert_eq!(skipped, whole.skipped, "skipped differ");
    }
});
