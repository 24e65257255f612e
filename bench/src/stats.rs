//! Counters, latency histograms and the per-scenario result record (one JSON line each).

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

/// Everything that went wrong during a scenario. None of it panics the generator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Errors {
    /// Replies with `status: "error"` (or any status but `ok`).
    pub error_replies: u64,
    /// No reply within the reply timeout.
    pub timeouts: u64,
    /// The server closed the socket / connection (or it failed) mid-run.
    pub disconnects: u64,
    /// TCP connect or websocket handshake failed, or the dead render could not be fetched.
    pub connect_errors: u64,
    /// A join answered with an error (`stale`, …) or not at all.
    pub join_errors: u64,
    /// Frames that are not valid channel frames, or replies of an unexpected shape.
    pub protocol_errors: u64,
    /// HTTP responses other than 200.
    pub http_errors: u64,
}

impl Errors {
    /// Sum of all counters.
    pub fn total(&self) -> u64 {
        self.error_replies
            + self.timeouts
            + self.disconnects
            + self.connect_errors
            + self.join_errors
            + self.protocol_errors
            + self.http_errors
    }

    /// Adds `o` into `self`.
    pub fn add(&mut self, o: &Errors) {
        self.error_replies += o.error_replies;
        self.timeouts += o.timeouts;
        self.disconnects += o.disconnects;
        self.connect_errors += o.connect_errors;
        self.join_errors += o.join_errors;
        self.protocol_errors += o.protocol_errors;
        self.http_errors += o.http_errors;
    }

    /// `"3 timeouts, 1 disconnects"`, or `"none"`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.error_replies, "error replies"),
            (self.timeouts, "timeouts"),
            (self.disconnects, "disconnects"),
            (self.connect_errors, "connect errors"),
            (self.join_errors, "join errors"),
            (self.protocol_errors, "protocol errors"),
            (self.http_errors, "HTTP errors"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() { "none".into() } else { parts.join(", ") }
    }
}

/// A latency histogram in nanoseconds (1 ns … 100 s, 3 significant digits).
pub fn new_histogram() -> Histogram<u64> {
    // Constant, valid bounds: this cannot fail.
    Histogram::new_with_bounds(1, 100_000_000_000, 3).expect("valid histogram bounds")
}

/// What one closed-loop connection (or one HTTP connection) measured.
#[derive(Debug, Clone)]
pub struct LoopStats {
    /// Latency of every measured event, ns.
    pub hist: Histogram<u64>,
    /// Events (requests) completed inside the measurement window.
    pub events: u64,
    /// Bytes of the reply frames (response bodies) of those events.
    pub reply_bytes: u64,
    /// Frames received that answered nothing we sent (pushes, late replies).
    pub stray_frames: u64,
    /// Errors.
    pub errors: Errors,
}

impl Default for LoopStats {
    fn default() -> Self {
        LoopStats { hist: new_histogram(), events: 0, reply_bytes: 0, stray_frames: 0, errors: Errors::default() }
    }
}

impl LoopStats {
    /// Merges `o` into `self`.
    pub fn merge(&mut self, o: &LoopStats) {
        let _ = self.hist.add(&o.hist);
        self.events += o.events;
        self.reply_bytes += o.reply_bytes;
        self.stray_frames += o.stray_frames;
        self.errors.add(&o.errors);
    }
}

