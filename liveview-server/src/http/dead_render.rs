//! The dead render: a LiveView rendered over plain HTTP inside the layout, with the signed
//! tokens its websocket join will present, or the redirect its mount asked for.

use crate::cookie::{CSRF_COOKIE, FLASH_COOKIE, cookie};
use crate::page::{self, Page};
use crate::response::{Body, html, text};
use crate::state::Shared;
use bytes::Bytes;
use http::request::Parts;
use http::{Response, StatusCode, header};
use liveview_core::runtime::{DeadRender, dead_render};
use liveview_core::{Url, escape::escape};

/// Renders the LiveView routed at the request's path.
pub(crate) async fn page(shared: &Shared, req: &Parts) -> Response<Body> {
    let Some(url) = req.uri.path_and_query().and_then(|pq| Url::parse(pq.as_str())) else {
        return text(StatusCode::BAD_REQUEST, "bad request\n");
    };
    let flash = cookie(&req.headers, FLASH_COOKIE).map(|t| shared.app.verify_flash(t)).unwrap_or_default();
    let (csrf, new_csrf) = match cookie(&req.headers, CSRF_COOKIE) {
        Some(c) if c.len() >= 16 && c.len() <= 128 => (c.to_owned(), false),
        _ => (random_token(), true),
    };
    let session = shared.session_fn.as_ref().map(|f| f(req)).unwrap_or_default();
    let mut resp = match dead_render(&shared.app, &url, session, flash).await {
        Ok(DeadRender::Page { view_id, html: inner, title, session_token, static_token }) => {
            // The route's own layout, bootstrap and container attributes (`PageOptions`).
            let route = shared.page_for(url.path());
            let (layout, app, attrs) = match route {
                Some(r) => (&r.layout, r.app.as_str(), r.container_attrs.as_str()),
                None => (&shared.layout, shared.paths.app.as_str(), ""),
            };
            let page = Page {
                title,
                head: page::head(&csrf, &shared.paths, app, &shared.extra_head),
                body: page::container(&view_id, &session_token, &static_token, attrs, &inner),
            };
            let mut r = html(StatusCode::OK, layout(&page));
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
        Ok(DeadRender::NotFound) => html(
            StatusCode::NOT_FOUND,
            format!(
                "<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Not found</h1><p>No LiveView is routed at <code>{}</code>.</p></body></html>",
                escape(url.path())
            ),
        ),
        Err(e) => {
            tracing::error!(path = url.path(), error = %e, "mount failed during the dead render");
            html(
                StatusCode::INTERNAL_SERVER_ERROR,
                Bytes::from_static(
                    b"<!DOCTYPE html><html><head><title>Server error</title></head><body><h1>Internal server error</h1></body></html>",
                ),
            )
        }
    };
    if cookie(&req.headers, FLASH_COOKIE).is_some() {
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

/// A fresh CSRF token: 24 random bytes, base64url.
fn random_token() -> String {
    use base64::Engine;
    let mut b = [0u8; 24];
    rand::fill(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}
