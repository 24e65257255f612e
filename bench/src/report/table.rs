//! The main table: every scenario's figures for ours, LiveViewJS and the raw echo server.

use super::field::Field;
use super::format::fmt_ns;
use super::inputs::Inputs;
use crate::stats::Record;
use std::fmt::Write as _;

/// A row of the main table within a [`Block`].
struct Metric {
    name: &'static str,
    field: Field,
    /// Flag the errors of every round of the scenario next to the figure.
    flag_errors: bool,
}

/// Rows of the main table for one scenario at one connection count.
struct Block {
    /// `{n}` stands for the connection (view) count.
    label: &'static str,
    scenario: &'static str,
    /// `None`: the count the idle scenario ran with.
    conns: Option<u64>,
    metrics: &'static [Metric],
    /// The echo server's scenario for the ceiling columns.
    echo: Option<&'static str>,
    /// Left out when no server ran the scenario.
    optional: bool,
}

const fn metric(name: &'static str, field: Field) -> Metric {
    Metric { name, field, flag_errors: false }
}

const fn flagged(name: &'static str, field: Field) -> Metric {
    Metric { name, field, flag_errors: true }
}

const CLOSED_LOOP: &[Metric] =
    &[flagged("events/s", Field::PerSec), metric("p50 latency", Field::P50), metric("p99 latency", Field::P99)];

const fn counter(conns: u64) -> Block {
    Block {
        label: "(a) `/counter` clicks, {n} conn",
        scenario: "counter",
        conns: Some(conns),
        metrics: CLOSED_LOOP,
        echo: Some("echo"),
        optional: false,
    }
}

/// The main table, top to bottom.
const BLOCKS: &[Block] = &[
    counter(1),
    counter(10),
    counter(100),
    Block {
        label: "(b) `/list` one-row bump, {n} conn",
        scenario: "list",
        conns: Some(10),
        metrics: &[
            flagged("events/s", Field::PerSec),
            metric("p50 latency", Field::P50),
            metric("p99 latency", Field::P99),
            metric("bytes per reply frame", Field::ReplyBytes),
            metric("join reply frame", Field::JoinBytes),
        ],
        echo: None,
        optional: false,
    },
    Block {
        label: "(b) `/feed` stream prepend (limit 50), {n} conn",
        scenario: "feed",
        conns: Some(10),
        metrics: &[
            flagged("events/s", Field::PerSec),
            metric("p99 latency", Field::P99),
            metric("bytes per reply frame", Field::ReplyBytes),
        ],
        echo: None,
        optional: true,
    },
    Block {
        label: "(b) `/components` click on one card (`phx-target`), {n} conn",
        scenario: "components",
        conns: Some(10),
        metrics: &[
            flagged("events/s", Field::PerSec),
            metric("p99 latency", Field::P99),
            metric("bytes per reply frame", Field::ReplyBytes),
        ],
        echo: None,
        optional: true,
    },
    Block {
        label: "(c) {n} idle `/counter` views",
        scenario: "idle-counter",
        conns: None,
        metrics: &[
            flagged("RSS growth per view", Field::KibPerView),
            metric("views held (answered a heartbeat)", Field::ViewsAlive),
            metric("open+join rate while ramping", Field::PerSec),
        ],
        echo: Some("idle-echo"),
        optional: false,
    },
    Block {
        label: "(c) {n} idle `/list` views",
        scenario: "idle-list",
        conns: None,
        metrics: &[flagged("RSS growth per view", Field::KibPerView)],
        echo: None,
        optional: false,
    },
    Block {
        label: "(c) {n} idle `/feed` stream views, each after 1,000 prepends",
        scenario: "idle-feed",
        conns: None,
        metrics: &[flagged("RSS growth per view", Field::KibPerView), metric("join reply frame", Field::JoinBytes)],
        echo: None,
        optional: true,
    },
    Block {
        label: "(c) {n} idle websockets, nothing joined",
        scenario: "idle-socket",
        conns: None,
        metrics: &[flagged("RSS growth per socket", Field::KibPerView)],
        echo: Some("idle-echo"),
        optional: true,
    },
    Block {
        label: "(e) upload of a 50 MB file in 64 KiB chunks, {n} socket",
        scenario: "upload",
        conns: Some(1),
        metrics: &[flagged("throughput", Field::MbPerSec), metric("peak RSS growth during it", Field::PeakRssGrowth)],
        echo: Some("upload-echo"),
        optional: true,
    },
    Block {
        label: "(d) dead render GET `/counter`, {n} conn",
        scenario: "dead-render",
        conns: Some(50),
        metrics: &[
            flagged("requests/s", Field::PerSec),
            metric("p99 latency", Field::P99),
            metric("body bytes", Field::ReplyBytes),
        ],
        echo: None,
        optional: false,
    },
];

