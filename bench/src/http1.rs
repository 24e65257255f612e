//! A minimal keep-alive HTTP/1.1 GET client over a tokio `TcpStream`, plus a cookie jar.
//!
//! Enough for dead renders: `Content-Length`, `chunked` and read-to-close bodies, bounded sizes,
//! errors instead of panics on anything malformed.

use std::io;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;

/// A response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers (names lower-cased), in order.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked).
    pub body: Vec<u8>,
    /// The server will close the connection after this response.
    pub close: bool,
}

impl Response {
    /// All values of header `name` (lower case).
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// One keep-alive connection.
#[derive(Debug)]
pub struct HttpConn {
    stream: TcpStream,
    buf: Vec<u8>,
    /// Set once the server said it closes (or the connection failed): do not reuse.
    pub closed: bool,
}

impl HttpConn {
    /// Connects (with `TCP_NODELAY`).
    pub async fn connect(addr: SocketAddr) -> io::Result<HttpConn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(HttpConn { stream, buf: Vec::with_capacity(16 * 1024), closed: false })
    }

    /// Sends `GET path` and reads the whole response.
    pub async fn get(&mut self, host: &str, path: &str, cookie: Option<&str>) -> io::Result<Response> {
        let r = self.get_inner(host, path, cookie).await;
        if r.is_err() {
            self.closed = true;
        }
        r
    }

