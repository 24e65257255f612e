//! Soak: thousands of sockets held for minutes, each joined to `/counter` and clicking
//! periodically; every reply is checked. Ignored by default (it takes minutes); run it against
//! a release build of the gallery in its own process, so that its memory is measured alone:
//!
//! ```sh
//! cargo build --release -p liveview-examples --bin gallery
//! ulimit -n 65536
//! target/release/gallery --addr 127.0.0.1:4200 & GALLERY=$!
//! SOAK_ADDR=127.0.0.1:4200 SOAK_PID=$GALLERY \
//!     cargo test --release -p liveview-tests --test soak -- --ignored --nocapture
//! kill $GALLERY
//! ```
//!
//! Knobs: `SOAK_CONNS` (10000), `SOAK_SECONDS` held (300), `SOAK_EVERY` seconds between one
//! socket's clicks (10), `SOAK_ADDR` (else a gallery in this process), `SOAK_PID` (the server
//! whose VmRSS is reported; else this process).

mod support;

use futures_util::StreamExt;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::{Client, Page, get, start_gallery};

const WAIT: Duration = Duration::from_secs(10);

fn env(k: &str, default: u64) -> u64 {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn rss_mib(pid: Option<u32>) -> f64 {
    let path = pid.map_or("/proc/self/status".to_owned(), |p| format!("/proc/{p}/status"));
    let status = std::fs::read_to_string(path).unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

#[derive(Default)]
struct Stats {
    connect_errors: AtomicU64,
    join_errors: AtomicU64,
    event_errors: AtomicU64,
    heartbeat_errors: AtomicU64,
    events: AtomicU64,
    slowest_ms: AtomicU64,
}

impl Stats {
    fn errors(&self) -> u64 {
        [&self.connect_errors, &self.join_errors, &self.event_errors, &self.heartbeat_errors]
            .iter()
            .map(|a| a.load(Ordering::Relaxed))
            .sum()
    }
}

/// Connects and joins `/counter`: the client, its topic and join ref.
async fn open(addr: SocketAddr, page: &Page, stats: &Stats) -> Option<(Client, String, String)> {
    let mut c = match Client::try_connect(addr, page).await {
        Ok(c) => c,
        Err(e) => {
            if stats.connect_errors.fetch_add(1, Ordering::Relaxed) < 5 {
                eprintln!("connect: {e}");
            }
            return None;
        }
    };
    let topic = format!("lv:{}", page.view_id);
    let jr = c.next_ref();
    let payload = json!({
        "url": format!("http://{addr}/counter"),
        "params": {"_csrf_token": page.csrf, "_mounts": 0},
        "session": page.session,
        "static": page.static_token,
    });
    let sent = c.send_message(json!([jr, jr, topic, "phx_join", payload]).to_string().into()).await;
    match c.reply_to(&jr, WAIT).await {
        Ok((_, reply)) if sent && reply[4]["status"] == "ok" => Some((c, topic, jr)),
        other => {
            if stats.join_errors.fetch_add(1, Ordering::Relaxed) < 5 {
                eprintln!("join: {other:?}");
            }
            None
        }
    }
}

/// Clicks `inc` every `every` (after `offset`) until `until`, checking each reply's count;
/// heartbeats every 30 s like the JS client. Returns the client (still open) on success.
async fn hold(
    (mut c, topic, jr): (Client, String, String),
    offset: Duration,
    every: Duration,
    until: Instant,
    stats: Arc<Stats>,
) -> Option<Client> {
    tokio::time::sleep(offset).await;
    let (mut count, mut last_beat) = (0u64, Instant::now());
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if Instant::now() >= until {
            return Some(c);
        }
        if last_beat.elapsed() >= Duration::from_secs(30) {
            last_beat = Instant::now();
            if let Err(e) = c.heartbeat().await {
                if stats.heartbeat_errors.fetch_add(1, Ordering::Relaxed) < 5 {
                    eprintln!("heartbeat: {e}");
                }
                return None;
            }
        }
        let started = Instant::now();
        let r = c.click(&topic, &jr, "inc", json!({})).await;
        count += 1;
        match c.reply_to(&r, WAIT).await {
            Ok((_, reply))
                if reply[4]["status"] == "ok"
                    && reply[4]["response"]["diff"].to_string().contains(&format!("\"{count}\"")) =>
            {
                stats.events.fetch_add(1, Ordering::Relaxed);
                stats.slowest_ms.fetch_max(started.elapsed().as_millis() as u64, Ordering::Relaxed);
            }
            other => {
                if stats.event_errors.fetch_add(1, Ordering::Relaxed) < 5 {
                    eprintln!("event {count}: {other:?}");
                }
                return None;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "minutes long: run explicitly with --ignored (see the file's header)"]
async fn soak_thousands_of_sockets_held_with_periodic_events() {
    let conns = env("SOAK_CONNS", 10_000) as usize;
    let hold_for = Duration::from_secs(env("SOAK_SECONDS", 300));
    let every = Duration::from_secs(env("SOAK_EVERY", 10).max(1));
    let pid = std::env::var("SOAK_PID").ok().and_then(|p| p.parse::<u32>().ok());
    let (addr, _stop) = match std::env::var("SOAK_ADDR").ok().and_then(|a| a.parse().ok()) {
        Some(a) => (a, None),
        None => {
            let (a, stop) = start_gallery().await;
            (a, Some(stop))
        }
    };
    let stats = Arc::new(Stats::default());
    let rss_start = rss_mib(pid);

    // Ramp: one page per ten sockets (tabs of one browser), 100 connections in flight.
    let started = Instant::now();
    let mut pages = Vec::new();
    for _ in 0..conns.div_ceil(10) {
        pages.push(get(addr, "/counter", None).await);
    }
    let opened: Vec<_> = futures_util::stream::iter(0..conns)
        .map(|i| {
            let page = pages[i / 10].clone();
            let stats = stats.clone();
            async move { open(addr, &page, &stats).await }
        })
        .buffer_unordered(100)
        .filter_map(|o| async move { o })
        .collect()
        .await;
    let ramp = started.elapsed();
    let rss_ramped = rss_mib(pid);
    eprintln!(
        "soak: {} of {conns} sockets joined in {:.1} s; server RSS {rss_start:.1} -> {rss_ramped:.1} MiB",
        opened.len(),
        ramp.as_secs_f64()
    );

    // Hold: every socket clicks every `every`, spread evenly.
    let until = Instant::now() + hold_for;
    let n = opened.len().max(1) as u32;
    let tasks: Vec<_> = opened
        .into_iter()
        .enumerate()
        .map(|(i, o)| tokio::spawn(hold(o, every * i as u32 / n, every, until, stats.clone())))
        .collect();
    let progress = {
        let stats = stats.clone();
        tokio::spawn(async move {
            let t0 = Instant::now();
            loop {
                tokio::time::sleep(Duration::from_secs(30)).await;
                eprintln!(
                    "soak: {:>4.0} s, {} events, {} errors, slowest reply {} ms, server RSS {:.1} MiB",
                    t0.elapsed().as_secs_f64(),
                    stats.events.load(Ordering::Relaxed),
                    stats.errors(),
                    stats.slowest_ms.load(Ordering::Relaxed),
                    rss_mib(pid)
                );
            }
        })
    };
    let mut alive = Vec::new();
    for t in tasks {
        if let Ok(Some(c)) = t.await {
            alive.push(c);
        }
    }
    progress.abort();
    let rss_held = rss_mib(pid);
    let still_joined = alive.len();
    drop(alive);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rss_closed = rss_mib(pid);
    let events = stats.events.load(Ordering::Relaxed);
    eprintln!(
        "soak: {still_joined} sockets held {:.0} s; {events} events ({:.0}/s), {} errors (connect {}, join {}, event {}, heartbeat {}), slowest reply {} ms; server RSS start {rss_start:.1}, ramped {rss_ramped:.1}, end of hold {rss_held:.1}, after close {rss_closed:.1} MiB",
        hold_for.as_secs_f64(),
        events as f64 / hold_for.as_secs_f64(),
        stats.errors(),
        stats.connect_errors.load(Ordering::Relaxed),
        stats.join_errors.load(Ordering::Relaxed),
        stats.event_errors.load(Ordering::Relaxed),
        stats.heartbeat_errors.load(Ordering::Relaxed),
        stats.slowest_ms.load(Ordering::Relaxed),
    );
    assert_eq!(stats.errors(), 0);
    assert_eq!(still_joined, conns);
    assert!(rss_held < rss_ramped + 64.0, "server memory grew while holding: {rss_ramped:.1} -> {rss_held:.1} MiB");
}
