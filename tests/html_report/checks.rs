//! The checks every report page must pass: on its markup, and in the browser.

use crate::browser::{load, Shot};
use crate::markup;
use regex::Regex;
use std::path::Path;

/// What every report page must be: self-contained, one script and one style of its own,
/// no element or attribute an input could have smuggled in.
pub fn static_checks(html: &str) {
    let resource =
        Regex::new(r#"(?i)\b(?:src|href|srcset|action|formaction|poster|data|xlink:href)\s*=\s*["']?\s*(?:https?:)?//"#)
            .unwrap();
    assert!(!resource.is_match(html), "a reference to another server");
    assert!(
        !Regex::new(r"(?i)url\(|@import").unwrap().is_match(html),
        "CSS that loads something"
    );
    assert!(!html.contains("<script>alert"), "a raw injected script");
    let tags = markup::tags(html);
    for tag in &tags {
        assert!(
            markup::ALLOWED.contains(&tag.name.as_str()),
            "unexpected element <{}>",
            tag.name
        );
        for (name, value) in &tag.attrs {
            assert!(
                !name.starts_with("on"),
                "an event-handler attribute {name}={value}"
            );
            assert!(name != "style" && name != "src", "a {name} attribute");
            // Readable without JS: only the filter bar (useless without it) starts hidden.
            if name == "hidden" {
                assert_eq!(
                    tag.attr("id"),
                    Some("filters"),
                    "hidden without JS: {:?}",
                    tag.attrs
                );
            }
            if name == "href" {
                assert!(value.starts_with('#'), "a link out of the page: {value}");
            }
        }
    }
    let opened = |name: &str| tags.iter().filter(|t| t.name == name && !t.end).count();
    assert_eq!(opened("script"), 1, "exactly one script, the page's own");
    assert_eq!(
        opened("style"),
        1,
        "exactly one style sheet, the page's own"
    );
    let csp = tags
        .iter()
        .find(|t| t.attr("http-equiv") == Some("Content-Security-Policy"))
        .expect("a Content-Security-Policy");
    assert!(csp
        .attr("content")
        .unwrap()
        .starts_with("default-src 'none'"));
}

/// The page in Chromium: no console output, the script ran, and the DOM is what was sent.
pub fn browser_checks(page: &Path, dir: &Path, name: &str) -> String {
    let shot = dir.join(format!("{name}.png"));
    let run = load(
        page,
        "",
        Some(Shot {
            path: &shot,
            width: 1280,
            height: 2000,
        }),
    );
    assert!(
        run.console.is_empty(),
        "console output on {name}: {:#?}",
        run.console
    );
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 20_000,
        "screenshot {} is {size} bytes\n{}",
        shot.display(),
        run.stderr
    );
    assert!(
        run.dom.contains("data-ready=\"1\""),
        "the script did not finish:\n{}",
        run.stderr
    );
    let tags = markup::tags(&run.dom);
    assert!(
        tags.iter()
            .any(|t| t.attr("id") == Some("filters") && t.attr("hidden").is_none()),
        "the script shows the filters"
    );
    for tag in &tags {
        assert!(
            markup::ALLOWED.contains(&tag.name.as_str()),
            "unexpected element <{}> in the DOM",
            tag.name
        );
        assert!(
            tag.attrs.iter().all(|(n, _)| !n.starts_with("on")),
            "an event handler in the DOM"
        );
    }
    assert_eq!(
        tags.iter().filter(|t| t.name == "script" && !t.end).count(),
        1
    );
    run.dom
}