/// One scenario's result against one server: a JSON line in the results file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `ours`, `lvjs`, `echo`.
    pub server: String,
    /// `counter`, `list`, `list-<rows>`, `idle-counter`, `idle-counter-<views>`, `idle-list`, `dead-render`, `echo`, …
    pub scenario: String,
    /// Concurrent connections (views for idle scenarios).
    pub conns: u64,
    /// Length of the measurement window, s.
    pub seconds: f64,
    /// Events (requests, views) completed in the window.
    pub events: u64,
    /// Events per second.
    pub per_sec: f64,
    /// Latency percentiles, µs.
    pub p50_us: f64,
    /// 99th percentile, µs.
    pub p99_us: f64,
    /// 99.9th percentile, µs.
    pub p999_us: f64,
    /// Maximum, µs.
    pub max_us: f64,
    /// Mean, µs.
    pub mean_us: f64,
    /// Mean bytes of a reply frame (HTTP: response body).
    pub bytes_per_reply: f64,
    /// Mean bytes of a join reply frame.
    pub join_reply_bytes: f64,
    /// Frames that answered nothing we sent.
    pub stray_frames: u64,
    /// Errors.
    pub errors: Errors,
    /// Idle scenarios: views joined and held.
    pub views: u64,
    /// Idle scenarios: views that answered a heartbeat after the ramp.
    pub views_alive: u64,
    /// Server VmRSS before the ramp, KiB.
    pub rss_before_kib: u64,
    /// Server VmRSS with every view joined, KiB.
    pub rss_after_kib: u64,
    /// (after − before) / views, KiB.
    pub kib_per_view: f64,
    /// Idle scenarios: time to open and join all views, s.
    pub ramp_seconds: f64,
    /// First few error messages, for the report.
    pub notes: Vec<String>,
    /// Closed loops run with `--pid`: the server's CPU time (user + system, all threads) spent
    /// in the measurement window, s; 0 when not measured. Absent from older results files.
    #[serde(default)]
    pub server_cpu_seconds: f64,
    /// `server_cpu_seconds` / `events`, µs; 0 when not measured.
    #[serde(default)]
    pub cpu_us_per_event: f64,
}

impl Record {
    /// Fills the latency/throughput fields from merged loop stats.
    pub fn fill_from(&mut self, s: &LoopStats, seconds: f64) {
        self.seconds = seconds;
        self.events = s.events;
        self.per_sec = if seconds > 0.0 { s.events as f64 / seconds } else { 0.0 };
        let us = |ns: u64| ns as f64 / 1000.0;
        if !s.hist.is_empty() {
            self.p50_us = us(s.hist.value_at_quantile(0.50));
            self.p99_us = us(s.hist.value_at_quantile(0.99));
            self.p999_us = us(s.hist.value_at_quantile(0.999));
            self.max_us = us(s.hist.max());
            self.mean_us = s.hist.mean() / 1000.0;
        }
        self.bytes_per_reply = if s.events > 0 { s.reply_bytes as f64 / s.events as f64 } else { 0.0 };
        self.stray_frames = s.stray_frames;
        self.errors.add(&s.errors);
    }

    /// Sets the CPU fields from two [`cpu_ticks`] readings taken at the ends of the window.
    pub fn set_cpu(&mut self, before: Option<u64>, after: Option<u64>) {
        if let (Some(b), Some(a)) = (before, after)
            && a >= b
        {
            self.server_cpu_seconds = (a - b) as f64 / CLOCK_TICKS_PER_SEC;
            if self.events > 0 {
                self.cpu_us_per_event = self.server_cpu_seconds * 1e6 / self.events as f64;
            }
        }
    }

    /// One human line.
    pub fn summary(&self) -> String {
        let mut s = format!("[{}] {} x{}: ", self.server, self.scenario, self.conns);
        if self.scenario.starts_with("idle") {
            s.push_str(&format!(
                "{} views joined ({} alive) in {:.1}s, RSS {} -> {} KiB = {:.2} KiB/view",
                self.views,
                self.views_alive,
                self.ramp_seconds,
                self.rss_before_kib,
                self.rss_after_kib,
                self.kib_per_view
            ));
        } else {
            s.push_str(&format!(
                "{:.0}/s over {:.1}s, p50 {:.0}us p99 {:.0}us max {:.0}us, {:.0} B/reply",
                self.per_sec, self.seconds, self.p50_us, self.p99_us, self.max_us, self.bytes_per_reply
            ));
            if self.server_cpu_seconds > 0.0 {
                s.push_str(&format!(
                    ", server CPU {:.2}s = {:.1}us/event",
                    self.server_cpu_seconds, self.cpu_us_per_event
                ));
            }
        }
        s.push_str(&format!("; errors: {}", self.errors.describe()));
        s
    }
}

/// `VmRSS` of a process, KiB (Linux `/proc/<pid>/status`).
pub fn vm_rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_rss(&s)
}

