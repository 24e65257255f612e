//! The side-by-side table, the targets of bench/README.md § Targets, and BENCHMARKS.md.

mod criterion;
mod targets;

pub use criterion::{CriterionResult, read_criterion};
pub use targets::{Status, TargetCheck, reference_table, targets};

use crate::stats::Record;
use std::fmt::Write as _;

/// The machine the run happened on.
#[derive(Debug, Clone, Default)]
pub struct Machine {
    /// Logical CPUs.
    pub cpus: usize,
    /// CPU model.
    pub model: String,
    /// MemTotal, KiB.
    pub mem_kib: u64,
    /// Kernel release.
    pub kernel: String,
}

impl Machine {
    /// Reads `/proc`.
    pub fn read() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        Machine {
            cpus: cpuinfo.lines().filter(|l| l.starts_with("processor")).count(),
            model: cpuinfo
                .lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_else(|| "unknown".into()),
            mem_kib: meminfo
                .lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .unwrap_or(0),
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim().to_owned(),
        }
    }
}

/// Everything that goes into the report.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// All scenario records (all servers).
    pub records: Vec<Record>,
    /// Criterion medians.
    pub criterion: Vec<CriterionResult>,
    /// The machine.
    pub machine: Machine,
    /// When (free text, e.g. `date -u`).
    pub date: String,
    /// How server and generator were pinned.
    pub pinning: String,
    /// Tool versions (free text).
    pub versions: String,
    /// Load average before the run.
    pub load_before: String,
    /// Load average after the run.
    pub load_after: String,
    /// Settings (free text: durations, N).
    pub settings: String,
    /// Wall time of the whole run, s.
    pub wall_seconds: f64,
    /// Profiles (already formatted Markdown), may be empty.
    pub profiles: String,
}

impl Inputs {
    fn all(&self, server: &str, scenario: &str, conns: Option<u64>) -> Vec<&Record> {
        self.records
            .iter()
            .filter(|r| r.server == server && r.scenario == scenario && conns.is_none_or(|c| c == r.conns))
            .collect()
    }

    /// The best round (highest rate) of a scenario: unrelated load only ever slows a run down.
    fn rec(&self, server: &str, scenario: &str, conns: Option<u64>) -> Option<&Record> {
        self.all(server, scenario, conns).into_iter().fold(None, |best: Option<&Record>, r| match best {
            Some(b) if b.per_sec >= r.per_sec => Some(b),
            _ => Some(r),
        })
    }

    /// Errors summed over every round of a scenario.
    fn errors_all(&self, server: &str, scenario: &str, conns: Option<u64>) -> u64 {
        self.all(server, scenario, conns).iter().map(|r| r.errors.total()).sum()
    }

    fn crit(&self, id: &str) -> Option<f64> {
        self.criterion.iter().find(|c| c.id == id).map(|c| c.median_ns)
    }
}

/// Formats a rate: `35.2k/s`.
pub fn fmt_rate(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.1}k/s", v / 1000.0)
    } else if v >= 1000.0 {
        format!("{:.2}k/s", v / 1000.0)
    } else {
        format!("{v:.0}/s")
    }
}

/// Formats microseconds: `85 µs`, `1.65 ms`.
pub fn fmt_us(v: f64) -> String {
    if v >= 1000.0 {
        format!("{:.2} ms", v / 1000.0)
    } else if v >= 10.0 {
        format!("{v:.0} µs")
    } else {
        format!("{v:.1} µs")
    }
}

/// Formats nanoseconds: `812 ns`, `12.3 µs`.
pub fn fmt_ns(v: f64) -> String {
    if v >= 1_000_000.0 {
        format!("{:.2} ms", v / 1e6)
    } else if v >= 1000.0 {
        format!("{:.1} µs", v / 1000.0)
    } else {
        format!("{v:.0} ns")
    }
}

fn fmt_bytes(v: f64) -> String {
    format!("{v:.0} B")
}

fn fmt_kib(v: f64) -> String {
    format!("{v:.1} KiB")
}

/// A figure of a scenario record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// Events (requests, views opened) per second.
    PerSec,
    /// 99th-percentile latency, µs.
    P99,
    /// Mean bytes of a reply frame (HTTP: response body).
    ReplyBytes,
    /// Server RSS growth per idle view, KiB.
    KibPerView,
    /// Idle views that answered a heartbeat.
    ViewsAlive,
}

