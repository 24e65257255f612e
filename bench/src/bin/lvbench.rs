//! `lvbench`: the load generator and report writer. See `bench/run.sh` for the full suite.
//!
//! ```text
//! lvbench run --server ours --base http://127.0.0.1:4100 --scenario counter --conns 10 [--pid PID] [--out results.jsonl]
//!     scenarios: counter | list | feed | components | dead-render | idle-counter | idle-list | idle-feed | idle-feed-base | idle-socket | echo |
//!     idle-echo | upload | upload-echo | idle-counter-<N>   (idle-feed: --prepends N per view before the reading, default 1000;
//!     upload: --bytes N (default 50 MB) to /upload-large in 64 KiB chunks, upload-echo: the same to the echo server;
//!     list: --rows N (1..10000, default 100) bumps rows of /list?rows=N, recorded as `list-<N>` (plain `list` at 100);
//!     idle-counter-<N>: idle-counter with N views, recorded under that name: the scaling rows beside `idle-counter`)
//!     options:   --conns N  --views N  --duration S  --warmup S  --timeout S  --parallel N  --path P
//!     --pid PID: idle scenarios read the server's VmRSS, closed loops its CPU time (µs per event), upload its peak RSS
//!     --census: idle scenarios also send SIGUSR1 to PID at both readings (the gallery's `heap-census` reports its heap)
//! lvbench wait  --base URL [--timeout S]            wait until the server answers HTTP
//! lvbench probe --base URL [--path /counter]        join one view, click once, print the frames' sizes
//! lvbench report --results F.jsonl... --out BENCHMARKS.md [--criterion DIR --criterion-since EPOCH]
//!     [--date T] [--pinning T] [--versions T] [--load-before T] [--settings T] [--wall-seconds S] [--profiles FILE]
//! ```

use liveview_bench::report::{self, Inputs, Machine, Status};
use liveview_bench::scenario::{self, Idle, Opener, Settings, Target};
use liveview_bench::stats::Record;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

struct Args {
    cmd: String,
    opts: HashMap<String, Vec<String>>,
}

impl Args {
    fn parse() -> Result<Args, String> {
        let mut it = std::env::args().skip(1);
        let cmd = it.next().ok_or_else(usage)?;
        let mut opts: HashMap<String, Vec<String>> = HashMap::new();
        let mut key: Option<String> = None;
        for a in it {
            if let Some(k) = a.strip_prefix("--") {
                // A flag with no value yet counts as present (empty).
                if let Some(prev) = key.take() {
                    opts.entry(prev).or_default();
                }
                key = Some(k.to_owned());
            } else if let Some(k) = &key {
                opts.entry(k.clone()).or_default().push(a);
                // Only --results takes several values.
                if k != "results" {
                    key = None;
                }
            } else {
                return Err(format!("unexpected argument {a:?}\n{}", usage()));
            }
        }
        if let Some(k) = key {
            opts.entry(k).or_default();
        }
        Ok(Args { cmd, opts })
    }

    fn get(&self, k: &str) -> Option<&str> {
        self.opts.get(k).and_then(|v| v.first()).map(String::as_str)
    }

    fn str_or(&self, k: &str, d: &str) -> String {
        self.get(k).unwrap_or(d).to_owned()
    }

    fn num<T: std::str::FromStr>(&self, k: &str, d: T) -> Result<T, String> {
        match self.get(k) {
            None => Ok(d),
            Some(v) => v.parse().map_err(|_| format!("--{k}: not a number: {v:?}")),
        }
    }

    fn secs(&self, k: &str, d: f64) -> Result<Duration, String> {
        let v: f64 = self.num(k, d)?;
        if !(0.0..=3600.0).contains(&v) {
            return Err(format!("--{k}: 0..3600 seconds"));
        }
        Ok(Duration::from_secs_f64(v))
    }
}

fn usage() -> String {
    "usage: lvbench run|wait|probe|report [--options]; see the header of bench/src/bin/lvbench.rs".into()
}