/// Criterion benchmarks with a row of their own; any other id gets a generic row.
const CRITERION_ROWS: &[(&str, &str)] = &[
    ("counter_event", "counter event: handle + render + diff + encode"),
    ("list_one_row_change/100", "100-row list (`TrackedVec`), one row changes"),
    ("list_one_row_change/1000", "1000-row list (`TrackedVec`), one row changes"),
    ("list_one_row_change/10000", "10000-row list (`TrackedVec`), one row changes"),
    ("list_one_row_change_vec/1000", "1000-row list (`Vec`: every row rendered), one row changes"),
    ("list_one_row_change_vec/10000", "10000-row list (`Vec`: every row rendered), one row changes"),
];

/// The main table (Markdown).
pub fn table(inp: &Inputs) -> String {
    let mut t = String::new();
    t.push_str("| scenario | metric | liveview (ours) | LiveViewJS 0.8.1 | ours vs LiveViewJS | raw echo (our stack) | ours / echo |\n");
    t.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for b in BLOCKS {
        let n = match b.conns {
            Some(c) => Some(c),
            None => inp.rec("ours", b.scenario, None).or_else(|| inp.rec("lvjs", b.scenario, None)).map(|r| r.conns),
        };
        if n.is_none() && b.optional {
            continue;
        }
        let label = b.label.replace("{n}", &n.unwrap_or(0).to_string());
        let ours = inp.rec("ours", b.scenario, b.conns);
        let lvjs = inp.rec("lvjs", b.scenario, b.conns);
        let echo = b.echo.and_then(|e| inp.rec("echo", e, b.conns));
        for m in b.metrics {
            let cell = |r: Option<&Record>| match r {
                None => "—".to_owned(),
                Some(r) => {
                    let mut s = m.field.format(m.field.of(r));
                    let e = if m.flag_errors { inp.errors_all(&r.server, b.scenario, b.conns) } else { 0 };
                    if e > 0 {
                        let _ = write!(s, " ⚠ {e} err");
                    }
                    s
                }
            };
            let vs = match (ours, lvjs) {
                (Some(o), Some(l)) => fmt_ratio(m.field.advantage(m.field.of(o), m.field.of(l))),
                _ => "—".into(),
            };
            // Literally ours / echo: a fraction of the ceiling for throughput, a multiple of the
            // floor for latency and memory.
            let (echo_cell, vs_echo) = match echo {
                Some(e) => {
                    let r = ours.map(|o| (m.field.of(o), m.field.of(e))).filter(|&(a, b)| a > 0.0 && b > 0.0);
                    (cell(Some(e)), r.map_or("—".into(), |(a, b)| format!("{:.2}", a / b)))
                }
                None => (String::new(), String::new()),
            };
            let _ = writeln!(
                t,
                "| {label} | {} | {} | {} | {vs} | {echo_cell} | {vs_echo} |",
                m.name,
                cell(ours),
                cell(lvjs)
            );
        }
    }
    for (id, what) in CRITERION_ROWS {
        let v = inp.crit(id).map_or("not run".to_owned(), fmt_ns);
        let _ = writeln!(t, "| (criterion, in-process) {what} | median time per event (`{id}`) | {v} | — | — |  |  |");
    }
    for c in inp.criterion.iter().filter(|c| CRITERION_ROWS.iter().all(|(id, _)| *id != c.id)) {
        let _ = writeln!(t, "| (criterion, in-process) `{}` | median | {} | — | — |  |  |", c.id, fmt_ns(c.median_ns));
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

fn fmt_ratio(r: Option<f64>) -> String {
    match r {
        Some(r) if r >= 10.0 => format!("{r:.0}×"),
        Some(r) => format!("{r:.2}×"),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_keep_two_decimals_below_ten_and_none_above() {
        assert_eq!(fmt_ratio(Some(4.0)), "4.00×");
        assert_eq!(fmt_ratio(Some(21.4)), "21×");
        assert_eq!(fmt_ratio(None), "—");
    }
}
