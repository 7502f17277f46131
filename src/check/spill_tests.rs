use super::*;
use crate::finding::sample::{table, templated};
use crate::finding::Says;
use std::fs::OpenOptions;
use std::path::Path;

/// `n` findings of both rules, every tenth held in memory (kept under the other rule's
/// place, which the codec refuses) and every seventh with fixed text; with the place
/// each is kept under.
fn findings(table: &[RuleText], n: usize) -> Vec<(usize, Finding)> {
    (0..n)
        .map(|i| {
            let rule = i % 2;
            let mut finding = templated(table, rule, &format!("user{i}@example.com"));
            if i % 7 == 0 {
                finding.says = Says::fixed(format!("fixed {i}"), vec![format!("step {i}")]);
            }
            let place = if i % 10 == 0 { 1 - rule } else { rule };
            (place, finding)
        })
        .collect()
}

fn only_findings(kept: &[(usize, Finding)]) -> Vec<Finding> {
    kept.iter().map(|(_, f)| f.clone()).collect()
}

/// A spill whose file is `file` (opened as the test needs) instead of an unnamed one.
fn spill_into<'t>(table: &'t [RuleText], file: File) -> Spill<'t> {
    let mut spill = Spill::new(table);
    spill.file = Some(file);
    spill
}

fn read_write(path: &Path) -> File {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(true);
    options.open(path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn findings_come_back_in_the_order_they_were_kept() {
    let table = table();
    let kept = findings(&table, 3000);
    let mut spill = Spill::new(&table);
    assert!(spill.file.is_some(), "a temporary file could be made here");
    for (place, finding) in kept.iter().cloned() {
        spill.push(place, finding);
    }
    assert!(
        spill.written > 0,
        "several chunks were written before the end"
    );
    assert_eq!(spill.held.len(), 300, "every tenth is held in memory");
    let (back, problem) = spill.finish(5);
    assert_eq!(problem, None);
    assert!(back.capacity() >= back.len() + 5, "room for the rest");
    assert_eq!(back, only_findings(&kept));
}

#[test]
fn no_findings_make_an_empty_list() {
    let table = table();
    let (back, problem) = Spill::new(&table).finish(0);
    assert!(back.is_empty());
    assert_eq!(problem, None);
}

#[test]
fn a_file_that_cannot_be_written_keeps_the_rest_in_memory() {
    let table = table();
    let kept = findings(&table, 3000);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("findings");
    let mut spill = spill_into(&table, read_write(&path));
    let mut rest = kept.iter().cloned();
    while spill.written == 0 {
        let Some((place, finding)) = rest.next() else {
            panic!("no chunk was written")
        };
        spill.push(place, finding);
    }
    // From here on, writing fails: the same file, opened only for reading.
    spill.file = Some(File::open(&path).unwrap_or_else(|e| panic!("{e}")));
    for (place, finding) in rest {
        spill.push(place, finding);
    }
    assert!(!spill.after.is_empty(), "the rest was kept in memory");
    let (back, problem) = spill.finish(0);
    assert_eq!(problem, None);
    assert_eq!(back, only_findings(&kept));
}

#[test]
fn a_file_that_never_takes_a_write_loses_nothing() {
    let table = table();
    let kept = findings(&table, 50);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("findings");
    std::fs::write(&path, b"").unwrap_or_else(|e| panic!("{e}"));
    let mut spill = spill_into(&table, File::open(&path).unwrap_or_else(|e| panic!("{e}")));
    for (place, finding) in kept.iter().cloned() {
        spill.push(place, finding);
    }
    let (back, problem) = spill.finish(0);
    assert_eq!(problem, None);
    assert_eq!(back, only_findings(&kept));
}

#[test]
fn a_cut_file_keeps_what_was_read_and_counts_the_rest() {
    let table = table();
    let kept = findings(&table, 3000);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("findings");
    let mut spill = spill_into(&table, read_write(&path));
    for (place, finding) in kept.iter().cloned() {
        spill.push(place, finding);
    }
    spill.write_chunk();
    let cut = OpenOptions::new().write(true).open(&path);
    let cut = cut.and_then(|f| f.set_len(spill.written / 2));
    cut.unwrap_or_else(|e| panic!("{e}"));
    let (back, problem) = spill.finish(0);
    assert!(
        !back.is_empty() && back.len() < kept.len(),
        "{}",
        back.len()
    );
    assert_eq!(back, only_findings(&kept[..back.len()]));
    let problem = problem.unwrap_or_default();
    let lost = kept.len() - back.len();
    assert!(
        problem.starts_with(&format!("{lost} findings could not be read back")),
        "{problem}"
    );
}

#[test]
fn record_lengths_read_as_written() {
    for n in [0usize, 1, 127, 128, 65_536, 1 << 40] {
        let mut bytes = Vec::new();
        put_number(&mut bytes, n as u64);
        assert_eq!(length(&bytes), Some((n, bytes.len())));
        assert_eq!(length(&bytes[..bytes.len() - 1]), None, "cut");
    }
    let mut two = Vec::new();
    put_number(&mut two, 2);
    two.extend_from_slice(b"ab");
    put_number(&mut two, 0);
    assert_eq!(next_record(&two), Some((&b"ab"[..], &[0u8][..])));
    assert_eq!(held_in(&two), 1);
    assert_eq!(next_record(&two[..2]), None, "a record cut short");
}
