//! The targets of bench/README.md § Targets as one table, and the one function that judges them.

use super::field::Field;
use super::format::{fmt_ns, fmt_us};
use super::inputs::Inputs;
use crate::stats::Record;

/// Whether a target was met in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The figure is within the limit and every condition holds.
    Met,
    /// Measured, and the figure is outside the limit or a condition fails.
    NotMet,
    /// The run has no figure for it.
    NotMeasured,
}

/// One target, judged against one run.
#[derive(Debug, Clone)]
pub struct TargetCheck {
    /// The target, as bench/README.md states it.
    pub target: &'static str,
    /// What we measured (with the ratios), or why nothing was.
    pub measured: String,
    /// Met, not met, not measured.
    pub status: Status,
}

/// Judges every target of bench/README.md § Targets against `inp`, in that order.
pub fn targets(inp: &Inputs) -> Vec<TargetCheck> {
    TARGETS.iter().map(|t| evaluate(t, inp)).collect()
}

/// The figure a target is judged on.
#[derive(Debug, Clone, Copy)]
enum Reads {
    /// A figure of our best round of a scenario (`conns: None`: at any connection count).
    Ours { scenario: &'static str, conns: Option<u64>, field: Field },
    /// Our figure divided by the raw echo server's at the same connection count.
    OursOverEcho { scenario: &'static str, echo: &'static str, conns: u64, field: Field },
    /// Our figure minus our figure of another scenario (`base`), at any connection count.
    OursMinus { scenario: &'static str, base: &'static str, field: Field },
    /// A criterion median, ns.
    Criterion(&'static str),
    /// Our figure of one scenario divided by our figure of another (`base`) at the same
    /// connection count, in the same run.
    OursOverOurs { scenario: &'static str, base: &'static str, conns: u64, field: Field },
    /// A criterion median divided by another (`base`).
    CriterionRatio { id: &'static str, base: &'static str },
}

/// The bound the figure must keep.
#[derive(Debug, Clone, Copy)]
enum Limit {
    AtLeast(f64),
    AtMost(f64),
}

/// A condition on our round besides the limit, so that a broken run cannot pass.
#[derive(Debug, Clone, Copy)]
enum Check {
    /// No error of any kind in that round.
    NoErrors,
    /// At least one event was answered.
    SomeEvents,
    /// At least one view was joined.
    SomeViews,
    /// Every view opened still answered a heartbeat.
    AllViewsHeld,
    /// The figure itself is above zero.
    NonZero,
}

/// A row of the targets table.
///
/// `measured` and `versus_lvjs` (appended when LiveViewJS has the same round) are templates:
/// `{ours}`, `{lvjs}`, `{echo}` are the figure of each server's round; `{ours/lvjs:.N}` (also
/// `{lvjs/ours}`, `{ours/echo}`) a ratio with N decimals; `{p99}`, `{views}`, `{conns}`, `{errors}`
/// read our round; `{id}` is the criterion id.
#[derive(Debug)]
struct Target {
    /// What the report prints in the target column.
    label: &'static str,
    /// Phoenix LiveView 1.2.10's reference figure (bench/README.md).
    phoenix: &'static str,
    /// LiveViewJS 0.8.1's reference figure (bench/README.md).
    lvjs: &'static str,
    reads: Reads,
    limit: Limit,
    requires: &'static [Check],
    measured: &'static str,
    versus_lvjs: &'static str,
}

/// The targets. bench/README.md carries the same table (a test keeps the two in step).
const TARGETS: &[Target] = &[
    Target {
        label: "`/counter` clicks, 10 conn: ≥ 0.7 × raw echo on our own stack",
        phoenix: "20.1k events/s",
        lvjs: "35.7k events/s",
        reads: Reads::OursOverEcho { scenario: "counter", echo: "echo", conns: 10, field: Field::PerSec },
        limit: Limit::AtLeast(0.7),
        requires: &[Check::NoErrors],
        measured: "{ours} = {ours/echo:.2} × echo ({echo})",
        versus_lvjs: "; {ours/lvjs:.2} × LiveViewJS",
    },
    Target {
        label: "`/counter` clicks, 10 conn: p99 ≤ 300 µs",
        phoenix: "p99 723 µs",
        lvjs: "p99 825 µs",
        reads: Reads::Ours { scenario: "counter", conns: Some(10), field: Field::P99 },
        limit: Limit::AtMost(300.0),
        requires: &[Check::SomeEvents],
        measured: "p99 {ours}",
        versus_lvjs: " (LiveViewJS {lvjs})",
    },
    Target {
        label: "`/list` one-row bump, 10 conn: ≥ 50k events/s",
        phoenix: "8.4k events/s (p99 1.65 ms)",
        lvjs: "2.1k events/s (p99 16.7 ms)",
        reads: Reads::Ours { scenario: "list", conns: Some(10), field: Field::PerSec },
        limit: Limit::AtLeast(50_000.0),
        requires: &[Check::NoErrors],
        measured: "{ours} (p99 {p99})",
        versus_lvjs: "; {ours/lvjs:.1} × LiveViewJS",
    },
    Target {
        label: "`/list` bytes per update (whole reply frame) ≤ Phoenix's 125 B",
        phoenix: "125 B",
        lvjs: "2638 B",
        reads: Reads::Ours { scenario: "list", conns: Some(10), field: Field::ReplyBytes },
        limit: Limit::AtMost(125.0),
        requires: &[Check::NonZero],
        measured: "{ours}",
        versus_lvjs: " (LiveViewJS {lvjs}, {lvjs/ours:.0}× more)",
    },
    Target {
        label: "CPU per event, 1000-row list, one row changes (in-process): ≤ 5 µs",
        phoenix: "—",
        lvjs: "~400 µs at 100 rows",
        reads: Reads::Criterion("list_one_row_change/1000"),
        limit: Limit::AtMost(5_000.0),
        requires: &[],
        measured: "{ours} median (criterion `{id}`)",
        versus_lvjs: "",
    },
    Target {
        label: "memory per idle counter view (RSS growth / view): ≤ 4 KiB",
        phoenix: "45.8 KiB",
        lvjs: "8.9 KiB",
        reads: Reads::Ours { scenario: "idle-counter", conns: None, field: Field::KibPerView },
        limit: Limit::AtMost(4.0),
        requires: &[Check::SomeViews],
        measured: "{ours} over {views} views",
        versus_lvjs: " (LiveViewJS {lvjs})",
    },
    Target {
        label: "memory per idle list view (RSS growth / view): ≤ 12 KiB",
        phoenix: "180.7 KiB",
        lvjs: "22.6 KiB",
        reads: Reads::Ours { scenario: "idle-list", conns: None, field: Field::KibPerView },
        limit: Limit::AtMost(12.0),
        requires: &[Check::SomeViews],
        measured: "{ours} over {views} views",
        versus_lvjs: " (LiveViewJS {lvjs})",
    },
    Target {
        label: "dead render GET `/counter`, 50 conn: ≥ 30k req/s",
        phoenix: "4.9k req/s",
        lvjs: "2.9k req/s",
        reads: Reads::Ours { scenario: "dead-render", conns: None, field: Field::PerSec },
        limit: Limit::AtLeast(30_000.0),
        requires: &[Check::NoErrors],
        measured: "{ours}",
        versus_lvjs: " ({ours/lvjs:.1} × LiveViewJS)",
    },
    Target {
        label: "scale: 10,000 joined views on one 2-core machine with zero errors",
        phoenix: "—",
        lvjs: "—",
        reads: Reads::Ours { scenario: "idle-counter", conns: None, field: Field::ViewsAlive },
        limit: Limit::AtLeast(10_000.0),
        requires: &[Check::NoErrors, Check::AllViewsHeld],
        measured: "{ours} of {conns} views joined and answering, {errors} errors",
        versus_lvjs: "",
    },
    Target {
        label: "a stream view after 1,000 items sent costs ≤ a counter view + 1 KiB",
        phoenix: "—",
        lvjs: "— (no streams)",
        reads: Reads::OursMinus { scenario: "idle-feed", base: "idle-feed-base", field: Field::KibPerView },
        limit: Limit::AtMost(1.0),
        requires: &[Check::NoErrors, Check::AllViewsHeld],
        measured: "{ours} per `/feed` view = counter view at the same count ({echo}) + {ours-base}",
        versus_lvjs: "",
    },
    Target {
        label: "upload of a 50 MB file over one socket: ≥ 0.5 × raw websocket on our own stack",
        phoenix: "—",
        lvjs: "— (limits not enforced)",
        reads: Reads::OursOverEcho { scenario: "upload", echo: "upload-echo", conns: 1, field: Field::MbPerSec },
        limit: Limit::AtLeast(0.5),
        requires: &[Check::NoErrors],
        measured: "{ours} = {ours/echo:.2} × echo ({echo})",
        versus_lvjs: "",
    },
    Target {
        label: "upload of a 50 MB file: peak RSS growth ≤ 2 × the 64 KiB chunk",
        phoenix: "—",
        lvjs: "—",
        reads: Reads::Ours { scenario: "upload", conns: Some(1), field: Field::PeakRssGrowth },
        limit: Limit::AtMost(128.0),
        requires: &[Check::NoErrors],
        measured: "{ours}",
        versus_lvjs: "",
    },
    Target {
        label: "a one-row change costs within 2 × from 100 to 10,000 rows (in-process)",
        phoenix: "—",
        lvjs: "—",
        reads: Reads::CriterionRatio { id: "list_one_row_change/10000", base: "list_one_row_change/100" },
        limit: Limit::AtMost(2.0),
        requires: &[],
        measured: "{ratio:.2} × ({ours} at 10,000 rows, {base} at 100)",
        versus_lvjs: "",
    },
    Target {
        label: "`/list` one-row bump, 10 conn: ≥ 0.9 × `/counter` clicks in the same run",
        phoenix: "—",
        lvjs: "—",
        reads: Reads::OursOverOurs { scenario: "list", base: "counter", conns: 10, field: Field::PerSec },
        limit: Limit::AtLeast(0.9),
        requires: &[Check::NoErrors],
        measured: "{ratio:.2} × ({ours} vs {base})",
        versus_lvjs: "",
    },
    Target {
        label: "memory per idle websocket, nothing joined (RSS growth / socket): ≤ 3 KiB",
        phoenix: "—",
        lvjs: "—",
        reads: Reads::Ours { scenario: "idle-socket", conns: None, field: Field::KibPerView },
        limit: Limit::AtMost(3.0),
        requires: &[Check::SomeViews],
        measured: "{ours} over {views} sockets",
        versus_lvjs: " (LiveViewJS {lvjs})",
    },
];

/// A figure's name in [`reference_table`].
fn name(f: Field) -> &'static str {
    match f {
        Field::PerSec => "throughput",
        Field::P50 => "p50 latency",
        Field::P99 => "p99 latency",
        Field::ReplyBytes => "bytes per reply frame",
        Field::JoinBytes => "join reply frame",
        Field::KibPerView => "RSS growth per view",
        Field::ViewsAlive => "views answering a heartbeat",
        Field::MbPerSec => "upload throughput",
        Field::PeakRssGrowth => "peak RSS growth",
    }
}

/// The targets as bench/README.md § Targets lists them: the peers' reference figures, the figure
/// each is judged on and when it counts as met. A test keeps the README in step with this.
pub fn reference_table() -> String {
    let mut s = String::from(
        "| target | Phoenix LV 1.2.10 | LiveViewJS 0.8.1 | judged on | met when |\n| --- | --- | --- | --- | --- |\n",
    );
    for t in TARGETS {
        let judged = match t.reads {
            Reads::Ours { scenario, conns: Some(c), field } => format!("`{scenario}` ×{c}: {}", name(field)),
            Reads::Ours { scenario, conns: None, field } => format!("`{scenario}`: {}", name(field)),
            Reads::OursOverEcho { scenario, echo, conns, field } => {
                format!("`{scenario}` ×{conns} ÷ `{echo}` ×{conns} on `ws-echo`: {}", name(field))
            }
            Reads::OursMinus { scenario, base, field } => format!("`{scenario}` − `{base}`: {}", name(field)),
            Reads::Criterion(id) => format!("criterion median of `{id}`"),
            Reads::OursOverOurs { scenario, base, conns, field } => {
                format!("`{scenario}` ×{conns} ÷ `{base}` ×{conns}: {}", name(field))
            }
            Reads::CriterionRatio { id, base } => format!("criterion median of `{id}` ÷ `{base}`"),
        };
        let bound = |v: f64| match t.reads {
            Reads::OursOverEcho { .. } => format!("{v} × echo"),
            Reads::OursOverOurs { base, .. } => format!("{v} × `{base}`"),
            Reads::CriterionRatio { base, .. } => format!("{v} × `{base}`"),
            _ => t.reads.show(v),
        };
        let mut when = match t.limit {
            Limit::AtLeast(v) => format!("≥ {}", bound(v)),
            Limit::AtMost(v) => format!("≤ {}", bound(v)),
        };
        for c in t.requires {
            when.push_str(match c {
                Check::NoErrors => ", no errors in that round",
                Check::SomeEvents => ", at least one event answered",
                Check::SomeViews => ", at least one view joined",
                Check::AllViewsHeld => ", every view still answering",
                Check::NonZero => ", above zero",
            });
        }
        s.push_str(&format!("| {} | {} | {} | {judged} | {when} |\n", t.label, t.phoenix, t.lvjs));
    }
    s
}

/// What a run has for one target.
struct Reading<'a> {
    /// The figure the limit applies to.
    value: f64,
    /// Our figure (for a ratio target, the numerator).
    figure: f64,
    ours: Option<&'a Record>,
    lvjs: Option<&'a Record>,
    echo: Option<&'a Record>,
    /// For a ratio of two of our figures: the denominator.
    base: Option<f64>,
}

