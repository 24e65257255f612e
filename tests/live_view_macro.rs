//! Runtime behaviour of `#[live_view]`: views driven through the `LiveView` trait, without a
//! server.

use liveview::prelude::*;
use serde::Deserialize;
use serde_json::json;

fn url() -> Url {
    Url::parse("/x?page=2").unwrap()
}

fn socket() -> Socket {
    Socket::new("phx-test", true, url())
}

fn event(name: &str, kind: &str, value: serde_json::Value) -> Event {
    Event { name: name.to_owned(), kind: kind.to_owned(), value, meta: None, cid: None }
}

fn click(name: &str) -> Event {
    event(name, "click", json!({}))
}

/// Renders through the trait (the views' own `render` may take no socket).
fn html<V: LiveView>(view: &V, socket: &Socket) -> String {
    LiveView::render(view, socket).to_html()
}

async fn mount<V: LiveView>(socket: &mut Socket) -> V {
    let params = Params::new(vec![], &url());
    V::mount(&params, &Session::default(), socket).await.expect("mount")
}

/// A counter with sync, async and socket-taking handlers, mounted by `Default`.
#[live_view]
#[derive(Default)]
struct Counter {
    count: i64,
}

#[live_view]
impl Counter {
    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
    }

    #[event("dec")]
    async fn dec(&mut self) {
        tokio::task::yield_now().await;
        self.count -= 1;
    }

    #[event("add")]
    #[event("plus")]
    fn add(&mut self, by: By, socket: &mut Socket) {
        self.count += by.by;
        socket.page_title(format!("count {}", self.count));
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.count}</p> }
    }
}

#[derive(Deserialize)]
struct By {
    by: i64,
}

#[tokio::test]
async fn default_mount_and_sync_and_async_handlers_change_state() {
    let mut socket = socket();
    let mut view: Counter = mount(&mut socket).await;
    assert_eq!(html(&view, &socket), "<p>0</p>");
    assert_eq!(view.handle_event(click("inc"), &mut socket).await.unwrap(), None);
    view.handle_event(click("inc"), &mut socket).await.unwrap();
    view.handle_event(click("dec"), &mut socket).await.unwrap();
    assert_eq!(view.count, 1);
    assert_eq!(html(&view, &socket), "<p>1</p>");
}

#[tokio::test]
async fn click_values_decode_into_the_payload_and_stacked_names_share_a_handler() {
    let mut socket = socket();
    let mut view: Counter = mount(&mut socket).await;
    view.handle_event(event("add", "click", json!({"by": "5"})), &mut socket).await.unwrap();
    view.handle_event(event("plus", "click", json!({"by": "-2"})), &mut socket).await.unwrap();
    assert_eq!(view.count, 3);
    assert_eq!(socket.title(), Some("count 3"), "the handler got the socket");
}

#[tokio::test]
async fn an_unknown_event_is_acknowledged_without_a_reply() {
    let mut socket = socket();
    let mut view: Counter = mount(&mut socket).await;
    assert_eq!(view.handle_event(click("nope"), &mut socket).await.unwrap(), None);
    assert_eq!(view.count, 0);
}

#[tokio::test]
async fn a_payload_that_does_not_decode_is_a_payload_error_naming_the_field() {
    let mut socket = socket();
    let mut view: Counter = mount(&mut socket).await;
    let err = view.handle_event(event("add", "click", json!({"by": "abc"})), &mut socket).await.unwrap_err();
    let Error::Payload { event, source } = &err else { panic!("expected a payload error, got {err:?}") };
    assert_eq!(event, "add");
    assert!(source.to_string().starts_with("by: "), "{source}");
    assert!(err.to_string().contains("by"), "{err}");
    assert_eq!(view.count, 0, "the handler did not run");
}

/// A form, mounted by a `mount` that reads params and session; `handle_params` follows the URL.
#[live_view]
struct Form {
    name: String,
    page: String,
    user: Option<String>,
    mounts_connected: bool,
}

#[derive(Deserialize)]
struct UserForm {
    user: UserParams,
}

#[derive(Deserialize)]
struct UserParams {
    name: String,
}

#[derive(Deserialize)]
struct Row {
    id: u32,
}

#[live_view]
impl Form {
    fn mount(session: &Session, socket: &mut Socket, params: &Params) -> Self {
        Form {
            name: String::new(),
            page: params.get("page").unwrap_or_default().to_owned(),
            user: session.get("user"),
            mounts_connected: socket.connected(),
        }
    }

    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.page = params.get("page").unwrap_or_default().to_owned();
        Ok(())
    }

    #[event("validate")]
    fn validate(&mut self, form: UserForm) {
        self.name = form.user.name;
    }

    #[event("row")]
    fn row(&mut self, row: Row) -> Result<(), std::io::Error> {
        self.name = format!("row {}", row.id);
        Ok(())
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! { <p>{&self.name} " " {socket.view_id()}</p> }
    }
}

#[tokio::test]
async fn mount_gets_params_session_and_socket_in_any_order() {
    let mut socket = socket();
    let params = Params::new(vec![], &url());
    let mut session = Session::default();
    session.0.insert("user".into(), json!("ann"));
    let view = <Form as LiveView>::mount(&params, &session, &mut socket).await.unwrap();
    assert_eq!(view.page, "2");
    assert_eq!(view.user.as_deref(), Some("ann"));
    assert!(view.mounts_connected);
}

#[tokio::test]
async fn handle_params_runs_the_users_async_fn() {
    let mut socket = socket();
    let mut view: Form = mount(&mut socket).await;
    let params = Params::new(vec![], &Url::parse("/x?page=7").unwrap());
    LiveView::handle_params(&mut view, &params, &mut socket).await.unwrap();
    assert_eq!(view.page, "7");
}

