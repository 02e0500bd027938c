//! `guildhall check --external` against local web servers on 127.0.0.1
//! that answer 200, 301, 302, 404, 429 with `Retry-After`, refuse HEAD,
//! answer slowly, and never answer.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::TestSite;

/// A server whose answers depend on the path; it counts requests per path.
fn serve() -> (String, Arc<Mutex<HashMap<String, usize>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("server");
    let base = format!("http://{}", server.server_addr().to_ip().expect("ip"));
    let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let seen = Arc::clone(&counts);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let seen = Arc::clone(&seen);
            // Each request on a thread of its own: a slow answer holds up
            // no other.
            std::thread::spawn(move || answer(request, &seen));
        }
    });
    (base, counts)
}

fn answer(request: tiny_http::Request, seen: &Mutex<HashMap<String, usize>>) {
    let path = request.url().to_string();
    let n = {
        let mut counts = seen.lock().unwrap();
        let n = counts.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let head = *request.method() == tiny_http::Method::Head;
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).unwrap();
    let response = match path.as_str() {
        "/ok" | "/new" | "/skipped" => tiny_http::Response::from_string("ok"),
        "/moved" => tiny_http::Response::from_string("")
            .with_status_code(301)
            .with_header(header("Location", "/new")),
        "/temporary" => tiny_http::Response::from_string("")
            .with_status_code(302)
            .with_header(header("Location", "/ok")),
        "/busy" if n == 1 => tiny_http::Response::from_string("")
            .with_status_code(429)
            .with_header(header("Retry-After", "1")),
        "/busy" => tiny_http::Response::from_string("ok"),
        "/no-head" if head => tiny_http::Response::from_string("").with_status_code(405),
        "/no-head" => tiny_http::Response::from_string("ok"),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            tiny_http::Response::from_string("late")
        }
        _ => tiny_http::Response::from_string("").with_status_code(404),
    };
    let _ = request.respond(response);
}

#[test]
fn web_links_are_checked_once_and_reported_where_they_stand() {
    let (base, counts) = serve();
    // Accepts connections (the kernel does) but never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let never = format!("http://{}", silent.local_addr().unwrap());
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        format!("title: T\nbase_url: https://example.org/\nlinks:\n  timeout: 1\n  skip: [\"{base}/skipped\"]\n"),
    )
    .write(
        "content/guides/g.md",
        format!(
            "---\ntitle: G\n---\nFine: [ok]({base}/ok), [again]({base}/ok#part), [temporary]({base}/temporary).\n\
             Moved: [m]({base}/moved).\n\
             Gone: [g]({base}/gone).\n\
             Busy: [b]({base}/busy) and [h]({base}/no-head) and ![image]({base}/ok).\n\
             Slow: [s]({base}/slow).\n\
             Never: [n]({never}/x).\n\
             Skipped: [k]({base}/skipped).\n"
        ),
    );
    let started = std::time::Instant::now();
    let run = site.run(&["check", "--external"]);
    assert_eq!(run.code(), 0, "warnings only: {}", run.stderr());
    run.assert_stderr_has("content/guides/g.md:5:8")
        .assert_stderr_has(&format!(
            "`{base}/moved` has moved permanently to `{base}/new`"
        ))
        .assert_stderr_has(&format!("`{base}/gone` is broken: 404 Not Found"))
        .assert_stderr_has("content/guides/g.md:6:7")
        .assert_stderr_has(&format!("`{base}/slow` is broken: no answer within 1 s"))
        .assert_stderr_has(&format!("`{never}/x` is broken: no answer within 1 s"));
    let stderr = run.stderr();
    for fine in ["/ok`", "/temporary`", "/busy`", "/no-head`", "/skipped"] {
        assert!(
            !stderr.contains(&format!("{base}{fine}")),
            "{fine} is fine:\n{stderr}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    {
        let counts = counts.lock().unwrap();
        assert_eq!(
            counts.get("/ok"),
            Some(&2),
            "`/ok`, `/ok#part` and the image are one address, and `/temporary` leads there: {counts:?}"
        );
        assert_eq!(
            counts.get("/busy"),
            Some(&2),
            "429, then again after Retry-After"
        );
        assert_eq!(counts.get("/no-head"), Some(&2), "HEAD refused, then GET");
        assert_eq!(counts.get("/skipped"), None, "links.skip");
    }
    // A second run answers from the cache: no request.
    let before = counts.lock().unwrap().values().sum::<usize>();
    let again = site.run(&["check", "--external", "--strict"]);
    assert_eq!(again.code(), 1, "--strict: broken links are errors");
    again.assert_stderr_has(&format!("`{base}/gone` is broken"));
    assert_eq!(
        counts.lock().unwrap().values().sum::<usize>(),
        before,
        "cached"
    );
    assert!(site.root.join(".guildhall/link-cache.json").is_file());
    drop(silent);
}

/// A bare address is a link on the page (`markdown::autolinks`), so it is
/// checked like one, where it stands; an address in code is not a link.
#[test]
fn bare_web_addresses_are_checked_and_code_is_not() {
    let (base, counts) = serve();
    let site = TestSite::empty();
    site.write(
        "guildhall.yml",
        "title: T\nbase_url: https://example.org/\nlinks:\n  timeout: 2\n",
    )
    .write(
        "content/guides/g.md",
        format!(
            "---\ntitle: G\n---\nSee {base}/gone, or ({base}/ok).\n\n```\n{base}/in-code\n```\n\n`{base}/in-span`\n"
        ),
    );
    let run = site.run(&["check", "--external"]);
    assert_eq!(run.code(), 0, "warnings only: {}", run.stderr());
    run.assert_stderr_has("content/guides/g.md:4:5")
        .assert_stderr_has(&format!("`{base}/gone` is broken: 404 Not Found"));
    let counts = counts.lock().unwrap();
    assert_eq!(counts.get("/ok").copied().unwrap_or(0), 1, "{counts:?}");
    assert_eq!(counts.get("/in-code"), None, "{counts:?}");
    assert_eq!(counts.get("/in-span"), None, "{counts:?}");
    drop(counts);
    site.build().success();
    let page = site.read("guides/g/index.html");
    assert!(
        page.contains(&format!(
            r#"See <a href="{base}/gone">{base}/gone</a>, or (<a href="{base}/ok">{base}/ok</a>)."#
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!("<code>{base}/in-span</code>")),
        "{page}"
    );
}
