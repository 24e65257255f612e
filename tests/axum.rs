//! The live routes inside an axum application: another route, a tower layer and the live
//! routes in one `axum::Router`, served by `axum::serve`, websockets included; and the
//! gallery's own axum app (login, logout, health check).

mod support;

use serde_json::json;
use std::net::SocketAddr;
use support::{Client, get};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Serves `app` with axum on a free port.
async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// A raw HTTP/1.1 request; returns (status, lower-cased headers, body).
async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    s.write_all(format!("{head}\r\n{body}").as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers =
        lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect();
    (status, headers, body.to_owned())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn live_routes_another_route_and_a_tower_layer_share_one_axum_router() {
    let live = support::gallery().into_service().expect("the JS client is installed");
    let app = axum::Router::new()
        .route("/api/other", axum::routing::get(|| async { "other" }))
        .fallback_service(live)
        .layer(tower_http::trace::TraceLayer::new_for_http());
    let addr = serve(app).await;

    let (status, _, body) = request(addr, "GET", "/api/other", &[], "").await;
    assert_eq!((status, body.as_str()), (200, "other"));

    // The dead render and the client's assets come through the fallback.
    let page = get(addr, "/counter", None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<span id="count">0</span>"#), "{}", page.body);
    assert_eq!(get(addr, "/assets/phoenix_live_view.esm.js", None).await.status, 200);
    assert_eq!(get(addr, "/no-such-page", None).await.status, 404);

    // The websocket upgrade goes through axum's hyper server and the trace layer.
    let mut c = Client::connect(addr, &page).await;
    let (jr, reply) = c.join(&page, "/counter").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    let topic = format!("lv:{}", page.view_id);
    let r = c.click(&topic, &jr, "inc", json!({})).await;
    let (_, reply) = c.until_reply(&r).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    assert!(reply[4]["response"]["diff"].to_string().contains('1'), "{reply}");
}

#[tokio::test]
async fn the_gallery_app_logs_in_serves_secret_and_logs_out() {
    let addr = serve(liveview_examples::app(None).expect("the JS client is installed")).await;

    let (status, _, body) = request(addr, "GET", "/api/health", &[], "").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    let (status, _, body) = request(addr, "GET", "/login", &[], "").await;
    assert_eq!(status, 200);
    assert!(body.contains(r#"<form id="login-form" method="post" action="/login">"#), "{body}");

    let form = [("content-type", "application/x-www-form-urlencoded")];
    let (status, headers, _) = request(addr, "POST", "/login", &form, "name=axum+ann").await;
    assert_eq!((status, header(&headers, "location")), (303, Some("/secret")));
    let cookie = header(&headers, "set-cookie").and_then(|c| c.split(';').next()).unwrap().to_owned();
    assert!(cookie.starts_with("gallery_user="), "{cookie}");

    let page = get(addr, "/secret", Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<span id="user">axum ann</span>"#), "{}", page.body);
    let mut c = Client::connect(addr, &page).await;
    let (_, reply) = c.join(&page, "/secret").await;
    assert_eq!(reply["status"], "ok", "{reply}");

    let (status, headers, _) = request(addr, "POST", "/logout", &[("cookie", &cookie)], "").await;
    assert_eq!((status, header(&headers, "location")), (303, Some("/login")));
    assert!(header(&headers, "set-cookie").is_some_and(|c| c.contains("Max-Age=0")), "{headers:?}");

    // An empty name is no login.
    let (status, headers, _) = request(addr, "POST", "/login", &form, "name=+").await;
    assert_eq!(status, 422);
    assert!(header(&headers, "set-cookie").is_none());
    // Methods the live routes do not serve.
    let (status, _, _) = request(addr, "POST", "/counter", &[], "").await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn a_prefix_serves_the_socket_and_assets_under_it() {
    let live = liveview::LiveRouter::new()
        .live::<liveview_examples::counter::Counter>("/app/counter")
        .prefix("/app")
        .secret(support::SECRET)
        .into_service()
        .expect("the JS client is installed");
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "home" })).fallback_service(live);
    let addr = serve(app).await;

    let page = get(addr, "/app/counter", None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#""phoenix_live_view":"/app/assets/phoenix_live_view.esm.js""#), "{}", page.body);
    assert!(page.body.contains(r#"src="/app/assets/liveview-app.js""#), "{}", page.body);
    let (status, _, js) = request(addr, "GET", "/app/assets/liveview-app.js", &[], "").await;
    assert_eq!(status, 200);
    assert!(js.contains(r#"new LiveSocket("/app/live""#), "{js}");
    assert_eq!(get(addr, "/app/assets/phoenix.mjs", None).await.status, 200);
    assert_eq!(get(addr, "/assets/phoenix.mjs", None).await.status, 404, "nothing outside the prefix");

    // The websocket lives at /app/live/websocket.
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};
    let url = format!("ws://{addr}/app/live/websocket?_csrf_token={}&vsn=2.0.0", page.csrf);
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert("cookie", page.cookie.parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("websocket under the prefix");
    let join = json!(["1", "1", format!("lv:{}", page.view_id), "phx_join", {
        "url": format!("http://{addr}/app/counter"), "params": {"_csrf_token": page.csrf, "_mounts": 0},
        "session": page.session, "static": page.static_token,
    }]);
    ws.send(Message::Text(join.to_string().into())).await.unwrap();
    let reply = loop {
        if let Some(Ok(Message::Text(t))) = ws.next().await {
            let f: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
            if f[3] == "phx_reply" {
                break f;
            }
        }
    };
    assert_eq!(reply[4]["status"], "ok", "{reply}");
}

#[test]
fn a_prefix_that_is_not_a_path_is_a_config_error() {
    let err = liveview::LiveRouter::new().prefix("app\"><script>").into_service().unwrap_err();
    assert!(err.to_string().contains("is not a path"), "{err}");
}

/// What an authentication layer in front of the live routes would have found.
#[derive(Debug, Clone)]
struct Tenant(String);

/// Shows the session's tenant.
#[liveview::live_view]
#[derive(Debug, Default)]
struct Whoami {
    tenant: String,
}

#[liveview::live_view]
impl Whoami {
    fn mount(session: &liveview::Session) -> Self {
        Whoami { tenant: session.get("tenant").unwrap_or_default() }
    }

    fn render(&self) -> liveview::Rendered {
        liveview::html! { <p id="tenant">{&self.tenant}</p> }
    }
}

#[tokio::test]
async fn the_session_comes_from_extensions_set_by_an_outer_tower_layer() {
    let live = liveview::LiveRouter::new()
        .live::<Whoami>("/whoami")
        .secret(support::SECRET)
        .session_from(|req: &liveview::RequestParts| {
            let mut session = liveview::Session::default();
            if let Some(Tenant(t)) = req.extensions.get::<Tenant>() {
                session.insert("tenant", t);
            }
            session
        })
        .into_service()
        .expect("the JS client is installed");
    let app = axum::Router::new().fallback_service(live).layer(axum::Extension(Tenant("acme".to_owned())));
    let addr = serve(app).await;

    let page = get(addr, "/whoami", None).await;
    assert!(page.body.contains(r#"<p id="tenant">acme</p>"#), "{}", page.body);
    // The join has no request of its own to read: the session travelled in the signed token.
    let mut c = Client::connect(addr, &page).await;
    let (_, reply) = c.join(&page, "/whoami").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    assert!(reply["response"]["rendered"].to_string().contains("acme"), "{reply}");
}

/// The conformance app serves every route its README's route table lists (the table mirrors
/// upstream's `test/e2e/test_helper.exs`): each page and plain GET answers 200, and
/// `POST /submit` echoes its form.
#[tokio::test]
async fn the_conformance_app_answers_every_route_of_its_table() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/e2e/conformance/README.md")).unwrap();
    let routes = &readme[readme.find("\n## Routes").expect("a Routes section")..];
    let routes = &routes[..routes[1..].find("\n## ").map_or(routes.len(), |i| i + 1)];
    let (app, _live) = liveview_examples::conformance::app().unwrap();
    let addr = serve(app).await;
    let mut checked = 0;
    for row in routes.lines().filter(|l| l.starts_with("| `")) {
        let route = row.split('`').nth(1).unwrap_or_default();
        let (method, path) = route.split_once(' ').unwrap_or(("GET", route));
        // Sample values for the path parameters.
        let path = path.replace(":category", "fruits").replace(":id", "1");
        let (status, _, body) = match method {
            "GET" => request(addr, "GET", &path, &[], "").await,
            "POST" if path == "/submit" => {
                let form = [("content-type", "application/x-www-form-urlencoded")];
                request(addr, "POST", &path, &form, "name=ann").await
            }
            _ => continue, // the sandbox's own endpoints take payloads of their tests
        };
        assert_eq!(status, 200, "{method} {path}: {body}");
        if path == "/submit" {
            assert!(body.contains("\"name\":\"ann\""), "POST /submit echoes its params: {body}");
        }
        checked += 1;
    }
    assert!(checked >= 90, "the table lists the upstream routes ({checked} checked)");
}
