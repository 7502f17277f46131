//! Shared by the notify tests: a real SMTP server (mailin-embedded) on 127.0.0.1, a
//! workspace made from fixtures/demo with a `notifications:` section, and the binary.

#![allow(dead_code)] // each test file uses its own part of this

mod fake;
#[allow(unused_imports)] // not every test file uses the scripted server
pub use fake::*;

use mailin_embedded::{Handler, Response, Server, SslConfig};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

#[derive(Clone)]
struct Collect {
    inbox: Arc<Mutex<Vec<Received>>>,
    current: Option<Received>,
}

impl Handler for Collect {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            from: from.to_owned(),
            to: to.to_vec(),
            data: Vec::new(),
        });
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(c) = &mut self.current {
            c.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(c) = self.current.take() {
            self.inbox.lock().unwrap().push(c);
        }
        mailin_embedded::response::OK
    }
}

/// A running SMTP server on 127.0.0.1 (it lives until the test process ends).
pub struct SmtpServer {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Received>>>,
}

impl SmtpServer {
    pub fn start() -> Self {
        Self::start_on(TcpListener::bind("127.0.0.1:0").expect("bind loopback"))
    }

    pub fn start_on(listener: TcpListener) -> Self {
        let port = listener.local_addr().unwrap().port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let handler = Collect {
            inbox: Arc::clone(&inbox),
            current: None,
        };
        let mut server = Server::new(handler);
        server
            .with_name("localhost")
            .with_ssl(SslConfig::None)
            .expect("no TLS")
            .with_num_threads(2)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self { port, inbox }
    }

    pub fn received(&self) -> Vec<Received> {
        self.inbox.lock().unwrap().clone()
    }
}

/// A port nothing listens on.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A folder with the demo's exports and a synclint.yaml ending in `notifications`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new(notifications: &str) -> Self {
        Self::copying(notifications, |_| true)
    }

    /// The demo without its logs: for runs on the real clock, where which logged errors
    /// fall in "the last 24 hours" would change from day to day.
    pub fn without_logs(notifications: &str) -> Self {
        const LOGS: [&str; 3] = [
            "sync-log.csv",
            "okta-system-log.jsonl",
            "entra-provisioning.json",
        ];
        Self::copying(notifications, |name| !LOGS.contains(&name))
    }

    fn copying(notifications: &str, keep: impl Fn(&str) -> bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir("fixtures/demo").unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap();
            if keep(&name.to_string_lossy()) {
                std::fs::copy(&path, dir.path().join(name)).unwrap();
            }
        }
        let ws = Self { dir };
        ws.set_notifications(notifications);
        ws
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config(&self) -> PathBuf {
        self.path().join("synclint.yaml")
    }

    /// Replace the `notifications:` section (the demo's mapping stays as it is).
    pub fn set_notifications(&self, notifications: &str) {
        let demo = std::fs::read_to_string("fixtures/demo/synclint.yaml").unwrap();
        std::fs::write(
            self.config(),
            format!("{demo}\nnotifications:\n{notifications}"),
        )
        .unwrap();
    }

    pub fn state(&self) -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(self.path().join(".synclint-state.json")).ok()?;
        Some(serde_json::from_str(&text).unwrap())
    }

    pub fn outbox(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.path().join(".synclint-outbox"))
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        files.sort();
        files
    }
}

/// A `notifications:` body for the test server.
pub fn settings(frequency: &str, port: u16, extra: &str) -> String {
    format!(
        "  frequency: {frequency}\n  time: \"07:00\"\n  timezone: Europe/Berlin\n  \
         customer_cloud_admins: true\n  from: \"synclint <synclint@acme.example>\"\n  \
         reply_to: it-help@acme.example\n  smtp:\n    host: 127.0.0.1\n    port: {port}\n    \
         security: plain\n    timeout: 5s\n    attempts: 2\n    retry_delay: 0s\n{extra}"
    )
}

/// Run the binary in `dir`.
pub fn synclint(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_synclint"));
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

/// `synclint notify --config synclint.yaml . --now NOW --write-state`.
pub fn notify(ws: &Workspace, now: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "notify",
        "--config",
        "synclint.yaml",
        ".",
        "--now",
        now,
        "--write-state",
    ];
    args.extend_from_slice(extra);
    synclint(ws.path(), &args, &[])
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Both streams, for assertion messages.
pub fn show(out: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    )
}

/// Wait (bounded) until the server has `n` messages.
pub fn wait_for(server: &SmtpServer, n: usize) -> Vec<Received> {
    let start = Instant::now();
    while server.received().len() < n && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    server.received()
}

/// Subject of a raw message.
pub fn subject(data: &[u8]) -> String {
    mail_parser::MessageParser::default()
        .parse(data)
        .and_then(|m| m.subject().map(str::to_owned))
        .unwrap_or_default()
}

/// `notify --config synclint.yaml . --now NOW --write-state` in `ws`, started and left
/// running (output piped), for tests that run several at once or kill one.
pub fn spawn_notify(ws: &Workspace, now: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .current_dir(ws.path())
        .args([
            "notify",
            "--config",
            "synclint.yaml",
            ".",
            "--now",
            now,
            "--write-state",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}
