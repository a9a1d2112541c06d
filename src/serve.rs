//! `samkort serve`: a development server that serves the site from memory, watches the site's
//! files, brings the [`LiveSite`] up to date after each edit and tells open pages to reload.
//!
//! Pages are served exactly as built, with one addition made while serving: a small script
//! that listens for reloads (server-sent events). While the content has errors the last good
//! pages stay served, with the errors shown in a banner on top.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::build::Failure;
use crate::config::Language;
use crate::diagnostic::{self, Diagnostics, Format};
use crate::live::{Files, LiveSite};

const RELOAD_PATH: &str = "/__samkort/reload";
const RELOAD_SCRIPT: &str =
    "<script>new EventSource(\"/__samkort/reload\").onmessage=function(){location.reload()}</script>";

/// What changed since a page was served: a counter the reload stream waits on, and the
/// current errors.
#[derive(Default)]
struct State {
    generation: u64,
    errors: Option<String>,
    /// How the errors are introduced, in the site's language.
    notice: Notice,
}

/// The heading and the explanation above the errors, and the language they are in.
#[derive(Default, Clone)]
struct Notice {
    lang: &'static str,
    title: String,
    text: String,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// Reload streams open now.
static RELOAD_STREAMS: AtomicUsize = AtomicUsize::new(0);

/// Serves the site under `root` on `addr` until the process is stopped.
pub fn serve(root: &Path, addr: &str, timings: bool, lang: Language) -> Result<(), String> {
    let started = Instant::now();
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| crate::messages::text(lang, key, args);
    let root = &root
        .canonicalize()
        .map_err(|e| t("cli.cannot-open-site", &[("path", &root.display()), ("error", &e)]))?;
    let (mut site, update) = LiveSite::load(root).map_err(|f| failure_text(&f, lang))?;
    if let Err(e) = site.write_schemas() {
        eprintln!("warning: {}", t("cli.cannot-write-editor-schemas", &[("error", &e)]));
    }
    let notice = Notice {
        lang: site.language(),
        title: site
            .ui_string("serve_errors")
            .unwrap_or("The site cannot be built")
            .to_string(),
        text: site.ui_string("serve_errors_text").unwrap_or_default().to_string(),
    };
    let shared: Shared = Arc::new((
        Mutex::new(State {
            notice,
            ..State::default()
        }),
        Condvar::new(),
    ));
    report(&shared, &update.diagnostics, started, update.pages_drawn, lang);

    let server =
        tiny_http::Server::http(addr).map_err(|e| t("cli.cannot-listen", &[("addr", &addr), ("error", &e)]))?;
    eprintln!("{}", t("cli.serving", &[("path", &root.display()), ("addr", &addr)]));
    let server = Arc::new(server);
    for _ in 0..4 {
        let (server, files, shared) = (Arc::clone(&server), site.files(), Arc::clone(&shared));
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                handle(request, &files, &shared);
            }
        });
    }

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(e) = event
            && !matches!(e.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(e.paths);
        }
    })
    .map_err(|e| t("cli.cannot-watch", &[("path", &root.display()), ("error", &e)]))?;
    for dir in ["content", "themes", "templates"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| t("cli.cannot-watch", &[("path", &path.display()), ("error", &e)]))?;
        }
    }
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| t("cli.cannot-watch", &[("path", &root.display()), ("error", &e)]))?;
    // The brand's files may be anywhere in the site. (A brand file named anew in samkort.toml
    // is followed after a restart.)
    let brand = site.watched_files();
    for file in &brand {
        if let Some(dir) = file.parent().filter(|d| *d != root) {
            let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
        }
    }

    let config = root.join(crate::config::CONFIG_FILE);
    while let Ok(first) = rx.recv() {
        // Editors write a file in several steps; take what arrives within a few milliseconds.
        let mut paths: Vec<PathBuf> = first;
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(5)) {
            paths.extend(more);
        }
        paths.retain(|p| p.parent() != Some(root) || *p == config || brand.contains(p));
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            continue;
        }
        let started = Instant::now();
        match site.apply(&paths) {
            Ok(update) => {
                if timings {
                    eprint!("{}", update.timings.report());
                }
                report(&shared, &update.diagnostics, started, update.pages_drawn, lang)
            }
            Err(f) => {
                let text = failure_text(&f, lang);
                eprint!("{text}");
                let (lock, cvar) = &*shared;
                let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
                state.errors = Some(text);
                state.generation += 1;
                cvar.notify_all();
            }
        }
    }
    Ok(())
}

