//! A small Phoenix channels client for protocol tests: HTTP GET of a page (tokens, cookies),
//! then a real websocket speaking V2 JSON frames.
#![allow(dead_code, unreachable_pub)]

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub mod redis_server;

pub const SECRET: &str = "protocol-test-secret-protocol-test-secret-0123456789";

/// Starts the example gallery on a free port; returns its address and shutdown token.
pub async fn start_gallery() -> (SocketAddr, tokio_util::sync::CancellationToken) {
    start_router(gallery()).await
}

/// The example gallery's router, signing with [`SECRET`] (add settings, then [`start_router`]).
pub fn gallery() -> liveview::LiveRouter {
    liveview_examples::router().secret(SECRET)
}

/// Serves `router` on a free port of 127.0.0.1; returns its address and shutdown token.
pub async fn start_router(router: liveview::LiveRouter) -> (SocketAddr, tokio_util::sync::CancellationToken) {
    let server = liveview::Server::bind("127.0.0.1:0", router).await.expect("bind");
    let addr = server.local_addr();
    let token = server.shutdown_token();
    tokio::spawn(server.run());
    (addr, token)
}

/// A dead-rendered page.
#[derive(Debug, Clone)]
pub struct Page {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub view_id: String,
    pub session: String,
    pub static_token: String,
    pub csrf: String,
    pub cookie: String,
}

fn attr(body: &str, name: &str) -> String {
    let needle = format!("{name}=\"");
    body.find(&needle)
        .map(|i| {
            let rest = &body[i + needle.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_owned()
        })
        .unwrap_or_default()
}

/// GETs `path` with raw HTTP/1.1.
pub async fn get(addr: SocketAddr, path: &str, cookie: Option<&str>) -> Page {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie}Connection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect();
    let cookie = headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .filter_map(|(_, v)| v.split(';').next())
        .filter(|c| c.starts_with("_liveview_csrf="))
        .collect::<Vec<_>>()
        .join("; ");
    // The main container is the element carrying data-phx-main.
    let container = body.find("data-phx-main").map(|i| &body[body[..i].rfind('<').unwrap_or(0)..]).unwrap_or("");
    Page {
        status,
        view_id: attr(container, "id"),
        session: attr(container, "data-phx-session"),
        static_token: attr(container, "data-phx-static"),
        csrf: body.find("name=\"csrf-token\"").map(|i| attr(&body[i..], "content")).unwrap_or_default(),
        cookie,
        headers,
        body: body.to_owned(),
    }
}

/// A websocket speaking Phoenix V2 frames.
pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next: u64,
    pub addr: SocketAddr,
}

impl Client {
    /// Connects with the page's CSRF token and cookie.
    pub async fn connect(addr: SocketAddr, page: &Page) -> Client {
        Self::connect_with(addr, &page.csrf, &page.cookie).await
    }

    pub async fn connect_with(addr: SocketAddr, csrf: &str, cookie: &str) -> Client {
        Self::connect_with_headers(addr, csrf, cookie, &[]).await
    }

    /// Connects with extra request headers (e.g. `Origin`).
    pub async fn connect_with_headers(addr: SocketAddr, csrf: &str, cookie: &str, headers: &[(&str, &str)]) -> Client {
        Self::try_connect_with_headers(addr, csrf, cookie, headers).await.expect("websocket connect")
    }

    /// Connects with the page's CSRF token and cookie; the error when the upgrade fails.
    pub async fn try_connect(addr: SocketAddr, page: &Page) -> Result<Client, String> {
        Self::try_connect_with_headers(addr, &page.csrf, &page.cookie, &[]).await
    }

