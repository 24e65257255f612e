//! Outage bookkeeping shared by the subscriber and publisher tasks: one `warn` per outage, one
//! `info` on recovery, and the reconnect backoff.

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::Duration;

/// Which connection a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Link {
    Subscriber = 1,
    Publisher = 2,
}

impl Link {
    fn name(self) -> &'static str {
        match self {
            Link::Subscriber => "subscriber",
            Link::Publisher => "publisher",
        }
    }
}

/// Which connections are down, and what was lost meanwhile.
#[derive(Debug, Default)]
pub(crate) struct Health {
    down: AtomicU8,
    /// Dropped during the current outage (reported on recovery).
    dropped: AtomicU64,
    /// Dropped since start, for any reason.
    dropped_total: AtomicU64,
    /// Dropped since start because the publish queue was full.
    queue_full: AtomicU64,
}

impl Health {
    /// `link` is down. Logs a warning if it is the start of an outage.
    pub(crate) fn lost(&self, link: Link, error: &dyn std::fmt::Display) {
        let before = self.down.fetch_or(link as u8, Ordering::AcqRel);
        if before == 0 {
            tracing::warn!(
                connection = link.name(),
                %error,
                "Redis unreachable: broadcasts are dropped until it is back; reconnecting"
            );
        } else {
            tracing::debug!(connection = link.name(), %error, "Redis still unreachable");
        }
    }

    /// `link` is up again. Logs the recovery when no connection is down any more.
    pub(crate) fn restored(&self, link: Link) {
        let before = self.down.fetch_and(!(link as u8), Ordering::AcqRel);
        if before == link as u8 {
            let dropped = self.dropped.swap(0, Ordering::AcqRel);
            tracing::info!(dropped_broadcasts = dropped, "Redis reachable again; subscriptions restored");
        }
    }

    /// Counts broadcasts dropped during an outage (reported on recovery).
    pub(crate) fn dropped(&self, n: usize) {
        self.dropped.fetch_add(n as u64, Ordering::AcqRel);
        self.dropped_total.fetch_add(n as u64, Ordering::AcqRel);
        tracing::debug!(n, "Redis unreachable: broadcasts dropped");
    }

    /// Counts a broadcast dropped because the publish queue was full; returns how many were,
    /// so far.
    pub(crate) fn dropped_queue_full(&self) -> u64 {
        self.dropped_total.fetch_add(1, Ordering::AcqRel);
        self.queue_full.fetch_add(1, Ordering::AcqRel) + 1
    }

    /// Broadcasts dropped since start.
    pub(crate) fn dropped_total(&self) -> u64 {
        self.dropped_total.load(Ordering::Acquire)
    }

    /// Whether every connection is up, as far as this node has noticed.
    pub(crate) fn is_up(&self) -> bool {
        self.down.load(Ordering::Acquire) == 0
    }
}

/// Exponential backoff with jitter: 50 ms, 100 ms, 200 ms ... up to `max`.
#[derive(Debug)]
pub(crate) struct Backoff {
    next: Duration,
    max: Duration,
}

const MIN_DELAY: Duration = Duration::from_millis(50);

impl Backoff {
    pub(crate) fn new(max: Duration) -> Self {
        Backoff { next: MIN_DELAY.min(max), max }
    }

    /// The delay before the next attempt (±25 % jitter, so nodes do not reconnect in lockstep).
    pub(crate) fn next_delay(&mut self) -> Duration {
        let base = self.next;
        self.next = (self.next * 2).min(self.max);
        let quarter = base / 4;
        let jitter = quarter.mul_f64(2.0 * random_unit());
        base - quarter + jitter
    }

    pub(crate) fn reset(&mut self) {
        self.next = MIN_DELAY.min(self.max);
    }
}

/// A number in [0, 1) that differs between calls (good enough for jitter).
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_with_bounded_jitter_and_resets() {
        let mut b = Backoff::new(Duration::from_millis(400));
        let bases = [50u64, 100, 200, 400, 400, 400];
        for base in bases {
            let d = b.next_delay();
            let base = Duration::from_millis(base);
            assert!(d >= base - base / 4 && d <= base + base / 4, "{d:?} not within 25% of {base:?}");
        }
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(63));
    }

    #[test]
    fn an_outage_ends_when_every_connection_is_back() {
        let h = Health::default();
        assert!(h.is_up());
        h.lost(Link::Subscriber, &"eof");
        h.lost(Link::Publisher, &"eof");
        h.dropped(3);
        h.restored(Link::Subscriber);
        assert!(!h.is_up(), "the publisher is still down");
        h.restored(Link::Publisher);
        assert!(h.is_up());
        assert_eq!(h.dropped.load(Ordering::Relaxed), 0, "the count is reported and reset on recovery");
    }
}
