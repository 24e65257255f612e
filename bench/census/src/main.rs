//! `heap-census`: where the bytes of an idle view go. The example gallery served bare, as
//! `bench/run.sh` serves it (same routes, same allocator: mimalloc), with a counting allocator
//! around it.
//! `bench/census.sh` drives it with `lvbench`; by hand:
//!
//! ```text
//! heap-census --addr 127.0.0.1:4100 --per 2000 &
//! lvbench run --base http://127.0.0.1:4100 --scenario idle-counter --views 2000 --pid $! --census --out /dev/null
//! ```
//!
//! `lvbench --census` sends SIGUSR1 just before it opens the views and again once they are all
//! open and idle; at the second signal this prints what the heap gained between the two, divided
//! by `--per`: bytes and allocations per view, then every allocation size that grew, with the
//! places (backtraces, taken between the signals) where up to eight sampled live allocations of
//! that size were made and how many of the samples each place holds: they name the structures
//! that hold the bytes. Sizes are the ones asked for (`Layout::size`); mimalloc rounds each
//! up to its size class, which is most of the gap between the heap figure and RSS growth.
//!
//! Release builds keep line tables (`[profile.release] debug = 1`), so the backtraces name
//! files and lines. Counting costs an atomic add per allocation: figures of throughput from
//! this binary mean nothing; only its heap counts do.

use std::alloc::{GlobalAlloc, Layout};
use std::backtrace::Backtrace;
use std::cell::Cell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU64, AtomicUsize, Ordering::Relaxed};

const USAGE: &str = "usage: heap-census [--addr HOST:PORT] --per N";

/// Sizes up to this many bytes are counted exactly (one bucket per 8 bytes); larger ones by
/// powers of two.
const EXACT: usize = 4096;
const BUCKETS: usize = EXACT / 8 + 1 + 64;
/// Backtraces kept per bucket: a size can be held by more than one structure.
const SLOTS: usize = 8;
/// One allocation in this many of a bucket is a candidate for a free backtrace slot, so a size
/// that churns (allocated and freed around every event) does not capture on every allocation.
const SAMPLE_EVERY: u64 = 61;

fn bucket(size: usize) -> usize {
    if size <= EXACT { size.div_ceil(8) } else { EXACT / 8 + 1 + (usize::BITS - (size - 1).leading_zeros()) as usize }
}

/// The size a bucket stands for: exact up to [`EXACT`], else the top of its power of two.
fn bucket_size(b: usize) -> usize {
    if b <= EXACT / 8 { b * 8 } else { 1 << (b - (EXACT / 8 + 1)) }
}

/// The sizes a bucket stands for, for the report.
fn bucket_label(b: usize) -> String {
    if b <= EXACT / 8 {
        format!("{}", b * 8)
    } else {
        let bits = b - (EXACT / 8 + 1);
        format!("{}..{}", (1usize << (bits - 1)) + 1, 1usize << bits)
    }
}

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);
static LIVE_COUNT: AtomicIsize = AtomicIsize::new(0);
static HIST: [AtomicIsize; BUCKETS] = [const { AtomicIsize::new(0) }; BUCKETS];
static SEEN: [AtomicU64; BUCKETS] = [const { AtomicU64::new(0) }; BUCKETS];
/// The address of each sampled allocation (0: the slot is free); its backtrace beside it.
static SAMPLE_PTR: [[AtomicUsize; SLOTS]; BUCKETS] = [const { [const { AtomicUsize::new(0) }; SLOTS] }; BUCKETS];
static SAMPLE_BT: [[Mutex<Option<Backtrace>>; SLOTS]; BUCKETS] =
    [const { [const { Mutex::new(None) }; SLOTS] }; BUCKETS];
/// Sampling runs between the two signals only.
static SAMPLING: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set while this thread captures a backtrace: its own allocations are counted but not
    /// sampled (that would recurse).
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
}

struct Census(mimalloc::MiMalloc);

#[global_allocator]
static GLOBAL: Census = Census(mimalloc::MiMalloc);

