//! The synclint binary: parse arguments, run, and — only here — print errors and pick the exit code.

use clap::Parser;

/// Reading logs allocates many small values; mimalloc halves the time spent on that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
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
    match synclint::run(&cli, &mut stdout) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let code = err.exit_code();
            eprintln!("{:?}", miette::Report::new(err));
            ExitCode::from(code)
        }
    }
}
