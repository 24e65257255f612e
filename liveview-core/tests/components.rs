//! Live components in the runtime, without a network: the `"c"` map of the join and of diffs
//! (first render with `"r": 1`, partial diffs, shared statics `+N`/`-N`, nesting), targeted
//! events, `send_update`, the destroy protocol, and a property test: the client model over a
//! join and random component events shows exactly the page the state says.

use liveview_core::client::ClientTree;
use liveview_core::component::{LiveComponent, live_component};
use liveview_core::rendered::{Dynamic, IntoDynamic, Rendered, Template};
use liveview_core::route::Pattern;
use liveview_core::runtime::{Answer, App, JoinRequest, Joined, ViewRuntime, dead_render, join};
use liveview_core::socket::Socket;
use liveview_core::token::Signer;
use liveview_core::view::{Event, Factory, LiveView, Reply, Result, Session};
use liveview_core::{Info, Params, Url};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

macro_rules! template {
    ($($s:expr),* $(,)?) => {{
        static T: Template = Template::new(&[$($s),*]);
        &T
    }};
}

/// The parent: card ids with their last reported counts, and an optional nested pair.
struct Board {
    cards: BTreeMap<u32, i64>,
}

struct Changed(u32, i64);

struct Card {
    id: u32,
    count: i64,
}

#[derive(Clone, PartialEq)]
struct Props {
    id: u32,
    reset: bool,
}

impl LiveView for Board {
    async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> {
        Ok(Board { cards: (1..=3).map(|id| (id, 0)).collect() })
    }

    async fn handle_event(&mut self, event: Event, socket: &mut Socket) -> Result<Option<Reply>> {
        match event.name.as_str() {
            "add" => {
                let next = self.cards.keys().next_back().map_or(1, |id| id + 1);
                self.cards.insert(next, 0);
            }
            "remove" => {
                self.cards.pop_last();
            }
            "reset" => {
                for (&id, count) in &mut self.cards {
                    *count = 0;
                    socket.send_update::<Card>(id, Props { id, reset: true });
                }
            }
            "update-gone" => socket.send_update::<Card>(99, Props { id: 99, reset: true }),
            _ => {}
        }
        Ok(None)
    }

    async fn handle_info(&mut self, info: Info, _: &mut Socket) -> Result<()> {
        if let Ok(Changed(id, n)) = info.downcast::<Changed>()
            && let Some(c) = self.cards.get_mut(&id)
        {
            *c = n;
        }
        Ok(())
    }

    fn render(&self, _: &Socket) -> Rendered {
        let row = template!("", "");
        let cards: Vec<Rendered> = self
            .cards
            .keys()
            .map(|&id| Rendered::new(row, vec![live_component::<Card>(id, Props { id, reset: false })]))
            .collect();
        let total: i64 = self.cards.values().sum();
        Rendered::new(
            template!("<p id=\"total\">", "</p><div id=\"cards\">", "</div>"),
            vec![total.into_dynamic(), cards.into_dynamic()],
        )
    }
}

impl LiveComponent for Card {
    type Props = Props;

    async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> {
        Ok(Card { id: 0, count: 0 })
    }

    async fn update(&mut self, props: Props, _: &mut Socket) -> Result<()> {
        if props.id == 7 {
            INNER_UPDATES.set(INNER_UPDATES.get() + 1);
        }
        self.id = props.id;
        if props.reset {
            self.count = 0;
        }
        Ok(())
    }

    async fn handle_event(&mut self, event: Event, socket: &mut Socket) -> Result<Option<Reply>> {
        if event.name == "inc" {
            self.count += 1;
            socket.send_info(Changed(self.id, self.count));
            socket.push_event("bumped", json!({"id": self.id}));
        }
        Ok(None)
    }

