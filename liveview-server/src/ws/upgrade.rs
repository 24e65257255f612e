//! The websocket handshake: upgrade checks (origin, serializer version, CSRF), then the
//! connection runs in a task of its own (see [`super::connection`]).

use super::connection;
use crate::cookie::{CSRF_COOKIE, cookie};
use crate::response::{Body, text};
use crate::state::Shared;
use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;

fn refuse(status: StatusCode, why: &'static str) -> Response<Body> {
    tracing::info!(status = status.as_u16(), why, "websocket upgrade refused");
    text(status, format!("{why}\n"))
}

fn origin_allowed<B>(shared: &Shared, req: &Request<B>) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // Non-browser clients send no Origin; browsers always do on websocket upgrades.
        return true;
    };
    match &shared.allowed_origins {
        Some(list) => list.iter().any(|o| o == origin),
        None => {
            let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
            !host.is_empty() && origin_host == host
        }
    }
}

/// Answers a websocket upgrade request and spawns the connection task.
pub(crate) fn upgrade<B>(shared: Arc<Shared>, mut req: Request<B>) -> Response<Body> {
    let h = req.headers();
    let is_upgrade =
        h.get(header::UPGRADE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let Some(key) = h.get(header::SEC_WEBSOCKET_KEY).map(|k| derive_accept_key(k.as_bytes())) else {
        return refuse(StatusCode::BAD_REQUEST, "expected a websocket upgrade");
    };
    if !is_upgrade {
        return refuse(StatusCode::BAD_REQUEST, "expected a websocket upgrade");
    }
    if !origin_allowed(&shared, &req) {
        return refuse(StatusCode::FORBIDDEN, "cross-origin websocket refused");
    }
    // Decoded with form_urlencoded (lossy on invalid UTF-8, which can then never
    // equal a valid token or version).
    let query: Vec<(String, String)> =
        req.uri().query().map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
    let q = |k: &str| query.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if q("vsn") != Some("2.0.0") {
        return refuse(StatusCode::BAD_REQUEST, "unsupported serializer: vsn must be 2.0.0");
    }
    // CSRF: the token in the URL must equal the cookie set by the dead render. On mismatch the
    // socket still connects, but every join is answered `stale` so the client reloads.
    let csrf_ok = match (q("_csrf_token"), cookie(req.headers(), CSRF_COOKIE)) {
        (Some(a), Some(b)) => constant_time_eq(a.as_bytes(), b.as_bytes()),
        _ => false,
    };
    let wants_phoenix = h
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == "phoenix");
    let on_upgrade = hyper::upgrade::on(&mut req);
    let task_shared = shared.clone();
    shared.tracker.spawn(async move {
        match on_upgrade.await {
            Ok(upgraded) => {
                // A task of its own, sized for the connection only (the handshake's state is
                // freed with this one).
                task_shared.tracker.spawn(connection::run(task_shared.clone(), TokioIo::new(upgraded), csrf_ok));
            }
            Err(e) => tracing::debug!(error = %e, "websocket upgrade failed"),
        }
    });
    let mut resp = Response::new(Full::new(Bytes::new()));
    *resp.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let rh = resp.headers_mut();
    rh.insert(header::UPGRADE, header::HeaderValue::from_static("websocket"));
    rh.insert(header::CONNECTION, header::HeaderValue::from_static("Upgrade"));
    if let Ok(v) = header::HeaderValue::from_str(&key) {
        rh.insert(header::SEC_WEBSOCKET_ACCEPT, v);
    }
    if wants_phoenix {
        rh.insert(header::SEC_WEBSOCKET_PROTOCOL, header::HeaderValue::from_static("phoenix"));
    }
    resp
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