    async fn try_connect_with_headers(
        addr: SocketAddr,
        csrf: &str,
        cookie: &str,
        headers: &[(&str, &str)],
    ) -> Result<Client, String> {
        let url = format!("ws://{addr}/live/websocket?_csrf_token={csrf}&vsn=2.0.0");
        let mut req = url.into_client_request().unwrap();
        if !cookie.is_empty() {
            req.headers_mut().insert("cookie", cookie.parse().unwrap());
        }
        for (k, v) in headers {
            req.headers_mut().insert(
                tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        let (ws, _) = tokio_tungstenite::connect_async(req).await.map_err(|e| e.to_string())?;
        Ok(Client { ws, next: 1, addr })
    }

    /// Connects over a TCP socket whose receive buffer is `rcvbuf` bytes (a client that reads
    /// slowly fills it fast).
    pub async fn connect_small_rcvbuf(addr: SocketAddr, page: &Page, rcvbuf: u32) -> Client {
        let sock = tokio::net::TcpSocket::new_v4().unwrap();
        sock.set_recv_buffer_size(rcvbuf).unwrap();
        let tcp = sock.connect(addr).await.expect("tcp connect");
        let url = format!("ws://{addr}/live/websocket?_csrf_token={}&vsn=2.0.0", page.csrf);
        let mut req = url.into_client_request().unwrap();
        req.headers_mut().insert("cookie", page.cookie.parse().unwrap());
        let (ws, _) =
            tokio_tungstenite::client_async(req, MaybeTlsStream::Plain(tcp)).await.expect("websocket connect");
        Client { ws, next: 1, addr }
    }

    pub fn next_ref(&mut self) -> String {
        self.next += 1;
        self.next.to_string()
    }

    pub async fn send(&mut self, frame: Value) {
        self.ws.send(Message::Text(frame.to_string().into())).await.unwrap();
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.ws.send(Message::Text(text.to_owned().into())).await.unwrap();
    }

    /// Sends any message; `false` when the connection is gone.
    pub async fn send_message(&mut self, message: Message) -> bool {
        self.ws.send(message).await.is_ok()
    }

    /// Queues text frames and flushes once (a burst); `false` when the connection is gone.
    pub async fn send_burst(&mut self, frames: impl IntoIterator<Item = String>) -> bool {
        for f in frames {
            if self.ws.feed(Message::Text(f.into())).await.is_err() {
                return false;
            }
        }
        self.ws.flush().await.is_ok()
    }

    /// Writes bytes straight to the TCP stream, under the websocket layer (hand-made frames,
    /// see [`client_frame`]); `false` when the connection is gone.
    pub async fn write_raw(&mut self, bytes: &[u8]) -> bool {
        match self.ws.get_mut() {
            MaybeTlsStream::Plain(tcp) => tcp.write_all(bytes).await.is_ok() && tcp.flush().await.is_ok(),
            _ => false,
        }
    }

    /// The next thing the server does within `wait`.
    pub async fn next_incoming(&mut self, wait: Duration) -> Incoming {
        loop {
            return match tokio::time::timeout(wait, self.ws.next()).await {
                Err(_) => Incoming::Timeout,
                Ok(None) => Incoming::Gone(None),
                Ok(Some(Err(e))) => Incoming::Gone(Some(e.to_string())),
                Ok(Some(Ok(Message::Text(t)))) => {
                    Incoming::Frame(serde_json::from_str(t.as_str()).expect("server sent JSON"))
                }
                Ok(Some(Ok(Message::Close(f)))) => Incoming::Closed(
                    f.as_ref().map(|f| u16::from(f.code)),
                    f.map(|f| f.reason.to_string()).unwrap_or_default(),
                ),
                Ok(Some(Ok(_))) => continue,
            };
        }
    }

    /// Skips frames until the server closes the socket (within `wait`); returns the close
    /// code, or what happened instead.
    pub async fn close_code(&mut self, wait: Duration) -> Result<u16, String> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next_incoming(left).await {
                Incoming::Frame(_) => continue,
                Incoming::Closed(Some(code), _) => return Ok(code),
                other => return Err(format!("no close frame: {other:?}")),
            }
        }
    }

