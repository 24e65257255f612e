//! Nested LiveViews over a real websocket: containers and tokens in the parent's renders,
//! child joins without a URL, events and crashes that stay within one child, sticky roots.

mod support;

use liveview_core::client::ClientTree;
use serde_json::{Value, json};
use std::time::Duration;
use support::{Client, Page, get, start_gallery};

/// The `data-phx-session` of the container with DOM id `id` in `html`.
fn child_token(html: &str, id: &str) -> String {
    let start = format!("<div id=\"{id}\" data-phx-session=\"");
    let at = html.find(&start).unwrap_or_else(|| panic!("no container {id} in {html}")) + start.len();
    html[at..at + html[at..].find('"').unwrap()].to_owned()
}

/// Joins child `id` as the client does: no URL, its container's token, `static: null`.
async fn join_child(c: &mut Client, page: &Page, id: &str, token: &str, sticky: bool) -> (String, Value) {
    c.join_topic(&format!("lv:{id}"), page, json!({"session": token, "static": null, "sticky": sticky})).await
}

/// Joins `/nested`; returns the client, the page, the parent's join ref and its rendered HTML.
async fn joined_parent(addr: std::net::SocketAddr) -> (Client, Page, String, ClientTree, String) {
    let page = get(addr, "/nested", None).await;
    let mut c = Client::connect(addr, &page).await;
    let (jr, reply) = c.join(&page, "/nested").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    let (mut tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).unwrap();
    let html = tree.to_html().unwrap();
    (c, page, jr, tree, html)
}

#[tokio::test]
async fn the_dead_render_shows_each_child_inside_its_container() {
    let (addr, _stop) = start_gallery().await;
    let page = get(addr, "/nested", None).await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    for id in ["child-a", "child-b"] {
        let token = child_token(body, id);
        assert!(!token.is_empty());
        let container = format!(
            "<div id=\"{id}\" data-phx-session=\"{token}\" data-phx-static=\"\" data-phx-parent-id=\"{}\">",
            page.view_id
        );
        let at = body.find(&container).unwrap_or_else(|| panic!("{container} in {body}"));
        let inside = &body[at + container.len()..];
        assert!(
            inside.starts_with(&format!(
                "<section class=\"child\" phx-r><h2>Child {}</h2><span id=\"{id}-count\">0</span>",
                if id == "child-a" { "A" } else { "B" }
            )),
            "the child's dead render is inside its container: {inside}"
        );
    }
    assert!(
        body.contains("data-phx-static=\"\" data-phx-sticky><aside phx-r>Sticky: <span id=\"sticky-count\">0</span>"),
        "{body}"
    );
    assert!(!body.contains("liveview-child:"), "every placeholder was replaced: {body}");
}

#[tokio::test]
async fn a_child_joins_without_a_url_and_its_events_change_only_it() {
    let (addr, _stop) = start_gallery().await;
    let (mut c, page, parent_jr, _tree, html) = joined_parent(addr).await;
    // Connected, the parent renders empty containers: the children render themselves.
    let token = child_token(&html, "child-a");
    assert!(html.contains(&format!(
        "<div id=\"child-a\" data-phx-session=\"{token}\" data-phx-static=\"\" data-phx-parent-id=\"{}\"></div>",
        page.view_id
    )));
    let (child_jr, reply) = join_child(&mut c, &page, "child-a", &token, false).await;
    assert_eq!(reply["status"], "ok", "{reply}");
    let (mut child, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).unwrap();
    assert!(child.to_html().unwrap().contains("<span id=\"child-a-count\">0</span>"));

    for _ in 0..2 {
        let r = c.click("lv:child-a", &child_jr, "inc", json!({"value": ""})).await;
        let (before, reply) = c.until_reply(&r).await;
        assert!(before.is_empty(), "nothing for the parent: {before:?}");
        assert_eq!(reply[2], "lv:child-a");
        child.apply_diff(reply[4]["response"]["diff"].clone()).unwrap();
    }
    assert!(child.to_html().unwrap().contains("<span id=\"child-a-count\">2</span>"));
    // The parent re-renders without touching the child's container: same token, no slot.
    let r = c.click(&format!("lv:{}", page.view_id), &parent_jr, "bump", json!({"value": ""})).await;
    let (_, reply) = c.until_reply(&r).await;
    let diff = reply[4]["response"]["diff"].to_string();
    assert!(!diff.contains("child-a"), "the child's container is not re-sent: {diff}");
}

