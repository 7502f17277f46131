use super::*;
use crate::finding::Findings;
use crate::finding::{Cause, Finding, Subjects};

/// A writer that keeps what it is given and the size of each write.
#[derive(Default)]
struct Recorder {
    bytes: Vec<u8>,
    writes: Vec<usize>,
}

impl std::io::Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writes.push(buf.len());
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn finding(rule: &str, user: &str) -> Finding {
    Finding {
        rule: rule.into(),
        severity: Severity::Error,
        title: format!("Title of {rule}").into(),
        category: "test".into(),
        says: crate::finding::Says::fixed(
            format!("Something about {user} that needs a look"),
            vec![format!("Fix {user}"), "Run the sync again".to_owned()],
        ),
        subjects: Subjects::from([("user".to_owned(), user.to_owned())]),
        location: None,
        events: None,
        cause: None,
    }
}

/// Many findings under two rules, half of them explained by one cause.
fn big_report(n: usize) -> Report {
    let mut cause = finding("org-missing", "-");
    cause.subjects = Subjects::from([("organization".to_owned(), "Sales".to_owned())]);
    let mut findings = vec![cause.clone()];
    for i in 0..n {
        let mut f = finding("move-failed", &format!("user-{i}@example.com"));
        if i % 2 == 0 {
            f.cause = Some(Box::new(Cause {
                rule: "org-missing".to_owned(),
                subjects: cause.subjects.clone(),
            }));
        }
        findings.push(f);
    }
    Report {
        findings: findings.into(),
        ..Report::default()
    }
}

#[test]
fn the_page_is_written_in_pieces() {
    let report = big_report(3000);
    let mut out = Recorder::default();
    Html.render(&report, &mut out).unwrap();
    let total = out.bytes.len();
    let largest = out.writes.iter().copied().max().unwrap_or(0);
    assert!(total > 1_000_000, "a large page: {total} bytes");
    // Pieces pass through an 8 KiB buffer; no piece is near the size of the page.
    assert!(
        largest <= 64 * 1024,
        "largest write {largest} of {total} bytes"
    );
    assert!(
        out.writes.len() > total / (64 * 1024),
        "{} writes",
        out.writes.len()
    );
    let page = String::from_utf8(out.bytes).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(
        page.ends_with("</script>\n</body>\n</html>\n"),
        "{}",
        &page[page.len() - 200..]
    );
    assert_eq!(page.matches("<article class=\"finding ").count(), 3001);
    assert_eq!(page.matches("<main>").count(), 1);
    assert_eq!(page.matches("</main>").count(), 1);
    assert!(page.contains("<a href=\"#cause-1\">1500 findings</a>"));
    assert!(page.contains("<dt>Explained by</dt><dd><a href=\"#f-1\"><code>org-missing</code></a>"));
}

#[test]
fn values_from_inputs_are_escaped_everywhere() {
    let evil = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>\u{1b}[31m";
    let mut f = finding(evil, evil);
    f.says = crate::finding::Says::fixed(evil, vec![evil.to_owned()]);
    f.location = Some(crate::model::Location::new(evil.to_owned(), 1, 1));
    let report = Report {
        findings: Findings::from(vec![f]),
        ..Report::default()
    };
    let mut out = Vec::new();
    Html.render(&report, &mut out).unwrap();
    let page = String::from_utf8(out).unwrap();
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(!page.contains('\u{1b}'));
    let shown = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\u{FFFD}[31m";
    // Message, fix step, user, location, rule id (text and attribute), filter option.
    assert!(page.matches(shown).count() >= 7, "{page}");
    assert!(page.contains(&format!("data-rule=\"{shown}\"")));
}
