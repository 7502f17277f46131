//! The HTML report: static checks on the markup, then the page in real headless Chromium
//! (screenshot, console, DOM after the script ran). Needs /usr/bin/chromium: install it with
//! `scripts/install-test-deps`. Without it these tests fail, they do not skip.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

#[path = "html_report/browser.rs"]
mod browser;
#[path = "html_report/checks.rs"]
mod checks;
#[path = "html_report/fixture.rs"]
mod fixture;
#[path = "html_report/markup.rs"]
mod markup;

use browser::{load, Shot};
use checks::{browser_checks, static_checks};
use fixture::{ANSI, CDATA_END, IMG, STYLE_END};
use regex::Regex;
use std::path::{Path, PathBuf};
use std::process::Command;
use synclint::report::{OutputFormat, RenderOptions, Report};

/// The report as HTML, through the registered format.
fn render(report: &Report) -> String {
    let format = OutputFormat::from_name("html").expect("the html format is registered");
    let mut out = Vec::new();
    format
        .renderer(&RenderOptions::default())
        .render(report, &mut out)
        .expect("renders");
    String::from_utf8(out).expect("UTF-8")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write page");
    path
}

/// (findings, errors, mapping-duplicate findings) of the demo, from its JSON report.
fn demo_counts() -> (usize, usize, usize) {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "fixtures/demo",
            "--now",
            "2026-11-28T12:00:00Z",
            "--format",
            "json",
        ])
        .output()
        .expect("the binary runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = doc["findings"].as_array().expect("findings");
    let count = |key: &str, value: &str| findings.iter().filter(|f| f[key] == value).count();
    (
        findings.len(),
        count("severity", "error"),
        count("rule", "mapping-duplicate"),
    )
}

#[test]
fn the_demo_renders_and_runs_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("demo.html");
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "fixtures/demo",
            "--now",
            "2026-11-28T12:00:00Z",
            "--format",
        ])
        .arg(format!("html={}", page.display()))
        .output()
        .expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).expect("the page was written");
    static_checks(&html);
    for text in [
        "role-unavailable",
        "fixtures/demo/synclint.yaml:12:27",
        "How to fix",
        "Inputs",
    ] {
        assert!(html.contains(text), "the page shows {text}");
    }
    let (total, errors, duplicates) = demo_counts();
    let dom = browser_checks(&page, dir.path(), "demo");
    assert!(
        dom.contains(&format!("Showing {total} of {total} findings")),
        "the filter count"
    );
    // A filtered view from the address: only errors stay visible.
    let run = load(&page, "severity=error", None);
    assert!(run.console.is_empty(), "{:#?}", run.console);
    let tags = markup::tags(&run.dom);
    let findings: Vec<_> = tags
        .iter()
        .filter(|t| {
            t.name == "article"
                && t.attr("data-rule").is_some()
                && t.attr("class").is_some_and(|c| c.starts_with("finding"))
        })
        .collect();
    assert_eq!(findings.len(), total);
    for f in &findings {
        let visible = f.attr("hidden").is_none();
        assert_eq!(
            visible,
            f.attr("data-severity") == Some("error"),
            "{:?}",
            f.attrs
        );
    }
    assert!(
        run.dom.contains(&format!("data-shown=\"{errors}\"")),
        "only the errors shown"
    );
    // And one rule.
    let run = load(
        &page,
        "severity=error,warning,info&rule=mapping-duplicate",
        None,
    );
    assert!(run.console.is_empty(), "{:#?}", run.console);
    assert!(
        run.dom.contains(&format!("data-shown=\"{duplicates}\"")),
        "only the mapping-duplicate findings shown"
    );
    assert!(run
        .dom
        .contains(&format!("Showing {duplicates} of {total} findings")));
}