    async fn get_inner(&mut self, host: &str, path: &str, cookie: Option<&str>) -> io::Result<Response> {
        if self.closed {
            return Err(io::Error::new(io::ErrorKind::NotConnected, "connection already closed"));
        }
        let mut req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: lvbench\r\nAccept: text/html\r\n");
        if let Some(c) = cookie.filter(|c| !c.is_empty()) {
            req.push_str("Cookie: ");
            req.push_str(c);
            req.push_str("\r\n");
        }
        req.push_str("\r\n");
        self.stream.write_all(req.as_bytes()).await?;

        // Head.
        let head_end = loop {
            if let Some(p) = find(&self.buf, b"\r\n\r\n") {
                break p;
            }
            if self.buf.len() > MAX_HEAD {
                return Err(bad("response head too large"));
            }
            self.fill().await?;
        };
        let head = std::str::from_utf8(&self.buf[..head_end]).map_err(|_| bad("response head is not UTF-8"))?;
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or_default();
        if !version.starts_with("HTTP/1.") {
            return Err(bad(format!("not an HTTP/1.x response: {status_line:?}")));
        }
        let status: u16 = parts.next().and_then(|s| s.parse().ok()).ok_or_else(|| bad("bad status line"))?;
        let mut headers = Vec::new();
        for l in lines {
            if let Some((n, v)) = l.split_once(':') {
                headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
            }
        }
        let http10 = version == "HTTP/1.0";
        self.buf.drain(..head_end + 4);
        let has = |name: &str, token: &str| {
            headers
                .iter()
                .filter(|(n, _)| n == name)
                .any(|(_, v)| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
        };
        let mut close = has("connection", "close") || http10 && !has("connection", "keep-alive");
        let chunked = has("transfer-encoding", "chunked");
        let length: Option<usize> = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map(|(_, v)| v.parse().map_err(|_| bad("bad content-length")))
            .transpose()?;

        // Body.
        let body = if status == 204 || status == 304 || (100..200).contains(&status) {
            Vec::new()
        } else if chunked {
            self.read_chunked().await?
        } else if let Some(n) = length {
            if n > MAX_BODY {
                return Err(bad("body too large"));
            }
            while self.buf.len() < n {
                self.fill().await?;
            }
            self.buf.drain(..n).collect()
        } else {
            // Delimited by close.
            close = true;
            loop {
                if self.buf.len() > MAX_BODY {
                    return Err(bad("body too large"));
                }
                match self.fill().await {
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
                    Err(e) => return Err(e),
                }
            }
            std::mem::take(&mut self.buf)
        };
        if close {
            self.closed = true;
        }
        Ok(Response { status, headers, body, close })
    }

    async fn read_chunked(&mut self) -> io::Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(p) = find(&self.buf, b"\r\n") {
                    break p;
                }
                if self.buf.len() > 1024 {
                    return Err(bad("chunk size line too long"));
                }
                self.fill().await?;
            };
            let line = std::str::from_utf8(&self.buf[..line_end]).map_err(|_| bad("bad chunk size"))?;
            let size_hex = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size_hex, 16).map_err(|_| bad("bad chunk size"))?;
            self.buf.drain(..line_end + 2);
            if size == 0 {
                // Trailers, then an empty line.
                loop {
                    let end = loop {
                        if let Some(p) = find(&self.buf, b"\r\n") {
                            break p;
                        }
                        if self.buf.len() > MAX_HEAD {
                            return Err(bad("trailers too large"));
                        }
                        self.fill().await?;
                    };
                    self.buf.drain(..end + 2);
                    if end == 0 {
                        return Ok(body);
                    }
                }
            }
            if body.len() + size > MAX_BODY {
                return Err(bad("body too large"));
            }
            while self.buf.len() < size + 2 {
                self.fill().await?;
            }
            body.extend_from_slice(&self.buf[..size]);
            if &self.buf[size..size + 2] != b"\r\n" {
                return Err(bad("chunk not followed by CRLF"));
            }
            self.buf.drain(..size + 2);
        }
    }

    async fn fill(&mut self) -> io::Result<usize> {
        let mut tmp = [0u8; 16 * 1024];
        let n = self.stream.read(&mut tmp).await?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed by the server"));
        }
        self.buf.extend_from_slice(&tmp[..n]);
        Ok(n)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Cookies by name (later `Set-Cookie`s replace earlier ones; attributes are dropped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jar(Vec<(String, String)>);

impl Jar {
    /// Takes every `Set-Cookie` of a response.
    pub fn absorb(&mut self, resp: &Response) {
        for v in resp.header_values("set-cookie") {
            self.set_cookie(v);
        }
    }

    /// Takes one `Set-Cookie` value.
    pub fn set_cookie(&mut self, v: &str) {
        let pair = v.split(';').next().unwrap_or_default();
        let Some((name, value)) = pair.split_once('=') else {
            return;
        };
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() {
            return;
        }
        let lower = v.to_ascii_lowercase();
        let expired = lower.contains("max-age=0") || lower.contains("max-age=-");
        self.0.retain(|(n, _)| n != name);
        if !expired {
            self.0.push((name.to_owned(), value.to_owned()));
        }
    }

    /// The `Cookie` header value, `None` when empty.
    pub fn header(&self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        Some(self.0.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; "))
    }
}

/// Percent-encodes a query component (everything but unreserved characters).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    }

    /// Serves canned responses, one per request, on one connection.
    async fn canned(responses: Vec<&'static [u8]>) -> SocketAddr {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = l.accept().await.unwrap();
            let mut buf = Vec::new();
            for r in responses {
                // Wait for one request head.
                loop {
                    if let Some(p) = find(&buf, b"\r\n\r\n") {
                        buf.drain(..p + 4);
                        break;
                    }
                    let mut t = [0u8; 4096];
                    let n = s.read(&mut t).await.unwrap();
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&t[..n]);
                }
                // Dribble the response in small pieces to exercise partial reads.
                for piece in r.chunks(7) {
                    s.write_all(piece).await.unwrap();
                    s.flush().await.unwrap();
                }
            }
        });
        addr
    }

    #[test]
    fn keep_alive_lengths_and_chunks() {
        rt().block_on(async {
            let addr = canned(vec![
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: b=2\r\n\r\nhello",
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n",
                b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nConnection: close\r\n\r\n",
            ])
            .await;
            let mut c = HttpConn::connect(addr).await.unwrap();
            let r = c.get("h", "/", None).await.unwrap();
            assert_eq!((r.status, r.body.as_slice(), r.close), (200, &b"hello"[..], false));
            let mut jar = Jar::default();
            jar.absorb(&r);
            assert_eq!(jar.header().as_deref(), Some("a=1; b=2"));
            jar.set_cookie("a=3; HttpOnly");
            jar.set_cookie("b=; Max-Age=0");
            assert_eq!(jar.header().as_deref(), Some("a=3"));
            let r = c.get("h", "/", Some("a=3")).await.unwrap();
            assert_eq!(r.body, b"abcde");
            let r = c.get("h", "/", None).await.unwrap();
            assert_eq!((r.status, r.close, c.closed), (404, true, true));
            assert!(c.get("h", "/", None).await.is_err());
        });
    }

    #[test]
    fn malformed_is_an_error() {
        rt().block_on(async {
            for resp in [
                &b"SMTP nonsense\r\n\r\n"[..],
                b"HTTP/1.1 abc\r\n\r\n",
                b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            ] {
                let addr = canned(vec![resp]).await;
                let mut c = HttpConn::connect(addr).await.unwrap();
                assert!(c.get("h", "/", None).await.is_err(), "{:?}", String::from_utf8_lossy(resp));
                assert!(c.closed);
            }
        });
    }

    #[test]
    fn encode() {
        assert_eq!(url_encode("aZ9-_.~ +/="), "aZ9-_.~%20%2B%2F%3D");
    }
}
