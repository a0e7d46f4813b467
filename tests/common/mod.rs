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
/// `/redirect-me`, the first of `routes` whose path starts the request target) and
/// `connection: close`.
/// `None` when the connection carried the stop marker of [`Echo::stop`].
fn answer(stream: std::net::TcpStream, routes: &[Route]) -> Option<Received> {
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
    let target = line.split(' ').nth(1).unwrap_or_default();
    let routed = routes.iter().find(|route| target.starts_with(&route.path));
    let answer: Vec<u8> = if line.contains(" /redirect-me") {
        b"HTTP/1.1 307 Temporary Redirect\r\nlocation: /followed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_vec()
    } else if let Some(route) = routed {
        route.response()
    } else {
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".to_vec()
    };
    let _ = (&stream).write_all(&answer);
    Some((
        line.trim_end().to_owned(),
        headers,
        String::from_utf8(body).unwrap(),
    ))
}

/// Accepts one HTTP/1.1 request and returns what it received.
pub fn echo_once(listener: std::net::TcpListener) -> std::thread::JoinHandle<Received> {
    std::thread::spawn(move || answer(listener.accept().unwrap().0, &[]).unwrap())
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
        Echo::start_with(Vec::new())
    }

    /// An echo server that answers a request to a path under one of `routes` with its status
    /// and JSON body (the first route that matches), and every other one as [`Echo::start`].
    pub fn start_with(routes: Vec<Route>) -> Echo {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let thread = std::thread::spawn(move || {
            let mut received = Vec::new();
            loop {
                let (stream, _) = listener.accept().unwrap();
                let mut rest = stream.try_clone().unwrap();
                match answer(stream, &routes) {
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

/// How an [`Echo`] answers the requests to paths starting with `path`: `status` with `body`
/// as JSON.
pub struct Route {
    pub path: String,
    pub status: u16,
    pub body: String,
}

impl Route {
    pub fn new(path: &str, status: u16, body: &str) -> Route {
        Route {
            path: path.into(),
            status,
            body: body.into(),
        }
    }

    fn response(&self) -> Vec<u8> {
        let reason = match self.status {
            200 => "OK",
            201 => "Created",
            400 => "Bad Request",
            401 => "Unauthorized",
            500 => "Internal Server Error",
            _ => "Status",
        };
        format!(
            "HTTP/1.1 {} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
            self.status,
            self.body.len(),
            self.body
        )
        .into_bytes()
    }
}

/// What the directory a script runs in holds: a file the script must neither send nor change.
pub const SECRET_FILE: &str = ".env";
/// The secret file's content.
pub const MARKER: &str = "JWTMINT-MARKER-never-sent";
/// The file a command substitution in a value would create.
pub const PWNED: &str = "/tmp/jwtmint-pwned";

/// What a run of rendered code did: the requests the echo server received, how the program
/// exited and what it printed.
pub struct Ran {
    pub requests: Vec<Received>,
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `program file` where the file holds `code`, in a directory of its own that holds the
/// secret file, with a `~/.curlrc` (through `CURL_HOME`) and a `.netrc` (through `NETRC`) that
/// would add a header, write a file and replace the token if they were read, and with `path` as
/// `PATH` when given. Asserts that the program ran no substitution and left the directory as it
/// was; whether it succeeded is the caller's to check.
pub fn run_script(
    echo: Echo,
    code: &str,
    program: &str,
    extension: &str,
    path: Option<&std::ffi::OsStr>,
) -> Ran {
    let work = temp_dir();
    std::fs::write(work.path().join(SECRET_FILE), MARKER).unwrap();
    let config = temp_dir();
    let file = config.path().join(format!("request.{extension}"));
    std::fs::write(&file, code).unwrap();
    std::fs::write(
        config.path().join(".curlrc"),
        "header = \"X-From-Curlrc: 1\"\noutput = \"written-by-curlrc\"\n",
    )
    .unwrap();
    let netrc = config.path().join("netrc");
    std::fs::write(&netrc, "machine 127.0.0.1 login netrc password netrc-password\n").unwrap();
    let before = listing(work.path());
    let _ = std::fs::remove_file(PWNED);
    let mut command = Command::new(program);
    command
        .arg(&file)
        .current_dir(work.path())
        .env("CURL_HOME", config.path())
        .env("NETRC", &netrc);
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("{program} must be installed (scripts/setup.sh): {error}"));
    // The program has exited: every connection it made is queued before the stop.
    let requests = echo.stop();
    assert!(
        !std::path::Path::new(PWNED).exists(),
        "the code ran a substitution:\n{code}"
    );
    assert_eq!(listing(work.path()), before, "the code wrote a file:\n{code}");
    Ran {
        requests,
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every file in `dir` with its content.
pub fn listing(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(entry.path()).unwrap_or_default())
        })
        .collect()
}

/// `received` is exactly `request`: its method, path and query, each of its headers once with
/// its value, its body (none: an empty one), and nothing from the secret file, `.curlrc` or
/// `.netrc`.
pub fn assert_sent(received: &Received, request: &jwtmint::request::Request) {
    let (line, headers, body) = received;
    let target = &request.url[request.url.find("://").unwrap() + 3..];
    let path = target.find('/').map_or("/", |at| &target[at..]);
    assert_eq!(line, &format!("{} {path} HTTP/1.1", request.method));
    for (name, value) in &request.headers {
        let found: Vec<_> = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .collect();
        assert_eq!(found.len(), 1, "{name} sent once: {headers:?}");
        assert_eq!(&found[0].1, value, "{name}");
    }
    assert_eq!(body, request.body.as_deref().unwrap_or(""), "{line}");
    let everything = format!("{headers:?} {body}");
    for leaked in [MARKER, "X-From-Curlrc", "netrc", "Basic"] {
        assert!(!everything.contains(leaked), "{leaked} sent: {everything}");
    }
}