#[test]
fn a_hostile_report_stays_text_and_runs_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let html = render(&fixture::hostile_report());
    static_checks(&html);
    for escaped in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
        "&lt;/style&gt;",
        "]]&gt;",
        "\u{FFFD}[31mred\u{FFFD}[0m",
        "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
    ] {
        assert!(html.contains(escaped), "{escaped} is shown escaped");
    }
    for raw in [IMG, CDATA_END, ANSI, "\u{1b}"] {
        assert!(!html.contains(raw), "{raw:?} appears raw");
    }
    // The page's own closing tags only.
    assert_eq!(html.matches(STYLE_END).count(), 1);
    assert_eq!(html.matches("</script>").count(), 1);
    assert!(
        html.contains("1 cause, 3 users, 112 failed events"),
        "what the causes explain"
    );
    assert!(
        html.contains("explains 3 users, 112 failed events (3 findings)"),
        "the root-cause card"
    );
    assert!(
        html.contains("id=\"timeline\"") && html.contains("class=\"slot\""),
        "a timeline"
    );
    assert!(
        html.contains("https://support.code42.com/hc/en-us/articles/roles"),
        "references as text"
    );
    let page = write(dir.path(), "hostile.html", &html);
    let dom = browser_checks(&page, dir.path(), "hostile");
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the hostile text is text in the DOM"
    );
    assert!(dom.contains("Showing 6 of 6 findings"));
    // Readable on a narrow screen too.
    let narrow = dir.path().join("narrow.png");
    let run = load(
        &page,
        "",
        Some(Shot {
            path: &narrow,
            width: 390,
            height: 1600,
        }),
    );
    assert!(run.console.is_empty(), "{:#?}", run.console);
    assert!(std::fs::metadata(&narrow).map(|m| m.len()).unwrap_or(0) > 20_000);
    if let Some(keep) = std::env::var_os("SYNCLINT_KEEP_SCREENSHOTS") {
        for name in ["hostile.png", "narrow.png", "hostile.html"] {
            std::fs::copy(dir.path().join(name), Path::new(&keep).join(name)).unwrap();
        }
    }
}

#[test]
fn a_month_of_hours_fits_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let html = render(&fixture::month_report());
    static_checks(&html);
    let bars = html.matches("<g class=\"slot\">").count();
    assert!((100..=744).contains(&bars), "{bars} bars");
    assert!(html.contains("one bar per hour"));
    let page = write(dir.path(), "month.html", &html);
    let shot = dir.path().join("month.png");
    let run = load(
        &page,
        "",
        Some(Shot {
            path: &shot,
            width: 1280,
            height: 1000,
        }),
    );
    assert!(run.console.is_empty(), "{:#?}", run.console);
    assert!(run.dom.contains("data-ready=\"1\""));
    if let Some(keep) = std::env::var_os("SYNCLINT_KEEP_SCREENSHOTS") {
        std::fs::copy(&shot, Path::new(&keep).join("month.png")).unwrap();
    }
}

#[test]
fn a_quiet_window_and_no_logs_are_said_plainly() {
    let html = render(&fixture::quiet_report());
    static_checks(&html);
    assert!(html.contains("No changes or errors in this window."));
    assert!(!html.contains("<svg"));
    let none = render(&Report::default());
    static_checks(&none);
    assert!(!none.contains("id=\"timeline\""), "no logs, no timeline");
    assert!(none.contains("No findings"));
}

#[test]
fn console_error_detection_catches_a_broken_page() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.html",
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>broken</title></head>\
         <body><p>broken</p><script>noSuchFunction();</script></body></html>",
    );
    let run = load(&broken, "", None);
    assert!(
        run.console
            .iter()
            .any(|l| l.contains("Uncaught ReferenceError: noSuchFunction")),
        "an uncaught error is detected: {:#?}\n{}",
        run.console,
        run.stderr
    );
    let late = write(
        dir.path(),
        "late.html",
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>late</title></head>\
         <body><script>setTimeout(function () { console.error('late trouble'); }, 300);</script></body></html>",
    );
    let run = load(&late, "", None);
    assert!(
        run.console.iter().any(|l| l.contains("late trouble")),
        "{:#?}",
        run.console
    );
    let clean = write(
        dir.path(),
        "clean.html",
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>clean</title></head>\
         <body><script>document.body.setAttribute('data-ready', '1');</script></body></html>",
    );
    let run = load(&clean, "", None);
    assert!(
        run.console.is_empty(),
        "a clean page has no console lines: {:#?}",
        run.console
    );
    assert!(run.dom.contains("data-ready=\"1\""));
}

#[test]
fn hand_built_report_snapshot() {
    let html = render(&fixture::hostile_report());
    let version = format!("synclint {}", env!("CARGO_PKG_VERSION"));
    let mut stable = html.replace(&version, "synclint [version]");
    for (open, close, label) in [
        ("<style>", "</style>", "[style.css]"),
        ("<script>", "</script>", "[script.js]"),
    ] {
        let a = stable.find(open).unwrap() + open.len();
        let b = stable[a..].find(close).unwrap() + a;
        stable.replace_range(a..b, label);
    }
    let stable = Regex::new(r"'sha256-[A-Za-z0-9+/=]+'")
        .unwrap()
        .replace_all(&stable, "'sha256-[hash]'");
    insta::assert_snapshot!("hand_built_report", stable);
}
