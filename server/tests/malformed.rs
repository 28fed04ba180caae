//! The malformed-request corpus: every case in `tests/malformed/requests.http` is sent as
//! raw bytes over its own TCP connection to the real binary, all cases at once.
//!
//! For every case: the answer is one of the outcomes the case allows (a status, a status
//! class, or `close`: the connection ended without an HTTP answer), never a 5xx, the
//! connection ends in bounded time, and nothing outside the web root leaks. After every
//! case, and after the whole corpus, the server still answers a normal request; in the
//! end nothing was written and the log shows no panic.
//!
//! The file format is described at the top of `requests.http`.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{bearer, raw_get, Dirs, Options, Server, SENTINEL};

const CORPUS: &str = include_str!("malformed/requests.http");

/// Guards against a hang, not speed requirements: a connection still open after this long
/// fails its case. `slow` cases wait out the server's 30 s request timeout first.
const FAST_CASE_LIMIT: Duration = Duration::from_secs(60);
const SLOW_CASE_LIMIT: Duration = Duration::from_secs(120);

#[derive(Debug, Clone)]
struct Case {
    name: String,
    line: usize,
    expect: Vec<String>,
    code: Option<String>,
    half_close: bool,
    slow: bool,
    raw: bool,
    /// Send one byte per this many milliseconds: from the first byte, or from the body's.
    trickle: Option<(u64, Trickle)>,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Trickle {
    Everything,
    Body,
}

/// Parses the corpus: `=== name` starts a case, directive lines (`expect:`, `code:`,
/// `then: half-close`, `slow`, `raw`) follow, then the request text.
fn parse_corpus(corpus: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut current: Option<(Case, Vec<&str>, bool)> = None;
    let finish = |current: Option<(Case, Vec<&str>, bool)>, cases: &mut Vec<Case>| {
        if let Some((mut case, mut lines, _)) = current {
            while lines.last().is_some_and(|line| line.is_empty()) {
                lines.pop();
            }
            case.text = lines.join("\n");
            assert!(!case.expect.is_empty(), "case {} (line {}) has no expect:", case.name, case.line);
            assert!(!case.text.is_empty(), "case {} (line {}) sends nothing", case.name, case.line);
            cases.push(case);
        }
    };
    for (index, line) in corpus.lines().enumerate() {
        if line == "#" || line.starts_with("# ") {
            continue;
        }
        if let Some(name) = line.strip_prefix("=== ") {
            finish(current.take(), &mut cases);
            let case = Case {
                name: name.trim().to_owned(),
                line: index + 1,
                expect: Vec::new(),
                code: None,
                half_close: false,
                slow: false,
                raw: false,
                trickle: None,
                text: String::new(),
            };
            current = Some((case, Vec::new(), true));
            continue;
        }
        let Some((case, lines, in_directives)) = current.as_mut() else {
            assert!(line.is_empty(), "line {}: text outside a case", index + 1);
            continue;
        };
        if *in_directives {
            if let Some(outcomes) = line.strip_prefix("expect:") {
                case.expect = outcomes.split_whitespace().map(str::to_owned).collect();
                continue;
            }
            if let Some(code) = line.strip_prefix("code:") {
                case.code = Some(code.trim().to_owned());
                continue;
            }
            if let Some(ms) = line.strip_prefix("trickle:") {
                case.trickle = Some((ms.trim().parse().expect("trickle: MS"), Trickle::Everything));
                continue;
            }
            if let Some(ms) = line.strip_prefix("trickle-body:") {
                case.trickle = Some((ms.trim().parse().expect("trickle-body: MS"), Trickle::Body));
                continue;
            }
            match line.trim() {
                "then: half-close" => case.half_close = true,
                "slow" => case.slow = true,
                "raw" => case.raw = true,
                _ => {
                    *in_directives = false;
                    lines.push(line);
                }
            }
            continue;
        }
        lines.push(line);
    }
    finish(current, &mut cases);
    cases
}

/// Expands `{host}`, `{bearer}`, `{len}`, `{len+N}`, `{len-N}` and `{repeat N TEXT}`.
fn expand(text: &str, address: SocketAddr, body_len: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('}');
        let placeholder = end.map(|end| &after[..end]);
        let replacement = match placeholder {
            Some("host") => Some(address.to_string()),
            Some("bearer") => Some(bearer()),
            Some(name) if name.starts_with("len") => {
                let delta = &name[3..];
                let len = body_len as i64
                    + match delta.strip_prefix('+') {
                        Some(n) => n.parse::<i64>().unwrap(),
                        None => delta.strip_prefix('-').map_or(0, |n| -n.parse::<i64>().unwrap()),
                    };
                Some(len.to_string())
            }
            Some(name) if name.starts_with("repeat ") => {
                let (count, what) = name["repeat ".len()..].split_once(' ').expect("{repeat N TEXT}");
                Some(what.repeat(count.parse().expect("repeat count")))
            }
            _ => None,
        };
        match (replacement, end) {
            (Some(replacement), Some(end)) => {
                out.push_str(&replacement);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Turns `\r`, `\n`, `\t`, `\0`, `\\` and `\xNN` into bytes.
fn unescape(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            let (byte, used) = match bytes[i + 1] {
                b'r' => (b'\r', 2),
                b'n' => (b'\n', 2),
                b't' => (b'\t', 2),
                b'0' => (0, 2),
                b'\\' => (b'\\', 2),
                b'x' => {
                    let hex = std::str::from_utf8(&bytes[i + 2..i + 4]).unwrap();
                    (u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad \\x{hex}")), 4)
                }
                _ => (b'\\', 1),
            };
            out.push(byte);
            i += used;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The bytes a case sends. HTTP cases: the head's lines end in CRLF and a blank line
/// closes the head; the body (after the first blank line) is sent without a final line
/// break. `raw` cases: the lines are concatenated and only escapes make bytes.
fn request_bytes(case: &Case, address: SocketAddr) -> Vec<u8> {
    request_parts(case, address).0
}

/// The bytes a case sends, and where its body starts.
fn request_parts(case: &Case, address: SocketAddr) -> (Vec<u8>, usize) {
    if case.raw {
        let bytes = unescape(&expand(&case.text.replace('\n', ""), address, 0));
        let len = bytes.len();
        return (bytes, len);
    }
    let (head, body) = match case.text.split_once("\n\n") {
        Some((head, body)) => (head, Some(body)),
        None => (case.text.as_str(), None),
    };
    let body =
        body.map(|body| unescape(&expand(&body.replace('\n', "\r\n"), address, 0))).unwrap_or_default();
    let mut bytes = unescape(&expand(&head.replace('\n', "\r\n"), address, body.len()));
    bytes.extend_from_slice(b"\r\n\r\n");
    let body_start = bytes.len();
    bytes.extend_from_slice(&body);
    (bytes, body_start)
}

#[derive(Debug, Clone, Copy)]
struct Sending {
    half_close: bool,
    trickle: Option<(u64, Trickle)>,
    body_start: usize,
}

#[derive(Debug)]
struct Outcome {
    /// The first status line's code; 0 when the server answered nothing.
    status: u16,
    /// Every status code the server sent on the connection (pipelined leftovers count).
    statuses: Vec<u16>,
    response: Vec<u8>,
    /// How the connection ended: EOF, a reset, or still open at the deadline.
    ending: &'static str,
    elapsed: Duration,
}

/// Sends `bytes` (from a writer thread, so an early answer is read before a reset can
/// discard it) and reads until the server closes, resets, or `limit` passes.
fn send(address: SocketAddr, bytes: Vec<u8>, how: Sending, limit: Duration) -> Outcome {
    let started = Instant::now();
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let writing = std::thread::spawn(move || {
        // The server may answer (and close) before it reads everything: a failed write is
        // part of the outcome, not a test failure.
        let sent = match how.trickle {
            None => writer.write_all(&bytes),
            Some((ms, from)) => {
                let start = if from == Trickle::Body { how.body_start } else { 0 };
                writer.write_all(&bytes[..start]).and_then(|()| {
                    bytes[start..].iter().try_for_each(|byte| {
                        std::thread::sleep(Duration::from_millis(ms));
                        writer.write_all(&[*byte])
                    })
                })
            }
        };
        if sent.is_ok() && how.half_close {
            let _ = writer.shutdown(Shutdown::Write);
        }
    });
    let mut response = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    let ending = loop {
        match stream.read(&mut buffer) {
            Ok(0) => break "eof",
            Ok(n) => response.extend_from_slice(&buffer[..n]),
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(_) => break "reset",
        }
        if started.elapsed() > limit {
            break "timeout";
        }
    };
    // Stops a trickling writer at its next byte.
    let _ = stream.shutdown(Shutdown::Both);
    writing.join().unwrap();
    let statuses = status_codes(&response);
    Outcome {
        status: statuses.first().copied().unwrap_or(0),
        statuses,
        response,
        ending,
        elapsed: started.elapsed(),
    }
}

/// The codes of every `HTTP/1.x NNN` status line in `response`.
fn status_codes(response: &[u8]) -> Vec<u16> {
    let text = String::from_utf8_lossy(response);
    let mut codes = Vec::new();
    for (offset, _) in text.match_indices("HTTP/1.") {
        if offset != 0 && !text[..offset].ends_with('\n') {
            continue;
        }
        if let Some(code) = text[offset..].split(' ').nth(1).and_then(|code| code.get(..3)?.parse().ok()) {
            codes.push(code);
        }
    }
    codes
}

fn allowed(expect: &[String], status: u16) -> bool {
    expect.iter().any(|outcome| match outcome.as_str() {
        "close" => status == 0,
        class if class.ends_with("xx") => status / 100 == u16::from(class.as_bytes()[0] - b'0'),
        code => code.parse::<u16>().is_ok_and(|code| code == status),
    })
}

/// The `error` code of the first response's JSON body, if any.
fn error_code(response: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(response);
    let start = text.find("{\"error\":")?;
    let value: serde_json::Value =
        serde_json::Deserializer::from_str(&text[start..]).into_iter::<serde_json::Value>().next()?.ok()?;
    value["error"].as_str().map(str::to_owned)
}

/// Checks one case's outcome; `Err` says what was wrong.
fn judge(case: &Case, outcome: &Outcome) -> Result<(), String> {
    if let Some(server_error) = outcome.statuses.iter().find(|status| **status >= 500) {
        return Err(format!("answered {server_error}"));
    }
    if !allowed(&case.expect, outcome.status) {
        return Err(format!("got {} ({}), expected {:?}", outcome.status, outcome.ending, case.expect));
    }
    if outcome.ending == "timeout" {
        return Err(format!("the connection was still open after {:?}", outcome.elapsed));
    }
    if let Some(code) = &case.code {
        let found = error_code(&outcome.response);
        if found.as_deref() != Some(code.as_str()) {
            return Err(format!("error code {found:?}, expected {code}"));
        }
    }
    let text = String::from_utf8_lossy(&outcome.response);
    if text.contains(SENTINEL) || text.contains("root:x:0:0") {
        return Err("leaked a file outside the web root".into());
    }
    Ok(())
}

/// The "normal request" every case is followed by: the API with the right token.
fn healthy(address: SocketAddr) -> bool {
    let request = format!(
        "GET /api/settings HTTP/1.1\r\nHost: {address}\r\nAuthorization: {}\r\nConnection: close\r\n\r\n",
        bearer()
    );
    let how = Sending { half_close: false, trickle: None, body_start: 0 };
    let outcome = send(address, request.into_bytes(), how, FAST_CASE_LIMIT);
    outcome.status == 200
}

#[test]
fn the_corpus_is_well_formed_and_large() {
    let cases = parse_corpus(CORPUS);
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|case| case.name.as_str()).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "case names must be unique");
    let address: SocketAddr = "127.0.0.1:1".parse().unwrap();
    for case in &cases {
        for outcome in &case.expect {
            assert!(
                outcome == "close"
                    || (outcome.len() == 3 && (outcome.ends_with("xx") || outcome.parse::<u16>().is_ok())),
                "{}: unknown outcome {outcome}",
                case.name
            );
            assert!(!outcome.starts_with('5'), "{}: a 5xx is never allowed", case.name);
        }
        assert!(!request_bytes(case, address).is_empty());
    }
    // The format itself: CRLF heads, bodies verbatim, computed lengths, escapes.
    let case = Case {
        name: "t".into(),
        line: 0,
        expect: vec!["400".into()],
        code: None,
        half_close: false,
        slow: false,
        raw: false,
        trickle: None,
        text: "POST /x HTTP/1.1\nContent-Length: {len+1}\n\n{\"a\":\"\\xff\"}{repeat 3 \\x7b}".into(),
    };
    assert_eq!(
        request_bytes(&case, address),
        b"POST /x HTTP/1.1\r\nContent-Length: 13\r\n\r\n{\"a\":\"\xff\"}{{{".to_vec()
    );
}

#[test]
fn malformed_requests_never_get_a_5xx_and_never_stop_the_server() {
    let cases = parse_corpus(CORPUS);
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let address = server.address;
    assert!(healthy(address));
    // All at once: the slow cases wait out the server's timeouts side by side.
    let results = Arc::new(std::sync::Mutex::new(Vec::new()));
    let threads: Vec<_> = cases
        .into_iter()
        .map(|case| {
            let results = Arc::clone(&results);
            std::thread::spawn(move || {
                let limit = if case.slow { SLOW_CASE_LIMIT } else { FAST_CASE_LIMIT };
                let (bytes, body_start) = request_parts(&case, address);
                let how = Sending { half_close: case.half_close, trickle: case.trickle, body_start };
                let outcome = send(address, bytes, how, limit);
                let mut verdict = judge(&case, &outcome);
                if verdict.is_ok() && !healthy(address) {
                    verdict = Err("the server did not answer a normal request afterwards".into());
                }
                results.lock().unwrap().push((case, outcome, verdict));
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let results = std::mem::take(&mut *results.lock().unwrap());
    if std::env::var_os("MALFORMED_VERBOSE").is_some() {
        for (case, outcome, _) in &results {
            eprintln!(
                "{:<55} {:>3} {:?} {:<7} {:>6} ms",
                case.name,
                outcome.status,
                &outcome.statuses[1.min(outcome.statuses.len())..],
                outcome.ending,
                outcome.elapsed.as_millis()
            );
        }
    }
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(case, outcome, verdict)| {
            let error = verdict.as_ref().err()?;
            let head =
                String::from_utf8_lossy(&outcome.response[..outcome.response.len().min(300)]).into_owned();
            Some(format!("{} (line {}): {error}\n    {head:?}", case.name, case.line))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );

    // Afterwards: still serving, nothing written, no panic in the log.
    assert_eq!(raw_get(address, "/").0, 200);
    let (status, response) = raw_get(address, "/api/activity");
    assert_eq!(status, 401, "{response}");
    let activity = common::raw(
        address,
        format!(
            "GET /api/settings HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\nConnection: close\r\n\r\n",
            bearer()
        )
        .as_bytes(),
    );
    assert!(activity.1.contains("\"version\":1"), "a malformed request wrote something: {}", activity.1);
    let stderr = server.stderr();
    assert!(!stderr.contains("panicked"), "{stderr}");
}
