//! A small real SMTP server for tests: listens on 127.0.0.1:0, speaks enough SMTP for a real
//! client (EHLO/HELO, MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT), and
//! records every message it accepts. It can be switched to answer `451` (try again later)
//! to DATA, to test retries.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One accepted message: the envelope and the raw message as sent (dots unstuffed).
#[derive(Clone, Debug)]
pub struct Received {
    pub mail_from: String,
    pub recipients: Vec<String>,
    pub data: Vec<u8>,
}

/// The parts of a message tests look at, decoded (RFC 2047 subject, base64 / quoted-printable
/// bodies, charsets).
#[derive(Clone, Debug)]
pub struct Decoded {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub content_language: String,
    pub message_id: String,
    pub content_type: String,
    pub text: String,
    pub html: String,
}

impl Received {
    pub fn decode(&self) -> Decoded {
        let message = mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a parsable message");
        let address = |addr: Option<&mail_parser::Address>| {
            addr.and_then(|a| a.first())
                .map(|a| {
                    let email = a.address().unwrap_or_default();
                    match a.name() {
                        Some(name) => format!("{name} <{email}>"),
                        None => email.to_string(),
                    }
                })
                .unwrap_or_default()
        };
        let header_text = |name: &str| {
            message
                .header_raw(name)
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        Decoded {
            from: address(message.from()),
            to: address(message.to()),
            subject: message.subject().unwrap_or_default().to_string(),
            content_language: header_text("Content-Language"),
            message_id: message.message_id().unwrap_or_default().to_string(),
            content_type: header_text("Content-Type"),
            text: message
                .body_text(0)
                .map(|t| t.into_owned())
                .unwrap_or_default(),
            html: message
                .body_html(0)
                .map(|t| t.into_owned())
                .unwrap_or_default(),
        }
    }

    /// The raw header block, as sent.
    pub fn raw_headers(&self) -> String {
        let text = String::from_utf8_lossy(&self.data);
        text.split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_string()
    }
}

#[derive(Default)]
struct Shared {
    messages: Mutex<Vec<Received>>,
    /// Answer `451` to DATA.
    failing: AtomicBool,
    /// How many DATA commands were refused with `451`.
    refused: AtomicUsize,
    connections: AtomicUsize,
}

pub struct SmtpSink {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMTP sink");
        let addr = listener.local_addr().expect("sink address");
        let shared = Arc::new(Shared::default());
        let accepting = shared.clone();
        let task = tokio::spawn(async move {
            let mut sessions = tokio::task::JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                accepting.connections.fetch_add(1, Ordering::SeqCst);
                let shared = accepting.clone();
                sessions.spawn(async move {
                    // A client that goes away mid-session is no concern of the tests.
                    let _ = session(stream, shared).await;
                });
                // Forget finished sessions (the set aborts the rest when the sink is dropped).
                while sessions.try_join_next().is_some() {}
            }
        });
        Self { addr, shared, task }
    }

    /// `smtp://127.0.0.1:<port>` (plain SMTP, no TLS, no authentication).
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// While on, every DATA is answered `451 4.3.0` (a temporary failure).
    pub fn set_failing(&self, failing: bool) {
        self.shared.failing.store(failing, Ordering::SeqCst);
    }

    /// How many DATA commands were answered `451`.
    pub fn refused(&self) -> usize {
        self.shared.refused.load(Ordering::SeqCst)
    }

    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.shared.messages.lock().expect("sink lock").clone()
    }

    /// Waits until at least `count` messages arrived; panics after `timeout`.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the SMTP sink got {} of {count} messages within {timeout:?}",
                messages.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// One SMTP session, RFC 5321 style, one line (command) at a time.