    fn render(&self, socket: &Socket) -> Rendered {
        Rendered::new(
            template!(
                "<div id=\"card-",
                "\"><span>",
                "</span><button phx-click=\"inc\" phx-target=\"",
                "\">+</button></div>"
            ),
            vec![self.id.into_dynamic(), self.count.into_dynamic(), socket.myself().cid().into_dynamic()],
        )
    }
}

fn app() -> Arc<App> {
    let mut app = App::new(Signer::new([SECRET]));
    app.route(Pattern::new("/board"), Arc::new(Factory::<Board>::new()));
    app.route(Pattern::new("/broken"), Arc::new(Factory::<Broken>::new()));
    app.route(Pattern::new("/notes"), Arc::new(Factory::<Notes>::new()));
    app.route(Pattern::new("/nested"), Arc::new(Factory::<Nested>::new()));
    Arc::new(app)
}

async fn joined(app: &Arc<App>, path: &str) -> (Box<ViewRuntime>, ClientTree, Value, String) {
    let Ok(liveview_core::runtime::DeadRender::Page { view_id, session_token, static_token, html, .. }) =
        dead_render(app, &Url::parse(path).unwrap(), Session::default(), Default::default()).await
    else {
        panic!("dead render failed");
    };
    let req = JoinRequest::from_payload(
        &format!("lv:{view_id}"),
        &json!({"url": format!("http://localhost{path}"), "params": {"_mounts": 0}, "session": session_token, "static": static_token}),
    )
    .unwrap();
    let Joined::Ok { view: rt, reply, .. } = join(app.clone(), req).await.unwrap() else { panic!("join refused") };
    let reply: Value = serde_json::from_str(&reply).unwrap();
    let (mut tree, _) = ClientTree::from_join(reply["rendered"].clone()).unwrap();
    tree.show_component_ids();
    (rt, tree, reply["rendered"].clone(), html)
}

fn event(name: &str, cid: Option<u32>) -> Event {
    Event { name: name.into(), kind: "click".into(), value: json!({}), meta: None, cid }
}

fn diff_of(answer: &Answer) -> Value {
    match answer {
        Answer::Diff(d) => serde_json::from_str(d).unwrap(),
        other => panic!("expected a diff, got {other:?}"),
    }
}

/// The page the state says: cards by id with their counts, cids as given.
fn page(total: i64, cards: &[(u32, i64, u32)]) -> String {
    let mut out = format!("<p id=\"total\">{total}</p><div id=\"cards\">");
    for (id, count, cid) in cards {
        out.push_str(&format!(
            "<div data-phx-component=\"{cid}\" id=\"card-{id}\"><span>{count}</span><button phx-click=\"inc\" phx-target=\"{cid}\">+</button></div>"
        ));
    }
    out + "</div>"
}

/// Delivers the infos an update scheduled (what the transport does), applying each diff.
async fn deliver(rt: &mut ViewRuntime, tree: &mut ClientTree, effects: liveview_core::runtime::Effects) {
    for s in effects.scheduled {
        let update = rt.info(s.info).await.unwrap();
        if let Answer::Diff(_) = update.answer {
            tree.apply_diff(diff_of(&update.answer)).unwrap();
        }
    }
}

#[tokio::test]
async fn the_join_sends_each_instance_once_with_r_and_later_instances_share_statics() {
    let app = app();
    let (_rt, mut tree, rendered, dead) = joined(&app, "/board").await;
    let c = &rendered["c"];
    assert_eq!(c["1"]["r"], 1);
    assert!(c["1"]["s"].is_array(), "the first instance carries the statics: {c}");
    // Same diff: `+1`, dynamics only, no "r" (the referenced tree has it).
    assert_eq!(c["2"], json!({"0": "2", "1": "0", "2": "2", "s": 1}));
    assert_eq!(c["3"]["s"], 1);
    // The parent's slots hold the cids.
    assert_eq!(rendered["1"]["k"]["0"]["0"]["0"], 1);
    let html = tree.to_html().unwrap();
    assert_eq!(html, page(0, &[(1, 0, 1), (2, 0, 2), (3, 0, 3)]));
    assert_eq!(dead, html, "the dead render shows the components with their cids as the client does");
}