/// The one judgement: read the figure, apply the limit and the conditions, describe it.
fn evaluate(t: &Target, inp: &Inputs) -> TargetCheck {
    let Some(r) = t.reads.read(inp) else {
        return TargetCheck { target: t.label, measured: t.reads.missing(), status: Status::NotMeasured };
    };
    let met = t.limit.admits(r.value) && t.requires.iter().all(|c| c.holds(r.ours, r.value));
    let mut measured = fill(t, t.measured, &r);
    if r.lvjs.is_some() {
        measured.push_str(&fill(t, t.versus_lvjs, &r));
    }
    TargetCheck { target: t.label, measured, status: if met { Status::Met } else { Status::NotMet } }
}

impl Reads {
    fn read(self, inp: &Inputs) -> Option<Reading<'_>> {
        match self {
            Reads::Ours { scenario, conns, field } => {
                let o = inp.rec("ours", scenario, conns)?;
                let v = field.of(o);
                Some(Reading {
                    value: v,
                    figure: v,
                    ours: Some(o),
                    lvjs: inp.rec("lvjs", scenario, conns),
                    echo: None,
                    base: None,
                })
            }
            Reads::OursOverEcho { scenario, echo, conns, field } => {
                let o = inp.rec("ours", scenario, Some(conns))?;
                let e = inp.rec("echo", echo, Some(conns)).filter(|e| field.of(e) > 0.0)?;
                Some(Reading {
                    value: field.of(o) / field.of(e),
                    figure: field.of(o),
                    ours: Some(o),
                    lvjs: inp.rec("lvjs", scenario, Some(conns)),
                    echo: Some(e),
                    base: None,
                })
            }
            Reads::OursMinus { scenario, base, field } => {
                let o = inp.rec("ours", scenario, None)?;
                let b = inp.rec("ours", base, None)?;
                Some(Reading {
                    value: field.of(o) - field.of(b),
                    figure: field.of(o),
                    ours: Some(o),
                    lvjs: None,
                    echo: Some(b),
                    base: None,
                })
            }
            Reads::Criterion(id) => {
                let ns = inp.crit(id)?;
                Some(Reading { value: ns, figure: ns, ours: None, lvjs: None, echo: None, base: None })
            }
            Reads::OursOverOurs { scenario, base, conns, field } => {
                let o = inp.rec("ours", scenario, Some(conns))?;
                let b = inp.rec("ours", base, Some(conns)).filter(|b| field.of(b) > 0.0)?;
                Some(Reading {
                    value: field.of(o) / field.of(b),
                    figure: field.of(o),
                    ours: Some(o),
                    lvjs: None,
                    echo: None,
                    base: Some(field.of(b)),
                })
            }
            Reads::CriterionRatio { id, base } => {
                let (ns, base_ns) = (inp.crit(id)?, inp.crit(base).filter(|&b| b > 0.0)?);
                Some(Reading {
                    value: ns / base_ns,
                    figure: ns,
                    ours: None,
                    lvjs: None,
                    echo: None,
                    base: Some(base_ns),
                })
            }
        }
    }

    /// The figure of a server's round.
    fn of(self, r: Option<&Record>) -> Option<f64> {
        match self {
            Reads::Ours { field, .. }
            | Reads::OursOverEcho { field, .. }
            | Reads::OursMinus { field, .. }
            | Reads::OursOverOurs { field, .. } => Some(field.of(r?)),
            Reads::Criterion(_) | Reads::CriterionRatio { .. } => None,
        }
    }

    /// A figure in its unit.
    fn show(self, v: f64) -> String {
        match self {
            Reads::Ours { field, .. }
            | Reads::OursOverEcho { field, .. }
            | Reads::OursMinus { field, .. }
            | Reads::OursOverOurs { field, .. } => field.format(v),
            Reads::Criterion(_) | Reads::CriterionRatio { .. } => fmt_ns(v),
        }
    }

    fn missing(self) -> String {
        match self {
            Reads::Criterion(id) => format!("criterion `{id}` not found"),
            Reads::CriterionRatio { id, base } => format!("criterion `{id}` or `{base}` not found"),
            _ => "not measured".into(),
        }
    }
}