impl Field {
    fn of(self, r: &Record) -> f64 {
        match self {
            Field::PerSec => r.per_sec,
            Field::P99 => r.p99_us,
            Field::ReplyBytes => r.bytes_per_reply,
            Field::KibPerView => r.kib_per_view,
            Field::ViewsAlive => r.views_alive as f64,
        }
    }

    fn format(self, v: f64) -> String {
        match self {
            Field::PerSec => fmt_rate(v),
            Field::P99 => fmt_us(v),
            Field::ReplyBytes => fmt_bytes(v),
            Field::KibPerView => fmt_kib(v),
            Field::ViewsAlive => format!("{v:.0}"),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Better {
    Higher,
    Lower,
}

/// `a` relative to `b` in our favour: >1 means `a` (ours) is better.
fn advantage(ours: f64, other: f64, better: Better) -> Option<f64> {
    if ours <= 0.0 || other <= 0.0 || !ours.is_finite() || !other.is_finite() {
        return None;
    }
    Some(match better {
        Better::Higher => ours / other,
        Better::Lower => other / ours,
    })
}

fn fmt_ratio(r: Option<f64>) -> String {
    match r {
        Some(r) if r >= 10.0 => format!("{r:.0}×"),
        Some(r) => format!("{r:.2}×"),
        None => "—".into(),
    }
}

/// The main table (Markdown).
pub fn table(inp: &Inputs) -> String {
    let mut t = String::new();
    t.push_str("| scenario | metric | liveview (ours) | LiveViewJS 0.8.1 | ours vs LiveViewJS | raw echo (our stack) | ours / echo |\n");
    t.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    type Get = fn(&Record) -> f64;
    struct Row {
        label: String,
        metric: &'static str,
        scenario: &'static str,
        conns: Option<u64>,
        get: Get,
        fmt: fn(f64) -> String,
        better: Better,
        /// The echo server's scenario for the ceiling column.
        echo: Option<&'static str>,
    }
    let mut rows = Vec::new();
    for c in [1u64, 10, 100] {
        for (metric, get, fmt, better) in [
            ("events/s", (|r: &Record| r.per_sec) as Get, fmt_rate as fn(f64) -> String, Better::Higher),
            ("p50 latency", |r: &Record| r.p50_us, fmt_us, Better::Lower),
            ("p99 latency", |r: &Record| r.p99_us, fmt_us, Better::Lower),
        ] {
            rows.push(Row {
                label: format!("(a) `/counter` clicks, {c} conn"),
                metric,
                scenario: "counter",
                conns: Some(c),
                get,
                fmt,
                better,
                echo: Some("echo"),
            });
        }
    }
    for (metric, get, fmt, better) in [
        ("events/s", (|r: &Record| r.per_sec) as Get, fmt_rate as fn(f64) -> String, Better::Higher),
        ("p50 latency", |r: &Record| r.p50_us, fmt_us, Better::Lower),
        ("p99 latency", |r: &Record| r.p99_us, fmt_us, Better::Lower),
        ("bytes per reply frame", |r: &Record| r.bytes_per_reply, fmt_bytes, Better::Lower),
        ("join reply frame", |r: &Record| r.join_reply_bytes, fmt_bytes, Better::Lower),
    ] {
        rows.push(Row {
            label: "(b) `/list` one-row bump, 10 conn".into(),
            metric,
            scenario: "list",
            conns: Some(10),
            get,
            fmt,
            better,
            echo: None,
        });
    }
    let idle_n =
        inp.rec("ours", "idle-counter", None).or_else(|| inp.rec("lvjs", "idle-counter", None)).map_or(0, |r| r.conns);
    for (metric, get, fmt, better) in [
        ("RSS growth per view", (|r: &Record| r.kib_per_view) as Get, fmt_kib as fn(f64) -> String, Better::Lower),
        (
            "views held (answered a heartbeat)",
            |r: &Record| r.views_alive as f64,
            |v: f64| format!("{v:.0}"),
            Better::Higher,
        ),
        ("open+join rate while ramping", |r: &Record| r.per_sec, fmt_rate, Better::Higher),
    ] {
        rows.push(Row {
            label: format!("(c) {idle_n} idle `/counter` views"),
            metric,
            scenario: "idle-counter",
            conns: None,
            get,
            fmt,
            better,
            echo: Some("idle-echo"),
        });
    }
    let idle_list_n =
        inp.rec("ours", "idle-list", None).or_else(|| inp.rec("lvjs", "idle-list", None)).map_or(0, |r| r.conns);
    rows.push(Row {
        label: format!("(c) {idle_list_n} idle `/list` views"),
        metric: "RSS growth per view",
        scenario: "idle-list",
        conns: None,
        get: |r| r.kib_per_view,
        fmt: fmt_kib,
        better: Better::Lower,
        echo: None,
    });
    if let Some(sock_n) =
        inp.rec("ours", "idle-socket", None).or_else(|| inp.rec("lvjs", "idle-socket", None)).map(|r| r.conns)
    {
        rows.push(Row {
            label: format!("(c) {sock_n} idle websockets, nothing joined"),
            metric: "RSS growth per socket",
            scenario: "idle-socket",
            conns: None,
            get: |r| r.kib_per_view,
            fmt: fmt_kib,
            better: Better::Lower,
            echo: Some("idle-echo"),
        });
    }
    for (metric, get, fmt, better) in [
        ("requests/s", (|r: &Record| r.per_sec) as Get, fmt_rate as fn(f64) -> String, Better::Higher),
        ("p99 latency", |r: &Record| r.p99_us, fmt_us, Better::Lower),
        ("body bytes", |r: &Record| r.bytes_per_reply, fmt_bytes, Better::Lower),
    ] {
        rows.push(Row {
            label: "(d) dead render GET `/counter`, 50 conn".into(),
            metric,
            scenario: "dead-render",
            conns: Some(50),
            get,
            fmt,
            better,
            echo: None,
        });
    }

    for row in &rows {
        let ours = inp.rec("ours", row.scenario, row.conns);
        let lvjs = inp.rec("lvjs", row.scenario, row.conns);
        let echo = row.echo.and_then(|e| inp.rec("echo", e, row.conns));
        let cell = |r: Option<&Record>| match r {
            None => "—".to_owned(),
            Some(r) => {
                let mut s = (row.fmt)((row.get)(r));
                if row.metric == "events/s" || row.metric == "requests/s" || row.metric.starts_with("RSS growth") {
                    let e = inp.errors_all(&r.server, row.scenario, row.conns);
                    if e > 0 {
                        let _ = write!(s, " ⚠ {e} err");
                    }
                }
                s
            }
        };
        let vs = match (ours, lvjs) {
            (Some(o), Some(l)) => fmt_ratio(advantage((row.get)(o), (row.get)(l), row.better)),
            _ => "—".into(),
        };
        let (echo_cell, vs_echo) = match (ours, echo) {
            (o, Some(e)) => {
                // Literally ours / echo: a fraction of the ceiling for throughput, a multiple
                // of the floor for latency and memory.
                let r = o.and_then(|o| {
                    let (a, b) = ((row.get)(o), (row.get)(e));
                    (a > 0.0 && b > 0.0).then(|| a / b)
                });
                (cell(Some(e)), r.map_or("—".into(), |r| format!("{r:.2}")))
            }
            _ => (String::new(), String::new()),
        };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.label,
            row.metric,
            cell(ours),
            cell(lvjs),
            vs,
            echo_cell,
            vs_echo
        );
    }
    for (id, what) in [
        ("counter_event", "counter event: handle + render + diff + encode"),
        ("list_one_row_change/100", "100-row list, one row changes"),
        ("list_one_row_change/1000", "1000-row list, one row changes"),
    ] {
        let v = inp.crit(id).map_or("not run".to_owned(), fmt_ns);
        let _ = writeln!(t, "| (criterion, in-process) {what} | median time per event (`{id}`) | {v} | — | — |  |  |");
    }
    for c in &inp.criterion {
        if !["counter_event", "list_one_row_change/100", "list_one_row_change/1000"].contains(&c.id.as_str()) {
            let _ =
                writeln!(t, "| (criterion, in-process) `{}` | median | {} | — | — |  |  |", c.id, fmt_ns(c.median_ns));
        }
    }
    let total = |s: &str| inp.records.iter().filter(|r| r.server == s).map(|r| r.errors.total()).sum::<u64>();
    let _ = writeln!(
        t,
        "| all scenarios | errors (error replies, timeouts, disconnects, failed joins) | {} | {} | — | {} |  |",
        total("ours"),
        total("lvjs"),
        total("echo")
    );
    t
}

/// One line per multi-round scenario: `- ours counter ×10: 31.2k/s, 32.0k/s, 29.8k/s`.
fn spread(inp: &Inputs) -> String {
    let mut keys: Vec<(&str, &str, u64)> = Vec::new();
    for r in &inp.records {
        let k = (r.server.as_str(), r.scenario.as_str(), r.conns);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut out = String::new();
    for (server, scenario, conns) in keys {
        let rates: Vec<f64> = inp.all(server, scenario, Some(conns)).iter().map(|r| r.per_sec).collect();
        if rates.len() < 2 {
            continue;
        }
        let (lo, hi) = rates.iter().fold((f64::MAX, 0.0f64), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let _ = writeln!(
            out,
            "- {server} {scenario} ×{conns}: {} (worst/best {:.2})",
            rates.iter().map(|&v| fmt_rate(v)).collect::<Vec<_>>().join(", "),
            if hi > 0.0 { lo / hi } else { 0.0 }
        );
    }
    out
}

/// BENCHMARKS.md.
pub fn markdown(inp: &Inputs) -> String {
    let m = &inp.machine;
    let mut s = String::new();
    s.push_str("# Benchmarks\n\n");
    s.push_str(
        "Generated by `bench/run.sh` (do not edit by hand; re-run it). Ours = the example gallery \
                (`liveview-examples`, release build); peer = LiveViewJS 0.8.1 on Node (`bench/peers/liveviewjs`); \
                ceiling = `ws-echo`, a raw websocket echo server on our exact stack (hyper 1 + hyper-util + \
                tokio-tungstenite 0.30, the configuration of `liveview-server`'s `ws.rs`). All three are driven by the \
                same load generator (`lvbench`, Phoenix channels V2 JSON over tokio-tungstenite) in the same run.\n\n",
    );
    let _ = writeln!(s, "- **Date:** {}", inp.date);
    let _ = writeln!(
        s,
        "- **Machine:** {} logical CPUs, {} ({:.1} GiB RAM), Linux {}",
        m.cpus,
        m.model,
        m.mem_kib as f64 / 1024.0 / 1024.0,
        m.kernel
    );
    if !inp.versions.is_empty() {
        let _ = writeln!(s, "- **Versions:** {}", inp.versions);
    }
    let _ = writeln!(s, "- **Pinning:** {}", inp.pinning);
    let _ = writeln!(s, "- **Load average** (1/5/15 min) before: {}; after: {}", inp.load_before, inp.load_after);
    if !inp.settings.is_empty() {
        let _ = writeln!(s, "- **Settings:** {}", inp.settings);
    }
    if inp.wall_seconds > 0.0 {
        let _ = writeln!(s, "- **Whole run:** {:.1} min", inp.wall_seconds / 60.0);
    }
    let load1: f64 = inp.load_before.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
    if load1 >= 0.5 {
        let _ = writeln!(
            s,
            "\n> **Noisy run:** the machine was busy with other work (1-minute load {load1:.2} before the run on {} CPUs). \
             Absolute figures are pessimistic and tails the most: a server that is busy for a whole closed-loop run \
             shares its core with whatever else is runnable there and waits out the other tasks' scheduler slices \
             (milliseconds), which shows up as a p99 of several ms at 10+ connections for every server, the raw echo \
             included. Ratios taken within a round are more trustworthy than absolute numbers; see the spread below.",
            m.cpus
        );
    }
    s.push_str("\nMethod: closed loop, one event in flight per connection (send, wait for the reply with that ref, repeat), \
                one view per websocket; latency is from just before the send to the matching `phx_reply`, recorded in an \
                HDR histogram; a warm-up second is not counted. \"ours vs LiveViewJS\" is how many times better ours is \
                (higher throughput, or lower latency / bytes / memory): > 1 means ours wins. \"ours / echo\" is literally ours divided by \
                the raw echo server's figure at the same connection count: the fraction of the ceiling reached for \
                throughput, the multiple of the stack's floor for latency and memory per socket. RSS growth per view = (server VmRSS with all views joined − VmRSS before) / views, \
                read from `/proc/<pid>/status`, with one socket per view like browser tabs.\n\n");
    s.push_str(&table(inp));
    s.push('\n');
    s.push_str(include_str!("../report/targets.md").trim_end());
    s.push_str("\n\n| target | measured | status |\n| --- | --- | --- |\n");
    for t in targets(inp) {
        let status = match t.status {
            Status::Met => "**met**",
            Status::NotMet => "**not met**",
            Status::NotMeasured => "not measured",
        };
        let _ = writeln!(s, "| {} | {} | {status} |", t.target, t.measured);
    }
    let notes: Vec<String> = inp
        .records
        .iter()
        .filter(|r| r.errors.total() > 0 || !r.notes.is_empty())
        .map(|r| {
            let mut line = format!("- {} {} ×{}: {}", r.server, r.scenario, r.conns, r.errors.describe());
            if !r.notes.is_empty() {
                let _ = write!(line, " — {}", r.notes.join("; "));
            }
            line
        })
        .collect();
    if !notes.is_empty() {
        s.push_str("\n## Errors seen\n\n");
        s.push_str(&notes.join("\n"));
        s.push('\n');
    }
    let spread = spread(inp);
    if !spread.is_empty() {
        s.push_str(
            "\n## Round-to-round spread\n\nThroughput of every round of each scenario (the table keeps the best): \
                    a wide spread means the machine was busy with something else during part of the run.\n\n",
        );
        s.push_str(&spread);
    }
    if !inp.profiles.trim().is_empty() {
        s.push_str("\n## Where our server spends its time\n\n");
        s.push_str(inp.profiles.trim_end());
        s.push('\n');
    }
    s.push_str("\n## Raw records\n\n<details><summary>every scenario, as measured</summary>\n\n```\n");
    for r in &inp.records {
        s.push_str(&r.summary());
        s.push('\n');
    }
    s.push_str("```\n\n</details>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(server: &str, scenario: &str, conns: u64, per_sec: f64, p99: f64) -> Record {
        Record {
            server: server.into(),
            scenario: scenario.into(),
            conns,
            per_sec,
            p99_us: p99,
            p50_us: p99 / 2.0,
            events: 10,
            ..Record::default()
        }
    }

    #[test]
    fn table_and_targets() {
        let mut inp = Inputs::default();
        inp.records.push(rec("ours", "counter", 10, 80_000.0, 200.0));
        let mut slow = rec("ours", "counter", 10, 50_000.0, 900.0);
        slow.errors.timeouts = 1;
        inp.records.push(slow);
        inp.records.push(rec("lvjs", "counter", 10, 20_000.0, 800.0));
        inp.records.push(rec("echo", "echo", 10, 100_000.0, 150.0));
        let mut l = rec("ours", "list", 10, 40_000.0, 400.0);
        l.bytes_per_reply = 110.0;
        inp.records.push(l);
        let mut idle = rec("ours", "idle-counter", 10_000, 0.0, 0.0);
        idle.views = 10_000;
        idle.views_alive = 10_000;
        idle.kib_per_view = 3.5;
        inp.records.push(idle);
        inp.criterion.push(CriterionResult { id: "list_one_row_change/1000".into(), median_ns: 12_345.0 });
        let t = table(&inp);
        assert!(
            t.contains(
                "| (a) `/counter` clicks, 10 conn | events/s | 80.0k/s ⚠ 1 err | 20.0k/s | 4.00× | 100.0k/s | 0.80 |"
            ),
            "{t}"
        );
        assert!(
            t.contains("| (a) `/counter` clicks, 10 conn | p99 latency | 200 µs | 800 µs | 4.00× | 150 µs | 1.33 |"),
            "{t}"
        );
        assert!(t.contains("12.3 µs"));
        let checks = targets(&inp);
        let get = |needle: &str| checks.iter().find(|c| c.target.contains(needle)).unwrap().status;
        assert_eq!(get("0.7 × raw echo"), Status::Met);
        assert_eq!(get("p99 ≤ 300"), Status::Met);
        assert_eq!(get("≥ 50k"), Status::NotMet);
        assert_eq!(get("125 B"), Status::Met);
        assert_eq!(get("≤ 50 µs"), Status::Met);
        assert_eq!(get("idle counter"), Status::Met);
        assert_eq!(get("idle list"), Status::NotMeasured);
        assert_eq!(get("scale"), Status::Met);
        let md = markdown(&inp);
        assert!(md.contains("- ours counter ×10: 80.0k/s, 50.0k/s (worst/best 0.62)"), "{md}");
        assert!(md.contains("**not met**") && md.contains("**met**"));
    }

    #[test]
    fn formats() {
        assert_eq!(fmt_rate(35_712.0), "35.7k/s");
        assert_eq!(fmt_rate(2_100.0), "2.10k/s");
        assert_eq!(fmt_us(1650.0), "1.65 ms");
        assert_eq!(fmt_ns(400_000.0), "400.0 µs");
        assert_eq!(advantage(1.0, 0.0, Better::Higher), None);
        assert_eq!(fmt_ratio(Some(21.4)), "21×");
    }
}
