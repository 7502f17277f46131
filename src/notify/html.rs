//! The HTML part, written for mail clients rather than browsers: one column of nested
//! tables at most 640 px wide, every style inline on its element (clients drop `<style>`),
//! no script, no image, no web font, system fonts, and a palette that keeps its contrast
//! when a client darkens the page (every block sets its text and background colours
//! together). Written with maud templates, which escape every value from an input; control
//! characters are then made visible as in the HTML report. Pure.

use super::compose::{clean, events, plural, who, Letter, MAX_LISTED};
use crate::report::groups::{CauseGroup, RuleGroup};
use crate::report::html::neutralize;
use crate::syncreport::render::label;
use crate::syncreport::{SyncReport, TOTAL_KEYS};
use maud::{html, Markup, PreEscaped, DOCTYPE};

const FONT: &str =
    "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK: &str = "#1b1f24";
const MUTED: &str = "#4b5563";
const PAPER: &str = "#ffffff";
const PAGE: &str = "#eef1f4";
const LINE: &str = "#d5dae0";
const ALERT: &str = "#b42318";
const ALERT_BG: &str = "#fdf3f2";
/// Long words (addresses, rule ids) break rather than widen the column.
const BREAK: &str = "word-break:break-word;overflow-wrap:anywhere";
const CODE: &str = "font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background-color:#eef1f4;color:#1b1f24;padding:0 3px";

/// Where the footer starts (notes are put before it).
const FOOTER: &str = "<!-- footer -->";

/// How many users a summary names before "and N more".
const NAMED: usize = 3;

/// A newline between blocks of the source.
const NL: PreEscaped<&str> = PreEscaped("\n");

/// The HTML part of `letter`.
#[must_use]
pub fn render(letter: &Letter<'_>) -> String {
    let d = &letter.digest;
    let body = html! {
        (row(html! {
            h1 style={ "margin:0 0 8px;font-size:22px;line-height:28px;color:" (INK) } { (letter.title) }
        }))
        (row(para(html! { (letter.lead) }, "font-size:16px;font-weight:bold")))
        @if !d.causes.is_empty() {
            (heading("Root causes: fix these first"))
            @for (n, c) in d.causes.iter().enumerate() { (cause(n + 1, c)) }
        }
        @if !d.by_rule.is_empty() {
            (heading(if d.causes.is_empty() { "Errors, by rule" } else { "Errors without a known cause, by rule" }))
            @for g in &d.by_rule { (group(g)) }
        }
        @if let Some(sync) = letter.sync { (activity(sync)) }
        // Our own marker: notes added later go before it.
        (PreEscaped(FOOTER))
        (row(html! {
            p style={ "margin:16px 0 0;padding-top:12px;border-top:1px solid " (LINE) ";font-size:12px;line-height:18px;color:" (MUTED) } {
                (letter.covers) br;
                "Sent by synclint notify. How often (daily, errors-only, never) and to whom is set under "
                code style=(CODE) { "notifications:" } " in synclint.yaml."
            }
        }))
    };
    neutralize(&page(&letter.title, body).into_string()).into_owned()
}

/// The document: a centred column of at most 640 px on a tinted page.
fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE) (NL)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                meta name="supported-color-schemes" content="light dark";
                title { (title) }
            }
            (NL)
            body style={ "margin:0;padding:0;background-color:" (PAGE) ";color:" (INK) } {
                (NL)
                table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"
                    style={ "width:100%;border-collapse:collapse;background-color:" (PAGE) } {
                    tr { td align="center" style="padding:12px 6px" {
                        (NL)
                        table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"
                            style={ "width:100%;max-width:640px;border-collapse:collapse;background-color:" (PAPER) ";color:" (INK) ";border:1px solid " (LINE) ";" (FONT) ";font-size:14px;line-height:21px" } {
                            (NL) (body)
                        }
                        (NL)
                    } }
                }
                (NL)
            }
        }
        (NL)
    }
}

/// One row of the column.
fn row(inner: Markup) -> Markup {
    html! { tr { td style={ "padding:6px 18px;" (BREAK) } { (inner) } } (NL) }
}

fn para(inner: Markup, extra: &str) -> Markup {
    html! { p style={ "margin:0 0 8px;color:" (INK) ";" (extra) } { (inner) } }
}

/// A bold label such as `Fix:` as a paragraph of its own.
fn label_para(text: &str, extra: &str) -> Markup {
    para(html! { b { (text) } }, extra)
}

fn heading(text: &str) -> Markup {
    row(html! {
        h2 style={ "margin:14px 0 4px;padding-bottom:4px;border-bottom:2px solid " (LINE) ";font-size:17px;line-height:24px;color:" (INK) } { (text) }
    })
}

const UL: &str = "margin:0 0 8px;padding-left:20px";

fn li_style() -> String {
    format!("color:{INK}")
}

