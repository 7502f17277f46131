//! Archives as inputs: a zip or a gzipped tar of an export is read exactly as the folder
//! it holds, with locations written `export.zip!/path:line`; bombs, paths out of the
//! archive, links, nesting and damaged archives are reported by name.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const NOW: &str = "2026-11-28T12:00:00Z";

fn check(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .arg("check")
        .args(args)
        .args(["--format", "json", "--now", NOW])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let doc = serde_json::from_str(&text).unwrap_or(Value::Null);
    (out.status.code().expect("code"), doc, text)
}

fn problems(doc: &Value) -> Vec<(String, String, String)> {
    doc["summary"]["problems"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|p| {
                    let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
                    (s("path"), s("problem"), s("reason"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn demo_files() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn tar_gz_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The folder's report and the archive's, with the archive's member paths written as
/// the folder's files: they must be the same document.
fn same_as_folder(archive_name: &str, bytes: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("demo");
    std::fs::create_dir(&folder).unwrap();
    for (name, bytes) in demo_files() {
        write(&folder, &name, &bytes);
    }
    let archive = write(tmp.path(), archive_name, bytes);
    let (folder_code, folder_doc, _) = check(&[folder.to_str().unwrap()]);
    let (code, _, text) = check(&[archive.to_str().unwrap()]);
    let shown_archive = format!("{}!/", archive.display());
    let shown_folder = format!("{}/", folder.display());
    assert!(
        text.contains(&format!("{shown_archive}sync-log.csv")),
        "{text}"
    );
    let mapped: Value = serde_json::from_str(&text.replace(&shown_archive, &shown_folder)).unwrap();
    assert_eq!(code, folder_code);
    assert!(folder_doc["findings"].as_array().unwrap().len() > 20);
    assert_eq!(mapped["findings"], folder_doc["findings"]);
    assert_eq!(mapped["summary"], folder_doc["summary"]);
}

#[test]
fn a_zipped_export_gives_the_folders_findings() {
    same_as_folder("demo.zip", &zip_of(&demo_files()));
}

#[test]
fn a_gzipped_tar_gives_the_folders_findings() {
    same_as_folder("demo.tgz", &tar_gz_of(&demo_files()));
}

#[test]
fn locations_name_the_archive_and_the_member() {
    let tmp = tempfile::tempdir().unwrap();
    let files = vec![(
        "exports/sync.csv".to_owned(),
        b"timestamp,action,user,status,message\n2026-11-28T10:00:00Z,update user,a@x.example,failure,Unable to update user's role\n"
            .to_vec(),
    )];
    let archive = write(tmp.path(), "export.zip", &zip_of(&files));
    let (_, doc, _) = check(&[archive.to_str().unwrap()]);
    let shown = format!("{}!/exports/sync.csv", archive.display());
    assert_eq!(
        doc["summary"]["inputs"][0]["path"],
        Value::from(shown.clone())
    );
    let human = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            archive.to_str().unwrap(),
            "--now",
            NOW,
            "--color",
            "never",
        ])
        .output()
        .expect("runs");
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.contains(&format!("--> {shown}:2:1")), "{human}");
}

#[test]
fn a_zip_bomb_stops_at_the_member_past_the_budget() {
    let tmp = tempfile::tempdir().unwrap();
    let small = b"user_id,username,org_name\nu1,a@x.example,Sales\n".to_vec();
    let files = vec![
        ("a-users.csv".to_owned(), small),
        ("b-zeros.csv".to_owned(), vec![b'0'; 200_000]),
        ("c-more.csv".to_owned(), vec![b'1'; 10]),
    ];
    let archive = write(tmp.path(), "bomb.zip", &zip_of(&files));
    // 8 × 16 KiB = 128 KiB in all: the second member passes it.
    let (code, doc, _) = check(&[archive.to_str().unwrap(), "--max-file-size", "16KiB"]);
    assert_eq!(code, 4, "{doc}");
    let found = problems(&doc);
    let shown = format!("{}!/b-zeros.csv", archive.display());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        (shown.as_str(), "too-large")
    );
    assert!(found[0].2.contains("131072 bytes"), "{found:?}");
    assert_eq!(
        doc["summary"]["inputs"].as_array().unwrap().len(),
        1,
        "{doc}"
    );
}

#[test]
fn members_out_of_the_archive_links_and_hidden_ones_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for name in [
        "../../evil.csv",
        "/etc/passwd",
        ".hidden.json",
        "ok/users.csv",
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(b"user_id,username,org_name\nu1,a@x.example,Sales\n")
            .unwrap();
    }
    zip.add_symlink("link.csv", "/etc/passwd", options).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let archive = write(tmp.path(), "t.zip", &bytes);
    let (code, doc, _) = check(&[archive.to_str().unwrap()]);
    assert_eq!(code, 0, "refused members do not fail the run: {doc}");
    let found = problems(&doc);
    let names: Vec<String> = found
        .iter()
        .map(|(p, what, _)| format!("{} {what}", p.rsplit("t.zip!/").next().unwrap()))
        .collect();
    assert_eq!(
        names,
        vec![
            "../../evil.csv not-followed",
            "/etc/passwd not-followed",
            ".hidden.json not-followed",
            "link.csv not-followed",
        ]
    );
    assert!(found[0].2.contains("climbs out"), "{found:?}");
    assert!(found[1].2.contains("absolute"), "{found:?}");
    assert!(found[3].2.contains("link"), "{found:?}");
    assert!(!tmp.path().parent().unwrap().join("evil.csv").exists());
    let inputs = doc["summary"]["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1);
    assert!(inputs[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("t.zip!/ok/users.csv"));
}

#[test]
fn archives_nested_one_level_are_opened_and_deeper_ones_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let users = b"user_id,username,org_name\nu1,a@x.example,Sales\n".to_vec();
    let deepest = zip_of(&[("users.csv".to_owned(), users.clone())]);
    let inner = tar_gz_of(&[
        ("inner-users.csv".to_owned(), users),
        ("deeper.zip".to_owned(), deepest),
    ]);
    let outer = zip_of(&[("nested/inner.tar.gz".to_owned(), inner)]);
    let archive = write(tmp.path(), "outer.zip", &outer);
    let (_, doc, _) = check(&[archive.to_str().unwrap()]);
    let shown = archive.display().to_string();
    let inputs = doc["summary"]["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1, "{doc}");
    assert_eq!(
        inputs[0]["path"],
        Value::from(format!("{shown}!/nested/inner.tar.gz!/inner-users.csv"))
    );
    assert_eq!(inputs[0]["kind"], "console-users");
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].0,
        format!("{shown}!/nested/inner.tar.gz!/deeper.zip")
    );
    assert!(found[0].2.contains("one level"), "{found:?}");
}

#[test]
fn a_damaged_archive_is_reported_with_its_name() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = zip_of(&demo_files());
    bytes.truncate(bytes.len() / 2);
    let archive = write(tmp.path(), "broken.zip", &bytes);
    let mut gz = tar_gz_of(&demo_files());
    gz.truncate(gz.len() / 2);
    let tgz = write(tmp.path(), "broken.tgz", &gz);
    let (code, doc, _) = check(&[archive.to_str().unwrap(), tgz.to_str().unwrap()]);
    assert_eq!(code, 4);
    let found = problems(&doc);
    assert!(
        found
            .iter()
            .any(|(p, what, reason)| p == &archive.display().to_string()
                && what == "malformed"
                && reason.contains("zip")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(p, what, _)| p.starts_with(&tgz.display().to_string()) && what == "malformed"),
        "{found:?}"
    );
}
