//! Opening and joining views, and the scenarios: closed-loop events, idle views, dead renders,
//! raw echo.
//!
//! Everything is bounded in time (a window, per-operation timeouts) and in count (the number of
//! connections and views asked for). Server misbehaviour is counted in [`Errors`], never a panic.

use crate::http1::{HttpConn, Jar, Response, url_encode};
use crate::phx;
use crate::scrape::{ScrapeError, scrape};
use crate::stats::{Errors, LoopStats, Record, cpu_ticks, vm_rss_kib};
use futures_util::{SinkExt, StreamExt};
use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout, timeout_at};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

/// A websocket client stream.
pub type Ws = WebSocketStream<TcpStream>;

/// Where the server under test listens.
#[derive(Debug, Clone)]
pub struct Target {
    /// Socket address.
    pub addr: SocketAddr,
    /// `host:port` for `Host` headers and URLs.
    pub host: String,
}

impl Target {
    /// From `http://127.0.0.1:4001` (or `ws://…`, or `127.0.0.1:4001`).
    pub fn parse(base: &str) -> Result<Target, String> {
        let rest = base.strip_prefix("http://").or_else(|| base.strip_prefix("ws://")).unwrap_or(base);
        let host = rest.split('/').next().unwrap_or_default().to_owned();
        let addr = host
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve {host:?}: {e}"))?
            .next()
            .ok_or_else(|| format!("{host:?} resolves to nothing"))?;
        Ok(Target { addr, host })
    }
}

/// Why a view could not be opened.
#[derive(Debug, Clone)]
pub enum OpenError {
    /// The GET failed (I/O or malformed response).
    Http(String),
    /// The GET answered something other than 200.
    Status(u16),
    /// The page has no usable container.
    Scrape(ScrapeError),
    /// TCP connect or websocket handshake failed.
    Connect(String),
    /// The join was answered with an error.
    Join(String),
    /// Nothing came back in time.
    Timeout(&'static str),
    /// The socket closed before the join reply.
    Closed,
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Http(e) => write!(f, "GET failed: {e}"),
            OpenError::Status(s) => write!(f, "GET answered {s}"),
            OpenError::Scrape(e) => write!(f, "{e}"),
            OpenError::Connect(e) => write!(f, "websocket connect failed: {e}"),
            OpenError::Join(r) => write!(f, "join refused: {r}"),
            OpenError::Timeout(what) => write!(f, "timeout waiting for {what}"),
            OpenError::Closed => f.write_str("socket closed before the join reply"),
        }
    }
}

impl OpenError {
    /// Counts this error.
    pub fn count(&self, e: &mut Errors) {
        match self {
            OpenError::Http(_) | OpenError::Connect(_) | OpenError::Scrape(_) => e.connect_errors += 1,
            OpenError::Status(_) => e.http_errors += 1,
            OpenError::Join(_) | OpenError::Timeout(_) | OpenError::Closed => e.join_errors += 1,
        }
    }
}

/// A joined view on its own websocket (one view per socket, like one browser tab).
#[derive(Debug)]
pub struct View {
    /// The socket.
    pub ws: Ws,
    /// The topic as a JSON string literal.
    pub topic_json: String,
    /// The join ref.
    pub join_ref: String,
    /// The next message ref.
    pub next_ref: u64,
    /// Size of the join reply frame.
    pub join_reply_bytes: usize,
}

/// How a wait for a reply ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A reply (`ok` is `status == "ok"`, or any echo of our frame in raw mode).
    Reply {
        /// Accepted.
        ok: bool,
        /// Frame length.
        bytes: usize,
        /// The frame, when it was not ok (for messages).
        text: Option<String>,
    },
    /// No reply before the deadline.
    Timeout,
    /// The socket closed or failed.
    Closed,
}

