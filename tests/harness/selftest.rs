//! The harness on itself: every assertion fails when it should, actions fail on templates
//! that lack their binding, and the page after many random diffs equals a fresh render.

use liveview::prelude::*;
use liveview::test::{LiveTest, TestError};
use serde::Deserialize;
use serde_json::json;

#[tokio::test]
async fn assertions_fail_when_nothing_of_the_kind_happened() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/push").await?;
    lv.click("#title").await?;
    let no_push = lv.assert_push_event("my-event").expect_err("nothing was pushed");
    assert!(no_push.to_string().contains("no push_event \"my-event\""), "{no_push}");
    assert!(matches!(lv.assert_patched(), Err(TestError::Assertion(_))));
    assert!(matches!(lv.assert_redirected(), Err(TestError::Assertion(_))));
    assert!(matches!(lv.follow_redirect().await, Err(TestError::Assertion(_))));
    // And they pass once it happened, naming other pushes in their error meanwhile.
    lv.click("#push-event").await?;
    lv.click("#patch").await?;
    assert!(lv.assert_push_event("other").unwrap_err().to_string().contains("my-event"));
    lv.assert_push_event("my-event")?;
    lv.assert_patched()?;
    Ok(())
}

#[tokio::test]
async fn actions_fail_on_missing_elements_bindings_and_fields() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/counter").await?;
    match lv.click("#count").await {
        Err(TestError::NoBinding { binding: "phx-click", element, .. }) => {
            assert_eq!(element, r#"<span id="count">"#)
        }
        other => panic!("expected NoBinding, got {other:?}"),
    }
    match lv.click("#increment").await {
        Err(TestError::NoMatch { ids, .. }) => assert!(ids.contains(&"#inc".to_owned()), "{ids:?}"),
        other => panic!("expected NoMatch, got {other:?}"),
    }
    assert!(matches!(lv.text("p[").unwrap_err(), TestError::InvalidSelector { .. }));
    assert!(matches!(lv.change("#count", &[]).await, Err(TestError::Assertion(_))), "not a form");
    assert_eq!(lv.text("#count")?, "0", "nothing was sent");

    let mut form = LiveTest::connect(super::gallery(), "/form").await?;
    let err = form.submit("#user-form", &[("user[nmae]", "x")]).await.unwrap_err();
    assert!(err.to_string().contains("user[name]"), "lists the fields: {err}");
    Ok(())
}

#[tokio::test]
async fn connecting_to_a_path_without_a_view_says_so() {
    let err = LiveTest::connect(super::gallery(), "/nowhere").await.unwrap_err();
    assert!(matches!(err, TestError::NotLive { status: 404, .. }), "{err}");
}

/// A keyed list that changes in random ways: inserts, removals, edits and swaps.
#[live_view]
#[derive(Default)]
pub(crate) struct Shuffle {
    items: Vec<(u32, String)>,
    next: u32,
}

#[derive(Deserialize)]
pub(crate) struct Op {
    seed: u64,
}

impl Shuffle {
    /// One random change, decided by `seed` alone.
    fn apply(&mut self, seed: u64) {
        let n = self.items.len();
        let at = (seed >> 8) as usize % (n + 1);
        match seed % 5 {
            0 | 1 => {
                self.next += 1;
                self.items.insert(at, (self.next, format!("item <{}>", self.next)));
            }
            2 if n > 0 => {
                self.items.remove(at % n);
            }
            3 if n > 0 => self.items[at % n].1.push('!'),
            4 if n > 1 => self.items.swap(at % n, (at + 1) % n),
            _ => {}
        }
    }

    fn page(&self) -> Rendered {
        html! {
            <div id="ops" phx-hook="Ops">
                <p id="n">{self.items.len()}</p>
                <ul>
                    for (id, text) in &self.items, key = *id {
                        <li id={format_args!("i-{id}")}>{text} if text.ends_with('!') { <b>"edited"</b> }</li>
                    }
                </ul>
            </div>
        }
    }
}

#[live_view]
impl Shuffle {
    #[event("op")]
    fn op(&mut self, op: Op) {
        self.apply(op.seed);
    }