#[tokio::test]
async fn a_child_crash_errors_only_its_topic_and_it_rejoins_fresh() {
    let (addr, _stop) = start_gallery().await;
    let (mut c, page, parent_jr, _tree, html) = joined_parent(addr).await;
    let token_a = child_token(&html, "child-a");
    let token_b = child_token(&html, "child-b");
    let (a_jr, _) = join_child(&mut c, &page, "child-a", &token_a, false).await;
    let (b_jr, _) = join_child(&mut c, &page, "child-b", &token_b, false).await;
    let r = c.click("lv:child-b", &b_jr, "inc", json!({"value": ""})).await;
    c.until_reply(&r).await;

    let r = c.click("lv:child-a", &a_jr, "crash", json!({"value": ""})).await;
    let mut errors = Vec::new();
    while let Some(f) = c.try_recv(Duration::from_millis(300)).await {
        assert_ne!(f[1], json!(r), "a crash answers with phx_error, not a reply: {f}");
        errors.push(f);
    }
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0][2].as_str(), errors[0][3].as_str()), (Some("lv:child-a"), Some("phx_error")));

    // The parent and the other child still run, with their state.
    let r = c.click(&format!("lv:{}", page.view_id), &parent_jr, "bump", json!({"value": ""})).await;
    assert_eq!(c.until_reply(&r).await.1[4]["status"], "ok");
    let r = c.click("lv:child-b", &b_jr, "inc", json!({"value": ""})).await;
    let (_, reply) = c.until_reply(&r).await;
    assert!(reply[4]["response"]["diff"].to_string().contains("\"2\""), "child B kept its count: {reply}");
    // The client rejoins the crashed child with the same token: it mounts afresh.
    let (_, reply) = join_child(&mut c, &page, "child-a", &token_a, false).await;
    let (mut tree, _) = ClientTree::from_join(reply["response"]["rendered"].clone()).unwrap();
    assert!(tree.to_html().unwrap().contains("<span id=\"child-a-count\">0</span>"));
}

#[tokio::test]
async fn a_sticky_child_joins_as_a_root_and_outlives_the_parent_leaving() {
    let (addr, _stop) = start_gallery().await;
    let (mut c, page, parent_jr, _tree, html) = joined_parent(addr).await;
    let at = html.find("data-phx-sticky").expect("a sticky container");
    assert!(!html[..at].ends_with(&format!("data-phx-parent-id=\"{}\" ", page.view_id)));
    let token = child_token(&html, "sticky");
    let (sjr, reply) = join_child(&mut c, &page, "sticky", &token, true).await;
    assert_eq!(reply["status"], "ok", "{reply}");
    let r = c.click("lv:sticky", &sjr, "inc", json!({"value": ""})).await;
    c.until_reply(&r).await;
    // Live navigation: the page's view leaves, the sticky one stays joined with its state.
    let leave = c.next_ref();
    c.send(json!([parent_jr, leave, format!("lv:{}", page.view_id), "phx_leave", {}])).await;
    c.until_reply(&leave).await;
    let r = c.click("lv:sticky", &sjr, "inc", json!({"value": ""})).await;
    let (_, reply) = c.until_reply(&r).await;
    assert!(reply[4]["response"]["diff"].to_string().contains("\"2\""), "{reply}");
}

#[tokio::test]
async fn a_tampered_child_token_is_refused() {
    let (addr, _stop) = start_gallery().await;
    let (mut c, page, _jr, _tree, html) = joined_parent(addr).await;
    let mut token = child_token(&html, "child-a");
    token.insert(10, 'x');
    let (_, reply) = join_child(&mut c, &page, "child-a", &token, false).await;
    assert_eq!(reply, json!({"status": "error", "response": {"reason": "stale"}}));
    // A valid token presented for another id is refused too.
    let token_b = child_token(&html, "child-b");
    let (_, reply) = join_child(&mut c, &page, "child-a", &token_b, false).await;
    assert_eq!(reply, json!({"status": "error", "response": {"reason": "stale"}}));
}

// ---- views of these tests (not in the gallery) -----------------------------------------

mod views {
    use liveview::prelude::*;

    /// Sets a kid's count.
    pub(crate) struct SetN(pub(crate) u32);