impl Census {
    fn gained(ptr: *mut u8, size: usize) {
        LIVE_BYTES.fetch_add(size as isize, Relaxed);
        LIVE_COUNT.fetch_add(1, Relaxed);
        let b = bucket(size);
        HIST[b].fetch_add(1, Relaxed);
        if !SAMPLING.load(Relaxed) || !SEEN[b].fetch_add(1, Relaxed).is_multiple_of(SAMPLE_EVERY) {
            return;
        }
        // try_with: during a thread's teardown the flag is gone; such allocations go unsampled.
        let _ = CAPTURING.try_with(|capturing| {
            if capturing.get() {
                return;
            }
            let Some(slot) =
                (0..SLOTS).find(|&i| SAMPLE_PTR[b][i].compare_exchange(0, ptr as usize, Relaxed, Relaxed).is_ok())
            else {
                return;
            };
            capturing.set(true);
            let bt = Backtrace::force_capture();
            // The slot may have been freed meanwhile; the report checks the address again.
            if let Ok(mut kept) = SAMPLE_BT[b][slot].lock() {
                *kept = Some(bt);
            }
            capturing.set(false);
        });
    }

    fn lost(ptr: *mut u8, size: usize) {
        LIVE_BYTES.fetch_sub(size as isize, Relaxed);
        LIVE_COUNT.fetch_sub(1, Relaxed);
        let b = bucket(size);
        HIST[b].fetch_sub(1, Relaxed);
        for slot in &SAMPLE_PTR[b] {
            // Freed: the slot takes another sample (its stale backtrace is replaced then).
            let _ = slot.compare_exchange(ptr as usize, 0, Relaxed, Relaxed);
        }
    }
}

// SAFETY: every call goes to mimalloc unchanged; the bookkeeping around it only reads the
// layout and the returned address, and never allocates except through this allocator with the
// recursion guarded (CAPTURING). The one unsafe code of the workspace (see Cargo.toml).
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Census {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { self.0.alloc(layout) };
        if !p.is_null() {
            Self::gained(p, layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { self.0.alloc_zeroed(layout) };
        if !p.is_null() {
            Self::gained(p, layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Self::lost(ptr, layout.size());
        // SAFETY: forwarded: `ptr` came from this allocator with `layout`.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's pointer, layout and size.
        let p = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            Self::lost(ptr, layout.size());
            Self::gained(p, new_size);
        }
        p
    }
}

/// The heap's counts at one moment.
struct Snapshot {
    bytes: isize,
    count: isize,
    hist: Vec<isize>,
    rss_kib: u64,
}

fn snapshot() -> Snapshot {
    let rss_kib = liveview_bench::stats::vm_rss_kib(std::process::id()).unwrap_or(0);
    Snapshot {
        bytes: LIVE_BYTES.load(Relaxed),
        count: LIVE_COUNT.load(Relaxed),
        hist: HIST.iter().map(|h| h.load(Relaxed)).collect(),
        rss_kib,
    }
}

/// The frames of a backtrace worth reading: below the allocator and the standard library's
/// allocation plumbing, at most `keep` of them, each `function (file:line)`.
fn frames(bt: &Backtrace, keep: usize) -> Vec<String> {
    let text = bt.to_string();
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((_, symbol)) = line.trim_start().split_once(": ") else { continue };
        let at = match lines.peek() {
            Some(next) if next.trim_start().starts_with("at ") => {
                let at = next.trim_start().trim_start_matches("at ").to_owned();
                lines.next();
                at
            }
            _ => String::new(),
        };
        let plumbing = [
            "heap_census::Census",
            "<heap_census::Census",
            "std::backtrace",
            "std::thread::local", // the CAPTURING flag's try_with
            "std::alloc",
            "alloc::",
            "<alloc::",
            "core::",
            "__rust",
        ];
        if plumbing.iter().any(|p| symbol.starts_with(p)) || symbol.contains("::alloc::") {
            continue;
        }
        // Paths of this machine's toolchain and registry say nothing; keep the crate-relative tail.
        let at = at.rsplit_once("/src/").map_or(at.clone(), |(_, tail)| format!("src/{tail}"));
        out.push(if at.is_empty() { symbol.to_owned() } else { format!("{symbol} ({at})") });
        if out.len() == keep {
            break;
        }
    }
    out
}

fn report(before: &Snapshot, after: &Snapshot, per: usize) {
    let per_f = per as f64;
    println!("== heap census: per view ({per} views) ==");
    println!(
        "heap {:+.0} B in {:+.2} allocations per view; RSS {:+.0} B per view",
        (after.bytes - before.bytes) as f64 / per_f,
        (after.count - before.count) as f64 / per_f,
        (after.rss_kib as f64 - before.rss_kib as f64) * 1024.0 / per_f,
    );
    println!(
        "| size (B) | allocations per view | bytes per view | where live allocations of that size were made (of the samples kept) |"
    );
    println!("| ---: | ---: | ---: | --- |");
    let mut rows: Vec<(usize, f64)> = (0..BUCKETS)
        .map(|b| (b, (after.hist[b] - before.hist[b]) as f64 / per_f))
        .filter(|&(_, n)| n.abs() >= 0.02)
        .collect();
    rows.sort_by(|&(a, na), &(b, nb)| (nb * bucket_size(b) as f64).total_cmp(&(na * bucket_size(a) as f64)));
    for (b, n) in rows {
        // Each distinct place, with how many of the live samples were made there: where a size
        // is held by several structures, their shares.
        let mut seen: Vec<(String, usize)> = Vec::new();
        for slot in 0..SLOTS {
            if SAMPLE_PTR[b][slot].load(Relaxed) == 0 {
                continue;
            }
            let Ok(kept) = SAMPLE_BT[b][slot].lock() else { continue };
            if let Some(bt) = kept.as_ref() {
                let f = frames(bt, 5).join(" ← ");
                match seen.iter_mut().find(|(s, _)| *s == f) {
                    Some((_, n)) => *n += 1,
                    None if !f.is_empty() => seen.push((f, 1)),
                    None => {}
                }
            }
        }
        let total: usize = seen.iter().map(|(_, n)| n).sum();
        let places: Vec<String> = seen.iter().map(|(f, n)| format!("({n} of {total}) {f}")).collect();
        let bytes = if b <= EXACT / 8 { format!("{:.0}", n * bucket_size(b) as f64) } else { "—".to_owned() };
        println!("| {} | {n:.2} | {bytes} | {} |", bucket_label(b), places.join("<br>"));
    }
    println!();
}

fn parse_args() -> Result<(String, usize), String> {
    let mut args = std::env::args().skip(1);
    let (mut addr, mut per) = ("127.0.0.1:4100".to_owned(), None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--addr" => addr = args.next().ok_or("--addr needs HOST:PORT")?,
            "--per" => per = args.next().and_then(|n| n.parse().ok()).filter(|&n: &usize| n > 0),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}; {USAGE}")),
        }
    }
    Ok((addr, per.ok_or(format!("--per N (the views the census divides by) is required; {USAGE}"))?))
}

