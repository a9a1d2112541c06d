//! `samkort serve` end to end: pages come from memory with the reload script, an edit shows
//! up without a restart, open pages are told to reload, and errors appear in a banner.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// (status, body) of a GET, or None while the server is not up.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

/// The whole answer to a raw request.
fn raw(port: u16, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    text
}

fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serve_shows_edits_reloads_pages_and_reports_errors() {
    let root = TempDir::new("serve");
    copy_dir(&fixture("site"), &root);
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_samkort"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Server(child);
    wait_for("the server", || get(port, "/").is_some());

    let (status, home) = get(port, "/").unwrap();
    assert_eq!(status, 200);
    assert!(home.contains("<h1>Testsite</h1>"));
    assert!(
        home.contains("EventSource(\"/__samkort/reload\")"),
        "pages carry the reload script"
    );
    assert_eq!(get(port, "/begreber/nope.html").unwrap().0, 404);
    // A folder without its slash is sent to the folder; only GET and HEAD are served; a path
    // that is not UTF-8 is a bad request.
    let head = raw(port, "GET /begreber HTTP/1.0\r\n\r\n");
    assert!(
        head.starts_with("HTTP/1.0 301") || head.starts_with("HTTP/1.1 301"),
        "{head}"
    );
    assert!(head.contains("Location: /begreber/\r\n"), "{head}");
    assert_eq!(get(port, "/begreber/").unwrap().0, 200);
    let post = raw(port, "POST / HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
    assert!(post.contains(" 405 ") && post.contains("Allow: GET, HEAD"), "{post}");
    assert_eq!(get(port, "/%FF.html").unwrap().0, 400);

    // Open the reload stream, as a page does.
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(events, "GET /__samkort/reload HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    events.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut events = BufReader::new(events);

    let card = root.join("content/begreber/respekt.md");
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(&card, format!("{text}\nEn helt ny sætning.\n")).unwrap();
    wait_for("the edit", || {
        get(port, "/begreber/respekt.html").is_some_and(|(_, b)| b.contains("En helt ny sætning."))
    });
    let mut line = String::new();
    let mut got_reload = false;
    while events.read_line(&mut line).unwrap_or(0) > 0 {
        if line.starts_with("data: reload") {
            got_reload = true;
            break;
        }
        line.clear();
    }
    assert!(got_reload, "the open page was not told to reload");

    // A broken link: the last good page stays, with the error on top.
    std::fs::write(&card, text.replace("[[tillid]]", "[[tilid]]")).unwrap();
    wait_for("the error banner", || {
        get(port, "/begreber/respekt.html").is_some_and(|(_, b)| b.contains("role=\"alert\"") && b.contains("tilid"))
    });
    let (_, page) = get(port, "/begreber/respekt.html").unwrap();
    assert!(
        page.contains("En helt ny sætning."),
        "the last good page is still served"
    );
    std::fs::write(&card, &text).unwrap();
    wait_for("the fix", || {
        get(port, "/begreber/respekt.html")
            .is_some_and(|(_, b)| !b.contains("role=\"alert\"") && !b.contains("En helt ny sætning."))
    });
}

#[test]
fn serve_started_on_a_broken_site_shows_the_errors_in_the_sites_language_until_they_are_fixed() {
    let root = TempDir::new("serve-broken");
    copy_dir(&fixture("site"), &root);
    let card = root.join("content/begreber/respekt.md");
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(&card, text.replace("[[tillid]]", "[[tilid]]")).unwrap();
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_samkort"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Server(child);
    wait_for("the server", || get(port, "/").is_some());

    for path in ["/", "/begreber/respekt.html"] {
        let (status, page) = get(port, path).unwrap();
        assert_eq!(status, 503, "{path}");
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"da\">"), "{page}");
        assert!(
            page.contains("role=\"alert\"") && page.contains("Sitet kan ikke bygges"),
            "{page}"
        );
        assert!(page.contains("tilid"), "the error itself: {page}");
        assert!(
            page.contains("EventSource(\"/__samkort/reload\")"),
            "it reloads once fixed"
        );
    }
    std::fs::write(&card, &text).unwrap();
    wait_for("the fix", || {
        get(port, "/").is_some_and(|(status, b)| {
            status == 200 && b.contains("<h1>Testsite</h1>") && !b.contains("role=\"alert\"")
        })
    });
}
