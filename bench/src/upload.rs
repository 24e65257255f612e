//! Upload throughput over one socket: a file sent in 64 KiB binary chunks, each acked before
//! the next (as the official client does), against our server's upload channel and, for the
//! ceiling, the raw echo server on our stack (each chunk echoed back). The server's peak RSS
//! growth during the upload is sampled from `/proc`.

use crate::phx;
use crate::scenario::{Opener, Settings, View, Ws};
use crate::stats::{Record, vm_rss_kib};
use futures_util::{SinkExt, StreamExt};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::{Instant, timeout_at};
use tokio_tungstenite::tungstenite::Message;

/// The chunk size (the client's and the gallery's `/upload-large`).
pub const CHUNK: usize = 64 * 1024;

/// A client push in a binary frame (protocol §2.3).
fn chunk_frame(join_ref: &str, msg_ref: &str, topic: &str, payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(5 + join_ref.len() + msg_ref.len() + topic.len() + 5 + payload.len());
    f.extend_from_slice(&[0, join_ref.len() as u8, msg_ref.len() as u8, topic.len() as u8, 5]);
    for s in [join_ref, msg_ref, topic, "chunk"] {
        f.extend_from_slice(s.as_bytes());
    }
    f.extend_from_slice(payload);
    f
}

/// Reads until the text frame whose ref is `msg_ref` (or, `raw`, any binary echo); its text.
async fn reply(ws: &mut Ws, msg_ref: &str, deadline: Instant, raw: bool) -> Result<String, String> {
    loop {
        let msg = match timeout_at(deadline, ws.next()).await {
            Err(_) => return Err(format!("no reply to {msg_ref} in time")),
            Ok(None) | Ok(Some(Err(_))) => return Err("socket closed".into()),
            Ok(Some(Ok(m))) => m,
        };
        match msg {
            Message::Binary(_) if raw => return Ok(String::new()),
            Message::Text(t) => {
                if let Ok(f) = phx::parse(t.as_str())
                    && f.msg_ref.as_deref() == Some(msg_ref)
                {
                    if f.status.as_deref() != Some("ok") {
                        return Err(format!("error reply: {}", phx::error_reason(t.as_str())));
                    }
                    return Ok(t.as_str().to_owned());
                }
            }
            Message::Close(_) => return Err("socket closed".into()),
            _ => {}
        }
    }
}

/// Samples the server's VmRSS until stopped; the peak, KiB.
fn sample_rss(pid: Option<u32>, stop: Arc<AtomicBool>, peak: Arc<AtomicU64>) {
    let Some(pid) = pid else { return };
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            if let Some(kib) = vm_rss_kib(pid) {
                peak.fetch_max(kib, Ordering::Relaxed);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    });
}

/// Uploads `bytes` bytes: to `path` (an upload view with one input, `/upload-large`), or with
/// `raw` to the echo server at `path`. `per_sec` is MB/s (10^6 bytes), `events` the chunks.
pub async fn upload(opener: &Arc<Opener>, s: &Settings, path: &str, bytes: u64, raw: bool) -> Record {
    let mut rec = Record {
        server: s.server.clone(),
        scenario: if raw { "upload-echo".into() } else { "upload".into() },
        conns: 1,
        ..Record::default()
    };
    match run(opener, s, path, bytes, raw, &mut rec).await {
        Ok(()) => {}
        Err(e) => {
            rec.errors.protocol_errors += 1;
            rec.notes.push(e);
        }
    }
    rec
}