/// Parses the `VmRSS:` line of a `/proc/<pid>/status` text.
pub fn parse_vm_rss(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

/// Units of `utime` and `stime` in `/proc/<pid>/stat`: `USER_HZ`, which Linux fixes at 100 for
/// userspace on every architecture it exports the field on (`sysconf(_SC_CLK_TCK)`).
pub const CLOCK_TICKS_PER_SEC: f64 = 100.0;

/// CPU time a process has used so far, user + system over all its threads, in clock ticks
/// ([`CLOCK_TICKS_PER_SEC`]) (Linux `/proc/<pid>/stat`).
pub fn cpu_ticks(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_cpu_ticks(&s)
}

/// `utime + stime` (fields 14 and 15) of a `/proc/<pid>/stat` line. The command name (field 2)
/// is in parentheses and may itself hold spaces and parentheses, so fields are counted from the
/// last `)`.
pub fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    // After the name: field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
    let mut f = rest.split_whitespace().skip(11);
    let utime: u64 = f.next()?.parse().ok()?;
    let stime: u64 = f.next()?.parse().ok()?;
    utime.checked_add(stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_line() {
        let s = "Name:\tgallery\nVmPeak:\t  9000 kB\nVmRSS:\t   12345 kB\nThreads:\t2\n";
        assert_eq!(parse_vm_rss(s), Some(12345));
        assert_eq!(parse_vm_rss("nothing"), None);
        assert!(vm_rss_kib(std::process::id()).is_some_and(|k| k > 0));
    }

    #[test]
    fn cpu_ticks_are_utime_plus_stime_counted_from_the_last_parenthesis() {
        // A name with a space and a parenthesis of its own; utime 1200, stime 345.
        let stat = "4242 (my (odd) srv) S 1 4242 4242 0 -1 4194560 1500 0 0 0 1200 345 0 0 20 0 9 0 \
                    123456 9000000 2000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 0 0 0 0 0 0";
        assert_eq!(parse_cpu_ticks(stat), Some(1545));
        assert_eq!(parse_cpu_ticks("4242 (gallery) S 1 2 3"), None, "truncated");
        assert_eq!(parse_cpu_ticks("4242 gallery S 1 2 3 4 5 6 7 8 9 10 11 12"), None, "no name");
        assert_eq!(parse_cpu_ticks("1 (x) S 1 1 1 0 -1 0 0 0 0 0 a 3 0"), None, "not a number");
        assert!(cpu_ticks(std::process::id()).is_some());
        assert_eq!(cpu_ticks(u32::MAX), None);

        let mut r = Record { events: 50_000, ..Record::default() };
        r.set_cpu(Some(1000), Some(1500));
        assert_eq!(r.server_cpu_seconds, 5.0);
        assert_eq!(r.cpu_us_per_event, 100.0);
        let mut r = Record { events: 10, ..Record::default() };
        r.set_cpu(None, Some(1500));
        r.set_cpu(Some(10), Some(5));
        assert_eq!((r.server_cpu_seconds, r.cpu_us_per_event), (0.0, 0.0), "no reading, no figure");
    }

    #[test]
    fn records_without_the_cpu_fields_still_parse() {
        let old = r#"{"server":"ours","scenario":"list","conns":10,"seconds":5.0,"events":10,"per_sec":2.0,
            "p50_us":1.0,"p99_us":1.0,"p999_us":1.0,"max_us":1.0,"mean_us":1.0,"bytes_per_reply":1.0,
            "join_reply_bytes":1.0,"stray_frames":0,"errors":{"error_replies":0,"timeouts":0,"disconnects":0,
            "connect_errors":0,"join_errors":0,"protocol_errors":0,"http_errors":0},"views":0,"views_alive":0,
            "rss_before_kib":0,"rss_after_kib":0,"kib_per_view":0.0,"ramp_seconds":0.0,"notes":[]}"#;
        let r: Record = serde_json::from_str(old).unwrap();
        assert_eq!((r.scenario.as_str(), r.cpu_us_per_event), ("list", 0.0));
    }

    #[test]
    fn record_from_stats() {
        let mut a = LoopStats::default();
        for ns in [10_000u64, 20_000, 30_000, 1_000_000] {
            a.hist.record(ns).unwrap();
        }
        a.events = 4;
        a.reply_bytes = 400;
        let mut b = LoopStats::default();
        b.errors.timeouts = 2;
        a.merge(&b);
        let mut r = Record::default();
        r.fill_from(&a, 2.0);
        assert_eq!(r.per_sec, 2.0);
        assert_eq!(r.bytes_per_reply, 100.0);
        assert!((r.p50_us - 20.0).abs() < 0.1, "{}", r.p50_us);
        assert!((r.max_us - 1000.0).abs() < 1.0);
        assert_eq!(r.errors.timeouts, 2);
        assert_eq!(r.errors.describe(), "2 timeouts");
        let line = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Record>(&line).unwrap(), r);
    }
}
