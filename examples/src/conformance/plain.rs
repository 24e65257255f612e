//! The plain HTTP endpoints of the upstream test app: `GET /health` (the readiness probe) and
//! `POST /submit` (a form's params echoed as a JSON object, for `phx-trigger-action` forms).

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use liveview::form::{Param, parse_urlencoded};

/// Adds `/health` and `/submit` to `app`.
pub fn routes(app: axum::Router) -> axum::Router {
    app.route("/health", get(|| async { "OK" })).route("/submit", post(submit)).route("/halt", get(halt))
}

/// Asked for by `GET /halt` (upstream's endpoint plug that stops the test server).
static HALT: std::sync::LazyLock<tokio::sync::Notify> = std::sync::LazyLock::new(tokio::sync::Notify::new);

/// `GET /halt`: the server stops, gracefully, after answering (see [`halted`]).
async fn halt() -> &'static str {
    HALT.notify_one();
    "halting"
}

/// Resolves once `GET /halt` was asked for (the `conformance` binary then shuts down).
pub async fn halted() {
    HALT.notified().await;
}

/// Echoes the posted form (urlencoded or multipart) as JSON, nested the way Plug nests
/// `user[name]` keys.
async fn submit(headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    match params(content_type, &body) {
        Ok(params) => ([(header::CONTENT_TYPE, "application/json")], params.to_json().to_string()).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, e).into_response(),
    }
}

/// The form's params from its body.
fn params(content_type: &str, body: &[u8]) -> Result<Param, String> {
    let text = std::str::from_utf8(body).map_err(|_| "the body is not UTF-8".to_owned())?;
    let urlencoded = match multipart_boundary(content_type) {
        Some(boundary) => multipart_to_urlencoded(text, &boundary)?,
        None => text.to_owned(),
    };
    parse_urlencoded(&urlencoded).map_err(|e| e.to_string())
}

/// The boundary of a `multipart/form-data` content type.
fn multipart_boundary(content_type: &str) -> Option<String> {
    let (kind, rest) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    rest.split(';').find_map(|p| p.trim().strip_prefix("boundary=")).map(|b| b.trim_matches('"').to_owned())
}

/// The text fields of a multipart body (a file field gives its file name), re-encoded as
/// `application/x-www-form-urlencoded` so that one parser nests both.
fn multipart_to_urlencoded(body: &str, boundary: &str) -> Result<String, String> {
    let delimiter = format!("--{boundary}");
    let mut pairs = Vec::new();
    for part in body.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let (head, value) = part.split_once("\r\n\r\n").ok_or("a multipart part without headers")?;
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
            .ok_or("a multipart part without content-disposition")?;
        let field = |key: &str| {
            disposition.split(';').find_map(|p| p.trim().strip_prefix(key)).map(|v| v.trim_matches('"').to_owned())
        };
        let name = field("name=").ok_or("a multipart part without a name")?;
        let value = field("filename=").unwrap_or_else(|| value.to_owned());
        pairs.push(format!("{}={}", encode(&name), encode(&value)));
    }
    Ok(pairs.join("&"))
}

/// Percent-encodes everything but unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn urlencoded_and_multipart_forms_echo_as_the_same_nested_json() {
        let form =
            params("application/x-www-form-urlencoded", b"user%5Bname%5D=Ann&tags%5B%5D=a&tags%5B%5D=b&x=1").unwrap();
        let want = json!({"user": {"name": "Ann"}, "tags": ["a", "b"], "x": "1"});
        assert_eq!(form.to_json(), want);
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"user[name]\"\r\n\r\nAnn\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"tags[]\"\r\n\r\na\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"tags[]\"\r\n\r\nb\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--XyZ--\r\n";
        let form = params("multipart/form-data; boundary=XyZ", body.as_bytes()).unwrap();
        assert_eq!(form.to_json(), want);
    }
}
