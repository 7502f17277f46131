//! Both emails as `synclint notify --preview` writes them, on the demo and on a tenant of
//! two deleted organizations and a dozen users they stop (fixtures/tenants/northwind):
//! causes first, symptoms grouped, the same in both parts; snapshots of both parts; what a
//! mail client needs of the HTML; and the HTML in headless Chromium at 375 and 640 px.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

#[path = "html_report/browser.rs"]
mod browser;
mod notify_support;

use mail_parser::{MessageParser, MimeHeaders};
use notify_support::*;
use std::path::{Path, PathBuf};

const NORTHWIND: &str = "fixtures/tenants/northwind";
const NORTHWIND_NOW: &str = "2026-11-29T08:00:00Z";
const DEMO_NOW: &str = "2026-11-28T09:00:00Z";

/// One previewed message: subject, text part, HTML part (from the .eml), and the .html file.
struct Message {
    subject: String,
    text: String,
    html: String,
    file: PathBuf,
}

fn preview(input: &Path, now: &str, out: &Path) -> (Message, Message) {
    let run = synclint(
        Path::new("."),
        &[
            "notify",
            &input.display().to_string(),
            "--now",
            now,
            "--preview",
            &out.display().to_string(),
        ],
        &[],
    );
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    let read = |kind: &str| {
        let bytes = std::fs::read(out.join(format!("{kind}.eml"))).expect("the .eml was written");
        let m = MessageParser::default().parse(&bytes).expect("a message");
        let file = out.join(format!("{kind}.html"));
        let html = m.body_html(0).unwrap().replace("\r\n", "\n");
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(written == html, "the .html file is not the HTML part");
        Message {
            subject: m.subject().unwrap().to_owned(),
            text: m.body_text(0).unwrap().replace("\r\n", "\n"),
            html,
            file,
        }
    };
    (read("daily"), read("errors"))
}

fn northwind() -> (tempfile::TempDir, Message, Message) {
    let dir = tempfile::tempdir().unwrap();
    let (daily, errors) = preview(Path::new(NORTHWIND), NORTHWIND_NOW, dir.path());
    (dir, daily, errors)
}

/// Where `needle` first appears in `hay` (the test fails when it does not).
fn at(hay: &str, needle: &str) -> usize {
    hay.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` missing from:\n{hay}"))
}

#[test]
fn the_tenant_emails_lead_with_the_two_causes_and_group_the_symptoms() {
    let (_dir, daily, errors) = northwind();
    assert_eq!(
        daily.subject,
        "Directory sync 2026-11-29: 16 errors (2 causes), 5 changes"
    );
    assert_eq!(errors.subject, "Directory sync errors: 16 new, 2 causes");
    for m in [&daily, &errors] {
        for part in [&m.text, &m.html] {
            let lower = part
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let lead = at(&lower, "2 causes explain 14 of 16");
            let causes = at(&lower, "root causes: fix these first");
            let treasury = at(&lower, "7 users: tomas.quill@northwind.example, una.ledger@northwind.example, vera.coin@northwind.example and 4 more");
            let outreach = at(&lower, "5 users: amos.flyer@northwind.example");
            let rest = at(&lower, "errors without a known cause");
            assert!(lead < causes && causes < treasury && treasury < outreach && outreach < rest);
            // The twelve symptoms are summarised, not listed one by one.
            assert_eq!(lower.matches("failed organization move(s)").count(), 0);
            // One set of fix steps for the two deprovisioning errors.
            assert_eq!(lower.matches("read the failure in the provider").count(), 1);
            assert!(!part.contains('`'), "no Markdown backticks");
        }
    }
}

#[test]
fn the_text_part_reads_alone_within_72_columns() {
    let (_dir, daily, _) = northwind();
    for line in daily.text.lines() {
        let long_word = line.split_whitespace().any(|w| w.chars().count() > 40);
        assert!(line.chars().count() <= 72 || long_word, "too wide: {line}");
    }
    for markdown in ["**", "| ", "```", "## "] {
        assert!(
            !daily.text.contains(markdown),
            "Markdown `{markdown}` in the text part"
        );
    }
    assert!(
        daily.text.contains("Okta: 3 created, 2 updated, 27 errors"),
        "{}",
        daily.text
    );
    assert!(
        daily.text.contains("429 Too Many Requests (rate limited)"),
        "{}",
        daily.text
    );
    assert!(!daily.text.contains("event(s)") && !daily.text.contains("for 0 user"));
    assert!(daily
        .text
        .contains("This message covers orgs.json (organizations), sync-log.csv (sync-log)"));
}

#[test]
fn snapshots_of_both_parts_of_both_emails() {
    let (_dir, daily, errors) = northwind();
    insta::assert_snapshot!("northwind_daily_text", daily.text);
    insta::assert_snapshot!("northwind_daily_html", daily.html);
    insta::assert_snapshot!("northwind_errors_text", errors.text);
    insta::assert_snapshot!("northwind_errors_html", errors.html);
    let ws = Workspace::new(&settings("daily", 25, ""));
    let out = tempfile::tempdir().unwrap();
    let (daily, errors) = preview(ws.path(), DEMO_NOW, out.path());
    assert_eq!(
        daily.subject,
        "Directory sync 2026-11-28: 10 errors (3 causes), 16 changes"
    );
    for m in [&daily, &errors] {
        assert!(at(&m.text, "3 causes explain") < at(&m.text, "WITHOUT A KNOWN CAUSE"));
    }
    insta::assert_snapshot!("demo_daily_text", daily.text);
    insta::assert_snapshot!("demo_errors_html", errors.html);
}