async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let mut mail_from: Option<String> = None;
    let mut recipients: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line).trim_end().to_string();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.test greets you\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 sink.test\r\n",
            "MAIL" => match path_after(&command, "FROM:") {
                Some(path) => {
                    mail_from = Some(path);
                    recipients.clear();
                    b"250 2.1.0 OK\r\n"
                }
                None => b"501 5.5.4 syntax: MAIL FROM:<address>\r\n",
            },
            "RCPT" => match (&mail_from, path_after(&command, "TO:")) {
                (None, _) => b"503 5.5.1 MAIL first\r\n",
                (Some(_), Some(path)) => {
                    recipients.push(path);
                    b"250 2.1.5 OK\r\n"
                }
                (Some(_), None) => b"501 5.5.4 syntax: RCPT TO:<address>\r\n",
            },
            "DATA" if mail_from.is_none() || recipients.is_empty() => {
                b"503 5.5.1 MAIL and RCPT first\r\n"
            }
            "DATA" if shared.failing.load(Ordering::SeqCst) => {
                shared.refused.fetch_add(1, Ordering::SeqCst);
                mail_from = None;
                recipients.clear();
                b"451 4.3.0 mailbox busy, try again later\r\n"
            }
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let data = read_data(&mut reader).await?;
                shared.messages.lock().expect("sink lock").push(Received {
                    mail_from: mail_from.take().unwrap_or_default(),
                    recipients: std::mem::take(&mut recipients),
                    data,
                });
                b"250 2.0.0 OK queued\r\n"
            }
            "RSET" => {
                mail_from = None;
                recipients.clear();
                b"250 2.0.0 OK\r\n"
            }
            "NOOP" => b"250 2.0.0 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"500 5.5.2 command not recognised\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// The `<address>` after `MAIL FROM:` / `RCPT TO:` (parameters after it ignored).
fn path_after(command: &str, keyword: &str) -> Option<String> {
    let upper = command.to_ascii_uppercase();
    let start = upper.find(keyword)? + keyword.len();
    let rest = command[start..].trim_start();
    let rest = rest.strip_prefix('<')?;
    let end = rest.find('>')?;
    Some(rest[..end].to_string())
}

/// The message after `354`, up to the line holding a single dot; a leading dot of a line
/// that starts with two is removed (RFC 5321 §4.5.2).
async fn read_data<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(data);
        }
        let unstuffed = if line.starts_with(b"..") {
            &line[1..]
        } else {
            &line[..]
        };
        data.extend_from_slice(unstuffed);
    }
}

#[tokio::test]
async fn the_sink_speaks_smtp_and_unstuffs_dots() {
    let sink = SmtpSink::start().await;
    let stream = TcpStream::connect(sink.addr).await.expect("connect");
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut expect = async |send: &str, code: &str| {
        if !send.is_empty() {
            write.write_all(send.as_bytes()).await.expect("write");
        }
        // Multi-line replies: read until the line with a space after the code.
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).await.expect("read");
            assert!(line.starts_with(code), "{send:?} → {line:?}");
            if line.as_bytes().get(3) == Some(&b' ') {
                break;
            }
        }
    };
    expect("", "220").await;
    expect("EHLO client.test\r\n", "250").await;
    expect("NOOP\r\n", "250").await;
    expect("RCPT TO:<early@example.com>\r\n", "503").await;
    expect("MAIL FROM:<a@example.com> BODY=8BITMIME\r\n", "250").await;
    expect("RSET\r\n", "250").await;
    expect("MAIL FROM:<b@example.com>\r\n", "250").await;
    expect("RCPT TO:<c@example.com>\r\n", "250").await;
    expect("RCPT TO:<d@example.com>\r\n", "250").await;
    expect("DATA\r\n", "354").await;
    expect("Subject: hi\r\n\r\n..leading dot\r\nplain\r\n.\r\n", "250").await;
    sink.set_failing(true);
    expect("MAIL FROM:<b@example.com>\r\n", "250").await;
    expect("RCPT TO:<c@example.com>\r\n", "250").await;
    expect("DATA\r\n", "451").await;
    expect("QUIT\r\n", "221").await;
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].mail_from, "b@example.com");
    assert_eq!(messages[0].recipients, ["c@example.com", "d@example.com"]);
    assert_eq!(
        messages[0].data,
        b"Subject: hi\r\n\r\n.leading dot\r\nplain\r\n"
    );
    assert_eq!(sink.refused(), 1);
    assert_eq!(sink.connections(), 1);
}
