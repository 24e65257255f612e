//! HTTP requests: dead renders, client assets, websocket upgrades.

use crate::assets::{APP_PATH, Asset, ClientAssets, HOOKS_PATH, LIVE_VIEW_PATH, PHOENIX_PATH};
use crate::page::{self, Layout, Page};
use crate::router::{Limits, LiveRouter};
use crate::ws;
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use liveview_core::runtime::{App, DeadRender, dead_render};
use liveview_core::view::Session;
use liveview_core::{Url, escape::escape};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The name of the cookie holding the CSRF token.
pub(crate) const CSRF_COOKIE: &str = "_liveview_csrf";
const FLASH_COOKIE: &str = "__phoenix_flash__";

pub(crate) type Body = Full<Bytes>;

/// Everything request handlers share.
pub(crate) struct Shared {
    pub(crate) app: Arc<App>,
    assets: ClientAssets,
    hooks: Asset,
    files: HashMap<String, Asset>,
    layout: Arc<Layout>,
    extra_head: String,
    pub(crate) allowed_origins: Option<Vec<String>>,
    pub(crate) limits: Limits,
    pub(crate) pubsub: Arc<dyn liveview_core::pubsub::PubSub>,
    pub(crate) shutdown: CancellationToken,
    pub(crate) tracker: TaskTracker,
}

impl Shared {
    pub(crate) fn new(router: LiveRouter, assets: ClientAssets, shutdown: CancellationToken) -> Self {
        let app = Arc::new(router.build_app());
        let files = router.static_files.iter().map(|(p, body, ct)| (p.clone(), Asset::new(body.clone(), ct))).collect();
        Shared {
            app,
            assets,
            hooks: Asset::new(router.hooks_js.clone(), "text/javascript; charset=utf-8"),
            files,
            layout: router.layout.clone(),
            extra_head: router.extra_head.clone(),
            allowed_origins: router.allowed_origins.clone(),
            limits: router.limits.clone(),
            pubsub: router.pubsub.clone(),
            shutdown,
            tracker: TaskTracker::new(),
        }
    }
}

pub(crate) fn cookie<'a>(req: &'a Request<Incoming>, name: &str) -> Option<&'a str> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn text(status: StatusCode, body: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body.to_owned())));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

fn asset(req: &Request<Incoming>, a: &Asset, immutable: bool) -> Response<Body> {
    let mut r = if req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(a.etag.as_str()) {
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

/// Serves one HTTP request.
pub(crate) async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let path = req.uri().path().to_owned();
    if path == "/live/websocket" {
        return Ok(ws::upgrade(shared, req));
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Ok(text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n"));
    }
    let a = &shared.assets;
    let resp = match path.as_str() {
        PHOENIX_PATH => asset(&req, &a.phoenix, true),
        LIVE_VIEW_PATH => asset(&req, &a.live_view, true),
        APP_PATH => asset(&req, &a.app, false),
        HOOKS_PATH => asset(&req, &shared.hooks, false),
        p => match shared.files.get(p) {
            Some(f) => asset(&req, f, false),
            None => render_page(&shared, &req).await,
        },
    };
    Ok(resp)
}

async fn render_page(shared: &Shared, req: &Request<Incoming>) -> Response<Body> {
    let Some(url) = req.uri().path_and_query().and_then(|pq| Url::parse(pq.as_str())) else {
        return text(StatusCode::BAD_REQUEST, "bad request\n");
    };
    let flash = cookie(req, FLASH_COOKIE).map(|t| shared.app.verify_flash(t)).unwrap_or_default();
    let (csrf, new_csrf) = match cookie(req, CSRF_COOKIE) {
        Some(c) if c.len() >= 16 && c.len() <= 128 => (c.to_owned(), false),
        _ => (random_token(), true),
    };
    let mut resp = match dead_render(&shared.app, &url, Session::default(), flash).await {
        Ok(DeadRender::Page { view_id, html, title, session_token, static_token }) => {
            let page = Page {
                title,
                head: page::head(&csrf, &shared.extra_head),
                body: page::container(&view_id, &session_token, &static_token, &html),
            };
            let mut r = Response::new(Full::new(Bytes::from((shared.layout)(&page))));
            r.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
            r.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            r
        }
        Ok(DeadRender::Redirect { to, flash_token }) => {
            let mut r = text(StatusCode::FOUND, "");
            if let Ok(v) = header::HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            if let Some(f) = flash_token
                && let Ok(v) =
                    header::HeaderValue::from_str(&format!("{FLASH_COOKIE}={f}; Max-Age=60; Path=/; SameSite=Lax"))
            {
                r.headers_mut().append(header::SET_COOKIE, v);
            }
            return r;
        }
        Ok(DeadRender::NotFound) | Ok(_) => {
            let mut r = Response::new(Full::new(Bytes::from(format!(
                "<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Not found</h1><p>No LiveView is routed at <code>{}</code>.</p></body></html>",
                escape(url.path())
            ))));
            *r.status_mut() = StatusCode::NOT_FOUND;
            r.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
            r
        }
        Err(e) => {
            tracing::error!(path = url.path(), error = %e, "mount failed during the dead render");
            let mut r = Response::new(Full::new(Bytes::from_static(
                b"<!DOCTYPE html><html><head><title>Server error</title></head><body><h1>Internal server error</h1></body></html>",
            )));
            *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            r.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
            r
        }
    };
    if cookie(req, FLASH_COOKIE).is_some() {
        resp.headers_mut()
            .append(header::SET_COOKIE, header::HeaderValue::from_static("__phoenix_flash__=; Max-Age=0; Path=/"));
    }
    if new_csrf
        && let Ok(v) = header::HeaderValue::from_str(&format!("{CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Lax"))
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

fn random_token() -> String {
    use base64::Engine;
    let mut b = [0u8; 24];
    rand::fill(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}
