//! Root causes first: each cause finding, what it explains, and how to fix it.

use super::findings::{finding_id, fix, subjects_and_place};
use super::header::users_explained;
use super::{badge, plural, time, Page, Sink, HOLE, NL};
use crate::finding::Finding;
use crate::report::RootCause;
use maud::{html, Markup};
use std::io;

/// An em dash, for a cell with nothing to show.
const DASH: &str = "\u{2014}";

pub(super) fn write_causes(sink: &mut Sink<'_>, page: &Page<'_>) -> io::Result<()> {
    let causes = page.causes;
    if causes.is_empty() {
        return Ok(());
    }
    let events: u64 = causes.iter().map(|c| c.events).sum();
    let section = html! {
        section id="causes" aria-labelledby="causes-h" {
            (NL) h2 id="causes-h" {
                "Root causes " span class="count" { "(" (causes.len()) ")" }
            }
            (NL) p class="lead" {
                (plural(causes.len() as u64, "cause", "causes")) ", "
                (plural(users_explained(page) as u64, "user", "users")) ", "
                (plural(events, "failed event", "failed events"))
                ". Fix these first: each one explains other findings below."
            }
            (NL) (HOLE)
        }
        (NL)
    };
    sink.wrap(section, |sink| {
        for (n, cause) in causes.iter().enumerate() {
            write_cause(sink, page, n, cause)?;
        }
        Ok(())
    })
}

fn write_cause(
    sink: &mut Sink<'_>,
    page: &Page<'_>,
    n: usize,
    c: &RootCause<'_>,
) -> io::Result<()> {
    let f = c.finding;
    let s = f.severity.as_str();
    let article = html! {
        article class={ "cause sev-" (s) } id={ "cause-" (n + 1) } data-severity=(s) data-rule=(&*f.rule) {
            (NL) h3 {
                span class="cause-no" { (n + 1) "." } " " (badge(f.severity)) " "
                span class="rule-title" { (&*f.title) } " "
                code class="rule-id" { (&*f.rule) }
            }
            (NL) p class="message" { (f.message()) }
            (NL) p class="explains" {
                "Explains " (plural(c.symptoms.len() as u64, "finding", "findings")) ": "
                (plural(c.users as u64, "user", "users")) ", "
                (plural(c.events, "failed event", "failed events")) "."
            }
            (NL) dl class="facts" {
                (subjects_and_place(f))
                @if let Some(i) = page.index_of(f) {
                    dt { "Finding" }
                    dd { a href={ "#" (finding_id(i)) } { "see it among the findings" } }
                }
            }
            (NL) (fix(&f.fix()))
            details class="symptoms" {
                summary {
                    "The " (plural(c.symptoms.len() as u64, "finding", "findings")) " it explains"
                }
                (NL) div class="table-wrap" { table {
                    thead { tr {
                        th scope="col" { "User" } th scope="col" { "Finding" }
                        th scope="col" class="num" { "Events" }
                        th scope="col" { "First seen" } th scope="col" { "Last seen" }
                    } }
                    tbody { (NL) (HOLE) }
                } }
            }
            (NL)
        }
        (NL)
    };
    sink.wrap(article, |sink| {
        for s in &c.symptoms {
            sink.put(symptom(page, s))?;
        }
        Ok(())
    })
}

/// One row of a cause's symptoms: user, finding, events, first and last seen.
fn symptom(page: &Page<'_>, s: &Finding) -> Markup {
    let seen = |t: Option<chrono::DateTime<chrono::Utc>>| match t {
        Some(t) => time(t),
        None => html! { (DASH) },
    };
    html! {
        tr {
            td { code class="subject" { (s.subjects.get("user").map_or(DASH, String::as_str)) } }
            td {
                @match page.index_of(s) {
                    Some(i) => a href={ "#" (finding_id(i)) } { code { (&*s.rule) } },
                    None => code { (&*s.rule) },
                }
                " " (s.message())
            }
            @match &s.events {
                Some(e) => {
                    td class="num" { (e.count) }
                    td { (seen(e.first_seen)) } td { (seen(e.last_seen)) }
                }
                None => { td class="num" { (DASH) } td { (DASH) } td { (DASH) } }
            }
        }
        (NL)
    }
}