impl Limit {
    fn admits(self, v: f64) -> bool {
        match self {
            Limit::AtLeast(min) => v >= min,
            Limit::AtMost(max) => v <= max,
        }
    }
}

impl Check {
    fn holds(self, ours: Option<&Record>, value: f64) -> bool {
        match self {
            Check::NoErrors => ours.is_some_and(|o| o.errors.total() == 0),
            Check::SomeEvents => ours.is_some_and(|o| o.events > 0),
            Check::SomeViews => ours.is_some_and(|o| o.views > 0),
            Check::AllViewsHeld => ours.is_some_and(|o| o.views_alive == o.conns),
            Check::NonZero => value > 0.0,
        }
    }
}

/// Expands a template of `t` (see [`Target`]). A placeholder the reading cannot fill is a
/// mistake in [`TARGETS`], not in the run.
fn fill(t: &Target, template: &str, r: &Reading<'_>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(len) = rest[open..].find('}') else {
            panic!("TARGETS, {:?}: unclosed `{{` in {template:?}", t.label);
        };
        let key = &rest[open + 1..open + len];
        let (name, decimals) = key.split_once(":.").unwrap_or((key, "0"));
        let value = decimals.parse().ok().and_then(|d| placeholder(t.reads, r, name, d));
        let Some(value) = value else {
            panic!("TARGETS, {:?}: cannot fill `{{{key}}}` in {template:?}", t.label);
        };
        out.push_str(&value);
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

