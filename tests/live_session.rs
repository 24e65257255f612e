//! `live_session` groups, `on_mount` hooks and sessions from the request, over real sockets
//! against the gallery: `/secret` (group `authenticated`, hook `require_user`) beside the
//! default group's pages.

mod support;

use liveview_examples::auth;
use serde_json::{Value, json};
use support::{Client, get, start_gallery};

fn location(page: &support::Page) -> Option<&str> {
    page.headers.iter().find(|(k, _)| k == "location").map(|(_, v)| v.as_str())
}

fn reason(reply: &Value) -> (&str, &Value) {
    (reply["status"].as_str().unwrap_or(""), &reply["response"])
}

#[tokio::test]
async fn secret_without_a_login_cookie_redirects_to_login() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/secret", None).await;
    assert_eq!(page.status, 302, "{}", page.body);
    assert_eq!(location(&page), Some("/login"));
    assert!(page.session.is_empty(), "no tokens for a page that did not render");
}

#[tokio::test]
async fn secret_with_a_forged_cookie_redirects_to_login() {
    let (addr, _stop) = start_gallery().await;
    let real = auth::sign("forger");
    let (_, tag) = real.split_once('.').unwrap();
    let forged = [
        // Another name under a valid MAC.
        format!("{}=bWFsbG9yeQ.{tag}", auth::COOKIE),
        // A valid name with a bit of the MAC flipped.
        format!("{}={}", auth::COOKIE, flip_last(&real)),
        // Junk of every shape.
        format!("{}=", auth::COOKIE),
        format!("{}=...", auth::COOKIE),
        format!("{}=%ff%fe.%00", auth::COOKIE),
        format!("{}=YWxpY2U", auth::COOKIE),
    ];
    for cookie in &forged {
        let page = get(addr, "/secret", Some(cookie)).await;
        assert_eq!((page.status, location(&page)), (302, Some("/login")), "{cookie}");
    }
    // The genuine cookie gets in, so the refusals above are about the forgery.
    let page = get(addr, "/secret", Some(&format!("{}={real}", auth::COOKIE))).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<span id="user">forger</span>"#), "{}", page.body);
}

fn flip_last(s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    let last = b.len() - 1;
    b[last] = if b[last] == b'A' { b'B' } else { b'A' };
    String::from_utf8(b).unwrap()
}

#[tokio::test]
async fn the_on_mount_hook_runs_on_the_dead_render_and_on_the_join() {
    let (addr, _stop) = start_gallery().await;
    let user = "proto-hook-count";
    let page = get(addr, "/secret", Some(&auth::cookie_header(user))).await;
    assert_eq!(page.status, 200);
    assert_eq!(auth::checks(user), 1, "dead render");
    let mut c = Client::connect(addr, &page).await;
    let (_, reply) = c.join(&page, "/secret").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    assert_eq!(auth::checks(user), 2, "dead render and join");
    // The session came from the request and travelled in the token: the joined render has
    // the user without the cookie being sent on the websocket.
    assert!(reply.to_string().contains(user), "{reply}");
}

#[tokio::test]
async fn a_default_group_token_cannot_join_secret() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/counter", None).await;
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    // Live navigation from /counter to /secret: refused, the client loads the page instead.
    let (_, reply) = c.join_topic(&topic, &page, json!({"redirect": format!("http://{addr}/secret")})).await;
    assert_eq!(reason(&reply), ("error", &json!({"reason": "unauthorized"})));
    // Nor with the token presented as a normal join of /secret.
    let (_, reply) = c.join_topic(&topic, &page, json!({"url": format!("http://{addr}/secret")})).await;
    assert_eq!(reason(&reply), ("error", &json!({"reason": "unauthorized"})));
    // Within the default group, live navigation stays on the socket.
    let (_, reply) = c.join_topic(&topic, &page, json!({"redirect": format!("http://{addr}/list")})).await;
    assert_eq!(reply["status"], "ok", "{reply}");
}

#[tokio::test]
async fn an_authenticated_token_cannot_join_the_default_group() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/secret", Some(&auth::cookie_header("proto-cross"))).await;
    assert_eq!(page.status, 200);
    let mut c = Client::connect(addr, &page).await;
    let topic = format!("lv:{}", page.view_id);
    let (_, reply) = c.join_topic(&topic, &page, json!({"redirect": format!("http://{addr}/counter")})).await;
    assert_eq!(reason(&reply), ("error", &json!({"reason": "unauthorized"})));
}
