//! Root causes first: each cause finding, what it explains, and how to fix it.

use super::findings::{finding_id, index_of, write_fix, write_subjects_and_place};
use super::{badge, esc, plural, time};
use crate::report::{Report, RootCause};
use std::fmt::{self, Write as _};

pub(super) fn write_causes(out: &mut String, report: &Report) -> fmt::Result {
    let causes = report.root_causes();
    if causes.is_empty() {
        return Ok(());
    }
    let users: std::collections::BTreeSet<&str> = causes
        .iter()
        .flat_map(|c| c.symptoms.iter())
        .filter_map(|s| s.subjects.get("user").map(String::as_str))
        .collect();
    let events: u64 = causes.iter().map(|c| c.events).sum();
    write!(
        out,
        "<section id=\"causes\" aria-labelledby=\"causes-h\">\n\
         <h2 id=\"causes-h\">Root causes <span class=\"count\">({})</span></h2>\n\
         <p class=\"lead\">{}, {}, {}. Fix these first: each one explains other findings \
         below.</p>\n",
        causes.len(),
        plural(causes.len() as u64, "cause", "causes"),
        plural(users.len() as u64, "user", "users"),
        plural(events, "failed event", "failed events"),
    )?;
    for (n, cause) in causes.iter().enumerate() {
        write_cause(out, report, n, cause)?;
    }
    out.write_str("</section>\n")
}

fn write_cause(out: &mut String, report: &Report, n: usize, c: &RootCause<'_>) -> fmt::Result {
    let f = c.finding;
    write!(
        out,
        "<article class=\"cause sev-{s}\" id=\"cause-{n}\" data-severity=\"{s}\" data-rule=\"{rule}\">\n\
         <h3><span class=\"cause-no\">{n}.</span> {badge} <span class=\"rule-title\">{title}</span> \
         <code class=\"rule-id\">{rule}</code></h3>\n<p class=\"message\">{message}</p>\n\
         <p class=\"explains\">Explains {symptoms}: {users}, {events}.</p>\n",
        s = f.severity,
        n = n + 1,
        rule = esc(&f.rule),
        badge = badge(f.severity),
        title = esc(&f.title),
        message = esc(&f.message()),
        symptoms = plural(c.symptoms.len() as u64, "finding", "findings"),
        users = plural(c.users as u64, "user", "users"),
        events = plural(c.events, "failed event", "failed events"),
    )?;
    out.push_str("<dl class=\"facts\">");
    write_subjects_and_place(out, f)?;
    if let Some(i) = index_of(report, f) {
        write!(
            out,
            "<dt>Finding</dt><dd><a href=\"#{}\">see it among the findings</a></dd>",
            finding_id(i)
        )?;
    }
    out.push_str("</dl>\n");
    write_fix(out, &f.fix())?;
    write_symptoms(out, report, c)?;
    out.write_str("</article>\n")
}

/// The symptoms, folded: user, finding, events, first and last seen.
fn write_symptoms(out: &mut String, report: &Report, c: &RootCause<'_>) -> fmt::Result {
    write!(
        out,
        "<details class=\"symptoms\"><summary>The {} it explains</summary>\n\
         <div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">User</th>\
         <th scope=\"col\">Finding</th><th scope=\"col\" class=\"num\">Events</th>\
         <th scope=\"col\">First seen</th><th scope=\"col\">Last seen</th></tr></thead><tbody>\n",
        plural(c.symptoms.len() as u64, "finding", "findings")
    )?;
    for s in &c.symptoms {
        let user = s
            .subjects
            .get("user")
            .map_or_else(|| "\u{2014}".to_owned(), |u| esc(u));
        let finding = match index_of(report, s) {
            Some(i) => format!(
                "<a href=\"#{}\"><code>{}</code></a> {}",
                finding_id(i),
                esc(&s.rule),
                esc(&s.message())
            ),
            None => format!("<code>{}</code> {}", esc(&s.rule), esc(&s.message())),
        };
        let dash = || "\u{2014}".to_owned();
        let (count, first, last) = match &s.events {
            Some(e) => (
                e.count.to_string(),
                e.first_seen.map_or_else(dash, time),
                e.last_seen.map_or_else(dash, time),
            ),
            None => (dash(), dash(), dash()),
        };
        writeln!(
            out,
            "<tr><td><code class=\"subject\">{user}</code></td><td>{finding}</td>\
             <td class=\"num\">{count}</td><td>{first}</td><td>{last}</td></tr>"
        )?;
    }
    out.write_str("</tbody></table></div></details>\n")
}
