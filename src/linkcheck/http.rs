//! The requests of `check --external` (ureq): per address, HEAD then GET
//! where HEAD is refused, redirects followed by hand (so a permanent move
//! is seen), 429 waited out and server errors retried with backoff; the
//! addresses of one host one after the other, eight hosts at a time.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ureq::Agent;

use crate::config::ExternalLinks;

/// What asking for an address gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Ok,
    /// Found, after permanent redirects only, at this address.
    Moved(String),
    /// Not found, or no answer: why.
    Broken(String),
}

const HOSTS_AT_ONCE: usize = 8;
const MAX_REDIRECTS: usize = 5;
const ATTEMPTS: u32 = 3;
/// The longest `Retry-After` waited for.
const LONGEST_WAIT: Duration = Duration::from_secs(30);
/// Some servers refuse clients that do not look like a browser.
const USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) guildhall-link-check";

/// Every address's outcome, in address order.
pub fn check_all(urls: &[String], settings: &ExternalLinks) -> Vec<(String, Outcome)> {
    let mut by_host: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for url in urls {
        by_host.entry(host_of(url)).or_default().push(url);
    }
    let agent: Agent = Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(u64::from(settings.timeout))))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into();
    let queue = Mutex::new(by_host.into_values());
    let results = Mutex::new(Vec::with_capacity(urls.len()));
    std::thread::scope(|scope| {
        for _ in 0..HOSTS_AT_ONCE.min(urls.len()) {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some(host_urls) = next else { break };
                    for url in host_urls {
                        let outcome = check_one(&agent, url, settings.timeout);
                        results
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((url.clone(), outcome));
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by(|a, b| a.0.cmp(&b.0));
    results
}

/// `example.org` of `https://example.org/x`.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// An answer: its status and where a redirect points.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
}

fn check_one(agent: &Agent, url: &str, timeout: u32) -> Outcome {
    let mut current = url.to_string();
    let mut all_permanent = true;
    for _ in 0..=MAX_REDIRECTS {
        let answer = match ask_with_retries(agent, &current) {
            Ok(answer) => answer,
            Err(e) => return Outcome::Broken(describe(&e, timeout)),
        };
        match (answer.status, answer.location) {
            (200..=299, _) if current != url && all_permanent => return Outcome::Moved(current),
            (200..=299, _) => return Outcome::Ok,
            (300..=399, Some(location)) => {
                all_permanent &= matches!(answer.status, 301 | 308);
                current = resolve(&current, &location);
            }
            (status, _) => return Outcome::Broken(status_text(status)),
        }
    }
    Outcome::Broken(format!("more than {MAX_REDIRECTS} redirects"))
}

/// Asks, waiting out 429 (its `Retry-After`, at most 30 s) and retrying
/// server errors and dropped connections with backoff.
fn ask_with_retries(agent: &Agent, url: &str) -> Result<Answer, ureq::Error> {
    let mut wait = Duration::from_millis(500);
    let mut attempt = 1;
    loop {
        let result = ask(agent, url);
        let last = attempt == ATTEMPTS;
        match result {
            Ok(answer) if answer.status == 429 && !last => {
                std::thread::sleep(answer.retry_after.unwrap_or(wait).min(LONGEST_WAIT));
            }
            Ok(answer) if answer.status >= 500 && !last => std::thread::sleep(wait),
            Err(ureq::Error::Io(_) | ureq::Error::ConnectionFailed) if !last => {
                std::thread::sleep(wait)
            }
            other => return other,
        }
        wait *= 2;
        attempt += 1;
    }
}

/// HEAD, then GET when the server refuses HEAD.
fn ask(agent: &Agent, url: &str) -> Result<Answer, ureq::Error> {
    let answer = answer_of(&agent.head(url).call()?);
    if matches!(answer.status, 400 | 403 | 404 | 405 | 501) {
        return Ok(answer_of(&agent.get(url).call()?));
    }
    Ok(answer)
}

fn answer_of(response: &ureq::http::Response<ureq::Body>) -> Answer {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Answer {
        status: response.status().as_u16(),
        location: header("location"),
        retry_after: header("retry-after")
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(Duration::from_secs),
    }
}

/// A redirect's `Location` against the address that gave it.
fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let host = rest.split('/').next().unwrap_or(rest);
    if location.starts_with('/') {
        format!("{scheme}://{host}{location}")
    } else {
        let folder = base.rsplit_once('/').map_or(base, |(folder, _)| folder);
        format!("{folder}/{location}")
    }
}

fn status_text(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("{status} {reason}").trim_end().to_string()
}

fn describe(error: &ureq::Error, timeout: u32) -> String {
    match error {
        ureq::Error::Timeout(_) => format!("no answer within {timeout} s"),
        ureq::Error::HostNotFound => "the host name is not known".into(),
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) => format!("cannot connect ({error})"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_targets_and_hosts() {
        assert_eq!(resolve("https://a.org/x/y", "/z"), "https://a.org/z");
        assert_eq!(resolve("https://a.org/x/y", "z"), "https://a.org/x/z");
        assert_eq!(resolve("https://a.org/x", "http://b.org/"), "http://b.org/");
        assert_eq!(host_of("http://127.0.0.1:80/x?y"), "127.0.0.1:80");
        assert_eq!(status_text(404), "404 Not Found");
    }
}
