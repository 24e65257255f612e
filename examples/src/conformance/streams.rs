//! Upstream group `streams` (`test/support/live_views/streams.ex`, `tests/streams.spec.js`),
//! live_session `default`:
//!
//! - `/stream` ([`StreamLive`]): streams `users` and `admins` with buttons that update, delete
//!   and move their items, and a live component ([`StreamComponent`]) with a stream of its own
//!   (`c_users`); `?empty_item` renders only `users` plus a non-stream child `#users-empty`
//!   that CSS shows when it is the only child;
//! - `/stream/reset` ([`StreamResetLive`]): a stream of four items and buttons that filter,
//!   reorder, reset, prepend, append, bulk insert, insert at an index and update only;
//!   `?phx-remove` gives the items a `phx-remove` command;
//! - `/stream/reset-lc` ([`StreamResetLcLive`]): the same list whose items are live components;
//! - `/stream/limit` ([`StreamLimitLive`]): a stream inserted with a position and a limit that
//!   a form reconfigures;
//! - `/stream/nested-component-reset` ([`StreamNestedComponentResetLive`]): live components as
//!   stream items, each with a stream of its own;
//! - `/stream/inside-for` ([`StreamInsideForLive`]): a stream filled by an async task, rendered
//!   inside a `for`;
//! - `/healthy/:category` ([`HealthyLive`]): a stream reset by `handle_params` on each patch.

use super::routes::Routes;
use super::sandbox::{self, Sandbox};
use liveview::At;
use liveview::js::Hide;
use liveview::prelude::*;
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};

/// Adds the group's routes to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| {
        s.live::<StreamLive>("/stream")
            .live::<StreamResetLive>("/stream/reset")
            .live::<StreamResetLcLive>("/stream/reset-lc")
            .live::<StreamLimitLive>("/stream/limit")
            .live::<StreamNestedComponentResetLive>("/stream/nested-component-reset")
            .live::<StreamInsideForLive>("/stream/inside-for")
            .live::<HealthyLive>("/healthy/:category")
    });
}

/// A user of [`StreamLive`] and [`StreamComponent`] (upstream's `%{id: .., name: ..}`; the id
/// stays text, as the event handlers cut it out of a DOM id).
#[derive(Debug, Clone)]
pub struct User {
    id: String,
    name: String,
}

fn user(id: impl Into<String>, name: &str) -> User {
    User { id: id.into(), name: name.to_owned() }
}

/// A `phx-value-id` payload.
#[derive(Debug, serde::Deserialize)]
pub struct DomId {
    id: String,
}

/// The payload of [`StreamLive`]'s `move`.
#[derive(Debug, serde::Deserialize)]
pub struct Move {
    id: String,
    name: String,
    at: String,
}

/// The part of `dom_id` after `prefix` (`"users-1"` → `"1"`), or the whole id.
fn id_after<'a>(dom_id: &'a str, prefix: &str) -> &'a str {
    dom_id.strip_prefix(prefix).unwrap_or(dom_id)
}

/// `/stream`.
#[live_view]
#[derive(Debug)]
pub struct StreamLive {
    /// `?empty_item`: the stream container also holds `#users-empty`.
    extra_item_with_id: bool,
    count: u64,
    users: Stream<User>,
    admins: Stream<User>,
}

#[live_view]
impl StreamLive {
    fn mount(params: &Params) -> Self {
        StreamLive {
            extra_item_with_id: params.get("empty_item").is_some(),
            count: 0,
            users: Stream::with_items(|u: &User| format!("users-{}", u.id), [user("1", "chris"), user("2", "callan")]),
            admins: Stream::with_items(
                |u: &User| format!("admins-{}", u.id),
                [user("1", "chris-admin"), user("2", "callan-admin")],
            ),
        }
    }

    #[event("delete")]
    fn delete(&mut self, p: DomId) {
        self.users.delete_id(p.id);
    }

    #[event("update")]
    fn update(&mut self, p: DomId) {
        self.users.insert(user(id_after(&p.id, "users-"), "updated"));
    }

    #[event("move-to-first")]
    fn move_to_first(&mut self, p: DomId) {
        let id = id_after(&p.id, "users-").to_owned();
        self.users.delete_id(p.id);
        self.users.insert(user(id, "updated")).at(At::Start);
    }

    #[event("move-to-last")]
    fn move_to_last(&mut self, p: DomId) {
        let id = id_after(&p.id, "users-").to_owned();
        self.users.delete_id(p.id);
        self.users.insert(user(id, "updated")).at(At::End);
    }