fn placeholder(reads: Reads, r: &Reading<'_>, name: &str, decimals: usize) -> Option<String> {
    let ratio = |a: Option<f64>, b: Option<f64>| Some(format!("{:.decimals$}", a? / b?.max(1e-9)));
    Some(match name {
        "ours" => reads.show(r.figure),
        "lvjs" => reads.show(reads.of(r.lvjs)?),
        "echo" => reads.show(reads.of(r.echo)?),
        "ours/echo" => ratio(Some(r.figure), reads.of(r.echo))?,
        "ours/lvjs" => ratio(Some(r.figure), reads.of(r.lvjs))?,
        "lvjs/ours" => ratio(reads.of(r.lvjs), Some(r.figure))?,
        // For `OursMinus`, the base scenario's round is kept in `echo`.
        "ours-base" => reads.show(r.value),
        "base" => reads.show(r.base?),
        "ratio" => format!("{:.decimals$}", r.value),
        "p99" => fmt_us(r.ours?.p99_us),
        "views" => r.ours?.views.to_string(),
        "conns" => r.ours?.conns.to_string(),
        "errors" => r.ours?.errors.total().to_string(),
        "id" => match reads {
            Reads::Criterion(id) => id.to_owned(),
            _ => return None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::CriterionResult;

    /// A round of `server` whose `field` reads `v`, clean otherwise.
    fn round(server: &str, scenario: &str, conns: u64, field: Field, v: f64) -> Record {
        let mut r = Record {
            server: server.into(),
            scenario: scenario.into(),
            conns,
            events: 1000,
            per_sec: 1000.0,
            views: conns,
            views_alive: conns,
            ..Record::default()
        };
        match field {
            Field::PerSec => r.per_sec = v,
            Field::P50 => r.p50_us = v,
            Field::P99 => r.p99_us = v,
            Field::ReplyBytes => r.bytes_per_reply = v,
            Field::JoinBytes => r.join_reply_bytes = v,
            Field::KibPerView => r.kib_per_view = v,
            Field::ViewsAlive => {
                (r.conns, r.views, r.views_alive) = (v as u64, v as u64, v as u64);
            }
            Field::MbPerSec => r.per_sec = v,
            Field::PeakRssGrowth => (r.rss_before_kib, r.rss_after_kib) = (1000, 1000 + v.ceil() as u64),
        }
        r
    }

    /// A run where target `t`'s figure reads `v`, LiveViewJS reading half of it.
    fn run_at(t: &Target, v: f64) -> Inputs {
        let mut inp = Inputs::default();
        match t.reads {
            Reads::Ours { scenario, conns, field } => {
                let c = conns.unwrap_or(100);
                inp.records.push(round("ours", scenario, c, field, v));
                inp.records.push(round("lvjs", scenario, c, field, v / 2.0));
            }
            Reads::OursOverEcho { scenario, echo, conns, field } => {
                inp.records.push(round("ours", scenario, conns, field, v * 100_000.0));
                inp.records.push(round("echo", echo, conns, field, 100_000.0));
                inp.records.push(round("lvjs", scenario, conns, field, v * 50_000.0));
            }
            Reads::OursMinus { scenario, base, field } => {
                inp.records.push(round("ours", base, 1000, field, 10.0));
                inp.records.push(round("ours", scenario, 1000, field, 10.0 + v));
            }
            Reads::Criterion(id) => inp.criterion.push(CriterionResult { id: id.into(), median_ns: v }),
            Reads::OursOverOurs { scenario, base, conns, field } => {
                inp.records.push(round("ours", scenario, conns, field, v * 100_000.0));
                inp.records.push(round("ours", base, conns, field, 100_000.0));
            }
            Reads::CriterionRatio { id, base } => {
                inp.criterion.push(CriterionResult { id: id.into(), median_ns: v * 1000.0 });
                inp.criterion.push(CriterionResult { id: base.into(), median_ns: 1000.0 });
            }
        }
        inp
    }

    fn limit(t: &Target) -> f64 {
        match t.limit {
            Limit::AtLeast(v) | Limit::AtMost(v) => v,
        }
    }

    #[test]
    fn every_target_is_met_on_its_good_side_of_the_limit_and_not_just_past_it() {
        for t in TARGETS {
            let at = limit(t);
            let step = at * 0.001;
            let (good, bad) = match t.limit {
                Limit::AtLeast(_) => (at + step, at - step),
                Limit::AtMost(_) => (at - step, at + step),
            };
            for (v, want) in [(at, Status::Met), (good, Status::Met), (bad, Status::NotMet)] {
                let c = evaluate(t, &run_at(t, v));
                assert_eq!(c.status, want, "{} at {v}: {}", t.label, c.measured);
            }
        }
    }

    #[test]
    fn a_target_without_its_round_is_not_measured() {
        let checks = targets(&Inputs::default());
        assert_eq!(checks.len(), TARGETS.len());
        for c in &checks {
            assert_eq!(c.status, Status::NotMeasured, "{}", c.target);
        }
        assert_eq!(checks[4].measured, "criterion `list_one_row_change/1000` not found");
        assert_eq!(checks[0].measured, "not measured");
    }

    #[test]
    fn a_round_with_errors_or_lost_views_does_not_meet_its_target() {
        let counter = &TARGETS[0];
        let mut inp = run_at(counter, 0.9);
        assert_eq!(evaluate(counter, &inp).status, Status::Met);
        inp.records[0].errors.timeouts = 1;
        assert_eq!(evaluate(counter, &inp).status, Status::NotMet);

        let scale = &TARGETS[8];
        let mut inp = run_at(scale, 10_000.0);
        assert_eq!(evaluate(scale, &inp).status, Status::Met);
        inp.records[0].conns = 10_001;
        let c = evaluate(scale, &inp);
        assert_eq!(c.status, Status::NotMet);
        assert_eq!(c.measured, "10000 of 10001 views joined and answering, 0 errors");
    }

    #[test]
    fn a_ratio_target_needs_the_echo_round() {
        let mut inp = run_at(&TARGETS[0], 0.9);
        inp.records.retain(|r| r.server != "echo");
        assert_eq!(evaluate(&TARGETS[0], &inp).status, Status::NotMeasured);
    }

    #[test]
    fn readme_lists_the_targets_the_report_checks() {
        let readme = include_str!("../../README.md");
        let table = reference_table();
        assert!(readme.contains(&table), "bench/README.md § Targets should hold exactly:\n{table}");
    }
}