    /// A child with a counter; `patch` tries to patch the page's URL.
    #[live_view]
    #[derive(Debug, Default)]
    pub(crate) struct Kid {
        pub(crate) n: u32,
    }

    #[live_view]
    impl Kid {
        #[event("inc")]
        fn inc(&mut self) {
            self.n += 1;
        }

        #[event("patch")]
        fn patch(&mut self, socket: &mut Socket) {
            socket.push_patch("/?tab=2");
        }

        #[event("navigate")]
        fn navigate(&mut self, socket: &mut Socket) {
            socket.push_navigate("/plain");
        }

        #[info]
        fn set(&mut self, msg: SetN) {
            self.n = msg.0;
        }

        fn render(&self) -> Rendered {
            html! { <p><span id="kid-n">{self.n}</span><button id="kid-inc" phx-click="inc">"+"</button><button id="kid-patch" phx-click="patch">"patch"</button></p> }
        }
    }

    #[live_component]
    #[derive(Debug, Default)]
    pub(crate) struct Badge;

    #[live_component]
    impl Badge {
        fn render(&self) -> Rendered {
            html! { <b id="badge">"badge"</b> }
        }
    }

    /// A component and a child in the same first render (the child written in render).
    #[live_view]
    #[derive(Debug, Default)]
    pub(crate) struct Both;

    #[live_view]
    impl Both {
        fn render(&self) -> Rendered {
            html! { <main>{live_component::<Badge>("b", ())}{live_render::<Kid>("kid")}</main> }
        }
    }

    /// The same, with the child behind a helper function #[live_view] cannot see into.
    #[live_view]
    #[derive(Debug, Default)]
    pub(crate) struct Hidden;

    fn kid() -> LiveRender<Kid> {
        live_render::<Kid>("kid")
    }

    #[live_view]
    impl Hidden {
        fn render(&self) -> Rendered {
            html! { <main>{live_component::<Badge>("b", ())}{kid()}</main> }
        }
    }

    /// Renders the same child id twice.
    #[live_view]
    #[derive(Debug, Default)]
    pub(crate) struct Twice;

    #[live_view]
    impl Twice {
        fn render(&self) -> Rendered {
            html! { <main>{live_render::<Kid>("kid")}{live_render::<Kid>("kid")}</main> }
        }
    }

    /// A sticky child and a plain one.
    #[live_view]
    #[derive(Debug, Default)]
    pub(crate) struct Kids;

    #[live_view]
    impl Kids {
        fn render(&self) -> Rendered {
            html! { <main>{live_render::<Kid>("kid-sticky").sticky()}{live_render::<Kid>("kid-plain")}</main> }
        }
    }

    /// A child only a sticky page embeds, rendered nowhere else.
    #[live_view]
    #[derive(Debug, Default)]
    pub(crate) struct Player;

    #[live_view]
    impl Player {
        fn render(&self) -> Rendered {
            html! { <p id="player">"playing"</p> }
        }
    }

    #[live_view]
    #[derive(Debug, Default)]
    pub(crate) struct WithPlayer;

    #[live_view]
    impl WithPlayer {
        fn render(&self) -> Rendered {
            html! { <main>{live_render::<Player>("player").sticky()}</main> }
        }
    }
}

fn router(path: &str) -> liveview::LiveRouter {
    let r = liveview::LiveRouter::new().secret(support::SECRET);
    match path {
        "/both" => r.live::<views::Both>("/both"),
        "/hidden" => r.live::<views::Hidden>("/hidden"),
        "/twice" => r.live::<views::Twice>("/twice"),
        "/kids" => r.live::<views::Kids>("/kids").live::<views::Kid>("/plain"),
        _ => r.live::<views::WithPlayer>("/").live::<views::Kid>("/plain"),
    }
}

#[tokio::test]
async fn a_component_and_a_child_in_the_same_first_render_both_appear() -> Result<(), liveview::test::TestError> {
    for path in ["/both", "/hidden"] {
        // The dead render (HTTP) and the join both show the component and the child.
        let (addr, _stop) = support::start_router(router(path)).await;
        let page = get(addr, path, None).await;
        assert!(page.body.contains("id=\"badge\">badge</b>"), "{path}: {}", page.body);
        assert!(page.body.contains("<span id=\"kid-n\">0</span>"), "{path}: {}", page.body);
        let parent = liveview::test::LiveTest::connect(router(path), path).await?;
        assert!(parent.has("#badge"), "{path}: {}", parent.html());
        let mut kid = parent.live_child("kid").await?;
        kid.click("#kid-inc").await?;
        assert_eq!(kid.text("#kid-n")?, "1");
    }
    Ok(())
}

