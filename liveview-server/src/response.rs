//! Response bodies and the small responses every part of the server writes.

use bytes::Bytes;
use http::{Response, StatusCode, header};
use http_body_util::Full;

/// The body of every response this server writes: whole, in memory.
pub(crate) type Body = Full<Bytes>;

/// A `text/plain` response.
pub(crate) fn text(status: StatusCode, body: impl Into<Bytes>) -> Response<Body> {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

/// A `text/html` response.
pub(crate) fn html(status: StatusCode, body: impl Into<Bytes>) -> Response<Body> {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
    r
}
