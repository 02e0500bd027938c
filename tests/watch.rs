//! `guildhall watch` and `guildhall serve` running against a temporary
//! site: files edited, created, deleted, renamed, broken and fixed; the
//! output folder compared with a clean build; HTTP answers, the reload
//! signal and path traversal attempts. Every wait is bounded.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{TestSite, list_files};

/// Long enough for a debug build on a busy 2-core machine; a passing run
/// takes a fraction of it.
const WAIT: Duration = Duration::from_secs(30);

/// A running `guildhall watch` or `serve`, its stderr read line by line.
struct Running {
    child: Child,
    lines: Receiver<String>,
    log: Vec<String>,
}

impl Running {
    fn start(site: &TestSite, args: &[&str]) -> Running {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("guildhall"))
            .args(args)
            .arg(&site.root)
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1780000000")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start guildhall");
        let stderr = child.stderr.take().expect("stderr");
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut running = Running {
            child,
            lines,
            log: Vec::new(),
        };
        running.wait_for("Watching");
        running
    }

    /// The next line containing `text`.
    fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with {text:?} in time; output so far:\n{}",
            self.log.join("\n")
        );
    }

    /// Waits for the next rebuild's line (success or failure).
    fn rebuilt(&mut self) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.contains(" rendered, ") || line.contains("build failed") {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no rebuild in time; output so far:\n{}",
            self.log.join("\n")
        );
    }

    /// Ctrl-C: the process stops cleanly, with status 0.
    fn interrupt(mut self) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill");
        assert!(status.success());
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(
                    status.success(),
                    "exit status {status}: {}",
                    self.log.join("\n")
                );
                break;
            }
            assert!(Instant::now() < deadline, "did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
        self.wait_for("Stopped");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes a file the way editors save: a temporary file renamed over it.
/// A PNG header of `width` × `height` pixels: all a size reader needs.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    out.extend(width.to_be_bytes());
    out.extend(height.to_be_bytes());
    out.extend([8, 0, 0, 0, 0, 0, 0, 0, 0]);
    out
}

fn save(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let temporary = path.with_file_name(format!(
        ".{}.swp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    save(path, text.replacen(from, to, 1));
}

/// Every output file with its bytes.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    list_files(root)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(root.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn assert_same_output(watched: &Path, clean: &Path) {
    let (a, b) = (snapshot(watched), snapshot(clean));
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same files");
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs from a clean build");
    }
}

/// Whether `done` holds within 20 seconds: under load one change's events
/// can fall in two rebuilds, and the line a test waited for may be the
/// first's.
fn eventually(done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    done()
}

/// How many pages a rebuild line says were rendered: `12:00:01 change:
/// 3 pages rendered, ...` is 3.
fn pages_rendered(line: &str) -> usize {
    let before = &line[..line.find(" page").unwrap_or_else(|| panic!("{line}"))];
    let count = before.rsplit(' ').next().unwrap_or_default();
    count.parse().unwrap_or_else(|_| panic!("{line}"))
}