    #[event("move")]
    fn move_to(&mut self, p: Move) -> Result<()> {
        let at: usize = p.at.parse().map_err(Error::handler)?;
        let id = id_after(&p.id, "users-").to_owned();
        self.users.delete_id(p.id);
        self.users.insert(user(id, &p.name)).at(At::Index(at));
        Ok(())
    }

    #[event("reset-users")]
    fn reset_users(&mut self) {
        self.count += 1;
        self.users.reset([]);
    }

    #[event("reset-users-reorder")]
    fn reset_users_reorder(&mut self) {
        self.count += 1;
        self.users.reset([user("3", "peter"), user("1", "chris"), user("4", "mona")]);
    }

    #[event("stream-users")]
    fn stream_users(&mut self) {
        self.users.extend([user("1", "chris"), user("2", "callan")]);
    }

    #[event("append-users")]
    fn append_users(&mut self) {
        self.users.extend([user("4", "foo"), user("3", "last_user")]);
    }

    #[event("admin-delete")]
    fn admin_delete(&mut self, p: DomId) {
        self.admins.delete_id(p.id);
    }

    #[event("admin-update")]
    fn admin_update(&mut self, p: DomId) {
        self.admins.insert(user(id_after(&p.id, "admins-"), "updated"));
    }

    #[event("admin-move-to-first")]
    fn admin_move_to_first(&mut self, p: DomId) {
        let id = id_after(&p.id, "admins-").to_owned();
        self.admins.delete_id(p.id);
        self.admins.insert(user(id, "updated")).at(At::Start);
    }

    #[event("admin-move-to-last")]
    fn admin_move_to_last(&mut self, p: DomId) {
        let id = id_after(&p.id, "admins-").to_owned();
        self.admins.delete_id(p.id);
        self.admins.insert(user(id, "updated")).at(At::End);
    }

    #[event("sandbox:eval")]
    fn sandbox_eval(&mut self, cmd: sandbox::Eval, socket: &mut Socket) -> Reply {
        sandbox::eval(self, cmd, socket)
    }

    #[info]
    fn sandbox_later(&mut self, msg: sandbox::Later, socket: &mut Socket) {
        sandbox::later(self, msg, socket)
    }

    fn render(&self) -> Rendered {
        if self.extra_item_with_id {
            return html! {
                <div id="users" phx-update="stream">
                    for (dom_id, user) in &self.users, stream {
                        <div id={dom_id}>{&user.name}</div>
                    }
                    <div id="users-empty" only-child>"Empty!"</div>
                </div>
                <style>"[only-child] { display: none; } [only-child]:only-child { display: block; }"</style>
            };
        }
        html! {
            <div id="users" phx-update="stream">
                for (dom_id, user) in &self.users, stream {
                    <div id={dom_id} data-count={self.count}>
                        {&user.name}
                        <button phx-click="delete" phx-value-id={dom_id}>"delete"</button>
                        <button phx-click="update" phx-value-id={dom_id}>"update"</button>
                        <button phx-click="move-to-first" phx-value-id={dom_id}>"make first"</button>
                        <button phx-click="move-to-last" phx-value-id={dom_id}>"make last"</button>
                        <button phx-click="move" phx-value-id={dom_id} phx-value-name="moved" phx-value-at="1">"move"</button>
                        <button phx-click={JS::new().hide(Hide::new().to(format!("#{dom_id}")))}>"JS Hide"</button>
                    </div>
                }
            </div>
            <div id="admins" phx-update="stream">
                for (dom_id, user) in &self.admins, stream {
                    <div id={dom_id} data-count={self.count}>
                        {&user.name}
                        <button phx-click="admin-delete" phx-value-id={dom_id}>"delete"</button>
                        <button phx-click="admin-update" phx-value-id={dom_id}>"update"</button>
                        <button phx-click="admin-move-to-first" phx-value-id={dom_id}>"make first"</button>
                        <button phx-click="admin-move-to-last" phx-value-id={dom_id}>"make last"</button>
                    </div>
                }
            </div>
            {live_component::<StreamComponent>("stream-component", ())}
            <button phx-click="reset-users">"Reset users"</button>
            <button phx-click="reset-users-reorder">"Reorder users"</button>
        }
    }
}