#[tokio::test]
async fn a_targeted_event_replies_with_only_that_component() {
    let app = app();
    let (mut rt, mut tree, _, _) = joined(&app, "/board").await;
    let update = rt.event(event("inc", Some(2))).await.unwrap();
    let diff = diff_of(&update.answer);
    assert_eq!(diff, json!({"c": {"2": {"1": "1"}}, "e": [["bumped", {"id": 2}]]}));
    tree.apply_diff(diff).unwrap();
    assert_eq!(tree.to_html().unwrap(), page(0, &[(1, 0, 1), (2, 1, 2), (3, 0, 3)]));
    // The card's message reaches the parent, which re-renders: only its total changes.
    let mut infos = update.effects.scheduled.into_iter();
    let info = infos.next().expect("the card sent its parent a message");
    let update = rt.info(info.info).await.unwrap();
    assert_eq!(diff_of(&update.answer), json!({"0": "1"}));
}

#[tokio::test]
async fn a_new_instance_references_the_statics_the_client_holds() {
    let app = app();
    let (mut rt, mut tree, _, _) = joined(&app, "/board").await;
    let update = rt.event(event("add", None)).await.unwrap();
    let diff = diff_of(&update.answer);
    assert_eq!(diff["c"], json!({"4": {"0": "4", "1": "0", "2": "4", "s": -1}}), "{diff}");
    tree.apply_diff(diff).unwrap();
    assert_eq!(tree.to_html().unwrap(), page(0, &[(1, 0, 1), (2, 0, 2), (3, 0, 3), (4, 0, 4)]));
}

#[tokio::test]
async fn send_update_reaches_each_instance_and_an_unknown_id_is_a_no_op() {
    let app = app();
    let (mut rt, mut tree, _, _) = joined(&app, "/board").await;
    for _ in 0..2 {
        let u = rt.event(event("inc", Some(3))).await.unwrap();
        tree.apply_diff(diff_of(&u.answer)).unwrap();
        deliver(&mut rt, &mut tree, u.effects).await;
    }
    assert_eq!(tree.to_html().unwrap(), page(2, &[(1, 0, 1), (2, 0, 2), (3, 2, 3)]));
    let u = rt.event(event("reset", None)).await.unwrap();
    let diff = diff_of(&u.answer);
    assert_eq!(diff, json!({"0": "0", "c": {"3": {"1": "0"}}}));
    tree.apply_diff(diff).unwrap();
    assert_eq!(tree.to_html().unwrap(), page(0, &[(1, 0, 1), (2, 0, 2), (3, 0, 3)]));
    let u = rt.event(event("update-gone", None)).await.unwrap();
    assert_eq!(u.answer, Answer::Empty, "nothing to send");
}

