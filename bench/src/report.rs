//! BENCHMARKS.md: the side-by-side table, the targets of bench/README.md § Targets, and the
//! run's context. The explanatory text lives in `bench/report/*.md`; this module computes numbers.

mod criterion;
mod table;
mod targets;

pub use criterion::{CriterionResult, read_criterion};
pub use table::table;
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

/// Formats microseconds from the generator's histograms (whole µs): `85 µs`, `1.65 ms`.
pub fn fmt_us(v: f64) -> String {
    if v >= 1000.0 {
        format!("{:.2} ms", v / 1000.0)
    } else if v >= 10.0 {
        format!("{v:.0} µs")
    } else {
        format!("{v:.1} µs")
    }
}

/// Formats criterion's nanoseconds, one decimal more in µs than [`fmt_us`]: `812 ns`, `12.3 µs`.
pub fn fmt_ns(v: f64) -> String {
    if v >= 1_000_000.0 {
        format!("{:.2} ms", v / 1e6)
    } else if v >= 1000.0 {
        format!("{:.1} µs", v / 1000.0)
    } else {
        format!("{v:.0} ns")
    }
}

/// A figure of a scenario record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// Events (requests, views opened) per second.
    PerSec,
    /// Median latency, µs.
    P50,
    /// 99th-percentile latency, µs.
    P99,
    /// Mean bytes of a reply frame (HTTP: response body).
    ReplyBytes,
    /// Bytes of the join reply frame.
    JoinBytes,
    /// Server RSS growth per idle view, KiB.
    KibPerView,
    /// Idle views that answered a heartbeat.
    ViewsAlive,
}

impl Field {
    fn of(self, r: &Record) -> f64 {
        match self {
            Field::PerSec => r.per_sec,
            Field::P50 => r.p50_us,
            Field::P99 => r.p99_us,
            Field::ReplyBytes => r.bytes_per_reply,
            Field::JoinBytes => r.join_reply_bytes,
            Field::KibPerView => r.kib_per_view,
            Field::ViewsAlive => r.views_alive as f64,
        }
    }

    fn format(self, v: f64) -> String {
        match self {
            Field::PerSec => fmt_rate(v),
            Field::P50 | Field::P99 => fmt_us(v),
            Field::ReplyBytes | Field::JoinBytes => format!("{v:.0} B"),
            Field::KibPerView => format!("{v:.1} KiB"),
            Field::ViewsAlive => format!("{v:.0}"),
        }
    }