#[tokio::test]
async fn a_form_payload_decodes_nested_names_into_a_serde_struct() {
    let mut socket = socket();
    let mut view: Form = mount(&mut socket).await;
    let reply = view.handle_event(event("validate", "form", json!("user%5Bname%5D=Ann")), &mut socket).await;
    assert_eq!(reply.unwrap(), None);
    assert_eq!(html(&view, &socket), "<p>Ann phx-test</p>");
}

#[tokio::test]
async fn a_bad_payload_field_is_reported_by_path() {
    let mut socket = socket();
    let mut view: Form = mount(&mut socket).await;
    let err = view.handle_event(event("row", "click", json!({"id": "abc"})), &mut socket).await.unwrap_err();
    assert!(matches!(&err, Error::Payload { event, .. } if event == "row"), "{err:?}");
    assert!(err.to_string().contains("id"), "{err}");
    view.handle_event(event("row", "click", json!({"id": "4"})), &mut socket).await.unwrap();
    assert_eq!(view.name, "row 4");
}

/// Hook replies, the whole event, errors, and messages by type.
#[live_view]
#[derive(Default)]
struct Hooks {
    log: Vec<String>,
}

#[derive(Deserialize)]
struct Ping {
    n: u32,
}

struct Tick(u32);
struct Rename(String);

#[live_view]
impl Hooks {
    #[event("ping")]
    async fn ping(&mut self, ping: Ping) -> Reply {
        Reply::new(json!({"pong": ping.n + 1}))
    }

    #[event("maybe")]
    fn maybe(&mut self, event: Event) -> Option<Reply> {
        self.log.push(format!("{} {}", event.kind, event.value));
        None
    }

    #[event("fail")]
    fn fail(&mut self) -> Result<Reply> {
        Err(Error::msg("nope"))
    }

    #[info]
    fn tick(&mut self, Tick(n): Tick) {
        self.log.push(format!("tick {n}"));
    }

    #[info]
    async fn rename(&mut self, socket: &mut Socket, rename: Rename) -> Result<()> {
        socket.page_title(rename.0.clone());
        self.log.push(format!("rename {}", rename.0));
        Ok(())
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.log.len()}</p> }
    }
}

#[tokio::test]
async fn a_hook_handler_returning_reply_answers_the_push() {
    let mut socket = socket();
    let mut view: Hooks = mount(&mut socket).await;
    let reply = view.handle_event(event("ping", "hook", json!({"n": 1})), &mut socket).await.unwrap();
    assert_eq!(reply, Some(Reply(json!({"pong": 2}))));
}

#[tokio::test]
async fn a_handler_can_take_the_whole_event_and_return_an_option() {
    let mut socket = socket();
    let mut view: Hooks = mount(&mut socket).await;
    let reply = view.handle_event(event("maybe", "keyup", json!({"key": "a"})), &mut socket).await.unwrap();
    assert_eq!(reply, None);
    assert_eq!(view.log, [r#"keyup {"key":"a"}"#]);
}

#[tokio::test]
async fn a_handler_error_is_the_callbacks_error() {
    let mut socket = socket();
    let mut view: Hooks = mount(&mut socket).await;
    let err = view.handle_event(click("fail"), &mut socket).await.unwrap_err();
    assert!(matches!(err, Error::Handler(_)), "{err:?}");
    assert_eq!(err.to_string(), "nope");
}

#[tokio::test]
async fn infos_dispatch_by_type_and_unknown_messages_are_dropped() {
    let mut socket = socket();
    let mut view: Hooks = mount(&mut socket).await;
    view.handle_info(Info::new(Tick(1)), &mut socket).await.unwrap();
    view.handle_info(Info::new(Rename("b".into())), &mut socket).await.unwrap();
    view.handle_info(Info::new(Tick(2)), &mut socket).await.unwrap();
    view.handle_info(Info::new(42_u8), &mut socket).await.unwrap();
    assert_eq!(view.log, ["tick 1", "rename b", "tick 2"]);
    assert_eq!(socket.title(), Some("b"));
    assert_eq!(html(&view, &socket), "<p>3</p>");
}

/// `mount` returning `Result`: our own errors stay as they are, others are wrapped.
#[live_view]
struct Fallible;

#[derive(Debug)]
struct Denied;

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("denied")
    }
}

impl std::error::Error for Denied {}

#[live_view]
impl Fallible {
    async fn mount(params: &Params) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        match params.get("who") {
            Some("own") => Err(Box::new(Error::msg("own error"))),
            Some(_) => Err(Box::new(Denied)),
            None => Ok(Fallible),
        }
    }

    fn render(&self) -> Rendered {
        html! { <p>"ok"</p> }
    }
}

#[tokio::test]
async fn mount_errors_become_the_views_error() {
    let mount = |query: &str| {
        let url = Url::parse(&format!("/x{query}")).unwrap();
        async move {
            let mut socket = Socket::new("phx-test", false, url.clone());
            <Fallible as LiveView>::mount(&Params::new(vec![], &url), &Session::default(), &mut socket).await
        }
    };
    assert!(mount("").await.is_ok());
    let err = mount("?who=other").await.err().unwrap();
    assert!(matches!(&err, Error::Handler(e) if e.is::<Denied>()), "{err:?}");
    let err = mount("?who=own").await.err().unwrap();
    assert!(matches!(&err, Error::Handler(e) if e.to_string() == "own error" && !e.is::<Error>()), "{err:?}");
}