#[tokio::test]
async fn the_destroy_protocol_frees_marked_instances_and_a_rerender_unmarks() {
    let app = app();
    let (mut rt, mut tree, _, _) = joined(&app, "/board").await;
    let u = rt.event(event("remove", None)).await.unwrap();
    tree.apply_diff(diff_of(&u.answer)).unwrap();
    assert_eq!(rt.cids(false, &[3]), "{}");
    assert_eq!(rt.cids(true, &[3, 42]), r#"{"cids":[3]}"#, "only the marked, existing cid is freed");
    tree.prune_components(&[3]);
    // Events for a freed or unknown cid: an empty reply, no crash.
    assert_eq!(rt.event(event("inc", Some(3))).await.unwrap().answer, Answer::Empty);
    assert_eq!(rt.event(event("inc", Some(77))).await.unwrap().answer, Answer::Empty);
    // The id renders again: a new cid (never reused), statics by reference.
    let u = rt.event(event("add", None)).await.unwrap();
    let diff = diff_of(&u.answer);
    assert_eq!(diff["c"]["4"]["s"], -1, "{diff}");
    tree.apply_diff(diff).unwrap();
    assert_eq!(tree.to_html().unwrap(), page(0, &[(1, 0, 1), (2, 0, 2), (3, 0, 4)]));
    // Marked, then rendered again before cids_destroyed: sent in full again, and kept.
    assert_eq!(rt.cids(false, &[2]), "{}");
    let u = rt.event(event("inc", Some(2))).await.unwrap();
    let diff = diff_of(&u.answer);
    assert!(diff["c"]["2"]["s"].is_number() || diff["c"]["2"]["s"].is_array(), "a full render: {diff}");
    assert_eq!(diff["c"]["2"]["1"], "1");
    tree.apply_diff(diff).unwrap();
    assert_eq!(rt.cids(true, &[2]), r#"{"cids":[]}"#);
    // Malformed cids (not u32) are ignored.
    assert_eq!(rt.cids(true, &[u64::MAX]), r#"{"cids":[]}"#);
}

/// A component with two root elements.
struct TwoRoots;

impl LiveComponent for TwoRoots {
    type Props = ();
    async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> {
        Ok(TwoRoots)
    }
    fn render(&self, _: &Socket) -> Rendered {
        Rendered::new(template!("<p></p><p></p>"), vec![])
    }
}

struct Broken;

impl LiveView for Broken {
    async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> {
        Ok(Broken)
    }
    fn render(&self, _: &Socket) -> Rendered {
        Rendered::new(template!("<main>", "</main>"), vec![live_component::<TwoRoots>("x", ())])
    }
}

#[tokio::test]
async fn a_component_with_two_roots_is_a_clear_error_in_debug() {
    let app = app();
    let err = dead_render(&app, &Url::parse("/broken").unwrap(), Session::default(), Default::default()).await;
    let message = err.expect_err("debug builds refuse it").to_string();
    assert!(message.contains("2 root elements") && message.contains("exactly one element"), "{message}");
}

#[test]
fn live_component_outside_a_render_renders_nothing() {
    let d = live_component::<Card>(1, Props { id: 1, reset: false });
    assert!(matches!(d, Dynamic::Text(t) if t.is_empty()));
}

/// A view whose component flashes and patches the URL.
struct Notes {
    page: String,
}

/// Flashes and patches from its event; replies to hooks.
struct Notifier;

impl LiveComponent for Notifier {
    type Props = ();
    async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> {
        Ok(Notifier)
    }
    async fn handle_event(&mut self, event: Event, socket: &mut Socket) -> Result<Option<Reply>> {
        match event.name.as_str() {
            "notify" => {
                socket.put_flash("info", "noted");
                socket.push_patch("/notes?page=2");
                Ok(None)
            }
            _ => Ok(Some(Reply::new(json!({"pong": socket.myself().cid()})))),
        }
    }
    fn render(&self, socket: &Socket) -> Rendered {
        Rendered::new(template!("<button phx-target=\"", "\">n</button>"), vec![socket.myself().cid().into_dynamic()])
    }
}

impl LiveView for Notes {
    async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> {
        Ok(Notes { page: String::new() })
    }
    async fn handle_params(&mut self, params: &Params, _: &mut Socket) -> Result<()> {
        self.page = params.get("page").unwrap_or("1").to_owned();
        Ok(())
    }
    fn render(&self, socket: &Socket) -> Rendered {
        Rendered::new(
            template!("<p>", "</p><p>", "</p>", ""),
            vec![
                socket.flash_of("info").unwrap_or("").into_dynamic(),
                self.page.as_str().into_dynamic(),
                live_component::<Notifier>("n", ()),
            ],
        )
    }
}

#[tokio::test]
async fn a_component_flashes_patches_and_replies_to_hooks_as_a_view_does() {
    let app = app();
    let (mut rt, mut tree, _, _) = joined(&app, "/notes").await;
    let u = rt.event(event("notify", Some(1))).await.unwrap();
    assert_eq!(u.before.len(), 1, "{:?}", u.before);
    assert_eq!(u.before[0].event, "live_patch");
    assert!(u.before[0].payload.contains("/notes?page=2"), "{:?}", u.before);
    let diff = diff_of(&u.answer);
    assert!(diff.get("c").is_none(), "the component did not change: {diff}");
    tree.apply_diff(diff).unwrap();
    assert_eq!(
        tree.to_html().unwrap(),
        "<p>noted</p><p>2</p><button data-phx-component=\"1\" phx-target=\"1\">n</button>"
    );
    let u = rt.event(Event { kind: "hook".into(), ..event("ping", Some(1)) }).await.unwrap();
    assert_eq!(diff_of(&u.answer), json!({"r": {"pong": 1}}));
}

thread_local! {
    /// `update` calls of card 7 on this thread. Per thread, not a static: each test runs on
    /// its own thread, and the property test's boards add cards up to 7 and beyond too (a
    /// shared counter made `nested_components_share_the_flat_c_map` fail when they overlapped).
    static INNER_UPDATES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A view with one `Outer`, which embeds a `Card` of its own.
struct Nested;

struct Outer {
    open: bool,
}

impl LiveComponent for Outer {
    type Props = ();
    async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> {
        Ok(Outer { open: true })
    }
    async fn handle_event(&mut self, _: Event, _: &mut Socket) -> Result<Option<Reply>> {
        self.open = !self.open;
        Ok(None)
    }
    fn render(&self, _: &Socket) -> Rendered {
        let inner = if self.open { live_component::<Card>(7, Props { id: 7, reset: false }) } else { Dynamic::empty() };
        Rendered::new(template!("<section>", "</section>"), vec![inner])
    }
}

impl LiveView for Nested {
    async fn mount(_: &Params, _: &Session, _: &mut Socket) -> Result<Self> {
        Ok(Nested)
    }
    fn render(&self, _: &Socket) -> Rendered {
        Rendered::new(template!("<main>", "</main>"), vec![live_component::<Outer>("outer", ())])
    }
}

#[tokio::test]
async fn nested_components_share_the_flat_c_map() {
    let app = app();
    let (mut rt, mut tree, rendered, dead) = joined(&app, "/nested").await;
    assert_eq!(rendered["0"], 1, "the view holds the outer cid");
    assert_eq!(rendered["c"]["1"]["0"], 2, "the outer component holds the inner cid");
    assert_eq!(rendered["c"]["2"]["r"], 1);
    let card = |count: i64| {
        format!(
            "<div data-phx-component=\"2\" id=\"card-7\"><span>{count}</span><button phx-click=\"inc\" phx-target=\"2\">+</button></div>"
        )
    };
    let page = |inner: &str| format!("<main><section data-phx-component=\"1\">{inner}</section></main>");
    assert_eq!(tree.to_html().unwrap(), page(&card(0)));
    assert_eq!(dead, page(&card(0)));
    // The inner card's event: only the inner card.
    let u = rt.event(event("inc", Some(2))).await.unwrap();
    let diff = diff_of(&u.answer);
    assert_eq!(diff["c"], json!({"2": {"1": "1"}}));
    tree.apply_diff(diff).unwrap();
    assert_eq!(tree.to_html().unwrap(), page(&card(1)));
    // The outer closes: its slot is text now, the inner stays cached until destroyed.
    let u = rt.event(event("toggle", Some(1))).await.unwrap();
    let diff = diff_of(&u.answer);
    assert_eq!(diff, json!({"c": {"1": {"0": ""}}}));
    tree.apply_diff(diff).unwrap();
    assert_eq!(tree.to_html().unwrap(), page(""));
    // Reopened before any destroy: the same instance (cid 2) with its state.
    let u = rt.event(event("toggle", Some(1))).await.unwrap();
    let diff = diff_of(&u.answer);
    assert_eq!(diff["c"]["1"], json!({"0": 2}), "{diff}");
    tree.apply_diff(diff).unwrap();
    assert_eq!(tree.to_html().unwrap(), page(&card(1)));
    // `update` ran for the dead render and the join only: the outer passed the same props since.
    assert_eq!(INNER_UPDATES.get(), 2);
}

#[derive(Debug, Clone)]
enum Op {
    Click(usize),
    Add,
    Remove,
    Reset,
    Destroy,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0usize..8).prop_map(Op::Click),
        2 => Just(Op::Add),
        2 => Just(Op::Remove),
        1 => Just(Op::Reset),
        2 => Just(Op::Destroy),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The client model over the join and every reply and push equals the page of the state;
    /// freed components are pruned as the client prunes them.
    #[test]
    fn client_model_over_random_component_events_equals_a_fresh_render(ops in proptest::collection::vec(op(), 1..40)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let app = app();
            let (mut rt, mut tree, _, _) = joined(&app, "/board").await;
            // The parent's counts by card id; each live instance's (count, cid) by id (kept
            // after removal until freed); the next cid; removed cids not yet freed.
            let mut parent: BTreeMap<u32, i64> = (1..=3).map(|id| (id, 0)).collect();
            let mut cards: BTreeMap<u32, (i64, u32)> = (1..=3).map(|id| (id, (0, id))).collect();
            let mut next_cid = 4;
            let mut gone: Vec<(u32, u32)> = Vec::new();
            for op in ops {
                let u = match op {
                    Op::Click(i) => {
                        let Some(&id) = parent.keys().nth(i % parent.len().max(1)) else { continue };
                        let card = cards.get_mut(&id).unwrap();
                        card.0 += 1;
                        parent.insert(id, card.0);
                        rt.event(event("inc", Some(card.1))).await.unwrap()
                    }
                    Op::Add => {
                        let id = parent.keys().next_back().map_or(1, |id| id + 1);
                        parent.insert(id, 0);
                        // An instance removed but not yet freed comes back as it was.
                        cards.entry(id).or_insert_with(|| {
                            next_cid += 1;
                            (0, next_cid - 1)
                        });
                        gone.retain(|&(gid, _)| gid != id);
                        rt.event(event("add", None)).await.unwrap()
                    }
                    Op::Remove => {
                        if let Some((id, _)) = parent.pop_last() {
                            gone.push((id, cards[&id].1));
                        }
                        rt.event(event("remove", None)).await.unwrap()
                    }
                    Op::Reset => {
                        for (id, n) in &mut parent {
                            *n = 0;
                            cards.get_mut(id).unwrap().0 = 0;
                        }
                        rt.event(event("reset", None)).await.unwrap()
                    }
                    Op::Destroy => {
                        let cids: Vec<u64> = gone.iter().map(|&(_, cid)| u64::from(cid)).collect();
                        for (id, _) in gone.drain(..) {
                            cards.remove(&id);
                        }
                        prop_assert_eq!(rt.cids(false, &cids), "{}");
                        let freed: Value = serde_json::from_str(&rt.cids(true, &cids)).unwrap();
                        prop_assert_eq!(&freed["cids"], &json!(cids));
                        tree.prune_components(&cids);
                        continue;
                    }
                };
                if let Answer::Diff(_) = u.answer {
                    tree.apply_diff(diff_of(&u.answer)).unwrap();
                }
                deliver(&mut rt, &mut tree, u.effects).await;
                let total = parent.values().sum();
                let expected: Vec<(u32, i64, u32)> = parent.keys().map(|id| (*id, cards[id].0, cards[id].1)).collect();
                prop_assert_eq!(tree.to_html().unwrap(), page(total, &expected));
            }
            Ok(())
        })?;
    }
}