#[test]
fn rebuilds_after_any_sequence_of_changes_match_a_clean_build() {
    let site = TestSite::fixture("kb");
    let content = site.root.join("content");
    let mut watch = Running::start(&site, &["watch"]);
    let out = site.public();
    assert!(out.join("index.html").is_file());
    let first = watch
        .log
        .iter()
        .find(|l| l.contains(" rendered, "))
        .unwrap();
    let every_page = pages_rendered(first);
    assert!(every_page > 20, "{first}");

    // A new paragraph, past the summary: only that page is rendered again.
    edit(
        &content.join("questions/slow-builds/late-but-voted.md"),
        "Use a shared target folder.",
        "Use a shared target folder.\n\nAnd sccache.",
    );
    let line = watch.rebuilt();
    assert_eq!(pages_rendered(&line), 1, "{line}");
    assert!(
        line.contains("questions/slow-builds/late-but-voted.md"),
        "{line}"
    );
    assert!(
        std::fs::read_to_string(out.join("questions/slow-builds/index.html"))
            .unwrap()
            .contains("And sccache")
    );
    // A summary edit shows on other pages (people, feeds): more is rendered.
    edit(
        &content.join("questions/slow-builds/late-but-voted.md"),
        "Use a shared target folder.",
        "Share one target folder.",
    );
    let line = watch.rebuilt();
    assert_eq!(pages_rendered(&line), every_page, "{line}");

    // A title edit: every page that shows it.
    edit(
        &content.join("guides/setup.md"),
        "title: Setting up",
        "title: Getting set up",
    );
    let line = watch.rebuilt();
    assert_eq!(pages_rendered(&line), every_page, "{line}");
    assert!(
        std::fs::read_to_string(out.join("guides/index.html"))
            .unwrap()
            .contains("Getting set up")
    );

    // The home page's intro, past its first paragraph: shown on the home
    // page, which must be rendered again, not an intro page of its own.
    edit(
        &content.join("index.md"),
        "This is the home intro.",
        "This is the home intro.\n\nWith a second paragraph.",
    );
    watch.rebuilt();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("With a second paragraph.") && home.contains("aria-labelledby=\"newest\""),
        "the home page shows the edited intro, still as the home page:\n{home}"
    );

    // Create, delete, rename.
    save(
        &content.join("guides/new-guide.md"),
        "---\ntitle: A new guide\ntags: [rust]\n---\nFresh.\n",
    );
    watch.rebuilt();
    assert!(out.join("guides/new-guide/index.html").is_file());
    std::fs::remove_file(content.join("events/meetup.md")).unwrap();
    watch.rebuilt();
    assert!(
        !out.join("events/meetup/index.html").exists(),
        "a deleted entry's page goes"
    );
    std::fs::rename(
        content.join("guides/new-guide.md"),
        content.join("guides/renamed-guide.md"),
    )
    .unwrap();
    watch.rebuilt();
    assert!(out.join("guides/renamed-guide/index.html").is_file());
    assert!(!out.join("guides/new-guide").exists());

    // Broken, then fixed: the output keeps the last good build meanwhile.
    let before = snapshot(&out);
    let about = content.join("about.md");
    let good = std::fs::read_to_string(&about).unwrap();
    save(&about, "---\ntitle: [unclosed\n---\nBroken.\n");
    let line = watch.rebuilt();
    assert!(line.contains("build failed"), "{line}");
    assert!(
        watch.log.iter().any(|l| l.contains("content/about.md:2:")),
        "the error names file and line: {}",
        watch.log.join("\n")
    );
    assert!(
        snapshot(&out) == before,
        "a failed rebuild leaves the output alone"
    );
    save(&about, &good);
    let line = watch.rebuilt();
    assert!(line.contains("rendered"), "{line}");

    // A template, a static file, the settings.
    edit(
        &site.root.join("themes/default/templates/page.html"),
        "Site theme override",
        "Edited override",
    );
    watch.rebuilt();
    assert!(
        std::fs::read_to_string(out.join("about/index.html"))
            .unwrap()
            .contains("Edited override")
    );
    save(&site.root.join("static/extra.txt"), "extra\n");
    let line = watch.rebuilt();
    assert!(
        line.contains("0 pages rendered"),
        "a static file is only copied: {line}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("extra.txt")).unwrap(),
        "extra\n"
    );
    std::fs::remove_file(site.root.join("static/extra.txt")).unwrap();
    watch.rebuilt();
    assert!(!out.join("extra.txt").exists());

    // An image: pages show its size, so a new size renders them again.
    std::fs::create_dir_all(site.root.join("static/images")).unwrap();
    // Whole, as an editor saves: a half-written image read at the first
    // event would wait for a second event the test does not wait for.
    save(&site.root.join("static/images/pic.png"), png(10, 20));
    watch.rebuilt();
    edit(
        &content.join("questions/slow-builds/late-but-voted.md"),
        "And sccache.",
        "And sccache.\n\n![A chart](/images/pic.png)",
    );
    watch.rebuilt();
    let page = || std::fs::read_to_string(out.join("questions/slow-builds/index.html")).unwrap();
    // Under load the image's events and the edit's can fall in two
    // rebuilds: wait (bounded) for the one that writes the page.
    let shows = |size: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !page().contains(size) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        page().contains(size)
    };
    assert!(shows(r#"width="10" height="20""#), "{}", page());
    save(&site.root.join("static/images/pic.png"), png(30, 40));
    let line = watch.rebuilt();
    assert!(shows(r#"width="30" height="40""#), "{line}");
    edit(
        &site.root.join("guildhall.yml"),
        "title: Fixture KB",
        "title: Renamed KB",
    );
    watch.rebuilt();
    // As above: the rebuild seen may be the image's last; wait (bounded).
    let home = || std::fs::read_to_string(out.join("index.html")).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !home().contains("Renamed KB") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(home().contains("Renamed KB"), "{}", watch.log.join("\n"));

    // A folder moved out of content/, then back in.
    let aside = site.root.join("aside");
    std::fs::rename(content.join("events"), &aside).unwrap();
    let line = watch.rebuilt();
    assert!(!line.contains("failed"), "{line}");
    assert!(
        eventually(|| !out.join("events/future").exists()),
        "{}",
        watch.log.join("\n")
    );
    std::fs::rename(&aside, content.join("events")).unwrap();
    watch.rebuilt();
    assert!(
        eventually(|| out.join("events/future/index.html").is_file()),
        "{}",
        watch.log.join("\n")
    );

    watch.interrupt();
    let clean = site.root.join("clean");
    site.run(&["build", "--out", clean.to_str().unwrap()])
        .success();
    assert_same_output(&out, &clean);
}

/// A site in several languages: a body edit of a translation renders its
/// page and updates its own language's search index in place; a new
/// translation links both ways; the end matches a clean build.
#[test]
fn rebuilds_of_a_site_in_several_languages_match_a_clean_build() {
    let site = TestSite::fixture("languages");
    let content = site.root.join("content");
    let mut watch = Running::start(&site, &["watch"]);
    let out = site.public();
    edit(
        &content.join("ja/guides/restore-drills.md"),
        "マシンに復元します。",
        "マシンに復元します。\n\n結果を記録します。",
    );
    let line = watch.rebuilt();
    assert_eq!(pages_rendered(&line), 1, "{line}");
    let docs: String = common::list_files(&out.join("ja/search/doc"))
        .iter()
        .map(|f| std::fs::read_to_string(out.join("ja/search/doc").join(f)).unwrap())
        .collect();
    assert!(docs.contains("結果を記録します"), "{docs}");
    save(
        &content.join("guides/encryption.ja.md"),
        "---\ntitle: バックアップの暗号化\ndate: 2026-03-09\n---\nすべてのアーカイブを暗号化します。\n",
    );
    watch.rebuilt();
    let english = std::fs::read_to_string(out.join("guides/encryption/index.html")).unwrap();
    assert!(
        english.contains(r#"hreflang="ja" href="https://example.org/kb/ja/guides/encryption/""#)
    );
    watch.interrupt();
    let clean = site.root.join("clean");
    site.run(&["build", "--out", clean.to_str().unwrap()])
        .success();
    assert_same_output(&out, &clean);
}

/// A minimal HTTP/1.1 GET: (status, headers and body as text).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    response.push_str(&String::from_utf8_lossy(&bytes));
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// Reads an event stream until an event named `name` arrives; returns its
/// data.
fn next_event(stream: &mut BufReader<TcpStream>, name: &str) -> String {
    let mut current = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        let n = stream.read_line(&mut line).expect("read the event stream");
        assert!(n > 0, "the event stream closed before `{name}`");
        let line = line.trim_end();
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.to_string();
        } else if let Some(data) = line.strip_prefix("data: ")
            && current == name
        {
            return data.to_string();
        }
    }
}

fn open_events(port: u16) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET /__guildhall/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    BufReader::new(stream)
}

/// The port `serve` printed, and the path it serves under.
fn served_at(serve: &Running) -> (u16, String) {
    let line = serve
        .log
        .iter()
        .find(|l| l.starts_with("Serving http://127.0.0.1:"))
        .cloned()
        .expect("the address is printed");
    let rest = line.trim_start_matches("Serving http://127.0.0.1:");
    let (port, path) = rest.split_at(rest.find('/').expect("a path"));
    (port.parse().expect("a port"), path.to_string())
}

#[test]
fn serve_answers_under_the_base_path_reloads_and_stays_inside_the_output() {
    let site = TestSite::fixture("kb");
    let mut serve = Running::start(&site, &["serve", "--port", "0"]);
    let (port, path) = served_at(&serve);
    assert_eq!(path, "/kb/");

    let (status, home) = get(port, "/kb/");
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("Fixture KB"));
    assert!(
        home.contains("/__guildhall/events"),
        "the reload script is injected"
    );
    assert!(
        !std::fs::read_to_string(site.public().join("index.html"))
            .unwrap()
            .contains("__guildhall"),
        "but never written to disk"
    );
    let (status, redirect) = get(port, "/");
    assert_eq!(status, 302);
    assert!(
        redirect.to_lowercase().contains("location: /kb/"),
        "{redirect}"
    );
    let (status, guide) = get(port, "/kb/guides/setup");
    assert_eq!(status, 302, "a folder without its slash: {guide}");
    let (status, css) = get(port, "/kb/style.css");
    assert_eq!(status, 200);
    assert!(
        css.to_lowercase().contains("content-type: text/css"),
        "{css}"
    );

    let (status, missing) = get(port, "/kb/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        missing.contains("Page not found"),
        "the site's 404 page: {missing}"
    );

    // Nothing outside the output folder, however the path is written.
    std::fs::write(site.root.join("secret.txt"), "top secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.root.join("secret.txt"), site.public().join("link.txt"))
        .unwrap();
    for attempt in [
        "/kb/../secret.txt",
        "/kb/%2e%2e/secret.txt",
        "/kb/%2E%2E%2Fsecret.txt",
        "/kb/guides/..%2f..%2fsecret.txt",
        "/kb/..%5csecret.txt",
        "/kb/link.txt",
        "/secret.txt",
        "/kb/../guildhall.yml",
        "/kb//etc",
        "/kb//etc/hostname",
        "/kb/%2Fetc",
    ] {
        let (status, body) = get(port, attempt);
        assert_eq!(status, 404, "{attempt}: {body}");
        assert!(
            !body.contains("top secret") && !body.contains("base_url"),
            "{attempt}"
        );
    }

    // Live reload: a page's event stream hears of every rebuild.
    let mut events = open_events(port);
    next_event(&mut events, "ok");
    let answer = site
        .root
        .join("content/questions/slow-builds/late-but-voted.md");
    edit(
        &answer,
        "Use a shared target folder.",
        "Use a shared target folder, and sccache.",
    );
    serve.rebuilt();
    next_event(&mut events, "reload");
    let (_, page) = get(port, "/kb/questions/slow-builds/");
    assert!(page.contains("and sccache"));

    // A broken file: the error reaches open pages, the site stays up.
    edit(&answer, "votes: 10", "votes: [ten");
    let line = serve.rebuilt();
    assert!(line.contains("build failed"), "{line}");
    let error = next_event(&mut events, "build-error");
    assert!(error.contains("late-but-voted.md"), "{error}");
    let (status, page) = get(port, "/kb/questions/slow-builds/");
    assert_eq!(status, 200);
    assert!(
        page.contains("and sccache"),
        "the last good build is served"
    );
    // A page opened now learns of the error at once.
    let mut late = open_events(port);
    assert!(next_event(&mut late, "build-error").contains("late-but-voted.md"));
    edit(&answer, "votes: [ten", "votes: 10");
    serve.rebuilt();
    next_event(&mut events, "reload");

    serve.interrupt();
}

/// Paths that would leave the output folder, written every way a request
/// can: each is not found, whether the folder it names exists on this
/// machine (`/etc`) or not, and no answer sends the browser elsewhere.
#[test]
fn serve_at_the_root_answers_only_from_the_output_folder() {
    let site = TestSite::fixture("kb");
    let serve = Running::start(
        &site,
        &[
            "serve",
            "--port",
            "0",
            "--base-url",
            "http://localhost:1111/",
        ],
    );
    let (port, path) = served_at(&serve);
    assert_eq!(path, "/");
    assert_eq!(get(port, "/guides/setup/").0, 200);
    let missing = "guildhall-no-such-folder";
    assert!(!Path::new("/").join(missing).exists());
    for outside in ["etc", "usr", "etc/hostname", missing] {
        for attempt in [
            format!("//{outside}"),
            format!("///{outside}"),
            format!("/\\{outside}"),
            format!("/%2F{outside}"),
            format!("/%2f%2f{outside}"),
            format!("/%5C{outside}"),
            format!("/./{outside}"),
            format!("/guides/../../{outside}"),
        ] {
            let (status, response) = get(port, &attempt);
            assert_eq!(status, 404, "{attempt}: {response}");
            assert!(
                !response.to_lowercase().contains("location:"),
                "{attempt}: {response}"
            );
        }
    }
    // A folder of the output without its slash: redirected on this host.
    let (status, response) = get(port, "/guides/setup");
    assert_eq!(status, 302, "{response}");
    assert!(
        response
            .to_lowercase()
            .contains("location: /guides/setup/\r\n"),
        "{response}"
    );
    serve.interrupt();
}