    fn render(&self) -> Rendered {
        self.page()
    }
}

#[tokio::test]
async fn after_a_thousand_random_diffs_the_page_equals_a_fresh_render() -> Result<(), TestError> {
    let router = LiveRouter::new().live::<Shuffle>("/shuffle");
    let mut lv = LiveTest::connect(router, "/shuffle").await?;
    let mut twin = Shuffle::default();
    // xorshift: reproducible without a dependency.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..1000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        lv.hook_event("#ops", "op", json!({ "seed": x })).await?;
        twin.apply(x);
        if i % 100 == 99 {
            assert_eq!(lv.html(), twin.page().to_html(), "after {} events", i + 1);
        }
    }
    assert_eq!(lv.html(), twin.page().to_html());
    assert!(twin.items.len() > 10, "the list grew: {}", twin.items.len());
    Ok(())
}

#[test]
fn release_builds_of_an_app_do_not_carry_the_harness() {
    // The gallery depends on `liveview` without the `test` feature, as an app would; the
    // harness's HTML parser must not be in its normal dependency tree.
    let out = std::process::Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-p", "liveview-examples", "-e", "normal", "--prefix", "none"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(tree.contains("liveview-server"), "the tree was read: {tree}");
    assert!(!tree.lines().any(|l| l.starts_with("scraper ")), "the harness leaked into a normal build:\n{tree}");
}

/// A view that counts ticks it schedules for itself, and takes infos from outside.
#[live_view]
#[derive(Default)]
pub(crate) struct Clock {
    ticks: u32,
    note: String,
}

#[derive(Debug)]
pub(crate) struct Tick;

#[derive(Debug)]
pub(crate) struct Note(String);

#[live_view]
impl Clock {
    #[event("start")]
    fn start(&mut self, socket: &mut Socket) {
        socket.send_after(std::time::Duration::from_secs(1), Tick);
    }

    #[info]
    fn tick(&mut self, _tick: Tick, socket: &mut Socket) {
        self.ticks += 1;
        if self.ticks < 3 {
            socket.send_after(std::time::Duration::from_secs(1), Tick);
        }
    }

    #[info]
    fn note(&mut self, note: Note) {
        self.note = note.0;
    }

    fn render(&self) -> Rendered {
        html! {
            <button id="start" phx-click="start">"start"</button>
            <span id="ticks">{self.ticks}</span>
            <span id="note">{&self.note}</span>
        }
    }
}

#[tokio::test(start_paused = true)]
async fn send_after_fires_only_when_the_paused_clock_is_advanced() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(LiveRouter::new().live::<Clock>("/clock"), "/clock").await?;
    lv.click("#start").await?;
    lv.advance(std::time::Duration::from_millis(999)).await?;
    assert_eq!(lv.text("#ticks")?, "0", "not due yet");
    lv.advance(std::time::Duration::from_millis(1)).await?;
    assert_eq!(lv.text("#ticks")?, "1");
    lv.advance(std::time::Duration::from_secs(5)).await?;
    // Each tick schedules the next one second later: one advance fires only what is due.
    assert_eq!(lv.text("#ticks")?, "2");
    lv.advance(std::time::Duration::from_secs(5)).await?;
    assert_eq!(lv.text("#ticks")?, "3");
    lv.advance(std::time::Duration::from_secs(3600)).await?;
    assert_eq!(lv.text("#ticks")?, "3", "and it stops after three");
    Ok(())
}

#[tokio::test]
async fn send_info_reaches_the_views_info_handler() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(LiveRouter::new().live::<Clock>("/clock"), "/clock").await?;
    lv.send_info(Note("from the test".to_owned())).await?;
    assert_eq!(lv.text("#note")?, "from the test");
    Ok(())
}

/// Shows which fields the last change marked `_unused_`.
#[live_view]
#[derive(Default)]
pub(crate) struct UnusedMarks {
    marked: String,
}

