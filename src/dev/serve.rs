//! `guildhall serve`: `watch`, plus a local HTTP server (tiny_http) for
//! the output folder, under the path of `base_url`, with live reload.
//!
//! - Only files inside the output folder are served: `..` and encoded
//!   `%2e%2e` segments, backslashes and NULs are refused, and a path that
//!   resolves (through a symbolic link) outside the folder is not found.
//! - Missing files get the site's own `404.html`, with status 404.
//! - HTML responses get a small script (never written to disk) that listens
//!   on `/__guildhall/events` (server-sent events): `reload` after each
//!   rebuild; `build-error` with the errors, shown over the page until a
//!   rebuild succeeds.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

/// The address of the live-reload event stream.
pub const EVENTS_PATH: &str = "/__guildhall/events";

/// The state open pages follow: a build number and the current errors.
#[derive(Default)]
pub struct Live {
    state: Mutex<LiveState>,
    changed: Condvar,
}

#[derive(Default, Clone)]
struct LiveState {
    version: u64,
    /// The errors of the last rebuild, as text; `None` when it succeeded.
    error: Option<String>,
    stopping: bool,
}

impl Live {
    /// A rebuild succeeded: open pages reload.
    pub fn built(&self) {
        self.update(|s| {
            s.version += 1;
            s.error = None;
        });
    }

    /// A rebuild failed: open pages show `errors` until the next success.
    pub fn failed(&self, errors: String) {
        self.update(|s| {
            s.version += 1;
            s.error = Some(errors);
        });
    }

    /// Ends every event stream.
    pub fn stop(&self) {
        self.update(|s| s.stopping = true);
    }

    fn update(&self, change: impl FnOnce(&mut LiveState)) {
        change(&mut self.state.lock().unwrap_or_else(|e| e.into_inner()));
        self.changed.notify_all();
    }

    fn snapshot(&self) -> LiveState {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits up to `timeout` for a state newer than `version`.
    fn wait_past(&self, version: u64, timeout: Duration) -> LiveState {
        let guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.version == version && !s.stopping)
            .unwrap_or_else(|e| e.into_inner());
        guard.clone()
    }
}

/// A running server: its address, and the threads that answer.
pub struct Running {
    pub address: SocketAddr,
    server: Arc<Server>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Stops answering and waits for the workers.
    pub fn stop(self, live: &Live) {
        live.stop();
        self.server.unblock();
        for worker in self.workers {
            let _ = worker.join();
        }
    }
}

/// Starts serving `out_dir` at `bind:port` under `base_path` (`/kb/`).
pub fn start(
    bind: IpAddr,
    port: u16,
    out_dir: PathBuf,
    base_path: String,
    live: Arc<Live>,
    stop: Arc<AtomicBool>,
) -> Result<Running, String> {
    let at = SocketAddr::new(bind, port);
    let server = Server::http(at).map_err(|e| format!("cannot listen on {at}: {e}"))?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| "the server has no IP address".to_string())?;
    let server = Arc::new(server);
    let site = Arc::new(Site { out_dir, base_path });
    let workers = (0..4)
        .map(|_| {
            let (server, site, live, stop) =
                (server.clone(), site.clone(), live.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match server.recv_timeout(Duration::from_millis(200)) {
                        Ok(Some(request)) => site.answer(request, &live),
                        Ok(None) => {}
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    Ok(Running {
        address,
        server,
        workers,
    })
}

struct Site {
    out_dir: PathBuf,
    base_path: String,
}

impl Site {
    fn answer(&self, request: Request, live: &Arc<Live>) {
        let path = request
            .url()
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .to_string();
        if path == EVENTS_PATH {
            let live = live.clone();
            std::thread::spawn(move || event_stream(request, &live));
            return;
        }
        if !matches!(request.method(), Method::Get | Method::Head) {
            let _ = request.respond(Response::empty(405));
            return;
        }
        let response = match self.resolve(&path) {
            Resolved::File(file) => self.file_response(&file, 200),
            Resolved::Redirect(to) => Response::empty(302)
                .with_header(header("Location", &to))
                .boxed(),
            Resolved::NotFound => self.not_found(),
        };
        let _ = request.respond(response);
    }

    /// Where a request path leads, inside the output folder only. The
    /// path is taken apart into plain segments (no empty ones, no `.` or
    /// `..`, no `\\`, NUL or `:` in one) before anything on disk is
    /// looked at, so a path that could lead outside is not found whatever
    /// exists there, and a redirect only ever adds a slash to a path that
    /// starts with a single one.
    fn resolve(&self, path: &str) -> Resolved {
        let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
            return Resolved::NotFound;
        };
        let Some(rel) = decoded.strip_prefix(self.base_path.as_str()) else {
            // `/kb` and `/` lead to the site's root.
            return if self.base_path.starts_with(decoded.as_ref()) {
                Resolved::Redirect(self.base_path.clone())
            } else {
                Resolved::NotFound
            };
        };
        let Some(segments) = plain_segments(rel) else {
            return Resolved::NotFound;
        };
        let mut file = self.out_dir.clone();
        file.extend(&segments);
        if file.is_dir() {
            if !rel.is_empty() && !rel.ends_with('/') {
                return Resolved::Redirect(format!("{path}/"));
            }
            file = file.join("index.html");
        }
        // Symbolic links may not lead outside the output folder.
        match (file.canonicalize(), self.out_dir.canonicalize()) {
            (Ok(real), Ok(root)) if real.starts_with(&root) && real.is_file() => {
                Resolved::File(real)
            }
            _ => Resolved::NotFound,
        }
    }

    fn not_found(&self) -> Response<Box<dyn std::io::Read + Send>> {
        let page = self.out_dir.join("404.html");
        if page.is_file() {
            self.file_response(&page, 404)
        } else {
            Response::from_string("Not found")
                .with_status_code(404)
                .boxed()
        }
    }

    fn file_response(&self, file: &Path, status: u16) -> Response<Box<dyn std::io::Read + Send>> {
        let Ok(mut bytes) = std::fs::read(file) else {
            return Response::from_string("Not found")
                .with_status_code(404)
                .boxed();
        };
        let kind = content_type(file);
        if kind.starts_with("text/html") {
            bytes = inject_reload(bytes);
        }
        Response::from_data(bytes)
            .with_status_code(status)
            .with_header(header("Content-Type", &kind))
            .with_header(header("Cache-Control", "no-store"))
            .boxed()
    }
}

/// The segments of a path under the base path (`guides/x/` is `guides`,
/// `x`), or `None` when one is not a plain file or folder name.
fn plain_segments(rel: &str) -> Option<Vec<&str>> {
    let rel = rel.strip_suffix('/').unwrap_or(rel);
    if rel.is_empty() {
        return Some(Vec::new());
    }
    rel.split('/')
        .map(|segment| {
            let plain = !matches!(segment, "" | "." | "..") && !segment.contains(['\\', '\0', ':']);
            plain.then_some(segment)
        })
        .collect()
}

enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("valid header")
    })
}