/// Reads frames until the one answering `msg_ref`, up to `deadline`. Frames answering nothing
/// we sent are counted in `strays`, malformed ones in `errors.protocol_errors`.
pub async fn await_reply(
    ws: &mut Ws,
    msg_ref: &str,
    deadline: Instant,
    raw: bool,
    strays: &mut u64,
    errors: &mut Errors,
) -> Outcome {
    loop {
        let msg = match timeout_at(deadline, ws.next()).await {
            Err(_) => return Outcome::Timeout,
            Ok(None) | Ok(Some(Err(_))) => return Outcome::Closed,
            Ok(Some(Ok(m))) => m,
        };
        let text = match msg {
            Message::Text(t) => t,
            Message::Close(_) => return Outcome::Closed,
            Message::Binary(_) => {
                errors.protocol_errors += 1;
                continue;
            }
            _ => continue, // ping/pong: tungstenite answers pings itself
        };
        let f = match phx::parse(text.as_str()) {
            Ok(f) => f,
            Err(_) => {
                errors.protocol_errors += 1;
                continue;
            }
        };
        if f.msg_ref.as_deref() != Some(msg_ref) {
            *strays += 1;
            continue;
        }
        let ok = if f.event == "phx_reply" {
            f.status.as_deref() == Some("ok")
        } else {
            raw // an echo of our own frame
        };
        let bytes = text.len();
        return Outcome::Reply { ok, bytes, text: (!ok).then(|| text.as_str().to_owned()) };
    }
}

impl View {
    /// Sends one frame.
    pub async fn send(&mut self, frame: String) -> bool {
        self.ws.send(Message::Text(frame.into())).await.is_ok()
    }

    /// Sends a heartbeat and waits for its reply (`raw`: an echo of it counts).
    pub async fn heartbeat(&mut self, within: Duration, raw: bool) -> bool {
        let r = self.next_ref.to_string();
        self.next_ref += 1;
        let mut f = String::with_capacity(48);
        phx::write_frame(&mut f, None, &r, "\"phoenix\"", "heartbeat", "{}");
        if !self.send(f).await {
            return false;
        }
        let (mut strays, mut errs) = (0, Errors::default());
        matches!(
            await_reply(&mut self.ws, &r, Instant::now() + within, raw, &mut strays, &mut errs).await,
            Outcome::Reply { ok: true, .. }
        )
    }

    /// Closes politely (bounded).
    pub async fn close(mut self) {
        let _ = timeout(Duration::from_secs(1), self.ws.close(None)).await;
    }
}

