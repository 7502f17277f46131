//! `synclint watch DIR`: run the notification cycle on the folder every interval, logging
//! each decision as a line; on SIGINT or SIGTERM finish the current cycle (its state is
//! written) and exit 0. A second signal ends the process at once, unless it comes within
//! [`REPEAT_GRACE`] of the first: `timeout` and some supervisors signal a process and then
//! its whole process group, so one request to stop can arrive twice.

use super::{cycle, Mode, NotifyError, Options};
use crate::error::Error;
use crate::exit;
use crate::options::{InputOptions, WatchOptions};
use chrono::{SecondsFormat, Utc};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the sleep between cycles checks for a signal.
const TICK: Duration = Duration::from_millis(100);

/// A signal within this long of the first is the same request to stop, delivered twice.
const REPEAT_GRACE: Duration = Duration::from_secs(1);

/// The exit status when a second signal ends the process at once.
const FORCED: i32 = 1;

/// Run the loop, logging to `log`. Returns 0 when stopped by a signal; after
/// `--once`/`--max-cycles`, the last cycle's exit code.
///
/// # Errors
/// Signals that cannot be handled, or a first cycle that fails for its configuration (a
/// later cycle's failure is logged and the loop goes on).
pub fn watch(args: &WatchOptions, log: &mut dyn Write) -> Result<u8, NotifyError> {
    let interval = args.interval;
    let max = args.max_cycles;
    let stop = Arc::new(AtomicBool::new(false));
    let mut signals = Signals::new([SIGINT, SIGTERM])
        .map_err(|e| Error::Usage(format!("cannot handle signals: {e}")))?;
    let handle = signals.handle();
    let listener = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || listen(&mut signals, &stop))
    };
    let result = run(args, &stop, interval, max, log);
    handle.close();
    let _ = listener.join();
    result
}

/// Turn the first signal into a request to stop after the cycle, and end the process at
/// once on a signal that comes more than [`REPEAT_GRACE`] after it.
fn listen(signals: &mut Signals, stop: &AtomicBool) {
    let mut first: Option<Instant> = None;
    for _ in signals.forever() {
        match first {
            None => {
                first = Some(Instant::now());
                stop.store(true, Ordering::SeqCst);
            }
            Some(at) if at.elapsed() > REPEAT_GRACE => std::process::exit(FORCED),
            Some(_) => {}
        }
    }
}

fn run(
    args: &WatchOptions,
    stop: &Arc<AtomicBool>,
    interval: Duration,
    max: Option<u64>,
    log: &mut dyn Write,
) -> Result<u8, NotifyError> {
    let opts = Options {
        input: InputOptions {
            files: vec![(args.dir.clone(), None)],
            limits: args.limits,
            ..InputOptions::default()
        },
        config: args.config.clone(),
        rules: args.rules.clone(),
        mode: Mode::Send,
        write_state: true,
        stop: Some(Arc::clone(stop)),
    };
    let mut done: u64 = 0;
    loop {
        let now = Utc::now();
        let stamp = now.to_rfc3339_opts(SecondsFormat::Secs, true);
        let (lines, code) = match cycle(&opts, now) {
            Ok(outcome) if !outcome.unusable.is_empty() => (outcome.lines, exit::INPUT),
            Ok(outcome) if outcome.undelivered > 0 || !outcome.refused.is_empty() => {
                (outcome.lines, exit::UNDELIVERED)
            }
            Ok(outcome) => (outcome.lines, exit::OK),
            Err(e) if done == 0 && is_setup_error(&e) => return Err(e),
            Err(e) => (
                vec![format!("error: {}", super::one_line(&e))],
                e.exit_code(),
            ),
        };
        for line in &lines {
            // A value from an input (a console user name) must not start a log line.
            let line = crate::text::terminal(line);
            let _ = writeln!(log, "{stamp} {line}");
        }
        let _ = log.flush();
        done += 1;
        if stop.load(Ordering::SeqCst) {
            let _ = writeln!(log, "{stamp} stopping: signal received, state saved");
            return Ok(exit::OK);
        }
        if max.is_some_and(|m| done >= m) {
            return Ok(code);
        }
        let until = Instant::now() + interval;
        while Instant::now() < until {
            if stop.load(Ordering::SeqCst) {
                let stamp = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
                let _ = writeln!(log, "{stamp} stopping: signal received, state saved");
                return Ok(exit::OK);
            }
            std::thread::sleep(TICK.min(until.saturating_duration_since(Instant::now())));
        }
    }
}

/// Errors that no later cycle can fix by itself: the configuration, the command line.
fn is_setup_error(e: &NotifyError) -> bool {
    e.exit_code() == exit::CONFIG || e.exit_code() == exit::USAGE
}
