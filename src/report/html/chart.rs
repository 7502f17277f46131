//! The timeline: an inline SVG bar chart of changes (above the axis) and errors (below it)
//! per hour across the window. Long windows are drawn in buckets of several hours, so the
//! chart never has more than [`MAX_SLOTS`] bars.

use super::sync::{window, window_text};
use super::{plural, NL};
use crate::syncreport::SyncReport;
use chrono::{DateTime, Utc};
use maud::{html, Markup};

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

pub(super) fn timeline(r: &SyncReport) -> Markup {
    html! {
        section id="timeline" aria-labelledby="timeline-h" {
            (NL) h2 id="timeline-h" { "Timeline" }
            (NL) p class="lead" { (window(r)) "." }
            (NL)
            @match Chart::new(r) {
                Some(chart) => {
                    figure class="chart" {
                        (NL) div class="chart-wrap" { (svg(r, &chart)) }
                        (NL) figcaption {
                            "Changes are drawn above the line and errors below it, each on its \
                             own scale; " (per(&chart, "one bar per hour", "one bar per"))
                            ". Hover over a bar for its numbers."
                        }
                        (NL)
                    }
                    (NL) (table(r))
                }
                None => { p class="empty-note" { "No changes or errors in this window." } (NL) }
            }
        }
        (NL)
    }
}

/// `one` for hourly bars, else `many` and the hours per bar.
fn per(chart: &Chart, one: &str, many: &str) -> String {
    if chart.bucket == 1 {
        one.to_owned()
    } else {
        format!("{many} {} hours", chart.bucket)
    }
}

/// A number as Rust writes it (`64`, `8.5`).
fn d(v: f64) -> String {
    v.to_string()
}

/// A number with two decimals, as the drawing's coordinates are written.
fn f2(v: f64) -> String {
    format!("{v:.2}")
}

fn svg(r: &SyncReport, chart: &Chart) -> Markup {
    let changes: u64 = chart.slots.iter().map(|s| s.0).sum();
    let errors: u64 = chart.slots.iter().map(|s| s.1).sum();
    let per = per(chart, "per hour", "per");
    let max_c = nice_ceil(chart.slots.iter().map(|s| s.0).max().unwrap_or(0));
    let max_e = nice_ceil(chart.slots.iter().map(|s| s.1).max().unwrap_or(0));
    let bottom = HEIGHT - BOTTOM;
    let mid = (TOP + bottom) / 2.0;
    let half = (bottom - TOP) / 2.0;
    let slot_w = (WIDTH - LEFT - RIGHT) / chart.slots.len() as f64;
    let scale = Scale {
        max_c,
        max_e,
        mid,
        half,
        slot_w,
        bottom,
    };
    let legend_y = 18.0;
    html! {
        svg class="timeline" viewBox={ "0 0 " (d(WIDTH)) " " (d(HEIGHT)) } width="100%" role="img"
            aria-labelledby="tl-title tl-desc" {
            (NL) title id="tl-title" { "Changes and errors " (per) }
            (NL) desc id="tl-desc" {
                (window_text(r)) ": " (plural(changes, "change", "changes")) ", "
                (plural(errors, "error", "errors")) "."
            }
            (NL) g class="legend" {
                rect class="bar-c" x=(d(LEFT)) y=(d(legend_y - 10.0)) width="12" height="12" {}
                text x=(d(LEFT + 18.0)) y=(d(legend_y)) { "Changes " (per) " (above the line)" }
                rect class="bar-e" x=(d(LEFT + 300.0)) y=(d(legend_y - 10.0)) width="12" height="12" {}
                text x=(d(LEFT + 318.0)) y=(d(legend_y)) { "Errors " (per) " (below the line)" }
            }
            (NL) (y_axis(&scale))
            g class="bars" {
                (NL)
                @for (i, slot) in chart.slots.iter().enumerate() {
                    @if slot.0 > 0 || slot.1 > 0 { (bar(chart, &scale, i, *slot)) }
                }
            }
            (NL) line class="axis-line" x1=(d(LEFT)) y1=(d(mid)) x2=(d(WIDTH - RIGHT)) y2=(d(mid)) {}
            (NL) (x_axis(chart, slot_w, bottom))
        }
    }
}

/// Where the bars go.
struct Scale {
    max_c: u64,
    max_e: u64,
    mid: f64,
    half: f64,
    slot_w: f64,
    bottom: f64,
}

