//! Real headless Chromium: load a page, dump its DOM, take a screenshot, and collect what
//! the page wrote to the console (uncaught errors included).
//!
//! Console detection: with `--enable-logging=stderr --v=0`, Chromium writes every console
//! message of the page, and every uncaught exception, to stderr as a line like
//! `[pid:tid:time:INFO:CONSOLE:12] "Uncaught ReferenceError: ...", source: file:///... (12)`.
//! (Older builds write `INFO:CONSOLE(12)`.) The pages under test never log anything, so any
//! such line is a failure; `console_error_detection_*` proves a broken page is caught.

use std::io::Read;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian's chromium package puts the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The longest a browser run may take before it is killed.
const LIMIT: Duration = Duration::from_secs(60);

/// What one page load produced.
#[derive(Debug)]
pub struct Run {
    /// The DOM after scripts ran (`--dump-dom`).
    pub dom: String,
    /// Console lines: messages, uncaught errors, CSP violations.
    pub console: Vec<String>,
    /// All of stderr, for failure messages.
    pub stderr: String,
}

/// A screenshot to take: file and window size.
pub struct Shot<'a> {
    pub path: &'a Path,
    pub width: u32,
    pub height: u32,
}

/// The browser, or a failure that says how to install it.
pub fn chromium() -> PathBuf {
    let path = PathBuf::from(CHROMIUM);
    assert!(
        path.exists(),
        "{CHROMIUM} is missing: the HTML report's browser test needs headless Chromium. \
         Install it with `scripts/install-test-deps` (Debian: apt-get install chromium)."
    );
    path
}

/// The console lines in Chromium's stderr.
pub fn console_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .map(str::to_owned)
        .collect()
}

/// Load `page` (with `#fragment` when not empty) in headless Chromium, dump the DOM and
/// optionally take a screenshot. Panics when the browser fails or runs over [`LIMIT`].
pub fn load(page: &Path, fragment: &str, shot: Option<Shot<'_>>) -> Run {
    let browser = chromium();
    let profile = tempfile::tempdir().expect("profile dir");
    let page = page.canonicalize().expect("page path");
    let mut url = format!("file://{}", page.display());
    if !fragment.is_empty() {
        url.push('#');
        url.push_str(fragment);
    }
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
        "--timeout=30000",
        "--dump-dom",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()));
    if let Some(shot) = &shot {
        cmd.arg(format!("--screenshot={}", shot.path.display()))
            .arg(format!("--window-size={},{}", shot.width, shot.height));
    }
    // Its own process group, so a run over the limit is ended with all its helpers.
    cmd.arg(&url)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("chromium starts");
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = Command::new("kill")
                .args(["-KILL", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {url} within {LIMIT:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let dom = out_reader.join().expect("stdout reader");
    let stderr = err_reader.join().expect("stderr reader");
    assert!(
        status.success(),
        "chromium failed on {url}: {status}\n{stderr}"
    );
    Run {
        dom,
        console: console_lines(&stderr),
        stderr,
    }
}