#[tokio::test]
async fn a_child_view_is_known_once_its_parent_is_routed_before_any_render() {
    // A sticky child joins beside the page, so its join may come first; a restarted server
    // meets the rejoin of a child before any render of its parent.
    let (addr, _stop) = support::start_router(router("/")).await;
    // Another page, for the CSRF cookie and token: nothing has rendered the sticky page.
    let page = get(addr, "/plain", None).await;
    let mut c = Client::connect(addr, &page).await;
    let token = liveview_core::token::Signer::new([support::SECRET]).sign(
        "session",
        &json!({"id": "player", "s": {}, "g": "", "v": std::any::type_name::<views::Player>(), "u": "/"}),
    );
    let (_, reply) = join_child(&mut c, &page, "player", &token, true).await;
    assert_eq!(reply["status"], "ok", "{reply}");
}

#[tokio::test]
async fn the_same_child_id_twice_in_one_render_renders_one_container() -> Result<(), liveview::test::TestError> {
    let lv = liveview::test::LiveTest::connect(router("/twice"), "/twice").await?;
    assert_eq!(lv.count("[data-phx-session]"), 1, "{}", lv.html());
    Ok(())
}

#[tokio::test]
async fn a_nested_view_cannot_patch_the_page_url() -> Result<(), liveview::test::TestError> {
    let parent = liveview::test::LiveTest::connect(router("/both"), "/both").await?;
    let mut kid = parent.live_child("kid").await?;
    match kid.click("#kid-patch").await {
        Err(liveview::test::TestError::Crashed { reason }) => {
            assert!(reason.contains("only the page's view can patch the URL"), "{reason}")
        }
        other => panic!("expected the child to refuse the patch, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn a_parent_renders_once_on_join() -> Result<(), liveview::test::TestError> {
    let lv = liveview::test::LiveTest::connect(support::gallery(), "/nested").await?;
    assert_eq!(lv.text("#parent-renders")?, "1", "the join renders the parent once");
    Ok(())
}

#[tokio::test]
async fn two_pages_of_one_test_app_drive_their_own_child_of_the_same_id() -> Result<(), liveview::test::TestError> {
    let app = liveview::test::TestApp::new(router("/both"))?;
    let (p1, p2) = (app.connect("/both").await?, app.connect("/both").await?);
    let mut k1 = p1.live_child("kid").await?;
    let mut k2 = p2.live_child("kid").await?;
    k1.send_info(views::SetN(5)).await?;
    k2.sync().await?;
    assert_eq!((k1.text("#kid-n")?, k2.text("#kid-n")?), ("5".into(), "0".into()));
    Ok(())
}

#[tokio::test]
async fn a_sticky_child_that_navigates_sends_the_page_along_and_lives_on_while_a_plain_one_closes() {
    let (addr, _stop) = support::start_router(router("/kids")).await;
    let page = get(addr, "/kids", None).await;
    let mut c = Client::connect(addr, &page).await;
    let (_, reply) = c.join(&page, "/kids").await;
    assert_eq!(reply["status"], "ok", "{reply}");
    for (id, sticky) in [("kid-sticky", true), ("kid-plain", false)] {
        let (jr, reply) = join_child(&mut c, &page, id, &child_token(&page.body, id), sticky).await;
        assert_eq!(reply["status"], "ok", "{id}: {reply}");
        let topic = format!("lv:{id}");
        let r = c.click(&topic, &jr, "navigate", json!({})).await;
        let (_, reply) = c.until_reply(&r).await;
        assert_eq!(reply[4]["response"]["live_redirect"]["to"], "/plain", "{id}: {reply}");
        if sticky {
            // As in Phoenix: the client navigates the page; the sticky view keeps running.
            let r = c.click(&topic, &jr, "inc", json!({})).await;
            let (before, reply) = c.until_reply(&r).await;
            assert!(before.is_empty(), "no phx_close for the sticky view: {before:?}");
            assert_eq!(reply[4]["response"]["diff"], json!({"0": "1"}), "{reply}");
        } else {
            assert_eq!(c.recv().await, json!([jr, jr, topic, "phx_close", {}]));
        }
    }
}