/// Opens views: GETs pages over a pool of keep-alive connections, scrapes them, connects and
/// joins. Cookies from responses are kept (like one browser) and sent back on GETs and upgrades.
#[derive(Debug)]
pub struct Opener {
    target: Target,
    pool: Mutex<Vec<HttpConn>>,
    jar: Mutex<Jar>,
    timeout: Duration,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Opener {
    /// An opener for `target`; every step (GET, connect, join) is bounded by `timeout`.
    pub fn new(target: Target, timeout: Duration) -> Arc<Opener> {
        Arc::new(Opener { target, pool: Mutex::new(Vec::new()), jar: Mutex::new(Jar::default()), timeout })
    }

    /// The target.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// GETs `path`; returns the response and the cookies to send with this page's websocket.
    pub async fn get(&self, path: &str) -> Result<(Response, Option<String>), OpenError> {
        let sent = lock(&self.jar).clone();
        let cookie = sent.header();
        let mut last = String::new();
        for attempt in 0..2 {
            let pooled = lock(&self.pool).pop();
            let was_pooled = pooled.is_some();
            let mut conn = match pooled {
                Some(c) => c,
                None => match timeout(self.timeout, HttpConn::connect(self.target.addr)).await {
                    Ok(Ok(c)) => c,
                    Ok(Err(e)) => return Err(OpenError::Http(format!("connect: {e}"))),
                    Err(_) => return Err(OpenError::Timeout("HTTP connect")),
                },
            };
            match timeout(self.timeout, conn.get(&self.target.host, path, cookie.as_deref())).await {
                Ok(Ok(resp)) => {
                    if !conn.closed {
                        lock(&self.pool).push(conn);
                    }
                    let mut mine = sent.clone();
                    mine.absorb(&resp);
                    lock(&self.jar).absorb(&resp);
                    return Ok((resp, mine.header()));
                }
                // A pooled keep-alive connection may have been closed by the server meanwhile.
                Ok(Err(e)) if was_pooled && attempt == 0 => last = e.to_string(),
                Ok(Err(e)) => return Err(OpenError::Http(e.to_string())),
                Err(_) => return Err(OpenError::Timeout("the dead render")),
            }
        }
        Err(OpenError::Http(last))
    }

    /// Connects a websocket to `path_and_query` with `cookie`.
    pub async fn connect_ws(&self, path_and_query: &str, cookie: Option<&str>) -> Result<Ws, OpenError> {
        let stream = match timeout(self.timeout, TcpStream::connect(self.target.addr)).await {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => return Err(OpenError::Connect(e.to_string())),
            Err(_) => return Err(OpenError::Timeout("TCP connect")),
        };
        let _ = stream.set_nodelay(true);
        let mut req = format!("ws://{}{}", self.target.host, path_and_query)
            .into_client_request()
            .map_err(|e| OpenError::Connect(e.to_string()))?;
        if let Some(c) = cookie
            && let Ok(v) = HeaderValue::from_str(c)
        {
            req.headers_mut().insert("cookie", v);
        }
        match timeout(self.timeout, tokio_tungstenite::client_async_with_config(req, stream, None)).await {
            Ok(Ok((ws, _))) => Ok(ws),
            Ok(Err(e)) => Err(OpenError::Connect(e.to_string())),
            Err(_) => Err(OpenError::Timeout("the websocket handshake")),
        }
    }

    /// GET `path`, connect, join: a live view ready for events.
    pub async fn open_view(&self, path: &str) -> Result<View, OpenError> {
        let (resp, cookie) = self.get(path).await?;
        if resp.status != 200 {
            return Err(OpenError::Status(resp.status));
        }
        let tokens = scrape(&String::from_utf8_lossy(&resp.body)).map_err(OpenError::Scrape)?;
        let mut ws_path = String::from("/live/websocket?");
        if let Some(c) = &tokens.csrf {
            ws_path.push_str("_csrf_token=");
            ws_path.push_str(&url_encode(c));
            ws_path.push('&');
        }
        ws_path.push_str("vsn=2.0.0");
        let ws = self.connect_ws(&ws_path, cookie.as_deref()).await?;
        let topic = format!("lv:{}", tokens.id);
        let mut view =
            View { ws, topic_json: phx::json_str(&topic), join_ref: "1".into(), next_ref: 2, join_reply_bytes: 0 };
        let url = format!("http://{}{}", self.target.host, path);
        let payload = phx::join_payload(&url, tokens.csrf.as_deref(), &tokens.session, &tokens.static_token);
        let mut f = String::with_capacity(payload.len() + 64);
        phx::write_frame(&mut f, Some("1"), "1", &view.topic_json, "phx_join", &payload);
        if !view.send(f).await {
            return Err(OpenError::Closed);
        }
        let (mut strays, mut errs) = (0, Errors::default());
        match await_reply(&mut view.ws, "1", Instant::now() + self.timeout, false, &mut strays, &mut errs).await {
            Outcome::Reply { ok: true, bytes, .. } => {
                view.join_reply_bytes = bytes;
                Ok(view)
            }
            Outcome::Reply { text, .. } => Err(OpenError::Join(phx::error_reason(text.as_deref().unwrap_or_default()))),
            Outcome::Timeout => Err(OpenError::Timeout("the join reply")),
            Outcome::Closed => Err(OpenError::Closed),
        }
    }

    /// Opens a raw websocket (echo server): no page, no join; frames carry topic `lv:echo`.
    pub async fn open_raw(&self, path: &str) -> Result<View, OpenError> {
        let ws = self.connect_ws(path, None).await?;
        Ok(View { ws, topic_json: phx::json_str("lv:echo"), join_ref: "1".into(), next_ref: 2, join_reply_bytes: 0 })
    }
}

/// Opens `n` views of `path` (raw sockets when `raw`), at most `parallel` at a time. Returns the
/// views and the errors of the ones that failed (with the first messages).
pub async fn open_many(
    opener: &Arc<Opener>,
    path: &str,
    n: usize,
    parallel: usize,
    raw: bool,
) -> (Vec<View>, Errors, Vec<String>) {
    let results: Vec<Result<View, OpenError>> = futures_util::stream::iter(0..n)
        .map(|_| {
            let o = opener.clone();
            let p = path.to_owned();
            async move { if raw { o.open_raw(&p).await } else { o.open_view(&p).await } }
        })
        .buffer_unordered(parallel.max(1))
        .collect()
        .await;
    let mut views = Vec::with_capacity(n);
    let mut errors = Errors::default();
    let mut notes = Vec::new();
    for r in results {
        match r {
            Ok(v) => views.push(v),
            Err(e) => {
                e.count(&mut errors);
                if notes.len() < 3 {
                    notes.push(e.to_string());
                }
            }
        }
    }
    (views, errors, notes)
}

/// Closes views, at most 500 at a time (bounded).
pub async fn close_all(views: Vec<View>) {
    futures_util::stream::iter(views).for_each_concurrent(500, |v| v.close()).await;
}

/// The event a closed loop sends.
#[derive(Debug, Clone)]
pub enum EventKind {
    /// `inc` on the counter: `{"type":"click","event":"inc","value":{"value":""}}`.
    CounterInc,
    /// `prepend` on `/feed`: one new stream item on top (the page keeps 50).
    FeedPrepend,
    /// `inc` on `/components`' card 2 (cid 2, `phx-target={myself}`): the reply carries only
    /// that card; the card's message to the parent follows as a push.
    CardInc,
    /// `bump` of one row (`phx-value-id`), rows taken in turn from `start`.
    ListBump {
        /// First row for this connection.
        start: u64,
        /// Number of rows.
        rows: u64,
    },
}

impl EventKind {
    fn payload(&self, i: u64) -> String {
        match self {
            EventKind::CounterInc => r#"{"type":"click","event":"inc","value":{"value":""}}"#.to_owned(),
            EventKind::FeedPrepend => r#"{"type":"click","event":"prepend","value":{"value":""}}"#.to_owned(),
            EventKind::CardInc => r#"{"type":"click","event":"inc","value":{"value":""},"cid":2}"#.to_owned(),
            EventKind::ListBump { start, rows } => {
                let id = (start + i) % (*rows).max(1);
                format!(r#"{{"type":"click","event":"bump","value":{{"id":"{id}"}}}}"#)
            }
        }
    }
}

/// The measurement window: events starting before `warm_end` or ending after `end` are not counted.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// End of warm-up.
    pub warm_end: Instant,
    /// End of the run.
    pub end: Instant,
}

impl Window {
    /// Starts now: `warmup` then `duration`.
    pub fn starting_now(warmup: Duration, duration: Duration) -> Window {
        let warm_end = Instant::now() + warmup;
        Window { warm_end, end: warm_end + duration }
    }

