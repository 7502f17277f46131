//! The progress bar of a long run: bytes of the streamed logs read, the share of their
//! size, and events per second, on standard error when it is a terminal (hidden
//! otherwise, so pipes and CI logs stay clean).

use super::events::Logs;
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The bar and the events counted so far.
pub(super) struct Progress {
    bar: ProgressBar,
    events: AtomicU64,
    started: Instant,
}

impl Progress {
    /// A bar for the streamed files of `logs` (hidden when there are none, or when
    /// standard error is not a terminal).
    pub(super) fn for_logs(logs: &Logs) -> Self {
        use std::io::IsTerminal;
        let shown = if !logs.streams.is_empty() && std::io::stderr().is_terminal() {
            bar(logs)
        } else {
            ProgressBar::hidden()
        };
        Self {
            bar: shown,
            events: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    /// `n` more bytes of the files were handed out.
    pub(super) fn bytes(&self, n: u64) {
        self.bar.inc(n);
    }

    /// `n` more events were read.
    pub(super) fn events(&self, n: u64) {
        let events = self.events.fetch_add(n, Ordering::Relaxed) + n;
        if !self.bar.is_hidden() {
            let seconds = self.started.elapsed().as_secs_f64();
            self.bar.set_message(rate(events, seconds));
        }
    }

    pub(super) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn bar(logs: &Logs) -> ProgressBar {
    let size: u64 = logs
        .streams
        .iter()
        .map(|(path, _, _)| std::fs::metadata(path).map_or(0, |m| m.len()))
        .sum();
    let shown = match logs.streams.as_slice() {
        [(_, shown, _)] => shown.clone(),
        many => format!("{} logs", many.len()),
    };
    let bar = ProgressBar::new(size);
    let template =
        format!("{shown}: {{bytes}} of {{total_bytes}} ({{percent}}%), {{msg}}, {{elapsed}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// `1,234,567 events (850,000/s)`.
fn rate(events: u64, seconds: f64) -> String {
    let per_second = if seconds > 0.0 {
        (events as f64 / seconds) as u64
    } else {
        0
    };
    let noun = if events == 1 { "event" } else { "events" };
    format!("{} {noun} ({}/s)", grouped(events), grouped(per_second))
}

/// Digits in groups of three.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_reads_as_events_and_events_per_second() {
        assert_eq!(rate(1_234_567, 2.0), "1,234,567 events (617,283/s)");
        assert_eq!(rate(999, 0.0), "999 events (0/s)");
        assert_eq!(rate(1, 1.0), "1 event (1/s)");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(12), "12");
    }
}