    /// Receives frames until the reply with `msg_ref` (within `wait`); returns the frames
    /// before it and the reply, or what happened instead.
    pub async fn reply_to(&mut self, msg_ref: &str, wait: Duration) -> Result<(Vec<Value>, Value), String> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut before = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next_incoming(left).await {
                Incoming::Frame(f) if f[3] == "phx_reply" && f[1] == json!(msg_ref) => return Ok((before, f)),
                Incoming::Frame(f) => before.push(f),
                other => return Err(format!("no reply to {msg_ref} ({} frames before): {other:?}", before.len())),
            }
        }
    }

    /// Sends a heartbeat and waits (up to 5 s) for its ok reply, skipping other frames.
    pub async fn heartbeat(&mut self) -> Result<(), String> {
        let r = self.next_ref();
        if !self.send_message(Message::Text(json!([null, r, "phoenix", "heartbeat", {}]).to_string().into())).await {
            return Err("connection gone".into());
        }
        let (_, reply) = self.reply_to(&r, Duration::from_secs(5)).await?;
        match reply[4]["status"] == "ok" {
            true => Ok(()),
            false => Err(format!("heartbeat answered {reply}")),
        }
    }

    /// The next text frame, parsed (panics after 5 s).
    pub async fn recv(&mut self) -> Value {
        self.try_recv(Duration::from_secs(5)).await.expect("expected a frame within 5 s")
    }

    /// The next text frame within `wait`, or `None`.
    pub async fn try_recv(&mut self, wait: Duration) -> Option<Value> {
        loop {
            match tokio::time::timeout(wait, self.ws.next()).await {
                Err(_) => return None,
                Ok(None) | Ok(Some(Err(_))) => return None,
                Ok(Some(Ok(Message::Text(t)))) => {
                    return Some(serde_json::from_str(t.as_str()).expect("server sent JSON"));
                }
                Ok(Some(Ok(Message::Close(_)))) => return None,
                Ok(Some(Ok(_))) => continue,
            }
        }
    }

    /// Joins the page's view; returns (join_ref, reply payload).
    pub async fn join(&mut self, page: &Page, path: &str) -> (String, Value) {
        self.join_topic(&format!("lv:{}", page.view_id), page, json!({"url": format!("http://{}{path}", self.addr)}))
            .await
    }

    pub async fn join_topic(&mut self, topic: &str, page: &Page, extra: Value) -> (String, Value) {
        let jr = self.next_ref();
        let mut payload = json!({
            "params": {"_csrf_token": page.csrf, "_mounts": 0, "_mount_attempts": 0},
            "session": page.session,
            "static": page.static_token,
            "sticky": false,
        });
        for (k, v) in extra.as_object().unwrap() {
            payload[k] = v.clone();
        }
        self.send(json!([jr, jr, topic, "phx_join", payload])).await;
        // A join replacing a live instance first closes the old one (phx_close); skip it.
        let (_, reply) = self.until_reply(&jr).await;
        assert_eq!(reply[0], json!(jr), "join reply echoes join_ref: {reply}");
        assert_eq!(reply[1], json!(jr), "join reply echoes ref: {reply}");
        (jr, reply[4].clone())
    }

    /// Joins the page's view again on this socket (replacing the joined instance, whose
    /// `phx_close` is skipped); returns (join_ref, reply payload).
    pub async fn rejoin(&mut self, page: &Page, path: &str) -> (String, Value) {
        let jr = self.next_ref();
        let payload = json!({
            "url": format!("http://{}{path}", self.addr),
            "params": {"_csrf_token": page.csrf, "_mounts": 1, "_mount_attempts": 0},
            "session": page.session,
            "static": page.static_token,
            "sticky": false,
        });
        self.send(json!([jr, jr, format!("lv:{}", page.view_id), "phx_join", payload])).await;
        let (_, reply) = self.until_reply(&jr).await;
        (jr, reply[4].clone())
    }

    /// Sends a click and returns its ref.
    pub async fn click(&mut self, topic: &str, join_ref: &str, event: &str, value: Value) -> String {
        let r = self.next_ref();
        self.send(json!([join_ref, r, topic, "event", {"type": "click", "event": event, "value": value}])).await;
        r
    }

    /// Receives frames until the reply with `msg_ref`; returns (frames before it, the reply).
    pub async fn until_reply(&mut self, msg_ref: &str) -> (Vec<Value>, Value) {
        let mut before = Vec::new();
        loop {
            let f = self.recv().await;
            if f[3] == "phx_reply" && f[1] == json!(msg_ref) {
                return (before, f);
            }
            before.push(f);
        }
    }
}

/// What the server did next (see [`Client::next_incoming`]).
#[derive(Debug)]
pub enum Incoming {
    /// A text frame, parsed.
    Frame(Value),
    /// A close frame: code and reason.
    Closed(Option<u16>, String),
    /// The connection ended without a close frame (with the read error, if any).
    Gone(Option<String>),
    /// Nothing within the wait.
    Timeout,
}

/// A client websocket frame, byte by byte, for frames no well-behaved client library will
/// send: `first` is the FIN/RSV/opcode byte (`0x81` = final text frame); masked with a fixed key
/// when `masked`; `declared_len` overrides the length in the header.
pub fn client_frame(first: u8, payload: &[u8], masked: bool, declared_len: Option<u64>) -> Vec<u8> {
    let len = declared_len.unwrap_or(payload.len() as u64);
    let mask_bit = if masked { 0x80 } else { 0 };
    let mut out = vec![first];
    match len {
        0..=125 => out.push(mask_bit | len as u8),
        126..=0xffff => {
            out.push(mask_bit | 126);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            out.push(mask_bit | 127);
            out.extend_from_slice(&len.to_be_bytes());
        }
    }
    if masked {
        let key = [0x37, 0xfa, 0x21, 0x3d];
        out.extend_from_slice(&key);
        out.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i % 4]));
    } else {
        out.extend_from_slice(payload);
    }
    out
}

/// Sends a websocket upgrade request with extra headers (a `Host` among them replaces the
/// default) and returns the response status (101 when accepted).
pub async fn upgrade_status(addr: SocketAddr, headers: &[(&str, &str)]) -> u16 {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let mut req = String::from("GET /live/websocket?vsn=2.0.0 HTTP/1.1\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: {addr}\r\n"));
    }
    req.push_str(
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n",
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => head.extend_from_slice(&buf[..n]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&head);
    head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// The resident set size of this process (which hosts the test servers), in bytes.
pub fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}