    /// Seconds measured.
    pub fn seconds(&self) -> f64 {
        (self.end - self.warm_end).as_secs_f64()
    }
}

/// Closed loop on one view: one event in flight; send, wait for its reply, repeat until the
/// window ends. Gives up on the view when it disconnects.
pub async fn drive(mut view: View, kind: EventKind, win: Window, reply_timeout: Duration, raw: bool) -> LoopStats {
    let mut st = LoopStats::default();
    let mut i = 0u64;
    while Instant::now() < win.end {
        let r = view.next_ref.to_string();
        view.next_ref += 1;
        let mut frame = String::with_capacity(160);
        phx::write_frame(&mut frame, Some(&view.join_ref), &r, &view.topic_json, "event", &kind.payload(i));
        i += 1;
        let t0 = Instant::now();
        if view.ws.send(Message::Text(frame.into())).await.is_err() {
            st.errors.disconnects += 1;
            return st;
        }
        let deadline = (t0 + reply_timeout).min(win.end + reply_timeout);
        match await_reply(&mut view.ws, &r, deadline, raw, &mut st.stray_frames, &mut st.errors).await {
            Outcome::Reply { ok, bytes, .. } => {
                let t1 = Instant::now();
                if !ok {
                    st.errors.error_replies += 1;
                } else if t0 >= win.warm_end && t1 <= win.end {
                    st.hist.saturating_record((t1 - t0).as_nanos().min(u64::MAX as u128) as u64);
                    st.events += 1;
                    st.reply_bytes += bytes as u64;
                }
            }
            Outcome::Timeout => st.errors.timeouts += 1,
            Outcome::Closed => {
                st.errors.disconnects += 1;
                return st;
            }
        }
    }
    view.close().await;
    st
}

/// Sends `n` events of `kind` on `view`, one at a time; returns how many failed.
async fn events(view: &mut View, kind: EventKind, n: u64, reply_timeout: Duration) -> u64 {
    let (mut failed, mut strays, mut errors) = (0, 0, Errors::default());
    for i in 0..n {
        let r = view.next_ref.to_string();
        view.next_ref += 1;
        let mut frame = String::with_capacity(160);
        phx::write_frame(&mut frame, Some(&view.join_ref), &r, &view.topic_json, "event", &kind.payload(i));
        if view.ws.send(Message::Text(frame.into())).await.is_err() {
            return failed + n - i;
        }
        let deadline = Instant::now() + reply_timeout;
        match await_reply(&mut view.ws, &r, deadline, false, &mut strays, &mut errors).await {
            Outcome::Reply { ok: true, .. } => {}
            Outcome::Closed => return failed + n - i,
            _ => failed += 1,
        }
    }
    failed
}

/// Knobs shared by the scenarios.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Server name in the record (`ours`, `lvjs`, `echo`).
    pub server: String,
    /// Warm-up before measuring.
    pub warmup: Duration,
    /// Measurement window.
    pub duration: Duration,
    /// Per reply / per step timeout.
    pub timeout: Duration,
    /// Views opened at once while ramping.
    pub parallel: usize,
    /// Server pid for RSS readings.
    pub pid: Option<u32>,
    /// Idle scenarios signal the server (SIGUSR1 to `pid`) at both RSS readings: the gallery's
    /// `heap-census` binary then reports what its heap gained per view in between.
    pub census: bool,
}

