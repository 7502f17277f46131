//! The timeline: an inline SVG bar chart of changes (above the axis) and errors (below it)
//! per hour across the window. Long windows are drawn in buckets of several hours, so the
//! chart never has more than [`MAX_SLOTS`] bars.

use super::sync::{window, window_text};
use super::{esc, plural};
use crate::syncreport::SyncReport;
use chrono::{DateTime, Utc};
use std::fmt::{self, Write as _};

/// The most bars drawn: a 31-day month of hours.
const MAX_SLOTS: i64 = 31 * 24;
/// The drawing's size, in SVG units.
const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 330.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 50.0;

/// The hours of the window, counted into slots of `bucket` hours.
struct Chart {
    /// The first slot's first hour (hours since the epoch).
    start: i64,
    /// Hours per slot.
    bucket: i64,
    /// (changes, errors) per slot.
    slots: Vec<(u64, u64)>,
}

fn hour_of(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(3600)
}

fn at_hour(h: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(h.saturating_mul(3600), 0)
}

impl Chart {
    fn new(r: &SyncReport) -> Option<Self> {
        let hours = r
            .timeline
            .iter()
            .filter(|t| t.changes > 0 || t.errors > 0)
            .map(|t| hour_of(t.hour));
        let first = hours.clone().min()?;
        let last = hours.max()?;
        let start = r.window.since.map_or(first, |s| hour_of(s).min(first));
        let end = r.window.until.map_or(last, |u| hour_of(u).max(last));
        let span = end.saturating_sub(start).saturating_add(1).max(1);
        let needed = span.saturating_add(MAX_SLOTS - 1) / MAX_SLOTS;
        let bucket = [1, 2, 3, 4, 6, 8, 12, 24]
            .into_iter()
            .find(|b| *b >= needed)
            .unwrap_or_else(|| needed.saturating_add(23) / 24 * 24);
        let start = start - start.rem_euclid(bucket);
        let count = (end - start) / bucket + 1;
        let mut slots = vec![(0u64, 0u64); usize::try_from(count).ok()?];
        for t in &r.timeline {
            let Ok(i) = usize::try_from((hour_of(t.hour) - start).div_euclid(bucket)) else {
                continue;
            };
            if let Some(slot) = slots.get_mut(i) {
                slot.0 += t.changes;
                slot.1 += t.errors;
            }
        }
        Some(Self {
            start,
            bucket,
            slots,
        })
    }

    fn hours(&self) -> i64 {
        self.slots.len() as i64 * self.bucket
    }
}

/// A round number at least `v`, for the top of a scale.
fn nice_ceil(v: u64) -> u64 {
    if v <= 10 {
        return [1, 2, 4, 6, 8, 10]
            .into_iter()
            .find(|c| *c >= v)
            .unwrap_or(10);
    }
    let mut power: u64 = 1;
    loop {
        for m in [10u64, 12, 15, 20, 25, 30, 40, 50, 60, 80] {
            let candidate = m.saturating_mul(power);
            if candidate >= v || candidate == u64::MAX {
                return candidate;
            }
        }
        power = power.saturating_mul(10);
    }
}

pub(super) fn write_timeline(out: &mut String, r: &SyncReport) -> fmt::Result {
    write!(
        out,
        "<section id=\"timeline\" aria-labelledby=\"timeline-h\">\n\
         <h2 id=\"timeline-h\">Timeline</h2>\n<p class=\"lead\">{}.</p>\n",
        window(r)
    )?;
    match Chart::new(r) {
        Some(chart) => {
            out.push_str("<figure class=\"chart\">\n<div class=\"chart-wrap\">");
            write_svg(out, r, &chart)?;
            write!(
                out,
                "</div>\n<figcaption>Changes are drawn above the line and errors below it, each \
                 on its own scale; {}. Hover over a bar for its numbers.</figcaption>\n</figure>\n",
                if chart.bucket == 1 {
                    "one bar per hour".to_owned()
                } else {
                    format!("one bar per {} hours", chart.bucket)
                }
            )?;
            write_table(out, r)?;
        }
        None => out.push_str("<p class=\"empty-note\">No changes or errors in this window.</p>\n"),
    }
    out.write_str("</section>\n")
}