fn main() -> ExitCode {
    let args = match Args::parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lvbench: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let r = match args.cmd.as_str() {
        "run" => rt.block_on(run(&args)),
        "wait" => rt.block_on(wait(&args)),
        "probe" => rt.block_on(probe(&args)),
        "report" => write_report(&args),
        other => Err(format!("unknown command {other:?}\n{}", usage())),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lvbench: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(a: &Args) -> Result<(), String> {
    let target = Target::parse(a.get("base").ok_or("--base URL is required")?)?;
    let scenario = a.get("scenario").ok_or("--scenario is required")?.to_owned();
    let s = Settings {
        server: a.str_or("server", "server"),
        warmup: a.secs("warmup", 1.0)?,
        duration: a.secs("duration", 10.0)?,
        timeout: a.secs("timeout", 5.0)?,
        parallel: a.num("parallel", 64usize)?.clamp(1, 4096),
        pid: a.get("pid").and_then(|p| p.parse().ok()),
        census: a.opts.contains_key("census"),
    };
    if s.census && s.pid.is_none() {
        return Err("--census signals the server: it needs --pid PID".into());
    }
    let conns: usize = a.num("conns", 10usize)?;
    let views: usize = a.num("views", 10_000usize)?;
    if conns == 0 || conns > 100_000 || views == 0 || views > 100_000 {
        return Err("--conns / --views: 1..100000".into());
    }
    let opener = Opener::new(target.clone(), s.timeout);
    let rec = match scenario.as_str() {
        "counter" => scenario::closed_loop(&opener, &s, "counter", &a.str_or("path", "/counter"), conns, false).await,
        "list" => {
            let rows: u64 = a.num("rows", scenario::LIST_ROWS)?;
            if !(1..=10_000).contains(&rows) {
                return Err("--rows: 1..10000".into());
            }
            let name = scenario::list_scenario(rows);
            let default_path =
                if rows == scenario::LIST_ROWS { "/list".to_owned() } else { format!("/list?rows={rows}") };
            let path = a.str_or("path", &default_path);
            scenario::closed_loop(&opener, &s, &name, &path, conns, false).await
        }
        "echo" => scenario::closed_loop(&opener, &s, "echo", &a.str_or("path", "/ws"), conns, true).await,
        "idle-counter" => {
            let path = a.str_or("path", "/counter");
            scenario::idle_views(&opener, &s, "idle-counter", &path, views, Idle::Views).await
        }
        "idle-list" => {
            let path = a.str_or("path", "/list");
            scenario::idle_views(&opener, &s, "idle-list", &path, views, Idle::Views).await
        }
        "feed" => scenario::closed_loop(&opener, &s, "feed", &a.str_or("path", "/feed"), conns, false).await,
        "components" => {
            let path = a.str_or("path", "/components");
            scenario::closed_loop(&opener, &s, "components", &path, conns, false).await
        }
        "idle-feed" => {
            let path = a.str_or("path", "/feed");
            let prepends = a.num("prepends", 1000u64)?;
            scenario::idle_views(&opener, &s, "idle-feed", &path, views, Idle::Feed { prepends }).await
        }
        // The stream target's baseline: idle counter views, as many as `idle-feed` holds (the
        // per-view figure falls with the view count, so only equal counts compare).
        "idle-feed-base" => {
            let path = a.str_or("path", "/counter");
            scenario::idle_views(&opener, &s, "idle-feed-base", &path, views, Idle::Views).await
        }
        "idle-socket" => {
            let path = a.str_or("path", "/live/websocket?vsn=2.0.0");
            scenario::idle_views(&opener, &s, "idle-socket", &path, views, Idle::Sockets).await
        }
        "idle-echo" => {
            let path = a.str_or("path", "/ws");
            scenario::idle_views(&opener, &s, "idle-echo", &path, views, Idle::EchoSockets).await
        }
        "dead-render" => scenario::dead_render(&target, &s, &a.str_or("path", "/counter"), conns).await,
        "upload" | "upload-echo" => {
            let raw = scenario == "upload-echo";
            let path = a.str_or("path", if raw { "/ws" } else { "/upload-large" });
            let bytes = a.num("bytes", 50_000_000u64)?;
            liveview_bench::upload::upload(&opener, &s, &path, bytes, raw).await
        }
        // The scaling rows: idle counter views at other counts than `idle-counter`'s, each under
        // its own name so that the main table's `idle-counter` row stays the one it judges.
        other => {
            let Some(n) = other.strip_prefix("idle-counter-").and_then(|n| n.parse::<usize>().ok()) else {
                return Err(format!("unknown scenario {other:?}"));
            };
            if a.get("views").is_some_and(|v| v.parse() != Ok(n)) {
                return Err(format!("{other} holds {n} views; leave out --views or give the same count"));
            }
            if n == 0 || n > 100_000 {
                return Err(format!("{other}: 1..100000 views"));
            }
            let path = a.str_or("path", "/counter");
            scenario::idle_views(&opener, &s, other, &path, n, Idle::Views).await
        }
    };
    eprintln!("{}", rec.summary());
    for n in &rec.notes {
        eprintln!("    note: {n}");
    }
    let line = serde_json::to_string(&rec).map_err(|e| e.to_string())?;
    match a.get("out") {
        Some(path) => {
            let mut f =
                std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(|e| format!("{path}: {e}"))?;
            writeln!(f, "{line}").map_err(|e| format!("{path}: {e}"))?;
        }
        None => println!("{line}"),
    }
    Ok(())
}

async fn wait(a: &Args) -> Result<(), String> {
    let target = Target::parse(a.get("base").ok_or("--base URL is required")?)?;
    let limit = a.secs("timeout", 60.0)?;
    let path = a.str_or("path", "/");
    let deadline = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < deadline {
        if let Ok(Ok(mut c)) =
            tokio::time::timeout(Duration::from_secs(2), liveview_bench::http1::HttpConn::connect(target.addr)).await
            && let Ok(Ok(_)) = tokio::time::timeout(Duration::from_secs(5), c.get(&target.host, &path, None)).await
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!("{} did not answer HTTP within {limit:?}", target.host))
}

async fn probe(a: &Args) -> Result<(), String> {
    let target = Target::parse(a.get("base").ok_or("--base URL is required")?)?;
    let path = a.str_or("path", "/counter");
    let opener = Opener::new(target, Duration::from_secs(5));
    let mut v = opener.open_view(&path).await.map_err(|e| e.to_string())?;
    println!("joined {path}: join reply {} bytes", v.join_reply_bytes);
    let event = if path.contains("list") { "bump" } else { "inc" };
    let mut f = String::new();
    liveview_bench::phx::write_frame(
        &mut f,
        Some("1"),
        "2",
        &v.topic_json,
        "event",
        &format!(r#"{{"type":"click","event":"{event}","value":{{"value":""}}}}"#),
    );
    if !v.send(f).await {
        return Err("send failed".into());
    }
    let (mut strays, mut errs) = (0, Default::default());
    let out = scenario::await_reply(
        &mut v.ws,
        "2",
        tokio::time::Instant::now() + Duration::from_secs(5),
        false,
        &mut strays,
        &mut errs,
    )
    .await;
    println!("{event}: {out:?}");
    if !v.heartbeat(Duration::from_secs(5), false).await {
        return Err("no heartbeat reply".into());
    }
    println!("heartbeat: ok");
    v.close().await;
    match out {
        scenario::Outcome::Reply { ok: true, .. } => Ok(()),
        other => Err(format!("event not answered ok: {other:?}")),
    }
}

fn write_report(a: &Args) -> Result<(), String> {
    let mut records = Vec::new();
    for path in a.opts.get("results").cloned().unwrap_or_default() {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("lvbench report: skipping {path}: {e}");
                continue;
            }
        };
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match serde_json::from_str::<Record>(line) {
                Ok(r) => records.push(r),
                Err(e) => eprintln!("lvbench report: {path}:{}: {e}", i + 1),
            }
        }
    }
    let criterion = match a.get("criterion") {
        Some(dir) => report::read_criterion(&PathBuf::from(dir), a.num("criterion-since", 0u64)?),
        None => Vec::new(),
    };
    let profiles = a.get("profiles").and_then(|p| std::fs::read_to_string(p).ok()).unwrap_or_default();
    let inp = Inputs {
        records,
        criterion,
        machine: Machine::read(),
        date: a.str_or("date", ""),
        pinning: a.str_or("pinning", "none"),
        versions: a.str_or("versions", ""),
        load_before: a.str_or("load-before", "?"),
        load_after: std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "?".into()),
        settings: a.str_or("settings", ""),
        wall_seconds: a.num("wall-seconds", 0.0f64)?,
        profiles,
    };
    println!("{}", report::table(&inp));
    println!("targets (bench/README.md):");
    for t in report::targets(&inp) {
        let status = match t.status {
            Status::Met => "MET",
            Status::NotMet => "NOT MET",
            Status::NotMeasured => "not measured",
        };
        println!("  [{status}] {} — {}", t.target, t.measured);
    }
    if let Some(out) = a.get("out") {
        // Sections measured by hand (the soak run of tests/soak.rs, the heap census of
        // bench/census.sh after it) survive a regeneration: all from "## Soak" on.
        const KEPT: &str = "\n## Soak";
        let kept = std::fs::read_to_string(out)
            .ok()
            .and_then(|old| old.find(KEPT).map(|i| old[i..].to_owned()))
            .unwrap_or_default();
        std::fs::write(out, report::markdown(&inp) + &kept).map_err(|e| format!("{out}: {e}"))?;
        println!("\nwrote {out}");
    }
    Ok(())
}