impl Sandbox for StreamLive {
    /// Upstream's `socket.view.handle_event("reset-users" | "append-users", %{}, socket)`.
    fn sandbox(&mut self, name: &str, _arg: Value, _socket: &mut Socket) -> Result<Value, String> {
        match name {
            "reset-users" => self.reset_users(),
            "append-users" => self.append_users(),
            other => return Err(sandbox::unknown(other)),
        }
        Ok(Value::Null)
    }
}

/// The live component of `/stream`, with a stream `c_users` of its own.
#[live_component]
#[derive(Debug)]
pub struct StreamComponent {
    c_users: Stream<User>,
}

impl Default for StreamComponent {
    fn default() -> Self {
        StreamComponent { c_users: Stream::new(|u: &User| format!("c_users-{}", u.id)) }
    }
}

#[live_component]
impl StreamComponent {
    fn update(&mut self, _props: ()) {
        self.c_users.extend([user("1", "chris"), user("2", "callan")]);
    }

    #[event("reset")]
    fn reset(&mut self) {
        self.c_users.reset([]);
    }

    #[event("delete")]
    fn delete(&mut self, p: DomId) {
        self.c_users.delete_id(p.id);
    }

    #[event("update")]
    fn update_user(&mut self, p: DomId) {
        self.c_users.insert(user(id_after(&p.id, "c_users-"), "updated"));
    }

    #[event("move-to-first")]
    fn move_to_first(&mut self, p: DomId) {
        let id = id_after(&p.id, "c_users-").to_owned();
        self.c_users.delete_id(p.id);
        self.c_users.insert(user(id, "updated")).at(At::Start);
    }

    #[event("move-to-last")]
    fn move_to_last(&mut self, p: DomId) {
        let id = id_after(&p.id, "c_users-").to_owned();
        self.c_users.delete_id(p.id);
        self.c_users.insert(user(id, "updated")).at(At::End);
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <div id="c_users" phx-update="stream">
                for (dom_id, user) in &self.c_users, stream {
                    <div id={dom_id}>
                        {&user.name}
                        <button phx-click="delete" phx-value-id={dom_id} phx-target={socket.myself()}>"delete"</button>
                        <button phx-click="update" phx-value-id={dom_id} phx-target={socket.myself()}>"update"</button>
                        <button phx-click="move-to-first" phx-value-id={dom_id} phx-target={socket.myself()}>"make first"</button>
                        <button phx-click="move-to-last" phx-value-id={dom_id} phx-target={socket.myself()}>"make last"</button>
                    </div>
                }
            </div>
        }
    }
}

/// An item of [`HealthyLive`].
#[derive(Debug)]
pub struct Food {
    id: u32,
    name: &'static str,
}

/// `/healthy/:category` (upstream issue #2656).
#[live_view]
#[derive(Debug)]
pub struct HealthyLive {
    category: String,
    items: Stream<Food>,
}

impl HealthyLive {
    fn foods(category: &str) -> Vec<Food> {
        match category {
            "fruits" => vec![Food { id: 1, name: "Apples" }, Food { id: 2, name: "Oranges" }],
            "veggies" => vec![Food { id: 3, name: "Carrots" }, Food { id: 4, name: "Tomatoes" }],
            _ => vec![],
        }
    }
}

#[live_view]
impl HealthyLive {
    fn mount(params: &Params) -> Self {
        HealthyLive {
            category: params.get("category").unwrap_or_default().to_owned(),
            items: Stream::new(|f: &Food| format!("items-{}", f.id)),
        }
    }

    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        let category = params.get("category").unwrap_or_default();
        if !matches!(category, "fruits" | "veggies") {
            return Err(Error::msg(format!("unknown category {category:?}")));
        }
        self.category = category.to_owned();
        self.items.reset(Self::foods(category));
        Ok(())
    }

    #[event("load-more")]
    fn load_more(&mut self) {
        self.items.extend([Food { id: 5, name: "Pumpkins" }, Food { id: 6, name: "Melons" }]);
    }

    fn render(&self) -> Rendered {
        let other = if self.category == "fruits" { "/healthy/veggies" } else { "/healthy/fruits" };
        let mut title = self.category.clone();
        if let Some(first) = title.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        html! {
            <p><a {Link::patch(other)}>"Switch"</a></p>
            <h1>{title}</h1>
            <ul id="items" phx-update="stream">
                for (dom_id, item) in &self.items, stream {
                    <li id={dom_id}>{item.name}</li>
                }
            </ul>
        }
    }
}

/// An item of the lists of `/stream/reset` and friends (`%{id: "a", name: "A"}`).
#[derive(Debug, Clone)]
pub struct Named {
    id: String,
    name: String,
}