async fn run(
    opener: &Arc<Opener>,
    s: &Settings,
    path: &str,
    bytes: u64,
    raw: bool,
    rec: &mut Record,
) -> Result<(), String> {
    let mut view: View =
        if raw { opener.open_raw(path).await } else { opener.open_view(path).await }.map_err(|e| e.to_string())?;
    let data: Vec<u8> = (0..CHUNK).map(|i| (i * 7 % 251) as u8).collect();
    let deadline = || Instant::now() + s.timeout;
    let mut next = || {
        view.next_ref += 1;
        view.next_ref.to_string()
    };
    let topic_json = view.topic_json.clone();
    let (topic, jr) = if raw {
        ("lvu:0".to_owned(), "1".to_owned())
    } else {
        let view_id = topic_json.trim_matches('"').trim_start_matches("lv:").to_owned();
        let config_ref = format!("{view_id}-u0");
        let entry = serde_json::json!({"path": "file", "ref": "0", "last_modified": 0, "name": "big.bin",
                                       "relative_path": "", "type": "application/octet-stream", "size": bytes});
        let mut uploads = serde_json::Map::new();
        uploads.insert(config_ref.clone(), serde_json::json!([entry]));
        let change = serde_json::json!({"type": "form", "event": "validate", "value": "", "meta": {"_target": "file"}, "uploads": uploads});
        let (r1, r2, r3) = (next(), next(), next());
        let mut f = String::new();
        phx::write_frame(&mut f, Some("1"), &r1, &topic_json, "event", &change.to_string());
        view.ws.send(Message::Text(f.into())).await.map_err(|e| e.to_string())?;
        reply(&mut view.ws, &r1, deadline(), false).await?;
        let mut f = String::new();
        let pre = serde_json::json!({"ref": config_ref, "entries": [entry]});
        phx::write_frame(&mut f, Some("1"), &r2, &topic_json, "allow_upload", &pre.to_string());
        view.ws.send(Message::Text(f.into())).await.map_err(|e| e.to_string())?;
        let text = reply(&mut view.ws, &r2, deadline(), false).await?;
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let token = v[4]["response"]["entries"]["0"].as_str().ok_or_else(|| format!("no token in {text:.200}"))?;
        let mut f = String::new();
        phx::write_frame(
            &mut f,
            Some(&r3),
            &r3,
            "\"lvu:0\"",
            "phx_join",
            &serde_json::json!({"token": token}).to_string(),
        );
        view.ws.send(Message::Text(f.into())).await.map_err(|e| e.to_string())?;
        reply(&mut view.ws, &r3, deadline(), false).await?;
        ("lvu:0".to_owned(), r3)
    };
    let stop = Arc::new(AtomicBool::new(false));
    let before = s.pid.and_then(vm_rss_kib).unwrap_or(0);
    let peak = Arc::new(AtomicU64::new(before));
    sample_rss(s.pid, stop.clone(), peak.clone());
    let start = Instant::now();
    let mut sent = 0u64;
    let mut chunks = 0u64;
    while sent < bytes {
        let n = (bytes - sent).min(CHUNK as u64) as usize;
        let r = next();
        let frame = chunk_frame(&jr, &r, &topic, &data[..n]);
        view.ws.send(Message::Binary(frame.into())).await.map_err(|e| e.to_string())?;
        reply(&mut view.ws, &r, deadline(), raw).await?;
        sent += n as u64;
        chunks += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let peak = peak.load(Ordering::Relaxed);
    rec.seconds = seconds;
    rec.events = chunks;
    rec.per_sec = if seconds > 0.0 { sent as f64 / seconds / 1e6 } else { 0.0 };
    rec.rss_before_kib = before;
    rec.rss_after_kib = peak;
    rec.notes.push(format!(
        "{:.1} MB in {chunks} chunks of {CHUNK} B: {:.1} MB/s, peak RSS growth {} KiB",
        sent as f64 / 1e6,
        rec.per_sec,
        peak.saturating_sub(before)
    ));
    if !raw {
        let r = next();
        let mut f = String::new();
        let save = serde_json::json!({"type": "form", "event": "save", "value": "", "meta": {}});
        phx::write_frame(&mut f, Some("1"), &r, &topic_json, "event", &save.to_string());
        view.ws.send(Message::Text(f.into())).await.map_err(|e| e.to_string())?;
        reply(&mut view.ws, &r, deadline(), false).await?;
    }
    view.close().await;
    Ok(())
}