/// Rows of `/list` without `?rows=`: the `list` scenario.
pub const LIST_ROWS: u64 = 100;

/// The scenario name of `/list` bumps over `rows` rows: `list` at [`LIST_ROWS`], else `list-<rows>`.
pub fn list_scenario(rows: u64) -> String {
    if rows == LIST_ROWS { "list".into() } else { format!("list-{rows}") }
}

/// The rows of a list scenario named by [`list_scenario`]; `None` for any other scenario.
pub fn list_rows(scenario: &str) -> Option<u64> {
    match scenario {
        "list" => Some(LIST_ROWS),
        s => s.strip_prefix("list-")?.parse().ok().filter(|&n| n > 0),
    }
}

/// The first row connection `n` of `conns` bumps. The 100-row list keeps its offsets of 7 rows
/// (its figures compare with earlier runs); longer lists spread the connections evenly.
fn list_start(n: u64, conns: u64, rows: u64) -> u64 {
    if rows == LIST_ROWS { n * 7 } else { n * (rows / conns.max(1)) }
}

/// Closed-loop events on `conns` views (scenarios `counter`, `list`, `list-<rows>`, `echo`, …).
/// With `s.pid`, the server's CPU time over the measurement window is read from `/proc` at its
/// two ends and recorded per event.
pub async fn closed_loop(
    opener: &Arc<Opener>,
    s: &Settings,
    scenario: &str,
    path: &str,
    conns: usize,
    raw: bool,
) -> Record {
    let mut rec =
        Record { server: s.server.clone(), scenario: scenario.into(), conns: conns as u64, ..Record::default() };
    let (views, open_errors, notes) = open_many(opener, path, conns, s.parallel, raw).await;
    rec.errors = open_errors;
    rec.notes = notes;
    if !views.is_empty() {
        rec.join_reply_bytes = views.iter().map(|v| v.join_reply_bytes as f64).sum::<f64>() / views.len() as f64;
    }
    let win = Window::starting_now(s.warmup, s.duration);
    let handles: Vec<_> = views
        .into_iter()
        .enumerate()
        .map(|(n, v)| {
            let kind = match (scenario, list_rows(scenario)) {
                (_, Some(rows)) => EventKind::ListBump { start: list_start(n as u64, conns as u64, rows), rows },
                ("feed", _) => EventKind::FeedPrepend,
                ("components", _) => EventKind::CardInc,
                _ => EventKind::CounterInc,
            };
            tokio::spawn(drive(v, kind, win, s.timeout, raw))
        })
        .collect();
    // The drivers run on this (current-thread) runtime too: each waits on its socket, so these
    // readings land within a few µs of the window's ends.
    let (mut cpu_before, mut cpu_after) = (None, None);
    if let Some(pid) = s.pid {
        tokio::time::sleep_until(win.warm_end).await;
        cpu_before = cpu_ticks(pid);
        tokio::time::sleep_until(win.end).await;
        cpu_after = cpu_ticks(pid);
    }
    let mut all = LoopStats::default();
    for h in handles {
        match h.await {
            Ok(st) => all.merge(&st),
            Err(_) => all.errors.protocol_errors += 1,
        }
    }
    rec.fill_from(&all, win.seconds());
    rec.set_cpu(cpu_before, cpu_after);
    rec
}

