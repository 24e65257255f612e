//! Number formatting shared by the report's tables: rates, latencies, criterion times.

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
