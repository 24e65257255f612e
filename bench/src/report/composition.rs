//! The live routes served bare (`liveview::serve`) and inside the gallery's axum app
//! (`LiveService` as the fallback of an `axum::Router`): the cost of the composition.

use super::format::{fmt_rate, fmt_us};
use super::inputs::Inputs;
use std::fmt::Write as _;

/// The composition may cost at most this fraction of the bare server's `/counter` ×10 rate.
pub const MAX_AXUM_COST: f64 = 0.05;

/// The table, or nothing when the axum app was not measured.
pub fn composition(inp: &Inputs) -> String {
    let mut t = String::new();
    for conns in [1, 10, 100] {
        let (Some(bare), Some(axum)) =
            (inp.rec("ours", "counter", Some(conns)), inp.rec("axum", "counter", Some(conns)))
        else {
            continue;
        };
        if t.is_empty() {
            t.push_str("| scenario | metric | bare (`liveview::serve`) | inside axum | axum / bare |\n");
            t.push_str("| --- | --- | ---: | ---: | ---: |\n");
        }
        let ratio = |a: f64, b: f64| if b > 0.0 { format!("{:.3}", a / b) } else { "—".into() };
        let label = format!("`/counter` clicks, {conns} conn");
        let _ = writeln!(
            t,
            "| {label} | events/s | {} | {} | {} |",
            fmt_rate(bare.per_sec),
            fmt_rate(axum.per_sec),
            ratio(axum.per_sec, bare.per_sec)
        );
        let _ = writeln!(
            t,
            "| {label} | p50 latency | {} | {} | {} |",
            fmt_us(bare.p50_us),
            fmt_us(axum.p50_us),
            ratio(axum.p50_us, bare.p50_us)
        );
        let _ = writeln!(
            t,
            "| {label} | p99 latency | {} | {} | {} |",
            fmt_us(bare.p99_us),
            fmt_us(axum.p99_us),
            ratio(axum.p99_us, bare.p99_us)
        );
    }
    if let (Some(bare), Some(axum)) = (inp.rec("ours", "counter", Some(10)), inp.rec("axum", "counter", Some(10))) {
        let met = bare.per_sec > 0.0 && axum.per_sec >= bare.per_sec * (1.0 - MAX_AXUM_COST);
        let _ = writeln!(
            t,
            "\nTarget: `/counter` ×10 through axum within {:.0} % of the bare server: **{}** ({} vs {}).",
            MAX_AXUM_COST * 100.0,
            if met { "met" } else { "not met" },
            fmt_rate(axum.per_sec),
            fmt_rate(bare.per_sec)
        );
    }
    t
}