fn named(id: &str, name: &str) -> Named {
    Named { id: id.to_owned(), name: name.to_owned() }
}

fn item_dom_id(item: &Named) -> String {
    format!("items-{}", item.id)
}

/// Items `ids`, named by their upper-cased ids.
fn letters(ids: &[&str]) -> Vec<Named> {
    ids.iter().map(|id| named(id, &id.to_uppercase())).collect()
}

/// Upstream's `System.unique_integer()` (negative there: ids read `a-576460752303423483`).
fn unique() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(576_460_752_303_423_488);
    format!("-{}", NEXT.fetch_sub(1, Ordering::Relaxed))
}

/// A fresh item (`%{id: "a" <> unique, name: unique}`).
fn fresh() -> Named {
    Named { id: format!("a{}", unique()), name: unique() }
}

/// `/stream/reset` (upstream issues #2994, #3023).
#[live_view]
#[derive(Debug)]
pub struct StreamResetLive {
    items: Stream<Named>,
    /// `?phx-remove`: items hide on removal.
    use_phx_remove: bool,
}

#[live_view]
impl StreamResetLive {
    fn mount(params: &Params) -> Self {
        StreamResetLive {
            items: Stream::with_items(item_dom_id, letters(&["a", "b", "c", "d"])),
            use_phx_remove: params.get("phx-remove").is_some(),
        }
    }

    #[event("filter")]
    fn filter(&mut self) {
        self.items.reset(letters(&["b", "c", "d"]));
    }

    #[event("reorder")]
    fn reorder(&mut self) {
        self.items.reset(letters(&["b", "a", "c", "d"]));
    }

    #[event("reset")]
    fn reset(&mut self) {
        self.items.reset(letters(&["a", "b", "c", "d"]));
    }

    #[event("prepend")]
    fn prepend(&mut self) {
        self.items.insert(fresh()).at(At::Start);
    }

    #[event("append")]
    fn append(&mut self) {
        self.items.insert(fresh()).at(At::End);
    }

    #[event("bulk-insert")]
    fn bulk_insert(&mut self) {
        for item in letters(&["g", "f", "e"]) {
            self.items.insert(item).at(At::Index(1));
        }
    }

    #[event("insert-at-one")]
    fn insert_at_one(&mut self) {
        self.items.insert(fresh()).at(At::Index(1));
    }

    #[event("insert-existing-at-one")]
    fn insert_existing_at_one(&mut self) {
        self.items.insert(named("c", "C")).at(At::Index(1));
    }

    #[event("delete-insert-existing-at-one")]
    fn delete_insert_existing_at_one(&mut self) {
        self.items.delete_id("items-c");
        self.items.insert(named("c", "C")).at(At::Index(1));
    }

    #[event("prepend-existing")]
    fn prepend_existing(&mut self) {
        self.items.insert(named("c", "C")).at(At::Start);
    }

    #[event("append-existing")]
    fn append_existing(&mut self) {
        self.items.insert(named("c", "C")).at(At::End);
    }

    #[event("new-update-only")]
    fn new_update_only(&mut self) {
        self.items.update(named("e", "E"));
    }

    #[event("existing-update-only")]
    fn existing_update_only(&mut self) {
        self.items.update(named("c", &format!("C {}", unique())));
    }

    fn render(&self) -> Rendered {
        let remove = self.use_phx_remove.then(|| JS::new().hide(Hide::new()));
        html! {
            <ul phx-update="stream" id="thelist">
                for (dom_id, item) in &self.items, stream {
                    <li id={dom_id} phx-remove={remove.clone()}>{&item.name}</li>
                }
            </ul>
            <button phx-click="filter">"Filter"</button>
            <button phx-click="reorder">"Reorder"</button>
            <button phx-click="reset">"Reset"</button>
            <button phx-click="prepend">"Prepend"</button>
            <button phx-click="append">"Append"</button>
            <button phx-click="bulk-insert">"Bulk insert"</button>
            <button phx-click="insert-at-one">"Insert at 1"</button>
            <button phx-click="insert-existing-at-one">"Insert C at 1"</button>
            <button phx-click="delete-insert-existing-at-one">"Delete C and insert at 1"</button>
            <button phx-click="prepend-existing">"Prepend C"</button>
            <button phx-click="append-existing">"Append C"</button>
            <button phx-click="new-update-only">"Add E (update only)"</button>
            <button phx-click="existing-update-only">"Update C (update only)"</button>
        }
    }
}