fn cause(n: usize, c: &CauseGroup<'_>) -> Markup {
    let f = c.cause.finding;
    row(html! {
        table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse" {
            tr { td style={ "padding:10px 12px;border-left:4px solid " (ALERT) ";background-color:" (ALERT_BG) ";color:" (INK) ";" (BREAK) } {
                h3 style={ "margin:0 0 4px;font-size:15px;line-height:21px;color:" (ALERT) } { (n) ". " (&*f.title) }
                (para(html! { (inline(&f.message())) " " span style={ "color:" (MUTED) } { "(" (&*f.rule) ")" } }, ""))
                (label_para("Explains:", "margin-bottom:2px"))
                ul style=(UL) {
                    @for s in &c.symptoms { li style=(li_style()) { (s.title) ": " (who(s, NAMED)) } }
                }
                (steps(&f.fix(), "Fix"))
            } }
        }
    })
}

fn group(g: &RuleGroup<'_>) -> Markup {
    let (fix, same) = g.fix();
    let head = match (g.findings.len(), same) {
        (1, _) => "Fix",
        (_, true) => "Fix (the same for each)",
        (_, false) => "Fix (as for the first; the others alike)",
    };
    row(html! {
        h3 style={ "margin:8px 0 4px;font-size:15px;line-height:21px;color:" (INK) } {
            (g.title) " " span style={ "font-weight:normal;color:" (MUTED) } {
                "(" (g.rule) ", " (plural(g.findings.len(), "error", "errors")) ")"
            }
        }
        ul style=(UL) {
            @for f in g.findings.iter().take(MAX_LISTED) {
                li style=(li_style()) {
                    (inline(&crate::syncreport::kinds::cut(&f.message(), 240)))
                    @if let Some(e) = &f.events { " " span style={ "color:" (MUTED) } { "(" (events(e)) ")" } }
                }
            }
            @if g.findings.len() > MAX_LISTED {
                li style={ "color:" (MUTED) } {
                    "and " (g.findings.len() - MAX_LISTED) " more ("
                    code style=(CODE) { "synclint check" } " lists them all)"
                }
            }
        }
        (steps(&fix, head))
    })
}

fn steps(fix: &[String], head: &str) -> Markup {
    html! {
        @if !fix.is_empty() {
            (label_para(&format!("{head}:"), "margin-bottom:2px"))
            ol style="margin:0 0 8px;padding-left:22px" {
                @for step in fix { li style=(li_style()) { (inline(step)) } }
            }
        }
    }
}

fn activity(sync: &SyncReport) -> Markup {
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(
            || "(no events)".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
    };
    let cell = format!("padding:3px 8px;border-bottom:1px solid {LINE};color:{INK}");
    let window = format!("{} to {}", when(sync.window.since), when(sync.window.until));
    html! {
        (heading("Provisioning activity"))
        (row(html! {
            (para(html! { (window) }, &format!("color:{MUTED}")))
            @if let Some(note) = crate::syncreport::render::no_events(sync) {
                (para(html! { (note) }, ""))
            }
            table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 10px" {
                @for key in TOTAL_KEYS {
                    tr {
                        td style=(cell) { (label(key)) }
                        td style={ (cell) ";text-align:right" } { (sync.totals.get(key).copied().unwrap_or(0)) }
                    }
                }
            }
            @if let Some(note) = crate::syncreport::render::not_counted(sync) {
                (para(html! { (note) }, &format!("color:{MUTED}")))
            }
            @if !sync.providers.is_empty() {
                (label_para("By provider:", "margin-bottom:2px"))
                ul style=(UL) {
                    @for (name, totals) in &sync.providers {
                        li style=(li_style()) { b { (clean(name)) } ": " (super::compose::provider_counts(totals)) }
                    }
                }
            }
            @if !sync.errors_by_kind.is_empty() {
                (label_para("Errors by kind:", "margin-bottom:2px"))
                table role="presentation" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse" {
                    @for e in &sync.errors_by_kind {
                        tr {
                            td style={ (cell) ";text-align:right;vertical-align:top;width:48px" } { (e.count) }
                            td style={ (cell) ";" (BREAK) } { (clean(&e.kind)) }
                        }
                    }
                }
            }
        }))
    }
}

/// Text in which a name between backticks becomes `<code>` (no backtick is left); the
/// template escapes every part.
#[must_use]
pub fn inline(text: &str) -> Markup {
    let text = clean(text);
    let parts: Vec<&str> = text.split('`').collect();
    let paired = parts.len() % 2 == 1;
    let last = parts.len().saturating_sub(1);
    html! {
        @for (i, part) in parts.iter().enumerate() {
            @if i % 2 == 1 && (paired || i != last) {
                code style=(CODE) { (part) }
            } @else {
                (part)
            }
        }
    }
}

/// Put a warning and its items before the footer.
pub fn insert_note(html: &mut String, head: &str, items: &[String]) {
    let note = row(html! {
        (label_para(head, &format!("color:{ALERT}")))
        @if !items.is_empty() {
            ul style=(UL) { @for item in items { li style=(li_style()) { (item) } } }
        }
    });
    let note = neutralize(&note.into_string()).into_owned();
    match html.rfind(FOOTER) {
        Some(at) => html.insert_str(at, &note),
        None => html.push_str(&note),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_become_code_and_markup_stays_text() {
        let html = inline("User `<b>a@x</b>` is inactive, `odd").into_string();
        assert!(!html.contains('`'), "{html}");
        assert!(
            html.contains("&lt;b&gt;a@x&lt;/b&gt;</code> is inactive"),
            "{html}"
        );
        assert!(!html.contains("<b>"), "{html}");
    }
}
