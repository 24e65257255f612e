//! The figures of a scenario record the tables show: how to read, format and compare each.

use super::format::{fmt_rate, fmt_us};
use crate::stats::Record;

/// A figure of a scenario record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
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
    /// Upload throughput, MB/s (10^6 bytes).
    MbPerSec,
    /// Peak server RSS growth during the run, KiB.
    PeakRssGrowth,
}

impl Field {
    pub(super) fn of(self, r: &Record) -> f64 {
        match self {
            Field::PerSec => r.per_sec,
            Field::P50 => r.p50_us,
            Field::P99 => r.p99_us,
            Field::ReplyBytes => r.bytes_per_reply,
            Field::JoinBytes => r.join_reply_bytes,
            Field::KibPerView => r.kib_per_view,
            Field::ViewsAlive => r.views_alive as f64,
            Field::MbPerSec => r.per_sec,
            Field::PeakRssGrowth => r.rss_after_kib.saturating_sub(r.rss_before_kib) as f64,
        }
    }

    pub(super) fn format(self, v: f64) -> String {
        match self {
            Field::PerSec => fmt_rate(v),
            Field::P50 | Field::P99 => fmt_us(v),
            Field::ReplyBytes | Field::JoinBytes => format!("{v:.0} B"),
            Field::KibPerView => format!("{v:.1} KiB"),
            Field::ViewsAlive => format!("{v:.0}"),
            Field::MbPerSec => format!("{v:.1} MB/s"),
            Field::PeakRssGrowth => format!("{v:.0} KiB"),
        }
    }

    /// How many times better `ours` is than `other`: > 1 means ours wins.
    pub(super) fn advantage(self, ours: f64, other: f64) -> Option<f64> {
        if ours <= 0.0 || other <= 0.0 || !ours.is_finite() || !other.is_finite() {
            return None;
        }
        Some(match self {
            Field::PerSec | Field::ViewsAlive | Field::MbPerSec => ours / other,
            Field::P50
            | Field::P99
            | Field::ReplyBytes
            | Field::JoinBytes
            | Field::KibPerView
            | Field::PeakRssGrowth => other / ours,
        })
    }
}