#[test]
fn preview_changes_no_state_and_writes_the_same_twice() {
    let ws = Workspace::new(&settings("daily", 25, ""));
    let out = tempfile::tempdir().unwrap();
    let (first, _) = preview(ws.path(), DEMO_NOW, out.path());
    let (second, _) = preview(ws.path(), DEMO_NOW, out.path());
    assert_eq!(first.text, second.text);
    assert!(ws.state().is_none(), "no state written");
    assert!(ws.outbox().is_empty(), "nothing queued");
}

/// What a mail client needs: no script, no style sheet, nothing loaded, inline styles,
/// one column at most 640 px wide.
#[test]
fn the_html_part_is_safe_for_mail_clients() {
    let (_dir, daily, errors) = northwind();
    for html in [&daily.html, &errors.html] {
        let lower = html.to_lowercase();
        for banned in [
            "<script",
            "<style",
            "<link",
            "<img",
            "@import",
            "url(",
            "@font-face",
            "src=",
            "http://",
            "https://",
            " class=",
        ] {
            assert!(!lower.contains(banned), "`{banned}` in the HTML part");
        }
        assert!(lower.contains("max-width:640px"));
        assert!(lower.contains("name=\"color-scheme\""));
        assert!(
            !lower.contains("<div"),
            "tables, not divs, carry the layout"
        );
        for p in lower
            .match_indices("<p ")
            .chain(lower.match_indices("<td "))
        {
            assert!(
                lower[p.0..].split('>').next().unwrap().contains("style="),
                "an element without inline style"
            );
        }
    }
}

/// The page with a probe script (the test's, not the email's) that records whether the
/// page scrolls sideways.
fn probed(file: &Path, dir: &Path, name: &str) -> PathBuf {
    let html = std::fs::read_to_string(file).unwrap();
    let probe = "<script>document.body.setAttribute('data-overflow', \
                 String(document.documentElement.scrollWidth - window.innerWidth));</script></body>";
    let path = dir.join(format!("{name}-probed.html"));
    std::fs::write(&path, html.replace("</body>", probe)).unwrap();
    path
}

#[test]
fn the_html_part_fits_375_and_640_pixels_in_chromium() {
    let (dir, daily, errors) = northwind();
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("email-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, m) in [("daily", &daily), ("errors", &errors)] {
        for width in [375, 640] {
            let page = probed(&m.file, dir.path(), name);
            let shot = shots.join(format!("{name}-{width}.png"));
            let run = browser::load(
                &page,
                "",
                Some(browser::Shot {
                    path: &shot,
                    width,
                    height: 1600,
                }),
            );
            assert!(run.console.is_empty(), "console output: {:#?}", run.console);
            assert!(
                run.dom.contains("data-overflow=\"0\""),
                "{name} scrolls sideways at {width} px: {}",
                &run.dom[..run.dom.len().min(300)]
            );
            let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
            assert!(
                size > 10_000,
                "screenshot {} is {size} bytes\n{}",
                shot.display(),
                run.stderr
            );
        }
    }
}

/// The probe sees a page that is wider than the window (so a pass above means something).
#[test]
fn the_probe_catches_a_page_that_scrolls_sideways() {
    let dir = tempfile::tempdir().unwrap();
    let wide = dir.path().join("wide.html");
    std::fs::write(
        &wide,
        "<!DOCTYPE html><html><body><table style=\"width:900px\"><tr><td>x</td></tr></table></body></html>",
    )
    .unwrap();
    let page = probed(&wide, dir.path(), "wide");
    let shot = dir.path().join("wide.png");
    let run = browser::load(
        &page,
        "",
        Some(browser::Shot {
            path: &shot,
            width: 375,
            height: 400,
        }),
    );
    assert!(run.console.is_empty(), "{:#?}", run.console);
    assert!(run.dom.contains("data-overflow=\""), "the probe ran");
    assert!(
        !run.dom.contains("data-overflow=\"0\""),
        "the overflow was missed"
    );
}

#[test]
fn attach_report_sends_the_html_report_along_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(NORTHWIND).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let config = dir.path().join("synclint.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}  attach_report: true\n")).unwrap();
    let out = dir.path().join("out");
    let (daily, _) = preview(dir.path(), NORTHWIND_NOW, &out);
    assert!(
        daily.text.contains("The full HTML report is attached"),
        "{}",
        daily.text
    );
    let bytes = std::fs::read(out.join("daily.eml")).unwrap();
    let m = MessageParser::default().parse(&bytes).unwrap();
    let attached = m.attachment(0).expect("an attachment");
    assert_eq!(attached.attachment_name(), Some("synclint-report.html"));
    let page = String::from_utf8_lossy(attached.contents());
    assert!(
        page.contains("id=\"causes\"") && page.contains("Treasury"),
        "the report"
    );
}
