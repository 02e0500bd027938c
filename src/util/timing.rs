//! Timing of build phases (`GUILDHALL_TIMINGS`) and freeing large values
//! off the main thread.

use std::time::{Duration, Instant};

/// With `GUILDHALL_TIMINGS` set (or `--verbose`), prints how long a build
/// phase took, and where the process's resident memory stands after it
/// (and its peak so far), when the system tells (for profiling; see the
/// benchmark in bench/).
pub fn phase(name: &str, started: Instant) {
    report(name, started.elapsed());
}

/// [`phase`] for a time measured otherwise (such as work spread over
/// threads, summed).
pub fn report(name: &str, took: Duration) {
    let verbose = super::verbosity::get() == super::verbosity::Verbosity::Verbose;
    if verbose || std::env::var_os("GUILDHALL_TIMINGS").is_some() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let mib = |field: &str| {
            let line = status.lines().find(|l| l.starts_with(field))?;
            let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib / 1024)
        };
        let resident = match (mib("VmRSS:"), mib("VmHWM:")) {
            (Some(now), Some(peak)) => format!(", {now} MiB resident (peak {peak})"),
            _ => String::new(),
        };
        eprintln!(
            "timing: {name}: {:.0} ms{resident}",
            took.as_secs_f64() * 1000.0
        );
    }
}

/// Runs `work` and reports it as the phase `name`.
pub fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = work();
    phase(name, started);
    value
}

/// Frees `value` on a thread of its own. At the end of a build the site's
/// data is a few hundred thousand allocations: freed one by one on the
/// main thread they kept the process alive a tenth of a second longer at
/// 10,000 entries, with the other core idle; a build that ends the process
/// need not wait for them.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // The thread is left to finish on its own. Should none start, the
    // value is dropped here, with the failed spawn's closure.
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}
