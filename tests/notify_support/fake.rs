//! A scripted SMTP server on 127.0.0.1 for fault tests: it answers like a real one but can
//! refuse AUTH while echoing what it got, reject a recipient, lose the reply to DATA,
//! trickle its greeting, or hang after DATA. Every connection is served on its own thread.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does.
#[derive(Clone, Default)]
pub struct Script {
    /// Offer AUTH PLAIN, and answer it with this line (such as `235 ok` or a 535).
    pub auth_reply: Option<String>,
    /// Recipients answered with this line instead of 250 (such as `550 5.1.1 no such user`).
    pub rcpt_replies: Vec<(String, String)>,
    /// Send `220-` greeting lines every this long, forever.
    pub trickle: Option<Duration>,
    /// After the message's final dot: close without a reply, for the first N messages.
    pub drop_data_reply: usize,
    /// After the message's final dot: wait this long before answering.
    pub hang_after_data: Option<Duration>,
    /// After the message's final dot: answer with this line instead of 250 (such as a
    /// 552 for a message too big).
    pub data_reply: Option<String>,
    /// `MAIL FROM:<address>` answered with this line instead of 250, as (address, line).
    pub mail_reply: Option<(String, String)>,
}

/// A message the server got (whether or not it answered).
#[derive(Debug, Clone)]
pub struct Got {
    pub to: Vec<String>,
    pub data: String,
}

/// A running scripted server (it lives until the test process ends).
pub struct Fake {
    pub port: u16,
    got: Arc<Mutex<Vec<Got>>>,
    pub lines: Arc<Mutex<Vec<String>>>,
}

impl Fake {
    pub fn start(script: Script) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (g, l) = (Arc::clone(&got), Arc::clone(&lines));
        let script = Arc::new(Mutex::new(script));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten().take(64) {
                let (g, l, s) = (Arc::clone(&g), Arc::clone(&l), Arc::clone(&script));
                std::thread::spawn(move || {
                    let _ = serve(stream, &s, &g, &l);
                });
            }
        });
        Self { port, got, lines }
    }

    pub fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }
}

fn serve(
    stream: TcpStream,
    script: &Mutex<Script>,
    got: &Mutex<Vec<Got>>,
    lines: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut out = stream.try_clone()?;
    let mut input = BufReader::new(stream);
    let now = script.lock().unwrap().clone();
    if let Some(every) = now.trickle {
        for _ in 0..100 {
            out.write_all(b"220-slow greeting\r\n")?;
            std::thread::sleep(every);
        }
    }
    out.write_all(b"220 fake ESMTP\r\n")?;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        lines.lock().unwrap().push(line.trim_end().to_owned());
        let upper = line.to_ascii_uppercase();
        let reply = if upper.starts_with("EHLO") {
            let auth = if now.auth_reply.is_some() {
                "250-AUTH PLAIN\r\n"
            } else {
                ""
            };
            format!("250-fake\r\n{auth}250 8BITMIME")
        } else if upper.starts_with("AUTH") {
            now.auth_reply.clone().unwrap_or_else(|| "502 no".into())
        } else if upper.starts_with("MAIL") {
            to.clear();
            match &now.mail_reply {
                Some((from, reply)) if line.contains(&format!("<{from}>")) => reply.clone(),
                _ => "250 ok".into(),
            }
        } else if upper.starts_with("RCPT") {
            let addr = line.trim_end().trim_start_matches(|c| c != '<');
            let addr = addr.trim_matches(|c| c == '<' || c == '>').to_owned();
            match now.rcpt_replies.iter().find(|(a, _)| *a == addr) {
                Some((_, reply)) => reply.clone(),
                None => {
                    to.push(addr);
                    "250 ok".into()
                }
            }
        } else if upper.starts_with("DATA") {
            out.write_all(b"354 go on\r\n")?;
            let data = read_data(&mut input)?;
            got.lock().unwrap().push(Got {
                to: to.clone(),
                data,
            });
            let drop = {
                let mut s = script.lock().unwrap();
                let drop = s.drop_data_reply > 0;
                s.drop_data_reply = s.drop_data_reply.saturating_sub(1);
                drop
            };
            if drop {
                return Ok(());
            }
            if let Some(wait) = now.hang_after_data {
                std::thread::sleep(wait);
            }
            now.data_reply
                .clone()
                .unwrap_or_else(|| "250 queued".into())
        } else if upper.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            "250 ok".into()
        };
        out.write_all(format!("{reply}\r\n").as_bytes())?;
    }
}

fn read_data(input: &mut BufReader<TcpStream>) -> std::io::Result<String> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 || line == ".\r\n" {
            return Ok(data);
        }
        data.push_str(&line);
    }
}