/// What an idle scenario holds open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// Joined views (GET, websocket, join), one per socket.
    Views,
    /// Bare websockets to a LiveView server, nothing joined: the per-socket share of a view.
    Sockets,
    /// Bare websockets to the echo server: the memory floor of the stack.
    EchoSockets,
    /// Joined `/feed` views, each sent `prepends` stream prepends (one at a time) before the
    /// reading: what a stream view keeps after it sent that many items.
    Feed {
        /// Prepends per view.
        prepends: u64,
    },
}

/// `n` idle joined views (or bare sockets), each on its own socket: server RSS growth per view.
/// After the ramp every one must answer a heartbeat (the "held with zero errors" check).
pub async fn idle_views(
    opener: &Arc<Opener>,
    s: &Settings,
    scenario: &str,
    path: &str,
    n: usize,
    kind: Idle,
) -> Record {
    let raw = !matches!(kind, Idle::Views | Idle::Feed { .. });
    let echo_replies = kind == Idle::EchoSockets;
    let mut rec = Record { server: s.server.clone(), scenario: scenario.into(), conns: n as u64, ..Record::default() };
    // Warm-up: first-use allocations (code paths, pools, JIT) are not per-view memory.
    let (warm, _, _) = open_many(opener, path, 20.min(n), s.parallel, raw).await;
    close_all(warm).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    rec.rss_before_kib = s.pid.and_then(vm_rss_kib).unwrap_or(0);
    census_mark(s).await;
    let t0 = Instant::now();
    let (mut views, errors, notes) = open_many(opener, path, n, s.parallel, raw).await;
    rec.ramp_seconds = t0.elapsed().as_secs_f64();
    rec.errors = errors;
    rec.notes = notes;
    rec.views = views.len() as u64;
    rec.events = rec.views;
    rec.per_sec = if rec.ramp_seconds > 0.0 { rec.views as f64 / rec.ramp_seconds } else { 0.0 };
    if !views.is_empty() {
        rec.join_reply_bytes = views.iter().map(|v| v.join_reply_bytes as f64).sum::<f64>() / views.len() as f64;
    }
    let within = s.timeout;
    if let Idle::Feed { prepends } = kind {
        let failed: u64 = futures_util::stream::iter(views.iter_mut())
            .map(|v| events(v, EventKind::FeedPrepend, prepends, within))
            // Views wait their turn silently: the whole phase must stay within the server's idle
            // timeout (60 s; 1,000 views of 1,000 prepends take about 20 s here).
            .buffer_unordered(s.parallel)
            .fold(0, |sum, failed| std::future::ready(sum + failed))
            .await;
        rec.errors.error_replies += failed;
        rec.events = rec.views * prepends;
    }
    let alive = futures_util::stream::iter(views.iter_mut())
        .map(|v| v.heartbeat(within, echo_replies))
        .buffer_unordered(500)
        .filter(|ok| std::future::ready(*ok))
        .count()
        .await;
    rec.views_alive = alive as u64;
    rec.errors.disconnects += rec.views - rec.views_alive;
    tokio::time::sleep(Duration::from_secs(2)).await;
    rec.rss_after_kib = s.pid.and_then(vm_rss_kib).unwrap_or(0);
    census_mark(s).await;
    if rec.views > 0 && rec.rss_before_kib > 0 {
        rec.kib_per_view = (rec.rss_after_kib as f64 - rec.rss_before_kib as f64) / rec.views as f64;
    }
    close_all(views).await;
    rec
}

