//! `/secret`: the `authenticated` live_session, its `on_mount` hook and live links across
//! groups, with the login cookie passed as a request header.

use liveview::prelude::*;
use liveview::test::{Followed, LiveTest, TestApp, TestError};
use liveview_examples::auth;

#[tokio::test]
async fn secret_without_a_login_redirects_to_login() {
    let app = TestApp::new(super::gallery()).unwrap();
    match app.connect("/secret").await {
        Err(TestError::Redirected { to, .. }) => assert_eq!(to, "/login"),
        other => panic!("expected a redirect to /login, got {other:?}"),
    }
    let forged = format!("{}=YWxpY2U.AAAA", auth::COOKIE);
    match app.connect_with("/secret", &[("cookie", &forged)]).await {
        Err(TestError::Redirected { to, .. }) => assert_eq!(to, "/login"),
        other => panic!("a forged cookie is no login: {other:?}"),
    }
}

#[tokio::test]
async fn secret_shows_the_logged_in_user_and_links_across_groups_load_the_page() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let cookie = auth::cookie_header("harness-ann");
    let mut lv = app.connect_with("/secret", &[("cookie", &cookie)]).await?;
    assert_eq!(lv.text("#user")?, "harness-ann");
    assert_eq!(auth::checks("harness-ann"), 2, "the hook ran on the dead render and on the join");
    // /counter is in the default group: the navigation join is refused, the page loads.
    assert_eq!(lv.follow_link("#to-counter").await?, Followed::PageLoad);
    assert_eq!(lv.path(), "/counter");
    lv.click("#inc").await?;
    assert_eq!(lv.text("#count")?, "1");
    // And back: the page load runs the hook again (with the cookie still sent).
    assert_eq!(lv.follow_link("#to-secret").await?, Followed::PageLoad);
    assert_eq!(lv.text("#user")?, "harness-ann");
    assert_eq!(auth::checks("harness-ann"), 4);
    Ok(())
}

#[tokio::test]
async fn a_logged_out_link_to_secret_ends_at_login() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/counter").await?;
    match lv.follow_link("#to-secret").await {
        Err(TestError::Redirected { to, .. }) => assert_eq!(to, "/login"),
        other => panic!("expected a redirect to /login, got {other:?}"),
    }
    Ok(())
}

/// A group whose hook lets the dead render through but halts the join, to see a halt on
/// the connected mount.
#[live_view]
#[derive(Default)]
struct Guarded;

#[live_view]
impl Guarded {
    fn render(&self) -> Rendered {
        html! { <p id="guarded">"in"</p> }
    }
}

fn halt_when_connected(_: &Params, _: &Session, socket: &mut Socket) -> OnMount {
    if socket.connected() {
        socket.push_navigate("/elsewhere");
        return OnMount::Halt;
    }
    OnMount::Continue
}

#[tokio::test]
async fn a_hook_halting_the_join_redirects_the_client() {
    let router = LiveRouter::new().live_session("guarded", |s| s.on_mount(halt_when_connected).live::<Guarded>("/g"));
    match LiveTest::connect(router, "/g").await {
        Err(TestError::Redirected { to, .. }) => assert_eq!(to, "/elsewhere"),
        other => panic!("expected the join to redirect, got {other:?}"),
    }
}

fn halt_without_redirect(_: &Params, _: &Session, _: &mut Socket) -> OnMount {
    OnMount::Halt
}

#[tokio::test]
async fn a_hook_halting_without_a_redirect_is_a_server_error() {
    let router = LiveRouter::new().live_session("broken", |s| s.on_mount(halt_without_redirect).live::<Guarded>("/g"));
    match LiveTest::connect(router, "/g").await {
        Err(TestError::NotLive { status, .. }) => assert_eq!(status, 500),
        other => panic!("expected a 500, got {other:?}"),
    }
}

#[tokio::test]
async fn a_live_session_name_used_twice_is_a_config_error() {
    let router =
        LiveRouter::new().live_session("a", |s| s.live::<Guarded>("/a")).live_session("a", |s| s.live::<Guarded>("/b"));
    let err = TestApp::new(router).unwrap_err();
    assert!(err.to_string().contains("\"a\""), "{err}");
}

/// A hook that waits before deciding, as one loading the user from a database would.
struct LoadUser;

impl liveview::OnMountHook for LoadUser {
    fn on_mount<'a>(
        &'a self,
        _: &'a Params,
        session: &'a Session,
        socket: &'a mut Socket,
    ) -> liveview::BoxFuture<'a, OnMount> {
        Box::pin(async move {
            tokio::task::yield_now().await;
            match session.get::<String>("user") {
                Some(name) => {
                    socket.assign(auth::User(format!("loaded {name}")));
                    OnMount::Continue
                }
                None => {
                    socket.redirect("/login");
                    OnMount::Halt
                }
            }
        })
    }
}

#[tokio::test]
async fn an_async_hook_runs_before_mount_on_both_renders() -> Result<(), TestError> {
    let router = LiveRouter::new()
        .session_from(auth::session_from_request)
        .live_session("loaded", |s| s.on_mount(LoadUser).live::<liveview_examples::secret::Secret>("/secret"));
    let app = TestApp::new(router)?;
    let cookie = auth::cookie_header("ann");
    let lv = app.connect_with("/secret", &[("cookie", &cookie)]).await?;
    assert_eq!(lv.text("#user")?, "loaded ann");
    assert!(matches!(app.connect("/secret").await, Err(TestError::Redirected { to, .. }) if to == "/login"));
    Ok(())
}

/// A page of the `pair` group linking to the other one.
#[live_view]
#[derive(Debug, Default)]
struct PairA;

#[live_view]
impl PairA {
    fn render(&self) -> Rendered {
        html! { <a id="next" {Link::navigate("/pair/b")}>"b"</a> }
    }
}

/// The other page of the `pair` group.
#[live_view]
#[derive(Debug, Default)]
struct PairB;

#[live_view]
impl PairB {
    fn render(&self) -> Rendered {
        html! { <p id="b">"b"</p> }
    }
}

static PAIR_HOOK_RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn count_pair(_: &Params, _: &Session, _: &mut Socket) -> OnMount {
    PAIR_HOOK_RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    OnMount::Continue
}

#[tokio::test]
async fn live_navigation_within_a_group_stays_on_the_socket_and_runs_the_hooks() -> Result<(), TestError> {
    let router = LiveRouter::new()
        .live_session("pair", |s| s.on_mount(count_pair).live::<PairA>("/pair/a").live::<PairB>("/pair/b"));
    let mut lv = LiveTest::connect(router, "/pair/a").await?;
    assert_eq!(PAIR_HOOK_RUNS.load(std::sync::atomic::Ordering::SeqCst), 2, "dead render and join");
    assert_eq!(lv.follow_link("#next").await?, Followed::LiveNavigation);
    assert_eq!(lv.text("#b")?, "b");
    assert_eq!(lv.path(), "/pair/b");
    assert_eq!(PAIR_HOOK_RUNS.load(std::sync::atomic::Ordering::SeqCst), 3, "the navigation join runs them again");
    Ok(())
}