/// The `Content-Type` of a file, from its extension (mime_guess's table),
/// with the charset for text: every text file guildhall writes is UTF-8.
fn content_type(file: &Path) -> String {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let text =
        mime.type_() == mime_guess::mime::TEXT || mime.essence_str() == "application/javascript";
    if text && mime.get_param("charset").is_none() {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.to_string()
    }
}

/// The live-reload script, added before `</body>`.
const RELOAD_SCRIPT: &str = r#"<script>/* guildhall serve: live reload */
(() => {
  const events = new EventSource("/__guildhall/events");
  let overlay = null;
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("ok", () => { if (overlay) { overlay.remove(); overlay = null; } });
  events.addEventListener("build-error", (event) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "guildhall-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem";
      document.body.append(overlay);
    }
    const title = document.createElement("h2");
    title.textContent = "The build failed: the page shows the last good build";
    title.style.cssText = "color:#ff8080;font:bold 18px system-ui,sans-serif;margin:0 0 1rem";
    const text = document.createElement("pre");
    text.textContent = JSON.parse(event.data);
    text.style.cssText = "white-space:pre-wrap;margin:0";
    overlay.replaceChildren(title, text);
  });
})();
</script>
"#;

fn inject_reload(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
    }
}

/// Server-sent events to one open page: its state on connecting, then one
/// event per rebuild, and a comment every 15 s to notice closed pages.
fn event_stream(request: Request, live: &Live) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    let mut state = live.snapshot();
    if writer.write_all(head.as_bytes()).is_err() || send_state(&mut writer, &state, false).is_err()
    {
        return;
    }
    loop {
        let next = live.wait_past(state.version, Duration::from_secs(15));
        if next.stopping {
            return;
        }
        let sent = if next.version == state.version {
            writer
                .write_all(b": ping\n\n")
                .and_then(|()| writer.flush())
        } else {
            send_state(&mut writer, &next, true)
        };
        if sent.is_err() {
            return;
        }
        state = next;
    }
}

fn send_state(writer: &mut dyn Write, state: &LiveState, changed: bool) -> std::io::Result<()> {
    let event = match (&state.error, changed) {
        (Some(error), _) => format!(
            "event: build-error\ndata: {}\n\n",
            serde_json::to_string(error).unwrap_or_default()
        ),
        (None, true) => format!("event: reload\ndata: {}\n\n", state.version),
        (None, false) => format!("event: ok\ndata: {}\n\n", state.version),
    };
    writer.write_all(event.as_bytes())?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("guides/x")).unwrap();
        std::fs::write(out.join("guides/x/index.html"), "<body>x</body>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        (
            dir,
            Site {
                out_dir: out,
                base_path: "/kb/".into(),
            },
        )
    }

    #[test]
    fn paths_resolve_inside_the_output_only() {
        let (dir, site) = site();
        assert!(matches!(site.resolve("/kb/guides/x/"), Resolved::File(_)));
        assert!(
            matches!(site.resolve("/kb/guides/x"), Resolved::Redirect(to) if to == "/kb/guides/x/")
        );
        assert!(matches!(site.resolve("/"), Resolved::Redirect(to) if to == "/kb/"));
        assert!(matches!(site.resolve("/kb"), Resolved::Redirect(to) if to == "/kb/"));
        for bad in [
            "/kb/../secret.txt",
            "/kb/%2e%2e/secret.txt",
            "/kb/%2E%2E/secret.txt",
            "/kb/guides/..%2f..%2f../secret.txt",
            "/kb/..%5csecret.txt",
            "/kb/%00",
            "/other/guides/x/",
            "/kb/missing/",
        ] {
            assert!(matches!(site.resolve(bad), Resolved::NotFound), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                dir.path().join("secret.txt"),
                site.out_dir.join("link.txt"),
            )
            .unwrap();
            assert!(matches!(site.resolve("/kb/link.txt"), Resolved::NotFound));
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let html = String::from_utf8(inject_reload(
            b"<html><body><p>x</p></body></html>".to_vec(),
        ))
        .unwrap();
        let script = html.find("EventSource").unwrap();
        assert!(script < html.find("</body>").unwrap());
        assert!(html.starts_with("<html><body><p>x</p>"));
    }
}
