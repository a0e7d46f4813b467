//! Helpers shared by the integration tests: fixtures and the `openssl` command.
#![allow(dead_code)]

use jwtmint::{ImportOptions, Key};
use std::path::PathBuf;
use std::process::Command;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/keys")
        .join(name)
}

pub fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

pub fn import(name: &str) -> Key {
    Key::from_text(&read_fixture(name), &ImportOptions::default())
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

pub fn import_err(text: &str) -> jwtmint::Error {
    Key::from_text(text, &ImportOptions::default()).expect_err("import should fail")
}

/// Runs openssl with `args`, feeding `stdin`, and returns stdout; panics with stderr on failure.
pub fn openssl(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("openssl must be installed");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    let output = child.wait_with_output().expect("openssl ran");
    assert!(
        output.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A fresh temporary directory that is removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// What the echo server received: request line, headers, body.
pub type Received = (String, Vec<(String, String)>, String);

/// What an HTTP/1.1 client sent on `stream`, answered with `200 ok` (a redirect for paths under
/// `/redirect-me`) and `connection: close`.
/// `None` when the connection carried the stop marker of [`Echo::stop`].
fn answer(stream: std::net::TcpStream) -> Option<Received> {
    use std::io::{BufRead, BufReader, Read, Write};
    // A bound, not a timing assertion: a client that connects and says nothing fails the test
    // instead of hanging it.
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    if line == STOP {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap() == 0 {
            break;
        }
        let header = header.trim_end_matches(['\r', '\n']).to_owned();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap();
        headers.push((name.to_owned(), value.trim_start_matches(' ').to_owned()));
    }
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    // A client that sent nothing may be gone; what it sent is recorded either way.
    // A path under /redirect-me is sent on (307 keeps the method and the body), so a test sees
    // whether a client follows a redirect with the request's headers.
    let answer: &[u8] = if line.contains(" /redirect-me") {
        b"HTTP/1.1 307 Temporary Redirect\r\nlocation: /followed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    } else {
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
    };
    let _ = (&stream).write_all(answer);
    Some((
        line.trim_end().to_owned(),
        headers,
        String::from_utf8(body).unwrap(),
    ))
}

/// Accepts one HTTP/1.1 request and returns what it received.
pub fn echo_once(listener: std::net::TcpListener) -> std::thread::JoinHandle<Received> {
    std::thread::spawn(move || answer(listener.accept().unwrap().0).unwrap())
}

/// The first line of the connection that stops an [`Echo`]; not HTTP, so no client sends it.
const STOP: &str = "jwtmint-echo-stop\n";

/// An echo server on 127.0.0.1 that records every request on every connection until
/// [`Echo::stop`], so a test sees a second request (curl globbing, a retry, a redirect followed)
/// as well as the first.
pub struct Echo {
    address: std::net::SocketAddr,
    thread: std::thread::JoinHandle<Vec<Received>>,
}

impl Echo {
    pub fn start() -> Echo {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let thread = std::thread::spawn(move || {
            let mut received = Vec::new();
            loop {
                let (stream, _) = listener.accept().unwrap();
                let mut rest = stream.try_clone().unwrap();
                match answer(stream) {
                    None => return received,
                    Some(request) => received.push(request),
                }
                // Anything the client sends after the answer is a further request on the same
                // connection: record it too.
                use std::io::Read;
                rest.shutdown(std::net::Shutdown::Write).unwrap();
                let mut more = Vec::new();
                let _ = rest.read_to_end(&mut more);
                if !more.is_empty() {
                    let more = String::from_utf8_lossy(&more).into_owned();
                    received.push(("(more on the same connection)".into(), Vec::new(), more));
                }
            }
        });
        Echo { address, thread }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every request received, in order. Call it once the client has exited: each connection
    /// it opened is then already queued ahead of the stop connection, so none is missed.
    pub fn stop(self) -> Vec<Received> {
        use std::io::Write;
        let mut stop = std::net::TcpStream::connect(self.address).unwrap();
        stop.write_all(STOP.as_bytes()).unwrap();
        self.thread.join().unwrap()
    }
}
