//! The synclint binary: parse arguments, run, and — only here — print errors and pick the exit code.

use clap::Parser;

/// Reading logs allocates many small values; mimalloc halves the time spent on that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_t` (mimalloc.h of the
/// mimalloc that `libmimalloc-sys` builds), which that crate does not name. A test below
/// holds it to the option's documented default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long (ms) freed memory waits before it goes back to the system. mimalloc's own
/// default is 1,000 ms: a long log frees its groups while it makes findings, and with the
/// default both were resident at once (`docs/performance.md`, "Fourth round").
const PURGE_DELAY_MS: std::os::raw::c_long = 10;

/// Give freed memory back sooner. Only a default: `MIMALLOC_PURGE_DELAY` in the
/// environment still decides.
#[allow(unsafe_code)]
fn tune_allocator() {
    // SAFETY: `mi_option_set_default` takes two integers, keeps them in mimalloc's option
    // table and may be called at any time from any thread; no pointer crosses.
    unsafe { libmimalloc_sys::mi_option_set_default(PURGE_DELAY, PURGE_DELAY_MS) };
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = match synclint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                synclint::exit::USAGE
            } else {
                synclint::exit::OK
            });
        }
    };
    let mut stdout = std::io::stdout().lock();
    match synclint::run(&cli, &mut stdout, &mut std::io::stderr()) {
        Ok(code) => ExitCode::from(code),
        // A reader that stopped reading (`| head`) is not told about it, as with other tools.
        Err(err) if err.reader_gone() => ExitCode::from(synclint::exit::OK),
        Err(err) => {
            let code = err.exit_code();
            eprintln!("{:?}", miette::Report::new(err));
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(unsafe_code)]
    fn purge_delay() -> std::os::raw::c_long {
        // SAFETY: reads one integer from mimalloc's option table.
        unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }
    }

    #[test]
    fn the_option_set_is_the_purge_delay_and_the_environment_still_decides() {
        // Read before it is set: 1,000 ms is the purge delay's documented default, so the
        // place in the table names that option (a new mimalloc that moved it fails here).
        let from_env = std::env::var("MIMALLOC_PURGE_DELAY").ok();
        let before = purge_delay();
        let expected_default = from_env.as_deref().map_or(Ok(1000), str::parse);
        assert_eq!(Ok(before), expected_default);
        tune_allocator();
        let after = purge_delay();
        assert_eq!(
            after,
            if from_env.is_some() {
                before
            } else {
                PURGE_DELAY_MS
            }
        );
    }
}
