//! The cookies the server reads and sets: the CSRF token and the flash carried by redirects.

use http::{HeaderMap, header};

/// The cookie holding the CSRF token (set by the dead render, compared on websocket upgrade).
pub(crate) const CSRF_COOKIE: &str = "_liveview_csrf";
/// The cookie carrying flash across a full-page redirect (Phoenix's name).
pub(crate) const FLASH_COOKIE: &str = "__phoenix_flash__";

/// The value of cookie `name` in a request's `cookie` headers (for a
/// [`LiveRouter::session_from`](crate::LiveRouter::session_from) hook that reads a login cookie).
///
/// ```
/// let mut req = http::Request::builder().header("cookie", "theme=dark; user=ann").body(()).unwrap();
/// assert_eq!(liveview_server::cookie(req.headers(), "user"), Some("ann"));
/// assert_eq!(liveview_server::cookie(req.headers(), "missing"), None);
/// ```
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}