    /// How many times better `ours` is than `other`: > 1 means ours wins.
    fn advantage(self, ours: f64, other: f64) -> Option<f64> {
        if ours <= 0.0 || other <= 0.0 || !ours.is_finite() || !other.is_finite() {
            return None;
        }
        Some(match self {
            Field::PerSec | Field::ViewsAlive => ours / other,
            Field::P50 | Field::P99 | Field::ReplyBytes | Field::JoinBytes | Field::KibPerView => other / ours,
        })
    }
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

/// The report's text, one file per passage (placeholders in braces).
mod prose {
    pub(super) const INTRO: &str = include_str!("../report/intro.md");
    /// `{load1}`, `{cpus}`.
    pub(super) const NOISY: &str = include_str!("../report/noisy.md");
    pub(super) const METHOD: &str = include_str!("../report/method.md");
    pub(super) const TARGETS: &str = include_str!("../report/targets.md");
    pub(super) const SPREAD: &str = include_str!("../report/spread.md");
}

/// Appends a passage of [`prose`] followed by a blank line.
fn passage(s: &mut String, text: &str) {
    s.push_str(text.trim_end());
    s.push_str("\n\n");
}

/// BENCHMARKS.md.
pub fn markdown(inp: &Inputs) -> String {
    let m = &inp.machine;
    let mut s = String::new();
    passage(&mut s, prose::INTRO);
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
    s.push('\n');
    let load1: f64 = inp.load_before.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
    if load1 >= 0.5 {
        let noisy = prose::NOISY.replace("{load1}", &format!("{load1:.2}")).replace("{cpus}", &m.cpus.to_string());
        passage(&mut s, &noisy);
    }
    passage(&mut s, prose::METHOD);
    s.push_str(&table(inp));
    s.push('\n');
    passage(&mut s, prose::TARGETS);
    s.push_str("| target | measured | status |\n| --- | --- | --- |\n");
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
        s.push('\n');
        passage(&mut s, prose::SPREAD);
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

    /// A small hand-made run: /list sits just above 50k events/s, the idle counter view just
    /// above 4 KiB; `list_rate` and `idle_kib` move them.
    fn run(list_rate: f64, idle_kib: f64) -> Inputs {
        let mut inp = Inputs::default();
        inp.records.push(rec("ours", "counter", 10, 80_000.0, 200.0));
        let mut slow = rec("ours", "counter", 10, 50_000.0, 900.0);
        slow.errors.timeouts = 1;
        inp.records.push(slow);
        inp.records.push(rec("lvjs", "counter", 10, 20_000.0, 800.0));
        inp.records.push(rec("echo", "echo", 10, 100_000.0, 150.0));
        let mut l = rec("ours", "list", 10, list_rate, 400.0);
        l.bytes_per_reply = 110.0;
        inp.records.push(l);
        let mut lv = rec("lvjs", "list", 10, 2_000.0, 9_000.0);
        lv.bytes_per_reply = 2_600.0;
        inp.records.push(lv);
        let mut idle = rec("ours", "idle-counter", 10_000, 0.0, 0.0);
        idle.views = 10_000;
        idle.views_alive = 10_000;
        idle.kib_per_view = idle_kib;
        inp.records.push(idle);
        inp.criterion.push(CriterionResult { id: "list_one_row_change/1000".into(), median_ns: 12_345.0 });
        inp
    }

    fn status(inp: &Inputs, needle: &str) -> Status {
        let checks = targets(inp);
        checks.iter().find(|c| c.target.contains(needle)).unwrap_or_else(|| panic!("no target {needle:?}")).status
    }

    #[test]
    fn targets_flip_between_met_and_not_met_across_their_limits() {
        let above = run(50_001.0, 4.01);
        let below = run(49_999.0, 3.99);
        assert_eq!(status(&above, "≥ 50k"), Status::Met);
        assert_eq!(status(&below, "≥ 50k"), Status::NotMet);
        assert_eq!(status(&above, "idle counter"), Status::NotMet);
        assert_eq!(status(&below, "idle counter"), Status::Met);
        for inp in [&above, &below] {
            assert_eq!(status(inp, "0.7 × raw echo"), Status::Met);
            assert_eq!(status(inp, "p99 ≤ 300"), Status::Met);
            assert_eq!(status(inp, "125 B"), Status::Met);
            assert_eq!(status(inp, "≤ 50 µs"), Status::Met);
            assert_eq!(status(inp, "idle list"), Status::NotMeasured);
            assert_eq!(status(inp, "dead render"), Status::NotMeasured);
            assert_eq!(status(inp, "scale"), Status::Met);
        }
    }

    #[test]
    fn report_prints_the_table_rows_and_the_judged_targets() {
        let t = table(&run(50_001.0, 4.01));
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
        assert!(
            t.contains("| (b) `/list` one-row bump, 10 conn | bytes per reply frame | 110 B | 2600 B | 24× |  |  |")
        );
        assert!(t.contains("| (c) 10000 idle `/counter` views | RSS growth per view | 4.0 KiB | — | — |  |  |"), "{t}");
        assert!(!t.contains("idle websockets"), "no idle-socket round, no row: {t}");
        assert!(t.contains("| median time per event (`list_one_row_change/1000`) | 12.3 µs |"));
        assert!(t.contains("| median time per event (`counter_event`) | not run |"));
        assert!(t.contains(
            "| all scenarios | errors (error replies, timeouts, disconnects, failed joins) | 1 | 0 | — | 0 |  |"
        ));

        let md = markdown(&run(49_999.0, 3.99));
        for row in [
            "| `/counter` clicks, 10 conn: ≥ 0.7 × raw echo on our own stack | 80.0k/s = 0.80 × echo (100.0k/s); 4.00 × LiveViewJS | **met** |",
            "| `/counter` clicks, 10 conn: p99 ≤ 300 µs | p99 200 µs (LiveViewJS 800 µs) | **met** |",
            "| `/list` one-row bump, 10 conn: ≥ 50k events/s | 50.0k/s (p99 400 µs); 25.0 × LiveViewJS | **not met** |",
            "| `/list` bytes per update (whole reply frame) ≤ Phoenix's 125 B | 110 B (LiveViewJS 2600 B, 24× more) | **met** |",
            "| CPU per event, 1000-row list, one row changes (in-process): ≤ 50 µs | 12.3 µs median (criterion `list_one_row_change/1000`) | **met** |",
            "| memory per idle counter view (RSS growth / view): ≤ 4 KiB | 4.0 KiB over 10000 views | **met** |",
            "| memory per idle list view (RSS growth / view): ≤ 12 KiB | not measured | not measured |",
            "| dead render GET `/counter`, 50 conn: ≥ 30k req/s | not measured | not measured |",
            "| scale: 10,000 joined views on one 2-core machine with zero errors | 10000 of 10000 views joined and answering, 0 errors | **met** |",
        ] {
            assert!(md.contains(&format!("{row}\n")), "missing {row}\n{md}");
        }
        assert!(md.contains("- ours counter ×10: 80.0k/s, 50.0k/s (worst/best 0.62)"), "{md}");
        assert!(md.contains("- ours counter ×10: 1 timeouts"), "{md}");
        assert!(md.contains("[bench/README.md](bench/README.md#targets)"));
        assert!(!md.contains("design.md"));
    }

    #[test]
    fn a_busy_machine_gets_the_noisy_run_note() {
        let mut inp = run(50_001.0, 4.01);
        inp.machine.cpus = 2;
        inp.load_before = "0.49 0.3 0.2".into();
        assert!(!markdown(&inp).contains("Noisy run"));
        inp.load_before = "2.05 1.22 1.14".into();
        let md = markdown(&inp);
        assert!(md.contains("(1-minute load 2.05 before the run on\n> 2 CPUs)"), "{md}");
        assert!(!md.contains('{'), "every placeholder filled: {md}");
    }

    #[test]
    fn formats() {
        assert_eq!(fmt_rate(35_712.0), "35.7k/s");
        assert_eq!(fmt_rate(2_100.0), "2.10k/s");
        assert_eq!(fmt_us(1650.0), "1.65 ms");
        assert_eq!(fmt_ns(400_000.0), "400.0 µs");
        assert_eq!(Field::PerSec.advantage(1.0, 0.0), None);
        assert_eq!(Field::P99.advantage(100.0, 400.0), Some(4.0));
    }
}