/// With `--census`, tells the server to take a heap snapshot now (SIGUSR1, see `heap-census`)
/// and gives it a moment to, before any view opens or closes.
async fn census_mark(s: &Settings) {
    let Some(pid) = s.pid.filter(|_| s.census) else { return };
    match std::process::Command::new("kill").args(["-USR1", &pid.to_string()]).status() {
        Ok(st) if st.success() => {}
        other => eprintln!("lvbench: --census: kill -USR1 {pid}: {other:?}"),
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// Dead renders: `conns` keep-alive connections GET `path` in a closed loop.
pub async fn dead_render(target: &Target, s: &Settings, path: &str, conns: usize) -> Record {
    let mut rec =
        Record { server: s.server.clone(), scenario: "dead-render".into(), conns: conns as u64, ..Record::default() };
    let win = Window::starting_now(s.warmup, s.duration);
    let handles: Vec<_> = (0..conns)
        .map(|_| {
            let t = target.clone();
            let p = path.to_owned();
            let to = s.timeout;
            tokio::spawn(async move {
                let mut st = LoopStats::default();
                let mut conn: Option<HttpConn> = None;
                while Instant::now() < win.end {
                    let c = match conn.as_mut() {
                        Some(c) if !c.closed => c,
                        _ => match timeout(to, HttpConn::connect(t.addr)).await {
                            Ok(Ok(c)) => conn.insert(c),
                            _ => {
                                st.errors.connect_errors += 1;
                                tokio::time::sleep(Duration::from_millis(20)).await;
                                continue;
                            }
                        },
                    };
                    let t0 = Instant::now();
                    match timeout(to, c.get(&t.host, &p, None)).await {
                        Ok(Ok(resp)) if resp.status == 200 => {
                            let t1 = Instant::now();
                            if t0 >= win.warm_end && t1 <= win.end {
                                st.hist.saturating_record((t1 - t0).as_nanos().min(u64::MAX as u128) as u64);
                                st.events += 1;
                                st.reply_bytes += resp.body.len() as u64;
                            }
                        }
                        Ok(Ok(_)) => st.errors.http_errors += 1,
                        Ok(Err(_)) => st.errors.disconnects += 1,
                        Err(_) => {
                            st.errors.timeouts += 1;
                            c.closed = true;
                        }
                    }
                }
                st
            })
        })
        .collect();
    let mut all = LoopStats::default();
    for h in handles {
        if let Ok(st) = h.await {
            all.merge(&st);
        }
    }
    rec.fill_from(&all, win.seconds());
    rec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_scenarios_name_their_rows() {
        assert_eq!(list_scenario(100), "list");
        assert_eq!(list_scenario(10_000), "list-10000");
        for rows in [100, 1000, 10_000] {
            assert_eq!(list_rows(&list_scenario(rows)), Some(rows));
        }
        for other in ["counter", "idle-list", "list-", "list-0", "list-x", "lists"] {
            assert_eq!(list_rows(other), None, "{other}");
        }
    }

    #[test]
    fn list_bumps_spread_over_the_rows() {
        // The 100-row list keeps its historical offsets.
        assert_eq!((0..10).map(|n| list_start(n, 10, 100)).collect::<Vec<_>>(), [0, 7, 14, 21, 28, 35, 42, 49, 56, 63]);
        assert_eq!(list_start(9, 10, 10_000), 9000);
        let k = EventKind::ListBump { start: list_start(9, 10, 1000), rows: 1000 };
        assert_eq!(k.payload(0), r#"{"type":"click","event":"bump","value":{"id":"900"}}"#);
        assert_eq!(k.payload(100), r#"{"type":"click","event":"bump","value":{"id":"0"}}"#, "wraps around");
    }
}