fn report(shared: &Shared, diags: &Diagnostics, started: Instant, pages: usize, lang: Language) {
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| crate::messages::text(lang, key, args);
    let sorted = diags.clone().sorted();
    let text = diagnostic::render(&sorted, Format::Human, Path::new(""), lang);
    eprint!("{text}");
    let (lock, cvar) = &**shared;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    if diags.has_errors() {
        let errors = crate::messages::count(lang, "errors", diags.errors());
        eprintln!("{}", t("cli.still-serving", &[("errors", &errors)]));
        state.errors = Some(text);
    } else {
        let ms = format!("{:.1}", started.elapsed().as_secs_f64() * 1000.0);
        let pages = crate::messages::count(lang, "pages", pages);
        eprintln!("{}", t("cli.built-in", &[("ms", &ms), ("pages", &pages)]));
        state.errors = None;
    }
    state.generation += 1;
    cvar.notify_all();
}

fn failure_text(f: &Failure, lang: Language) -> String {
    match f {
        Failure::Config(d) | Failure::Content(d) => {
            diagnostic::render(&d.clone().sorted(), Format::Human, Path::new(""), lang)
        }
        Failure::Io(e) => format!("error: {e}\n"),
    }
}

/// How many pages may listen for reloads at once (each holds a thread).
const MAX_RELOAD_STREAMS: usize = 64;

fn handle(request: tiny_http::Request, files: &Arc<Mutex<Files>>, shared: &Shared) {
    let plain = |status: u16, text: &str| tiny_http::Response::from_string(text).with_status_code(status);
    if !matches!(request.method(), tiny_http::Method::Get | tiny_http::Method::Head) {
        let mut response = plain(405, "only GET and HEAD\n");
        if let Ok(h) = tiny_http::Header::from_bytes("Allow", "GET, HEAD") {
            response = response.with_header(h);
        }
        let _ = request.respond(response);
        return;
    }
    let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if url == RELOAD_PATH {
        if RELOAD_STREAMS.fetch_add(1, Ordering::SeqCst) >= MAX_RELOAD_STREAMS {
            RELOAD_STREAMS.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(plain(503, "too many open pages\n"));
            return;
        }
        let shared = Arc::clone(shared);
        std::thread::spawn(move || {
            reload_stream(request, shared);
            RELOAD_STREAMS.fetch_sub(1, Ordering::SeqCst);
        });
        return;
    }
    let Some(mut path) = percent_decode(url.trim_start_matches('/')) else {
        let _ = request.respond(plain(400, "the path is not UTF-8\n"));
        return;
    };
    // A folder asked for without its slash: send the browser to the folder, so relative links
    // on its index page resolve.
    if !path.is_empty() && !path.ends_with('/') {
        let folder_index = format!("{path}/index.html");
        let is_folder = files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&folder_index);
        if is_folder {
            let mut response = plain(301, "");
            if let Ok(h) = tiny_http::Header::from_bytes("Location", format!("{url}/")) {
                response = response.with_header(h);
            }
            let _ = request.respond(response);
            return;
        }
    }
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let (status, key) = {
        let files = files.lock().unwrap_or_else(|e| e.into_inner());
        if files.contains_key(&path) {
            (200, path)
        } else {
            (404, "404.html".to_string())
        }
    };
    let body = files.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
    let (errors, notice) = {
        let state = shared.0.lock().unwrap_or_else(|e| e.into_inner());
        (state.errors.clone(), state.notice.clone())
    };
    let (status, key, body) = match body {
        Some(body) => (status, key, body),
        // No good build yet: a page that shows the errors and reloads once they are fixed.
        None => (503, "error.html".to_string(), error_page(&notice).into()),
    };
    let content_type = content_type(&key);
    let bytes = if content_type.starts_with("text/html") {
        with_live_reload(&body, errors.as_deref().map(|e| (&notice, e)))
    } else {
        body.to_vec()
    };
    let header = tiny_http::Header::from_bytes("Content-Type", content_type).ok();
    let mut response = tiny_http::Response::from_data(bytes).with_status_code(status);
    if let Some(h) = header {
        response = response.with_header(h);
    }
    if let Ok(h) = tiny_http::Header::from_bytes("Cache-Control", "no-store") {
        response = response.with_header(h);
    }
    let _ = request.respond(response);
}

/// The page with the reload script before `</body>`, and the current errors in a banner at
/// the top of the page (in the page's flow, so it hides nothing).
fn with_live_reload(page: &[u8], errors: Option<(&Notice, &str)>) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let banner = errors
        .map(|(notice, errors)| banner(notice, errors))
        .unwrap_or_default();
    let top = text
        .find("<body")
        .and_then(|b| text[b..].find('>').map(|e| b + e + 1))
        .unwrap_or(0);
    let end = text.rfind("</body>").unwrap_or(text.len()).max(top);
    format!(
        "{}{banner}{}{RELOAD_SCRIPT}{}",
        &text[..top],
        &text[top..end],
        &text[end..]
    )
    .into_bytes()
}

