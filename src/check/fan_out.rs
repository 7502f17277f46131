//! Spreading the events of every log over all cores. One thread reads the files and
//! hands their pieces out; each worker parses its pieces, runs the caller's work on the
//! records with a state of its own, and frees them itself. The caller merges the states.

use super::events::Logs;
use super::overlap::Overlap;
use super::progress::Progress;
use crate::input::{stream_pieces, NotProvisioning, Piece};
use crate::model::event::EventRecord;
use crate::model::Skipped;
use crate::report::{InputSummary, Summary};
use chrono::{DateTime, Utc};
use crossbeam_channel::{Receiver, Sender};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Records per piece handed out from a log that was loaded whole.
const LOADED_CHUNK: usize = 4096;

/// How many skipped records of one streamed file are listed; the rest are counted.
const SKIPPED_LISTED: usize = 1000;

/// A piece of work: its place in reading order, the streamed file it is from (none for a
/// log loaded whole, whose records were counted when it was loaded), the place of its log
/// among all logs (those loaded whole first), and the piece.
struct Job {
    seq: u64,
    file: Option<usize>,
    log: u32,
    piece: Piece,
}

/// What the workers share besides the jobs: the progress bar, how many streamed files
/// there are, the events of logs that overlap (see [`Overlap`]), how many jobs are done
/// and how many workers are still running.
struct Shared<'a> {
    bar: &'a Progress,
    files: usize,
    overlap: Option<&'a Overlap>,
    done: &'a AtomicU64,
    running: &'a AtomicUsize,
}

/// Adds one to a counter when dropped, however the scope ends (a worker that panics
/// still counts its job as done, so the reader never waits for it).
struct CountOnDrop<'a>(&'a AtomicU64);

impl Drop for CountOnDrop<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Release);
    }
}

/// Takes one from the count of running workers when the worker ends, however it ends.
struct Running<'a>(&'a AtomicUsize);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Release);
    }
}

/// What one worker read of each streamed file.
#[derive(Default)]
struct Tally {
    records: u64,
    skipped: u64,
    not_provisioning: u64,
    /// The first [`SKIPPED_LISTED`] skipped entries this worker saw.
    listed: Vec<Skipped>,
}

/// How many workers: one per core.
pub(super) fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Run `work` over every event of `logs` on all cores: each worker starts from `init()`
/// and is handed records with their piece's place in reading order (so results can be
/// put back in file order), and the newest time of the piece's records that were left
/// out as not about provisioning (the data reaches that far). Streamed files are reported
/// in `summary`: what was read, what was skipped, and why a file could not be read.
/// Returns the workers' states once every worker has stopped.
pub(super) fn fan_out<S, I, W>(logs: &Logs, summary: &mut Summary, init: I, work: W) -> Vec<S>
where
    S: Send,
    I: Fn() -> S + Sync,
    W: Fn(&mut S, u64, &[EventRecord], Option<DateTime<Utc>>) + Sync,
{
    let count = workers();
    let (sender, receiver) = crossbeam_channel::bounded::<Job>(count * 2);
    let bar = super::progress::Progress::for_logs(logs);
    let overlap = Overlap::for_logs(logs);
    let (done, running) = (AtomicU64::new(0), AtomicUsize::new(count));
    let shared = Shared {
        bar: &bar,
        files: logs.streams.len(),
        overlap: overlap.as_ref(),
        done: &done,
        running: &running,
    };
    let (states, tallies, results, lost) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .map(|_| {
                let (receiver, shared, init, work) = (receiver.clone(), &shared, &init, &work);
                scope.spawn(move || worker((&receiver, shared), init, work))
            })
            .collect();
        drop(receiver);
        let results = read_all(logs, &sender, &shared);
        drop(sender);
        let mut states = Vec::with_capacity(count);
        let mut tallies = Vec::with_capacity(count);
        let mut lost = 0usize;
        for handle in handles {
            // A worker only stops early by panicking (a bug); its share is then missing.
            match handle.join() {
                Ok((state, tally, repeats)) => {
                    states.push(state);
                    tallies.push(tally);
                    report_loaded_repeats(repeats, summary);
                }
                Err(_) => lost += 1,
            }
        }
        (states, tallies, results, lost)
    });
    bar.finish();
    report_files(logs, tallies, results, summary);
    if lost > 0 {
        let reason = format!(
            "an internal error stopped {lost} of {count} workers; the events they held are \
             missing from this report (please report this as a bug)"
        );
        let path = logs
            .streams
            .first()
            .map_or_else(|| "logs".to_owned(), |(_, shown, _)| shown.clone());
        summary
            .problems
            .push(super::inputs::problem(&path, "unreadable", reason, None));
    }
    states
}