#[live_view]
impl UnusedMarks {
    #[event("change")]
    fn change(&mut self, form: std::collections::BTreeMap<String, String>) {
        self.marked = form.keys().filter(|k| k.starts_with("_unused_")).cloned().collect::<Vec<_>>().join(",");
    }

    #[event("save")]
    fn save(&mut self) {}

    fn render(&self) -> Rendered {
        html! {
            <form id="f" phx-change="change" phx-submit="save">
                <input name="a" value="" />
                <input name="b" value="" />
            </form>
            <p id="marked">{&self.marked}</p>
        }
    }
}

#[tokio::test]
async fn after_a_submit_no_field_of_the_form_is_marked_unused() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(LiveRouter::new().live::<UnusedMarks>("/"), "/").await?;
    lv.change("#f", &[("a", "1")]).await?;
    assert_eq!(lv.text("#marked")?, "_unused_b");
    // The client marks every input of a submitted form as used (`submitForm` puts
    // PHX_HAS_SUBMITTED on each), so later changes carry no `_unused_` marker.
    lv.submit("#f", &[]).await?;
    lv.change("#f", &[("a", "2")]).await?;
    assert_eq!(lv.text("#marked")?, "", "b was submitted, so it is used");
    Ok(())
}

/// A form whose bindings are JS command lists.
#[live_view]
#[derive(Default)]
pub(crate) struct JsForm {
    log: Vec<String>,
}

#[derive(Deserialize)]
pub(crate) struct JsFormFields {
    name: String,
    #[serde(default)]
    via: String,
}

#[live_view]
impl JsForm {
    #[event("changed")]
    fn changed(&mut self, f: JsFormFields) {
        self.log.push(format!("changed {}", f.name));
    }

    #[event("saved")]
    fn saved(&mut self, f: JsFormFields) {
        self.log.push(format!("saved {} via {}", f.name, f.via));
    }

    fn render(&self) -> Rendered {
        let submit = JS::new().push(liveview::js::Push::new("saved").value(json!({"via": "js"}))).dispatch("reset");
        html! {
            <form id="f" phx-change={JS::new().push("changed")} phx-submit={submit}>
                <input name="name" value="" />
            </form>
            <ol id="log">for l in &self.log { <li>{l}</li> }</ol>
        }
    }
}

#[tokio::test]
async fn a_form_binding_that_is_a_js_push_sends_the_pushed_event_with_the_form() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(LiveRouter::new().live::<JsForm>("/"), "/").await?;
    lv.change("#f", &[("name", "Ann")]).await?;
    lv.submit("#f", &[("name", "Bo")]).await?;
    assert_eq!(lv.text("#log li:nth-child(1)")?, "changed Ann");
    assert_eq!(lv.text("#log li:nth-child(2)")?, "saved Bo via js", "the push's value goes along");
    Ok(())
}

/// An upload form whose phx-change is a JS push.
#[live_view]
#[derive(Default)]
pub(crate) struct JsUpload {
    changes: u32,
}

#[live_view]
impl JsUpload {
    fn mount(socket: &mut Socket) -> Self {
        socket.allow_upload(UploadConfig::new("doc"));
        Self::default()
    }

    #[event("picked")]
    fn picked(&mut self) {
        self.changes += 1;
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let doc = socket.upload("doc");
        html! {
            <form id="f" phx-change={JS::new().push("picked")}><input {doc.input()} /></form>
            <p id="changes">{self.changes}</p>
            <ul>for e in doc.entries() { <li class="entry">{e.name()}</li> }</ul>
        }
    }
}

#[tokio::test]
async fn an_upload_form_whose_change_is_a_js_push_sends_the_pushed_event() -> Result<(), TestError> {
    let dir = std::env::temp_dir().join(format!("lv-harness-js-upload-{}", std::process::id()));
    let mut lv = LiveTest::connect(LiveRouter::new().live::<JsUpload>("/").upload_dir(&dir), "/").await?;
    lv.upload("#f input", &[("a.txt", b"abc")]).await?;
    assert_eq!(lv.text("li.entry")?, "a.txt");
    assert_eq!(lv.text("#changes")?, "1", "the selection went to the pushed event's handler");
    drop(lv);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
