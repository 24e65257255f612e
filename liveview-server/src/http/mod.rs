//! HTTP requests: websocket upgrades go to [`crate::ws`], client assets are served from
//! memory, every other GET is a dead render.

pub(crate) mod dead_render;

use crate::assets::Asset;
use crate::response::{Body, text};
use crate::state::Shared;
use crate::ws;
use bytes::Bytes;
use http::request::Parts;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::Full;
use std::convert::Infallible;
use std::sync::Arc;

/// Serves one HTTP request. The body is never read (and dropped before any await, so it
/// need not be `Sync`).
pub(crate) async fn handle<B>(shared: Arc<Shared>, req: Request<B>) -> Result<Response<Body>, Infallible> {
    if req.uri().path() == shared.paths.socket {
        return Ok(ws::upgrade(shared, req));
    }
    let (req, _body) = req.into_parts();
    drop(_body);
    let path = req.uri.path();
    if req.method != Method::GET && req.method != Method::HEAD {
        return Ok(text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n"));
    }
    let (a, paths) = (&shared.assets, &shared.paths);
    let resp = if path == paths.phoenix {
        asset(&req, &a.phoenix, true)
    } else if path == paths.live_view {
        asset(&req, &a.live_view, true)
    } else if path == paths.app {
        asset(&req, &shared.app_js, false)
    } else if path == paths.hooks {
        asset(&req, &shared.hooks, false)
    } else {
        match shared.files.get(path) {
            Some(f) => asset(&req, f, false),
            None => dead_render::page(&shared, &req).await,
        }
    };
    Ok(resp)
}

/// A served file, or 304 when the client's copy is current.
fn asset(req: &Parts, a: &Asset, immutable: bool) -> Response<Body> {
    let mut r = if req.headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(a.etag.as_str()) {
        let mut r = Response::new(Full::new(Bytes::new()));
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        Response::new(Full::new(a.body.clone()))
    };
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(a.content_type));
    if let Ok(v) = header::HeaderValue::from_str(&a.etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(if immutable { "public, max-age=3600" } else { "no-cache" }),
    );
    r
}
