//! The "Scaling" section: `/list` events/s and server CPU per event at 100, 1,000 and 10,000
//! rows, and idle `/counter` memory per view at 1,000, 5,000 and 10,000 views (ours only).

use super::format::{fmt_ns, fmt_rate, fmt_us};
use super::inputs::Inputs;
use crate::scenario::{LIST_ROWS, list_rows, list_scenario};
use crate::stats::Record;
use std::fmt::Write as _;

/// The list sizes the section always has a row for (more when the run has other `list-<N>`).
const LIST_SIZES: &[u64] = &[100, 1000, 10_000];
/// The scaling list runs' connections (`run.sh`), as the main table's `list` row.
const LIST_CONNS: u64 = 10;
/// The idle-counter scenarios the section always has a row for, with the count each holds
/// (`idle-counter`'s count is whatever the run used, `IDLE_VIEWS`).
const IDLE_ROWS: &[(&str, Option<u64>)] =
    &[("idle-counter-1000", Some(1000)), ("idle-counter-5000", Some(5000)), ("idle-counter", None)];

/// The two tables, or nothing when the run has none of their figures.
pub fn scaling(inp: &Inputs) -> String {
    let ours = |scenario: &str, conns| inp.rec("ours", scenario, conns);
    let mut sizes: Vec<u64> = LIST_SIZES.to_vec();
    sizes.extend(inp.records.iter().filter(|r| r.server == "ours").filter_map(|r| list_rows(&r.scenario)));
    sizes.sort_unstable();
    sizes.dedup();
    let mut idle: Vec<(String, Option<u64>)> = IDLE_ROWS.iter().map(|&(s, n)| (s.to_owned(), n)).collect();
    for r in inp.records.iter().filter(|r| r.server == "ours") {
        if let Some(n) = r.scenario.strip_prefix("idle-counter-").and_then(|n| n.parse().ok())
            && idle.iter().all(|(s, _)| *s != r.scenario)
        {
            idle.push((r.scenario.clone(), Some(n)));
        }
    }
    let count = |(s, n): &(String, Option<u64>)| n.or_else(|| ours(s, None).map(|r| r.conns)).unwrap_or(u64::MAX);
    idle.sort_by_key(count);

    let crit = |rows: u64| inp.crit(&format!("list_one_row_change/{rows}"));
    let any = sizes.iter().any(|&n| ours(&list_scenario(n), Some(LIST_CONNS)).is_some() || crit(n).is_some())
        || idle.iter().any(|(s, _)| ours(s, None).is_some());
    if !any {
        return String::new();
    }

    let flag = |r: &Record, conns| {
        let e = inp.errors_all("ours", &r.scenario, conns);
        if e > 0 { format!(" ⚠ {e} err") } else { String::new() }
    };
    let mut t = String::new();
    t.push_str(&format!(
        "| `/list` rows | events/s ({LIST_CONNS} conn) | server CPU per event | vs {LIST_ROWS} rows | p99 latency \
         | bytes per reply frame | in-process (criterion median) |\n"
    ));
    t.push_str("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    let cpu = |r: Option<&Record>| r.map(|r| r.cpu_us_per_event).filter(|&c| c > 0.0);
    let base = cpu(ours(&list_scenario(LIST_ROWS), Some(LIST_CONNS)));
    for &n in &sizes {
        let name = list_scenario(n);
        let r = ours(&name, Some(LIST_CONNS));
        let crit = crit(n).map_or_else(|| "not run".to_owned(), fmt_ns);
        let Some(r) = r else {
            let _ = writeln!(t, "| {n} | not measured (`{name}`) | — | — | — | — | {crit} |");
            continue;
        };
        let (cpu_cell, vs) = match (cpu(Some(r)), base) {
            (Some(c), Some(b)) => (fmt_ns(c * 1000.0), format!("{:.2}", c / b)),
            (Some(c), None) => (fmt_ns(c * 1000.0), "—".into()),
            (None, _) => ("— (no `--pid`)".into(), "—".into()),
        };
        let _ = writeln!(
            t,
            "| {n} | {}{} | {cpu_cell} | {vs} | {} | {:.0} B | {crit} |",
            fmt_rate(r.per_sec),
            flag(r, Some(LIST_CONNS)),
            fmt_us(r.p99_us),
            r.bytes_per_reply
        );
    }

    t.push_str("\n| idle `/counter` views | RSS growth per view | server RSS before → with every view joined | views held (answered a heartbeat) |\n");
    t.push_str("| ---: | ---: | ---: | ---: |\n");
    for (name, n) in &idle {
        let Some(r) = ours(name, None) else {
            let views = n.map_or_else(|| "—".to_owned(), |n| n.to_string());
            let _ = writeln!(t, "| {views} (`{name}`) | not measured | — | — |");
            continue;
        };
        // `idle_views` reads RSS only with `--pid`.
        let kib = if r.rss_before_kib > 0 || r.kib_per_view != 0.0 {
            format!("{:.1} KiB{}", r.kib_per_view, flag(r, None))
        } else {
            format!("— (no `--pid`){}", flag(r, None))
        };
        let rss = if r.rss_before_kib > 0 {
            format!("{:.1} → {:.1} MiB", r.rss_before_kib as f64 / 1024.0, r.rss_after_kib as f64 / 1024.0)
        } else {
            "—".into()
        };
        let _ = writeln!(t, "| {} (`{name}`) | {kib} | {rss} | {} of {} |", r.conns, r.views_alive, r.conns);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::CriterionResult;

    fn list(scenario: &str, per_sec: f64, cpu_us: f64) -> Record {
        Record {
            server: "ours".into(),
            scenario: scenario.into(),
            conns: 10,
            per_sec,
            events: (per_sec * 5.0) as u64,
            p99_us: 250.0,
            bytes_per_reply: 123.0,
            cpu_us_per_event: cpu_us,
            server_cpu_seconds: cpu_us * per_sec * 5.0 / 1e6,
            ..Record::default()
        }
    }

    fn idle(scenario: &str, views: u64, before: u64, after: u64) -> Record {
        Record {
            server: "ours".into(),
            scenario: scenario.into(),
            conns: views,
            views,
            views_alive: views,
            rss_before_kib: before,
            rss_after_kib: after,
            kib_per_view: (after - before) as f64 / views as f64,
            per_sec: 5000.0,
            ..Record::default()
        }
    }

    #[test]
    fn no_scaling_figures_no_section() {
        let mut inp = Inputs::default();
        assert_eq!(scaling(&inp), "");
        inp.records.push(list("counter", 80_000.0, 12.0));
        inp.records.push(Record { server: "lvjs".into(), ..list("list", 2_000.0, 400.0) });
        assert_eq!(scaling(&inp), "", "counters and the peers' lists are not scaling rows");
    }

    #[test]
    fn list_rows_show_rate_cpu_per_event_and_its_growth_over_100_rows() {
        let mut inp = Inputs::default();
        inp.records.push(list("list", 50_000.0, 18.0));
        inp.records.push(list("list", 55_000.0, 18.2)); // the best round is shown
        inp.records.push(list("list-1000", 30_000.0, 33.3));
        let mut big = list("list-10000", 6_000.0, 0.0); // ran without --pid
        big.errors.timeouts = 2;
        inp.records.push(big);
        inp.criterion.push(CriterionResult { id: "list_one_row_change/10000".into(), median_ns: 250_000.0 });
        let t = scaling(&inp);
        for row in [
            "| 100 | 55.0k/s | 18.2 µs | 1.00 | 250 µs | 123 B | not run |",
            "| 1000 | 30.0k/s | 33.3 µs | 1.83 | 250 µs | 123 B | not run |",
            "| 10000 | 6.00k/s ⚠ 2 err | — (no `--pid`) | — | 250 µs | 123 B | 250.0 µs |",
        ] {
            assert!(t.contains(&format!("{row}\n")), "missing {row}\n{t}");
        }
        assert!(t.contains("| — (`idle-counter`) | not measured | — | — |"), "{t}");
        assert!(t.contains("| 1000 (`idle-counter-1000`) | not measured | — | — |"), "{t}");
    }

    #[test]
    fn a_missing_list_size_says_so_and_other_sizes_get_rows_in_order() {
        let mut inp = Inputs::default();
        inp.records.push(list("list-1000", 30_000.0, 33.3));
        inp.records.push(list("list-2500", 20_000.0, 50.0));
        let t = scaling(&inp);
        let at = |needle: &str| t.find(needle).unwrap_or_else(|| panic!("no {needle:?} in\n{t}"));
        assert!(t.contains("| 100 | not measured (`list`) | — | — | — | — | not run |\n"), "{t}");
        assert!(t.contains("| 1000 | 30.0k/s | 33.3 µs | — | 250 µs | 123 B | not run |\n"), "no 100-row base: {t}");
        assert!(t.contains("| 10000 | not measured (`list-10000`) |"), "{t}");
        assert!(at("| 100 |") < at("| 1000 |") && at("| 1000 |") < at("| 2500 |") && at("| 2500 |") < at("| 10000 |"));
    }

    #[test]
    fn idle_rows_show_memory_per_view_at_each_count_in_order() {
        let mut inp = Inputs::default();
        inp.records.push(idle("idle-counter", 10_000, 20_480, 112_640));
        inp.records.push(idle("idle-counter-1000", 1000, 20_480, 29_696));
        let mut mid = idle("idle-counter-5000", 5000, 20_480, 66_560);
        mid.views_alive = 4990;
        mid.errors.disconnects = 10;
        inp.records.push(mid);
        inp.records.push(idle("idle-list", 1000, 20_480, 34_816));
        let t = scaling(&inp);
        let rows = [
            "| 1000 (`idle-counter-1000`) | 9.2 KiB | 20.0 → 29.0 MiB | 1000 of 1000 |",
            "| 5000 (`idle-counter-5000`) | 9.2 KiB ⚠ 10 err | 20.0 → 65.0 MiB | 4990 of 5000 |",
            "| 10000 (`idle-counter`) | 9.2 KiB | 20.0 → 110.0 MiB | 10000 of 10000 |",
        ];
        let mut last = 0;
        for row in rows {
            let at = t.find(&format!("{row}\n")).unwrap_or_else(|| panic!("missing {row}\n{t}"));
            assert!(at > last, "in order of views: {t}");
            last = at;
        }
        assert!(!t.contains("idle-list"), "{t}");
        assert!(t.contains("| 100 | not measured (`list`) |"), "the list table says what is missing: {t}");
    }

    #[test]
    fn idle_rows_without_a_pid_have_no_memory_figure() {
        let mut inp = Inputs::default();
        inp.records.push(idle("idle-counter-1000", 1000, 0, 0));
        let t = scaling(&inp);
        assert!(t.contains("| 1000 (`idle-counter-1000`) | — (no `--pid`) | — | 1000 of 1000 |\n"), "{t}");
    }
}