#[tokio::main]
async fn main() {
    let (addr, per) = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut usr1 = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::user_defined1()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("heap-census: SIGUSR1: {e}");
            std::process::exit(1);
        }
    };
    tokio::spawn(async move {
        let mut before = None;
        while usr1.recv().await.is_some() {
            match before.take() {
                None => {
                    before = Some(snapshot());
                    SAMPLING.store(true, Relaxed);
                }
                Some(b) => {
                    SAMPLING.store(false, Relaxed);
                    report(&b, &snapshot(), per);
                }
            }
        }
    });
    if let Err(e) = liveview::serve(&addr, liveview_examples::router()).await {
        eprintln!("heap-census: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_up_to_4096_bytes_are_counted_by_the_8_bytes_and_larger_ones_by_powers_of_two() {
        assert_eq!((bucket(1), bucket(8), bucket(9), bucket(4096)), (1, 1, 2, 512));
        assert_eq!(bucket_label(bucket(768)), "768");
        assert_eq!((bucket_size(bucket(768)), bucket_size(bucket(5000))), (768, 8192));
        assert_eq!(bucket_label(bucket(4097)), "4097..8192");
        assert_eq!(bucket_label(bucket(8192)), "4097..8192");
        assert_eq!(bucket_label(bucket(8193)), "8193..16384");
        // The largest size a Layout allows.
        assert!(bucket(isize::MAX as usize) < BUCKETS);
    }

    #[test]
    fn a_report_names_the_code_that_allocated_not_the_allocator() {
        let here = Backtrace::force_capture();
        let shown = frames(&here, 3);
        assert!(!shown.is_empty(), "{here}");
        assert!(shown[0].contains("a_report_names_the_code_that_allocated"), "{shown:?}");
        assert!(shown.iter().all(|f| !f.starts_with("std::backtrace")), "{shown:?}");
    }
}