/// The errors, readable: wrapped, in the site's language above them, not covering the page.
fn banner(notice: &Notice, errors: &str) -> String {
    let mut out = String::from(
        "<div role=\"alert\" style=\"margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#7a0d0d;\
         border-bottom:4px solid #a51d1d;font:1rem/1.5 system-ui,sans-serif\">\
         <p style=\"margin:0 0 .25rem;font-weight:700;font-size:1.15rem\">",
    );
    let _ = pulldown_cmark_escape::escape_html(&mut out, &notice.title);
    out.push_str("</p><p style=\"margin:0 0 .75rem\">");
    let _ = pulldown_cmark_escape::escape_html(&mut out, &notice.text);
    out.push_str(
        "</p><pre style=\"margin:0;white-space:pre-wrap;overflow-wrap:anywhere;max-height:60vh;overflow:auto;\
         font:.9rem/1.45 ui-monospace,Menlo,Consolas,monospace\">",
    );
    let _ = pulldown_cmark_escape::escape_html(&mut out, errors);
    out.push_str("</pre></div>");
    out
}

/// The page served while the site has never built: the errors (added by [`with_live_reload`]).
fn error_page(notice: &Notice) -> Vec<u8> {
    let mut title = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut title, &notice.title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n\
         <body style=\"margin:0\">\n</body>\n</html>\n",
        notice.lang
    )
    .into_bytes()
}

/// A server-sent-events stream that sends one `reload` each time the site changes. Written
/// straight to the connection, so each event leaves at once.
fn reload_stream(request: tiny_http::Request, shared: Shared) {
    let mut seen = shared.0.lock().unwrap_or_else(|e| e.into_inner()).generation;
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if out.write_all(head.as_bytes()).and_then(|()| out.flush()).is_err() {
        return;
    }
    loop {
        let event: &[u8] = {
            let (lock, cvar) = &*shared;
            let state = lock.lock().unwrap_or_else(|e| e.into_inner());
            let (state, _) = cvar
                .wait_timeout_while(state, Duration::from_secs(15), |s| s.generation == seen)
                .unwrap_or_else(|e| e.into_inner());
            if state.generation == seen {
                // A comment keeps proxies from closing an idle stream.
                b": ping\n\n"
            } else {
                seen = state.generation;
                b"data: reload\n\n"
            }
        };
        if out.write_all(event).and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `%C3%A6` -> `æ`; invalid escapes are kept as written. `None` when the bytes are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        if bytes[i] == b'%'
            && let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_open_the_body_in_the_sites_language_and_the_reload_script_closes_it() {
        let page = b"<html><body class=\"x\"><p>x</p></body></html>";
        let notice = Notice {
            lang: "da",
            title: "Sitet kan ikke bygges".into(),
            text: "Ret fejlene".into(),
        };
        let out = String::from_utf8(with_live_reload(page, Some((&notice, "error: <bad>")))).unwrap();
        assert!(out.starts_with("<html><body class=\"x\"><div role=\"alert\""), "{out}");
        assert!(out.contains(">Sitet kan ikke bygges</p>"), "{out}");
        assert!(out.contains("white-space:pre-wrap"), "{out}");
        assert!(out.contains("error: &lt;bad&gt;</pre></div><p>x</p><script>"), "{out}");
        assert!(out.ends_with("</script></body></html>"), "{out}");
        let plain = String::from_utf8(with_live_reload(page, None)).unwrap();
        assert_eq!(
            plain,
            format!("<html><body class=\"x\"><p>x</p>{RELOAD_SCRIPT}</body></html>")
        );
    }

    #[test]
    fn the_page_shown_before_any_good_build_is_html_in_the_sites_language() {
        let notice = Notice {
            lang: "en",
            title: "The site cannot be built".into(),
            text: String::new(),
        };
        let out = String::from_utf8(error_page(&notice)).unwrap();
        assert!(out.contains("<html lang=\"en\">") && out.contains("<title>The site cannot be built</title>"));
        assert!(out.contains("<body"));
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("tags/s%C3%A6r.html").as_deref(), Some("tags/sær.html"));
        assert_eq!(percent_decode("a%2").as_deref(), Some("a%2"));
        assert_eq!(percent_decode("a%FF"), None);
    }
}
