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

/// Accepts one HTTP/1.1 request and returns what it received.
pub fn echo_once(listener: std::net::TcpListener) -> std::thread::JoinHandle<Received> {
    {
        use std::io::{BufRead, BufReader, Read, Write};
        std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
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
            let mut stream = stream;
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
                .unwrap();
            (
                line.trim_end().to_owned(),
                headers,
                String::from_utf8(body).unwrap(),
            )
        })
    }
}