/// The props of a live component that renders one stream item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemProps {
    /// The component's id: the item's DOM id.
    id: String,
    name: String,
}

/// An item of `/stream/reset-lc`: a live component whose root is the stream child.
#[live_component]
#[derive(Debug, Default)]
pub struct ResetLcItem {
    id: String,
    name: String,
}

#[live_component]
impl ResetLcItem {
    fn update(&mut self, props: ItemProps) {
        self.id = props.id;
        self.name = props.name;
    }

    fn render(&self) -> Rendered {
        html! { <li id={self.id}>{self.name}</li> }
    }
}

/// `/stream/reset-lc` (upstream issue #2982).
#[live_view]
#[derive(Debug)]
pub struct StreamResetLcLive {
    items: Stream<Named>,
}

impl Default for StreamResetLcLive {
    fn default() -> Self {
        StreamResetLcLive { items: Stream::with_items(item_dom_id, letters(&["a", "b", "c", "d"])) }
    }
}

#[live_view]
impl StreamResetLcLive {
    #[event("reorder")]
    fn reorder(&mut self) {
        self.items.reset(letters(&["e", "a", "f", "g"]));
    }

    fn render(&self) -> Rendered {
        html! {
            <ul phx-update="stream" id="thelist">
                for (dom_id, item) in &self.items, stream {
                    {live_component::<ResetLcItem>(dom_id, ItemProps { id: dom_id.to_owned(), name: item.name.clone() })}
                }
            </ul>
            <button phx-click="reorder">"Reorder"</button>
        }
    }
}

/// An item of `/stream/limit` (`%{id: n}`).
#[derive(Debug)]
pub struct Numbered {
    id: i64,
}

/// The form of `/stream/limit`.
#[derive(Debug, serde::Deserialize)]
pub struct Configure {
    at: String,
    limit: String,
}

/// `/stream/limit` (upstream issue #2686): every insert goes to `at` (-1 the end, 0 the
/// start, n an index) and keeps `limit` children (negative: the last ones).
#[live_view]
#[derive(Debug)]
pub struct StreamLimitLive {
    at: i64,
    limit: i64,
    last_id: i64,
    items: Stream<Numbered>,
}

impl Default for StreamLimitLive {
    fn default() -> Self {
        let mut view = StreamLimitLive {
            at: -1,
            limit: -5,
            last_id: 0,
            items: Stream::new(|n: &Numbered| format!("items-{}", n.id)),
        };
        view.new_stream();
        view
    }
}

impl StreamLimitLive {
    /// Queues `item` at the configured position with the configured limit.
    fn insert(&mut self, item: Numbered) {
        let at = match self.at {
            0 => At::Start,
            n if n < 0 => At::End,
            n => At::Index(usize::try_from(n).unwrap_or(usize::MAX)),
        };
        let insert = self.items.insert(item).at(at);
        let n = usize::try_from(self.limit.unsigned_abs()).unwrap_or(usize::MAX);
        if self.limit > 0 {
            insert.keep_first(n);
        } else if self.limit < 0 {
            insert.keep_last(n);
        }
    }

    /// Resets the stream to items 1 to 10, inserted as configured.
    fn new_stream(&mut self) {
        self.items.reset([]);
        for id in 1..=10 {
            self.insert(Numbered { id });
        }
        self.last_id = 10;
    }
}

#[live_view]
impl StreamLimitLive {
    #[event("configure")]
    fn configure(&mut self, form: Configure) -> Result<()> {
        self.at = form.at.trim().parse().map_err(Error::handler)?;
        self.limit = form.limit.trim().parse().map_err(Error::handler)?;
        self.new_stream();
        Ok(())
    }

    #[event("insert_10")]
    fn insert_10(&mut self) {
        for n in 1..=10 {
            self.insert(Numbered { id: self.last_id + n });
        }
        self.last_id += 10;
    }

    #[event("insert_1")]
    fn insert_1(&mut self) {
        self.insert(Numbered { id: self.last_id + 1 });
        self.last_id += 1;
    }

    #[event("clear")]
    fn clear(&mut self) {
        self.last_id = 0;
        self.items.reset([]);
    }

