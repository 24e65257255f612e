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
    /// `counter`, `list`, `idle-counter`, `idle-list`, `dead-render`, `echo`.
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