fn write_svg(out: &mut String, r: &SyncReport, chart: &Chart) -> fmt::Result {
    let changes: u64 = chart.slots.iter().map(|s| s.0).sum();
    let errors: u64 = chart.slots.iter().map(|s| s.1).sum();
    let per = if chart.bucket == 1 {
        "per hour".to_owned()
    } else {
        format!("per {} hours", chart.bucket)
    };
    write!(
        out,
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"tl-title tl-desc\">\n\
         <title id=\"tl-title\">Changes and errors {per}</title>\n\
         <desc id=\"tl-desc\">{}: {}, {}.</desc>\n",
        esc(&window_text(r)),
        plural(changes, "change", "changes"),
        plural(errors, "error", "errors"),
    )?;
    let legend_y = 18.0;
    writeln!(
        out,
        "<g class=\"legend\"><rect class=\"bar-c\" x=\"{LEFT}\" y=\"{}\" width=\"12\" height=\"12\"/>\
         <text x=\"{}\" y=\"{legend_y}\">Changes {per} (above the line)</text>\
         <rect class=\"bar-e\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\"/>\
         <text x=\"{}\" y=\"{legend_y}\">Errors {per} (below the line)</text></g>",
        legend_y - 10.0,
        LEFT + 18.0,
        LEFT + 300.0,
        legend_y - 10.0,
        LEFT + 318.0,
    )?;
    let max_c = nice_ceil(chart.slots.iter().map(|s| s.0).max().unwrap_or(0));
    let max_e = nice_ceil(chart.slots.iter().map(|s| s.1).max().unwrap_or(0));
    let bottom = HEIGHT - BOTTOM;
    let mid = (TOP + bottom) / 2.0;
    let half = (bottom - TOP) / 2.0;
    write_y_axis(out, max_c, max_e, mid, half)?;
    let plot = WIDTH - LEFT - RIGHT;
    let slot_w = plot / chart.slots.len() as f64;
    let gap = if slot_w >= 6.0 {
        slot_w * 0.2
    } else if slot_w >= 2.5 {
        0.5
    } else {
        0.0
    };
    out.push_str("<g class=\"bars\">\n");
    for (i, (c, e)) in chart.slots.iter().enumerate() {
        if *c == 0 && *e == 0 {
            continue;
        }
        let x = LEFT + i as f64 * slot_w;
        let h = chart.start + i as i64 * chart.bucket;
        write!(
            out,
            "<g class=\"slot\"><title>{}: {}, {}</title>\
             <rect class=\"hit\" x=\"{x:.2}\" y=\"{TOP}\" width=\"{slot_w:.2}\" height=\"{:.2}\"/>",
            slot_label(h, chart.bucket),
            plural(*c, "change", "changes"),
            plural(*e, "error", "errors"),
            bottom - TOP
        )?;
        let bar =
            |n: u64, max: u64| (n as f64 / max as f64 * half).max(if n > 0 { 1.0 } else { 0.0 });
        if *c > 0 {
            let height = bar(*c, max_c);
            write!(
                out,
                "<rect class=\"bar-c\" x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{height:.2}\"/>",
                x + gap / 2.0,
                mid - height,
                slot_w - gap
            )?;
        }
        if *e > 0 {
            write!(
                out,
                "<rect class=\"bar-e\" x=\"{:.2}\" y=\"{mid:.2}\" width=\"{:.2}\" height=\"{:.2}\"/>",
                x + gap / 2.0,
                slot_w - gap,
                bar(*e, max_e)
            )?;
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    writeln!(
        out,
        "<line class=\"axis-line\" x1=\"{LEFT}\" y1=\"{mid}\" x2=\"{}\" y2=\"{mid}\"/>",
        WIDTH - RIGHT
    )?;
    write_x_axis(out, chart, slot_w, bottom)?;
    out.write_str("</svg>")
}

/// Scale labels and grid lines: the top half for changes, the bottom half for errors.
fn write_y_axis(out: &mut String, max_c: u64, max_e: u64, mid: f64, half: f64) -> fmt::Result {
    out.push_str("<g class=\"axis y-axis\">\n");
    let mut tick = |y: f64, text: String| {
        writeln!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{y:.2}\" x2=\"{}\" y2=\"{y:.2}\"/>\
             <text x=\"{}\" y=\"{:.2}\" text-anchor=\"end\">{text}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0
        )
    };
    tick(mid - half, max_c.to_string())?;
    if max_c % 2 == 0 {
        tick(mid - half / 2.0, (max_c / 2).to_string())?;
    }
    tick(mid, "0".to_owned())?;
    if max_e % 2 == 0 {
        tick(mid + half / 2.0, (max_e / 2).to_string())?;
    }
    tick(mid + half, max_e.to_string())?;
    out.write_str("</g>\n")
}

/// Date (and hour) labels at round hours, at most about ten of them.
fn write_x_axis(out: &mut String, chart: &Chart, slot_w: f64, bottom: f64) -> fmt::Result {
    let span = chart.hours();
    let step = [1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 2160, 4320, 8760]
        .into_iter()
        .find(|s| span / s <= 10)
        .unwrap_or_else(|| (span / 10).max(1));
    out.push_str("<g class=\"axis x-axis\">\n");
    let first = chart.start + (step - chart.start.rem_euclid(step)) % step;
    let mut h = first;
    while h < chart.start + span {
        let x = LEFT + (h - chart.start) as f64 / chart.bucket as f64 * slot_w;
        if let Some(t) = at_hour(h) {
            write!(
                out,
                "<line class=\"tick\" x1=\"{x:.2}\" y1=\"{bottom}\" x2=\"{x:.2}\" y2=\"{:.2}\"/>\
                 <text x=\"{x:.2}\" y=\"{:.2}\" text-anchor=\"middle\">{}",
                bottom + 5.0,
                bottom + 18.0,
                t.format("%Y-%m-%d")
            )?;
            if step < 24 {
                write!(
                    out,
                    "<tspan x=\"{x:.2}\" dy=\"14\">{}</tspan>",
                    t.format("%H:00")
                )?;
            }
            out.push_str("</text>\n");
        }
        h += step;
    }
    out.write_str("</g>\n")
}

/// What a slot covers: `2026-11-28 13:00 UTC`, or with `(6 hours)` for a bucket.
fn slot_label(h: i64, bucket: i64) -> String {
    let Some(t) = at_hour(h) else {
        return String::new();
    };
    let from = t.format("%Y-%m-%d %H:00 UTC");
    if bucket == 1 {
        from.to_string()
    } else {
        format!("{from} ({bucket} hours)")
    }
}

/// The timeline as a table, for screen readers and exact numbers.
fn write_table(out: &mut String, r: &SyncReport) -> fmt::Result {
    let rows: Vec<_> = r
        .timeline
        .iter()
        .filter(|t| t.changes > 0 || t.errors > 0)
        .collect();
    write!(
        out,
        "<details class=\"timeline-table\"><summary>The {} with activity, as a table</summary>\n\
         <div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Hour starting</th>\
         <th scope=\"col\" class=\"num\">Changes</th><th scope=\"col\" class=\"num\">Errors</th>\
         </tr></thead><tbody>\n",
        plural(rows.len() as u64, "hour", "hours")
    )?;
    for t in rows {
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            super::time(t.hour),
            t.changes,
            t.errors
        )?;
    }
    out.write_str("</tbody></table></div></details>\n")
}

#[cfg(test)]
mod tests;