/// One worker: its state, what it read of each streamed file, and the events of logs
/// loaded whole that it left out as read before from another log.
fn worker<S, I, W>(
    (receiver, shared): (&Receiver<Job>, &Shared<'_>),
    init: &I,
    work: &W,
) -> (S, Vec<Tally>, Vec<Skipped>)
where
    I: Fn() -> S,
    W: Fn(&mut S, u64, &[EventRecord], Option<DateTime<Utc>>),
{
    let _running = Running(shared.running);
    let mut state = init();
    let mut tallies: Vec<Tally> = (0..shared.files).map(|_| Tally::default()).collect();
    let mut loaded_repeats = Vec::new();
    for job in receiver {
        let _done = CountOnDrop(shared.done);
        let (mut records, mut skipped, not_provisioning) = job.piece.into_events();
        if let Some(overlap) = shared.overlap {
            let repeats = overlap.drop_repeats(job.log, &mut records);
            match job.file {
                Some(_) => skipped.extend(repeats),
                None => loaded_repeats.extend(repeats),
            }
        }
        if let Some(tally) = job.file.and_then(|f| tallies.get_mut(f)) {
            tally.records += records.len() as u64;
            tally.skipped += skipped.len() as u64;
            tally.not_provisioning += not_provisioning.count;
            let room = SKIPPED_LISTED.saturating_sub(tally.listed.len());
            tally.listed.extend(skipped.into_iter().take(room));
        }
        if job.file.is_some() {
            shared.bar.events(records.len() as u64);
        }
        work(&mut state, job.seq, &records, not_provisioning.newest);
    }
    (state, tallies, loaded_repeats)
}

/// Events of logs loaded whole that an earlier log held: listed as skipped, and no
/// longer counted among their file's records.
fn report_loaded_repeats(repeats: Vec<Skipped>, summary: &mut Summary) {
    for repeat in &repeats {
        let path = repeat.location.path.to_string();
        let input = summary.inputs.iter_mut().find(|i| i.path == path);
        if let Some(input) = input {
            input.records = input.records.saturating_sub(1);
        }
    }
    summary.skipped.extend(repeats);
}

/// Hand out every piece of every log, in order; the result of reading each streamed file.
fn read_all(
    logs: &Logs,
    sender: &Sender<Job>,
    shared: &Shared<'_>,
) -> Vec<Result<crate::input::Streamed, crate::input::InputError>> {
    let mut seq = 0u64;
    let mut current = 0u32;
    // A send fails only when every worker has stopped; what is left is then dropped.
    let mut send = |file: Option<usize>, log: u32, piece: Piece| {
        if let Some(bytes) = piece.text_len() {
            shared.bar.bytes(bytes);
        }
        if log != current && shared.overlap.is_some() {
            // Logs that may overlap are taken one after another, so the first log's copy
            // of a shared event is the one kept, whichever worker is faster.
            while shared.done.load(Ordering::Acquire) < seq
                && shared.running.load(Ordering::Acquire) > 0
            {
                std::thread::sleep(std::time::Duration::from_micros(100));
            }
        }
        current = log;
        let _ = sender.send(Job {
            seq,
            file,
            log,
            piece,
        });
        seq += 1;
    };
    if logs.loaded_not_provisioning.is_some() {
        let not_provisioning = NotProvisioning {
            count: 0,
            newest: logs.loaded_not_provisioning,
        };
        send(
            None,
            0,
            Piece::Events {
                events: Vec::new(),
                skipped: Vec::new(),
                not_provisioning,
            },
        );
    }
    for (log, records) in (0u32..).zip(&logs.loaded) {
        for chunk in records.chunks(LOADED_CHUNK) {
            let piece = Piece::Events {
                events: chunk.to_vec(),
                skipped: Vec::new(),
                not_provisioning: NotProvisioning::default(),
            };
            send(None, log, piece);
        }
    }
    let first_streamed = u32::try_from(logs.loaded.len()).unwrap_or(u32::MAX);
    logs.streams
        .iter()
        .enumerate()
        .map(|(index, (path, shown, kind))| {
            let log = first_streamed.saturating_add(u32::try_from(index).unwrap_or(u32::MAX));
            stream_pieces(path, shown, Some(*kind), &logs.limits, &mut |piece| {
                send(Some(index), log, piece);
            })
        })
        .collect()
}

/// Put what the workers read of each streamed file into `summary`.
fn report_files(
    logs: &Logs,
    tallies: Vec<Vec<Tally>>,
    results: Vec<Result<crate::input::Streamed, crate::input::InputError>>,
    summary: &mut Summary,
) {
    let mut merged: Vec<Tally> = logs.streams.iter().map(|_| Tally::default()).collect();
    for worker in tallies {
        for (total, tally) in merged.iter_mut().zip(worker) {
            total.records += tally.records;
            total.skipped += tally.skipped;
            total.not_provisioning += tally.not_provisioning;
            total.listed.extend(tally.listed);
        }
    }
    for (((_, shown, kind), mut tally), result) in logs.streams.iter().zip(merged).zip(results) {
        tally
            .listed
            .sort_by_key(|s| (s.location.line, s.location.column));
        tally.listed.truncate(SKIPPED_LISTED);
        summary.skipped_unlisted += tally.skipped.saturating_sub(tally.listed.len() as u64);
        summary.skipped.extend(tally.listed);
        match result {
            Ok(streamed) => {
                let mut input = InputSummary::new(
                    shown.clone(),
                    kind.name(),
                    usize::try_from(tally.records).unwrap_or(usize::MAX),
                    tally.not_provisioning,
                );
                input.page = streamed.page;
                summary.inputs.push(input);
            }
            Err(err) => summary.problems.push(super::inputs::from_input_error(err)),
        }
    }
}