    fn render(&self) -> Rendered {
        html! {
            <form phx-submit="configure">
                "at: "<input type="text" name="at" value={self.at}>" limit:\n"
                <input type="text" name="limit" value={self.limit}>
                <button type="submit">"recreate stream"</button>
            </form>
            <div>"configured with at: "{self.at}", limit: "{self.limit}</div>
            <button phx-click="insert_10">"add 10"</button>
            <button phx-click="insert_1">"add 1"</button>
            <button phx-click="clear">"clear"</button>
            <ul id="items" phx-update="stream">"\n  "
                for (dom_id, item) in &self.items, stream {
                    <li id={dom_id}>{item.id}</li>
                }
                "\n"
            </ul>
        }
    }
}

/// An item of `/stream/nested-component-reset`: a live component with a stream of its own.
#[live_component]
#[derive(Debug)]
pub struct NestedResetItem {
    id: String,
    name: String,
    /// Whether the first update filled `nested` (later updates only take the props).
    initialized: bool,
    nested: Stream<Named>,
}

impl Default for NestedResetItem {
    fn default() -> Self {
        NestedResetItem {
            id: String::new(),
            name: String::new(),
            initialized: false,
            nested: Stream::new(|n: &Named| format!("nested-{}", n.id)),
        }
    }
}

impl NestedResetItem {
    /// The nested items `suffixes` of this component (`<id>-a`, named `N-A`).
    fn children(&self, suffixes: &[&str]) -> Vec<Named> {
        suffixes.iter().map(|s| named(&format!("{}-{s}", self.id), &format!("N-{}", s.to_uppercase()))).collect()
    }
}

#[live_component]
impl NestedResetItem {
    fn update(&mut self, props: ItemProps, socket: &mut Socket) {
        self.id = props.id;
        self.name = props.name;
        if !self.initialized {
            self.initialized = true;
            // the dead render shows other items than the connected one
            let items = if socket.connected() { ["a", "b", "c", "d"] } else { ["e", "f", "g", "h"] };
            self.nested.reset(self.children(&items));
        }
    }

    #[event("reorder")]
    fn reorder(&mut self) {
        self.nested.reset(self.children(&["e", "a", "f", "g"]));
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <li id={self.id}>
                {self.name}
                <div id={format_args!("{}-nested", self.id)} phx-update="stream" style="display: flex; gap: 4px;">
                    for (dom_id, item) in &self.nested, stream {
                        <span id={dom_id}>{item.name}</span>
                    }
                </div>
                <button phx-click="reorder" phx-target={socket.myself()}>"Reorder"</button>
            </li>
        }
    }
}

/// `/stream/nested-component-reset`.
#[live_view]
#[derive(Debug)]
pub struct StreamNestedComponentResetLive {
    items: Stream<Named>,
}

impl Default for StreamNestedComponentResetLive {
    fn default() -> Self {
        StreamNestedComponentResetLive { items: Stream::with_items(item_dom_id, letters(&["a", "b", "c", "d"])) }
    }
}

#[live_view]
impl StreamNestedComponentResetLive {
    #[event("reorder")]
    fn reorder(&mut self) {
        self.items.reset(letters(&["e", "a", "f", "g"]));
    }

    fn render(&self) -> Rendered {
        html! {
            <ul phx-update="stream" id="thelist">
                for (dom_id, item) in &self.items, stream {
                    {live_component::<NestedResetItem>(dom_id, ItemProps { id: dom_id.to_owned(), name: item.name.clone() })}
                }
            </ul>
            <button phx-click="reorder" id="parent-reorder">"Reorder"</button>
        }
    }
}

/// What the task of [`StreamInsideForLive`] reports.
#[derive(Debug)]
pub struct Slept(Result<(), AsyncError<()>>);

/// `/stream/inside-for` (upstream issue #3129): a stream filled by an async task and rendered
/// inside a `for`.
#[live_view]
#[derive(Debug)]
pub struct StreamInsideForLive {
    items: Stream<Named>,
}

#[live_view]
impl StreamInsideForLive {
    fn mount(socket: &mut Socket) -> Self {
        socket.start_async(
            "foo",
            async {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                Ok::<(), ()>(())
            },
            Slept,
        );
        StreamInsideForLive { items: Stream::new(item_dom_id) }
    }

    #[info]
    fn slept(&mut self, msg: Slept) {
        if msg.0.is_ok() {
            self.items.extend(letters(&["a", "b", "c", "d"]));
        }
    }

    fn render(&self) -> Rendered {
        html! {
            for _i in [1] {
                <div>
                    <ul phx-update="stream" id="thelist">
                        for (dom_id, item) in &self.items, stream {
                            <li id={dom_id}>{item.name}</li>
                        }
                    </ul>
                </div>
            }
        }
    }
}