/// One slot: a hover target, the bar of changes above the line, the bar of errors below.
fn bar(chart: &Chart, sc: &Scale, i: usize, (c, e): (u64, u64)) -> Markup {
    let slot_w = sc.slot_w;
    let gap = if slot_w >= 6.0 {
        slot_w * 0.2
    } else if slot_w >= 2.5 {
        0.5
    } else {
        0.0
    };
    let x = LEFT + i as f64 * slot_w;
    let h = chart.start + i as i64 * chart.bucket;
    let height =
        |n: u64, max: u64| (n as f64 / max as f64 * sc.half).max(if n > 0 { 1.0 } else { 0.0 });
    let up = height(c, sc.max_c);
    html! {
        g class="slot" {
            title {
                (slot_label(h, chart.bucket)) ": " (plural(c, "change", "changes")) ", "
                (plural(e, "error", "errors"))
            }
            rect class="hit" x=(f2(x)) y=(d(TOP)) width=(f2(slot_w)) height=(f2(sc.bottom - TOP)) {}
            @if c > 0 {
                rect class="bar-c" x=(f2(x + gap / 2.0)) y=(f2(sc.mid - up))
                    width=(f2(slot_w - gap)) height=(f2(up)) {}
            }
            @if e > 0 {
                rect class="bar-e" x=(f2(x + gap / 2.0)) y=(f2(sc.mid))
                    width=(f2(slot_w - gap)) height=(f2(height(e, sc.max_e))) {}
            }
        }
        (NL)
    }
}

/// Scale labels and grid lines: the top half for changes, the bottom half for errors.
fn y_axis(sc: &Scale) -> Markup {
    let (mid, half) = (sc.mid, sc.half);
    let mut ticks = vec![(mid - half, sc.max_c)];
    if sc.max_c % 2 == 0 {
        ticks.push((mid - half / 2.0, sc.max_c / 2));
    }
    ticks.push((mid, 0));
    if sc.max_e % 2 == 0 {
        ticks.push((mid + half / 2.0, sc.max_e / 2));
    }
    ticks.push((mid + half, sc.max_e));
    html! {
        g class="axis y-axis" {
            (NL)
            @for (y, value) in ticks {
                line class="grid" x1=(d(LEFT)) y1=(f2(y)) x2=(d(WIDTH - RIGHT)) y2=(f2(y)) {}
                text x=(d(LEFT - 6.0)) y=(f2(y + 4.0)) text-anchor="end" { (value) }
                (NL)
            }
        }
        (NL)
    }
}

/// Date (and hour) labels at round hours, at most about ten of them.
fn x_axis(chart: &Chart, slot_w: f64, bottom: f64) -> Markup {
    let span = chart.hours();
    let step = [1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 2160, 4320, 8760]
        .into_iter()
        .find(|s| span / s <= 10)
        .unwrap_or_else(|| (span / 10).max(1));
    let first = chart.start + (step - chart.start.rem_euclid(step)) % step;
    let ticks = (first..chart.start + span)
        .step_by(usize::try_from(step).unwrap_or(1))
        .filter_map(|h| Some((h, at_hour(h)?)));
    html! {
        g class="axis x-axis" {
            (NL)
            @for (h, t) in ticks {
                @let x = f2(LEFT + (h - chart.start) as f64 / chart.bucket as f64 * slot_w);
                line class="tick" x1=(x) y1=(d(bottom)) x2=(x) y2=(f2(bottom + 5.0)) {}
                text x=(x) y=(f2(bottom + 18.0)) text-anchor="middle" {
                    (t.format("%Y-%m-%d").to_string())
                    @if step < 24 { tspan x=(x) dy="14" { (t.format("%H:00").to_string()) } }
                }
                (NL)
            }
        }
    }
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
fn table(r: &SyncReport) -> Markup {
    let rows: Vec<_> = r
        .timeline
        .iter()
        .filter(|t| t.changes > 0 || t.errors > 0)
        .collect();
    html! {
        details class="timeline-table" {
            summary { "The " (plural(rows.len() as u64, "hour", "hours")) " with activity, as a table" }
            (NL) div class="table-wrap" { table {
                thead { tr {
                    th scope="col" { "Hour starting" } th scope="col" class="num" { "Changes" }
                    th scope="col" class="num" { "Errors" }
                } }
                tbody {
                    (NL)
                    @for t in rows {
                        tr {
                            td { (super::time(t.hour)) } td class="num" { (t.changes) }
                            td class="num" { (t.errors) }
                        }
                        (NL)
                    }
                }
            } }
        }
        (NL)
    }
}

#[cfg(test)]
mod tests;
