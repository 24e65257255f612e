//! JS commands (`Phoenix.LiveView.JS`): the value of a `phx-*` binding that the official client
//! runs in the browser, such as showing an element, toggling a class, or pushing an event with
//! extra values, with no round trip for the parts that need none.
//!
//! A [`JS`] is a list of commands built by chaining; in `html!` it is an attribute value
//! (`phx-click={JS::new().toggle("#menu")}`) and renders as the JSON list the client parses
//! (`[["toggle",{"to":"#menu"}]]`), escaped like any attribute. Commands run in order on
//! the client; the ones that only touch the DOM send nothing to the server, and their changes
//! survive later patches from the server.
//!
//! Each command takes one argument: its options type, or something that converts to it. The
//! conversion is the common case (`.show("#toast")` shows `#toast`, `.add_class("active")`
//! adds `active` to the interacted element); the options type spells out the rest
//! (`.show(Show::new().to("#toast").transition("fade-in").time(300))`). Elements are chosen
//! with [`To`]: a selector, the [`closest`](To::closest) ancestor or [`inner`](To::inner)
//! elements; by default a command acts on the element whose binding runs it.
//!
//! | command | options | JSON op |
//! | --- | --- | --- |
//! | [`push`](JS::push) | [`Push`]: `value`, `target`, `loading`, `page_loading` | `push` |
//! | [`navigate`](JS::navigate), [`patch`](JS::patch) | a [`Location`] (`.replace()`) | `navigate`, `patch` |
//! | [`show`](JS::show), [`hide`](JS::hide), [`toggle`](JS::toggle) | [`Show`], [`Hide`], [`Toggle`]: `to`, transitions, `time`, `display`, `blocking` | `show`, `hide`, `toggle` |
//! | [`add_class`](JS::add_class), [`remove_class`](JS::remove_class), [`toggle_class`](JS::toggle_class) | [`Classes`] | `add_class`, `remove_class`, `toggle_class` |
//! | [`set_attribute`](JS::set_attribute), [`remove_attribute`](JS::remove_attribute), [`toggle_attribute`](JS::toggle_attribute), [`ignore_attributes`](JS::ignore_attributes) | [`SetAttribute`], [`RemoveAttribute`], [`ToggleAttribute`], [`IgnoreAttributes`] | `set_attr`, `remove_attr`, `toggle_attr`, `ignore_attrs` |
//! | [`transition`](JS::transition) | [`Animation`] | `transition` |
//! | [`dispatch`](JS::dispatch) | [`Dispatch`]: `to`, `detail`, `bubbles`, `blocking` | `dispatch` |
//! | [`exec`](JS::exec) | [`Exec`]: the attribute holding commands, `to` | `exec` |
//! | [`focus`](JS::focus), [`focus_first`](JS::focus_first), [`push_focus`](JS::push_focus), [`pop_focus`](JS::pop_focus) | a [`To`] | `focus`, `focus_first`, `push_focus`, `pop_focus` |
//!
//! ```
//! use liveview_core::js::{JS, Push, Show};
//! use serde_json::json;
//!
//! let js = JS::new()
//!     .push(Push::new("shown").value(json!({"n": 1})))
//!     .show(Show::new().to("#toast").transition(("ease-out duration-300", "opacity-0", "opacity-100")));
//! assert_eq!(
//!     js.to_json(),
//!     r##"[["push",{"event":"shown","value":{"n":1}}],["show",{"to":"#toast","transition":[["ease-out","duration-300"],["opacity-0"],["opacity-100"]]}]]"##
//! );
//! ```
//!
//! # Running commands from the server
//!
//! Phoenix LiveView 1.2 has no server-to-client message that runs JS commands: the server
//! sends an event with [`Socket::push_event`](crate::socket::Socket::push_event) and a
//! listener of the page runs the commands with the client's public `liveSocket.execJS(el,
//! commands)`. Either keep the commands in an attribute of the page and send its name (the
//! usual way: nothing is encoded twice, and [`JS::exec`] runs the same attribute from a
//! binding), or send the commands themselves, since a `JS` serializes as its JSON list:
//!
//! ```
//! # use liveview_core::js::{JS, Show};
//! # fn demo(socket: &mut liveview_core::Socket) {
//! // render: <div id="item-3" data-highlight={JS::new().transition("flash")}>..</div>
//! socket.push_event("js-exec", serde_json::json!({"to": "#item-3", "attr": "data-highlight"}));
//! // or the commands themselves:
//! socket.push_event("js-exec", serde_json::json!({"to": "#item-3", "js": JS::new().show(Show::new())}));
//! # }
//! ```
//!
//! ```js
//! // In the hooks module (LiveRouter::hooks) or the page's own script:
//! window.addEventListener("phx:js-exec", ({detail}) => {
//!   document.querySelectorAll(detail.to).forEach((el) => {
//!     liveSocket.execJS(el, detail.js || el.getAttribute(detail.attr))
//!   })
//! })
//! ```

mod args;

pub use args::{
    Animation, Classes, Dispatch, Exec, Hide, IgnoreAttributes, Push, PushTarget, RemoveAttribute, SetAttribute, Show,
    To, Toggle, ToggleAttribute, Transition,
};

use crate::rendered::AttrValue;
use crate::socket::Location;
use args::Only;
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

/// A list of JS commands for the client to run: the value of a `phx-click`, `phx-submit`,
/// `phx-mounted`, `phx-remove`, `data-*`... attribute (see the [module docs](self)).
///
/// Build it by chaining from [`JS::new`]; every command returns the list with the command
/// appended, so a list can also be extended later (`let js = base.clone().hide("#modal")`).
/// It renders in `html!` as the JSON the client parses (also [`JS::to_json`] and `Display`)
/// and serializes (serde) as the same list, so it can travel in a `push_event` payload.
///
/// ```
/// use liveview_core::js::{JS, Push};
/// use serde_json::json;
///
/// let open = JS::new().show("#modal").add_class("modal-open").focus_first("#modal");
/// let save = JS::new().push(Push::new("save").value(json!({"draft": false}))).hide("#modal");
/// assert_eq!(open.to_string(), open.to_json());
/// assert_eq!(
///     save.to_json(),
///     r##"[["push",{"event":"save","value":{"draft":false}}],["hide",{"to":"#modal"}]]"##
/// );
/// ```
#[allow(clippy::upper_case_acronyms)] // The name of Phoenix.LiveView.JS, which users know.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JS {
    ops: Vec<Op>,
}

/// One command and its arguments.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Push(Push),
    Navigate(Href),
    Patch(Href),
    Show(Show),
    Hide(Hide),
    Toggle(Toggle),
    AddClass(Classes),
    RemoveClass(Classes),
    ToggleClass(Classes),
    SetAttr(SetAttribute),
    RemoveAttr(RemoveAttribute),
    ToggleAttr(ToggleAttribute),
    IgnoreAttrs(IgnoreAttributes),
    Transition(Animation),
    Dispatch(Dispatch),
    Exec(Exec),
    Focus(To),
    FocusFirst(To),
    PushFocus(To),
    PopFocus,
}

/// The arguments of `navigate` and `patch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Href {
    href: String,
    replace: bool,
}

impl Href {
    /// # Panics
    /// On a URL with a scheme other than `http` or `https`, as Phoenix does.
    fn new(to: Location, command: &str) -> Href {
        let href = to.to_string();
        if let Some(scheme) = uri_scheme(&href)
            && scheme != "http"
            && scheme != "https"
        {
            panic!(
                "unsupported scheme {scheme:?} given to JS {command}: its destination must be a path or an http(s) \
                 URL of a LiveView in this application; to link elsewhere ({href:?}) use a plain href"
            );
        }
        Href { href, replace: to.is_replace() }
    }
}

/// The lowercased scheme of `to` when it starts with one (a `:` before any `/`, `?` or `#`).
fn uri_scheme(to: &str) -> Option<String> {
    let end = to.find([':', '/', '?', '#'])?;
    (to.as_bytes()[end] == b':').then(|| to[..end].to_ascii_lowercase())
}

impl JS {
    /// An empty list (it renders as `[]`, which the client runs as nothing).
    pub fn new() -> JS {
        JS::default()
    }

    /// Whether no command has been added.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Appends the commands of `other` (`JS.concat` in Phoenix).
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// let close = JS::new().hide("#modal");
    /// assert_eq!(JS::new().push("cancel").concat(close).to_json(), JS::new().push("cancel").hide("#modal").to_json());
    /// ```
    pub fn concat(mut self, other: JS) -> JS {
        self.ops.extend(other.ops);
        self
    }

    fn op(mut self, op: Op) -> JS {
        self.ops.push(op);
        self
    }

    /// Pushes an event to the server, as a binding with a plain event name does; the payload
    /// is the element's `phx-value-*` (and own `value`) with the push's `value` merged over it.
    ///
    /// ```
    /// use liveview_core::js::{JS, Push};
    /// use serde_json::json;
    ///
    /// assert_eq!(JS::new().push("inc").to_json(), r#"[["push",{"event":"inc"}]]"#);
    /// assert_eq!(
    ///     JS::new().push(Push::new("inc").value(json!({"by": 10})).target("#counter")).to_json(),
    ///     r##"[["push",{"event":"inc","target":"#counter","value":{"by":10}}]]"##
    /// );
    /// ```
    pub fn push(self, push: impl Into<Push>) -> JS {
        self.op(Op::Push(push.into()))
    }

    /// Navigates to another LiveView over the same socket (a full page load across
    /// `live_session`s), pushing a history entry, or replacing it with
    /// [`Location::replace`].
    ///
    /// ```
    /// use liveview_core::js::JS;
    /// use liveview_core::socket::Location;
    ///
    /// assert_eq!(JS::new().navigate("/items").to_json(), r#"[["navigate",{"href":"/items","replace":false}]]"#);
    /// assert_eq!(
    ///     JS::new().navigate(Location::new("/items").param("page", 2).replace()).to_json(),
    ///     r#"[["navigate",{"href":"/items?page=2","replace":true}]]"#
    /// );
    /// ```
    ///
    /// # Panics
    /// When `to` has a scheme other than `http` or `https` (`javascript:`, `mailto:`): as in
    /// Phoenix, those are not live destinations (use a plain `href`).
    pub fn navigate(self, to: impl Into<Location>) -> JS {
        self.op(Op::Navigate(Href::new(to.into(), "navigate")))
    }

    /// Patches the current LiveView to `to` (`handle_params` runs), as [`JS::navigate`].
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(JS::new().patch("/items?sort=name").to_json(), r#"[["patch",{"href":"/items?sort=name","replace":false}]]"#);
    /// ```
    ///
    /// # Panics
    /// As [`JS::navigate`].
    pub fn patch(self, to: impl Into<Location>) -> JS {
        self.op(Op::Patch(Href::new(to.into(), "patch")))
    }

    /// Shows elements that are hidden (`display: none`), optionally with a transition.
    ///
    /// ```
    /// # use liveview_core::js::{JS, Show};
    /// assert_eq!(JS::new().show("#toast").to_json(), r##"[["show",{"to":"#toast"}]]"##);
    /// assert_eq!(JS::new().show(Show::new().display("flex")).to_json(), r#"[["show",{"display":"flex"}]]"#);
    /// ```
    pub fn show(self, show: impl Into<Show>) -> JS {
        self.op(Op::Show(show.into()))
    }

    /// Hides visible elements, optionally with a transition.
    ///
    /// ```
    /// # use liveview_core::js::{JS, To};
    /// assert_eq!(JS::new().hide(To::closest(".toast")).to_json(), r#"[["hide",{"to":{"closest":".toast"}}]]"#);
    /// ```
    pub fn hide(self, hide: impl Into<Hide>) -> JS {
        self.op(Op::Hide(hide.into()))
    }

    /// Shows hidden elements and hides visible ones.
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(JS::new().toggle("#panel").to_json(), r##"[["toggle",{"to":"#panel"}]]"##);
    /// ```
    pub fn toggle(self, toggle: impl Into<Toggle>) -> JS {
        self.op(Op::Toggle(toggle.into()))
    }

    /// Adds classes (kept across server patches).
    ///
    /// ```
    /// # use liveview_core::js::{Classes, JS};
    /// assert_eq!(
    ///     JS::new().add_class(Classes::new("warm hot").to(".thermo")).to_json(),
    ///     r#"[["add_class",{"names":["warm","hot"],"to":".thermo"}]]"#
    /// );
    /// ```
    pub fn add_class(self, classes: impl Into<Classes>) -> JS {
        self.op(Op::AddClass(classes.into()))
    }

    /// Removes classes (kept removed across server patches).
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(JS::new().remove_class("hidden").to_json(), r#"[["remove_class",{"names":["hidden"]}]]"#);
    /// ```
    pub fn remove_class(self, classes: impl Into<Classes>) -> JS {
        self.op(Op::RemoveClass(classes.into()))
    }

    /// Adds each class the element lacks and removes each it has.
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(JS::new().toggle_class("open").to_json(), r#"[["toggle_class",{"names":["open"]}]]"#);
    /// ```
    pub fn toggle_class(self, classes: impl Into<Classes>) -> JS {
        self.op(Op::ToggleClass(classes.into()))
    }

    /// Sets an attribute (kept across server patches).
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(
    ///     JS::new().set_attribute(("aria-expanded", "true")).to_json(),
    ///     r#"[["set_attr",{"attr":["aria-expanded","true"]}]]"#
    /// );
    /// ```
    pub fn set_attribute(self, attr: impl Into<SetAttribute>) -> JS {
        self.op(Op::SetAttr(attr.into()))
    }

    /// Removes an attribute (kept removed across server patches).
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(JS::new().remove_attribute("disabled").to_json(), r#"[["remove_attr",{"attr":"disabled"}]]"#);
    /// ```
    pub fn remove_attribute(self, attr: impl Into<RemoveAttribute>) -> JS {
        self.op(Op::RemoveAttr(attr.into()))
    }

    /// Sets an absent attribute and removes a present one, or switches between two values.
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(
    ///     JS::new().toggle_attribute(("aria-pressed", "true", "false")).to_json(),
    ///     r#"[["toggle_attr",{"attr":["aria-pressed","true","false"]}]]"#
    /// );
    /// ```
    pub fn toggle_attribute(self, attr: impl Into<ToggleAttribute>) -> JS {
        self.op(Op::ToggleAttr(attr.into()))
    }

    /// Keeps attributes as the browser has them when the server patches the element (a
    /// `<dialog>`'s `open`, for instance); usually in `phx-mounted`.
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(JS::new().ignore_attributes("open").to_json(), r#"[["ignore_attrs",{"attrs":["open"]}]]"#);
    /// ```
    pub fn ignore_attributes(self, attrs: impl Into<IgnoreAttributes>) -> JS {
        self.op(Op::IgnoreAttrs(attrs.into()))
    }

    /// Runs transition classes for a while (a shake, a flash), changing nothing for good.
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(
    ///     JS::new().transition(("ease-out duration-300", "opacity-0", "opacity-100")).to_json(),
    ///     r#"[["transition",{"transition":[["ease-out","duration-300"],["opacity-0"],["opacity-100"]]}]]"#
    /// );
    /// ```
    pub fn transition(self, animation: impl Into<Animation>) -> JS {
        self.op(Op::Transition(animation.into()))
    }

    /// Dispatches a DOM event for your own JavaScript (`window.addEventListener(name, ..)`).
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(JS::new().dispatch("app:copy").to_json(), r#"[["dispatch",{"event":"app:copy"}]]"#);
    /// ```
    pub fn dispatch(self, dispatch: impl Into<Dispatch>) -> JS {
        self.op(Op::Dispatch(dispatch.into()))
    }

    /// Runs the commands stored in an attribute of the interacted element (or of the elements
    /// `to` selects): one list of commands written once, run by several bindings, or by the
    /// server through a `push_event` (see the [module docs](self)).
    ///
    /// ```
    /// # use liveview_core::js::{Exec, JS};
    /// assert_eq!(
    ///     JS::new().exec(Exec::new("data-cancel").to("#modal")).to_json(),
    ///     r##"[["exec",{"attr":"data-cancel","to":"#modal"}]]"##
    /// );
    /// ```
    pub fn exec(self, exec: impl Into<Exec>) -> JS {
        self.op(Op::Exec(exec.into()))
    }

    /// Focuses an element.
    ///
    /// ```
    /// # use liveview_core::js::{JS, To};
    /// assert_eq!(JS::new().focus("#search").to_json(), r##"[["focus",{"to":"#search"}]]"##);
    /// assert_eq!(JS::new().focus(To::this()).to_json(), r#"[["focus",{}]]"#);
    /// ```
    pub fn focus(self, to: impl Into<To>) -> JS {
        self.op(Op::Focus(to.into()))
    }

    /// Focuses the first focusable element inside an element (a modal's first field).
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(JS::new().focus_first("#modal").to_json(), r##"[["focus_first",{"to":"#modal"}]]"##);
    /// ```
    pub fn focus_first(self, to: impl Into<To>) -> JS {
        self.op(Op::FocusFirst(to.into()))
    }

    /// Remembers an element (by default the interacted one) for a later [`JS::pop_focus`].
    ///
    /// ```
    /// # use liveview_core::js::{JS, To};
    /// assert_eq!(JS::new().push_focus(To::this()).to_json(), r#"[["push_focus",{}]]"#);
    /// ```
    pub fn push_focus(self, to: impl Into<To>) -> JS {
        self.op(Op::PushFocus(to.into()))
    }

    /// Focuses the element the last [`JS::push_focus`] remembered.
    ///
    /// ```
    /// # use liveview_core::js::JS;
    /// assert_eq!(JS::new().hide("#modal").pop_focus().to_json(), r##"[["hide",{"to":"#modal"}],["pop_focus",{}]]"##);
    /// ```
    pub fn pop_focus(self) -> JS {
        self.op(Op::PopFocus)
    }

    /// The JSON list the client parses (`[["op",{args}],..]`), unescaped.
    pub fn to_json(&self) -> String {
        // Strings, numbers, booleans, and maps with string keys: serializing cannot fail.
        serde_json::to_string(self).expect("JS commands always serialize to JSON")
    }
}

/// `{"to": ..}` or `{}`.
fn to(to: &To) -> Only<'_> {
    Only { to }
}

impl Serialize for Op {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Op::Push(a) => ("push", a).serialize(s),
            Op::Navigate(a) => ("navigate", a).serialize(s),
            Op::Patch(a) => ("patch", a).serialize(s),
            Op::Show(a) => ("show", a).serialize(s),
            Op::Hide(a) => ("hide", a).serialize(s),
            Op::Toggle(a) => ("toggle", a).serialize(s),
            Op::AddClass(a) => ("add_class", a).serialize(s),
            Op::RemoveClass(a) => ("remove_class", a).serialize(s),
            Op::ToggleClass(a) => ("toggle_class", a).serialize(s),
            Op::SetAttr(a) => ("set_attr", a).serialize(s),
            Op::RemoveAttr(a) => ("remove_attr", a).serialize(s),
            Op::ToggleAttr(a) => ("toggle_attr", a).serialize(s),
            Op::IgnoreAttrs(a) => ("ignore_attrs", a).serialize(s),
            Op::Transition(a) => ("transition", a).serialize(s),
            Op::Dispatch(a) => ("dispatch", a).serialize(s),
            Op::Exec(a) => ("exec", a).serialize(s),
            Op::Focus(a) => ("focus", to(a)).serialize(s),
            Op::FocusFirst(a) => ("focus_first", to(a)).serialize(s),
            Op::PushFocus(a) => ("push_focus", to(a)).serialize(s),
            Op::PopFocus => ("pop_focus", to(&To::this())).serialize(s),
        }
    }
}

impl Serialize for JS {
    /// The list of `[op, args]` pairs, as in the attribute (so a `JS` can go in a
    /// `push_event` payload for `liveSocket.execJS`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.ops.len()))?;
        for op in &self.ops {
            seq.serialize_element(op)?;
        }
        seq.end()
    }
}

impl std::fmt::Display for JS {
    /// [`JS::to_json`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl AttrValue for JS {
    /// ` name="[[..]]"`, the JSON escaped as every attribute value is.
    fn write_attr(self, name: &str, out: &mut String) {
        (&self).write_attr(name, out)
    }
}

impl AttrValue for &JS {
    fn write_attr(self, name: &str, out: &mut String) {
        self.to_json().as_str().write_attr(name, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rendered::{Dynamic, attr_slot};
    use serde_json::{Value, json};

    /// One of each command, with the JSON Phoenix 1.2's `JS` writes for it (its `js_test.exs`
    /// where it has the case; keys in the alphabetical order `Jason` writes small maps in).
    fn every_op() -> Vec<(JS, &'static str)> {
        let js = JS::new;
        vec![
            (js().push("inc"), r#"["push",{"event":"inc"}]"#),
            (
                js().push(Push::new("inc").value(json!({"one": 1, "two": 2}))),
                r#"["push",{"event":"inc","value":{"one":1,"two":2}}]"#,
            ),
            (
                js().push(Push::new("inc").target(PushTarget::Cid(1)).loading(".foo").page_loading(true)),
                r#"["push",{"event":"inc","loading":".foo","page_loading":true,"target":1}]"#,
            ),
            (js().push(Push::new("inc").target("#modal")), r##"["push",{"event":"inc","target":"#modal"}]"##),
            (js().navigate("/home"), r#"["navigate",{"href":"/home","replace":false}]"#),
            (js().navigate("/search?q=a:b"), r#"["navigate",{"href":"/search?q=a:b","replace":false}]"#),
            (js().patch(Location::new("/home").replace()), r#"["patch",{"href":"/home","replace":true}]"#),
            (
                js().patch("https://example.com/home"),
                r#"["patch",{"href":"https://example.com/home","replace":false}]"#,
            ),
            (js().show("#modal"), r##"["show",{"to":"#modal"}]"##),
            (js().show(To::inner(".modal")), r#"["show",{"to":{"inner":".modal"}}]"#),
            (js().show(Show::new().to("#modal").time(123)), r##"["show",{"time":123,"to":"#modal"}]"##),
            (
                js().show(Show::new().display("flex").blocking(false).transition(("a", "b", "c"))),
                r#"["show",{"blocking":false,"display":"flex","transition":[["a"],["b"],["c"]]}]"#,
            ),
            (js().hide(To::closest("a")), r#"["hide",{"to":{"closest":"a"}}]"#),
            (js().hide(Hide::new().to("#modal").time(0)), r##"["hide",{"time":0,"to":"#modal"}]"##),
            (
                js().hide(Hide::new().transition("fade-out").blocking(true)),
                r#"["hide",{"blocking":true,"transition":[["fade-out"],[],[]]}]"#,
            ),
            (js().toggle(To::this()), r#"["toggle",{}]"#),
            (
                js().toggle(
                    Toggle::new()
                        .to("#item")
                        .transition_in(("fade-in", "opacity-0", "opacity-100"))
                        .transition_out("fade-out")
                        .display("grid")
                        .time(300)
                        .blocking(false),
                ),
                r##"["toggle",{"blocking":false,"display":"grid","ins":[["fade-in"],["opacity-0"],["opacity-100"]],"outs":[["fade-out"],[],[]],"time":300,"to":"#item"}]"##,
            ),
            (
                js().add_class(Classes::new("show").to("#modal").time(100)),
                r##"["add_class",{"names":["show"],"time":100,"to":"#modal"}]"##,
            ),
            (js().remove_class("hidden"), r#"["remove_class",{"names":["hidden"]}]"#),
            (
                js().toggle_class(Classes::new("a b").transition("spin").blocking(false)),
                r#"["toggle_class",{"blocking":false,"names":["a","b"],"transition":[["spin"],[],[]]}]"#,
            ),
            (js().set_attribute(("expanded", "true")), r#"["set_attr",{"attr":["expanded","true"]}]"#),
            (
                js().set_attribute(SetAttribute::new("aria-expanded", "true").to("#dropdown")),
                r##"["set_attr",{"attr":["aria-expanded","true"],"to":"#dropdown"}]"##,
            ),
            (
                js().remove_attribute(RemoveAttribute::new("open").to("#d")),
                r##"["remove_attr",{"attr":"open","to":"#d"}]"##,
            ),
            (js().toggle_attribute(("open", "true")), r#"["toggle_attr",{"attr":["open","true"]}]"#),
            (
                js().toggle_attribute(("aria-expanded", "true", "false")),
                r#"["toggle_attr",{"attr":["aria-expanded","true","false"]}]"#,
            ),
            (
                js().ignore_attributes(IgnoreAttributes::new(["open", "data-*"]).to("#my-dialog")),
                r##"["ignore_attrs",{"attrs":["open","data-*"],"to":"#my-dialog"}]"##,
            ),
            (js().transition("shake"), r#"["transition",{"transition":[["shake"],[],[]]}]"#),
            (
                js().transition(Animation::new("shake").to(To::inner("a"))),
                r#"["transition",{"to":{"inner":"a"},"transition":[["shake"],[],[]]}]"#,
            ),
            (
                js().transition(Animation::new("shake").to("#modal").time(123).blocking(false)),
                r##"["transition",{"blocking":false,"time":123,"to":"#modal","transition":[["shake"],[],[]]}]"##,
            ),
            (js().dispatch(Dispatch::new("click").to("#modal")), r##"["dispatch",{"event":"click","to":"#modal"}]"##),
            (js().dispatch(Dispatch::new("click").bubbles(false)), r#"["dispatch",{"bubbles":false,"event":"click"}]"#),
            (
                js().dispatch(Dispatch::new("x:y").detail(json!({"a": [1]})).blocking(true)),
                r#"["dispatch",{"blocking":true,"detail":{"a":[1]},"event":"x:y"}]"#,
            ),
            (js().exec("phx-remove"), r#"["exec",{"attr":"phx-remove"}]"#),
            (js().exec(Exec::new("phx-remove").to("#modal")), r##"["exec",{"attr":"phx-remove","to":"#modal"}]"##),
            (js().focus(To::this()), r#"["focus",{}]"#),
            (js().focus("input"), r#"["focus",{"to":"input"}]"#),
            (js().focus_first(To::inner("input")), r#"["focus_first",{"to":{"inner":"input"}}]"#),
            (js().push_focus("#my-button"), r##"["push_focus",{"to":"#my-button"}]"##),
            (js().pop_focus(), r#"["pop_focus",{}]"#),
        ]
    }

    #[test]
    fn every_op_writes_the_json_phoenix_writes() {
        for (js, op) in every_op() {
            assert_eq!(js.to_json(), format!("[{op}]"));
        }
    }

    #[test]
    fn commands_chain_in_order_and_concat_appends() {
        let all = every_op().into_iter().fold(JS::new(), |acc, (js, _)| acc.concat(js));
        let ops: Vec<&str> = every_op().into_iter().map(|(_, op)| op).collect();
        assert_eq!(all.to_json(), format!("[{}]", ops.join(",")));
        let chained = JS::new().push("inc").set_attribute(("expanded", "true")).focus(To::this());
        assert_eq!(
            chained.to_json(),
            r#"[["push",{"event":"inc"}],["set_attr",{"attr":["expanded","true"]}],["focus",{}]]"#
        );
        assert_eq!(chained.to_string(), chained.to_json());
        assert_eq!(JS::new().to_json(), "[]");
        assert!(JS::new().is_empty() && !chained.is_empty());
        // A copy extended later leaves the original as it was.
        let base = JS::new().push("save");
        let more = base.clone().hide("#modal");
        assert_ne!(base, more);
        assert_eq!(base.to_json(), r#"[["push",{"event":"save"}]]"#);
    }

    #[test]
    fn serializes_as_the_same_list_inside_a_payload() {
        let js = JS::new().show(Show::new().to("#a")).push(Push::new("x").value(json!({"k": "v"})));
        let payload = json!({"to": "#item", "js": js});
        assert_eq!(payload["js"], serde_json::from_str::<Value>(&js.to_json()).unwrap());
    }

    #[test]
    fn an_attribute_escapes_the_json_and_unescapes_to_it() {
        let js = JS::new()
            .push(Push::new("say").value(json!({"text": "<b>\"Tom\" & 'Jerry'</b>"})))
            .show("li[data-x='1'] > a");
        let Dynamic::Text(attr) = attr_slot("phx-click", &js) else { panic!("an attribute renders as text") };
        assert_eq!(
            &*attr,
            " phx-click=\"[[&quot;push&quot;,{&quot;event&quot;:&quot;say&quot;,&quot;value&quot;:{&quot;text&quot;:\
             &quot;&lt;b&gt;\\&quot;Tom\\&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;&quot;}}],[&quot;show&quot;,{&quot;to&quot;:\
             &quot;li[data-x=&#39;1&#39;] &gt; a&quot;}]]\""
        );
        // What the browser hands the client: the attribute's value, entities decoded.
        let inner = attr.strip_prefix(" phx-click=\"").and_then(|a| a.strip_suffix('"')).unwrap();
        assert!(!inner.contains(['"', '<', '>', '\'']), "nothing in the value can end the attribute: {inner}");
        let decoded = inner
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        assert_eq!(decoded, js.to_json());
        let Dynamic::Text(owned) = attr_slot("phx-click", js.clone()) else { panic!("text") };
        assert_eq!(owned, attr, "a JS and a &JS render alike");
    }

    #[test]
    fn navigation_refuses_other_schemes_as_phoenix_does() {
        for bad in ["javascript:alert(1)", "JavaScript:alert(1)", "mailto:a@b.c", "data:text/html,x"] {
            let err = std::panic::catch_unwind(|| JS::new().navigate(bad)).unwrap_err();
            let msg = err.downcast_ref::<String>().unwrap();
            assert!(msg.contains("unsupported scheme") && msg.contains("JS navigate"), "{msg}");
            assert!(std::panic::catch_unwind(|| JS::new().patch(bad)).is_err());
        }
        for good in ["/a:b", "?x=a:b", "#x:y", "http://localhost/x", "HTTPS://example.com", "items/1"] {
            assert!(!JS::new().navigate(good).patch(good).is_empty());
        }
    }

    #[test]
    fn a_click_dispatch_cannot_block_the_page() {
        let err = std::panic::catch_unwind(|| Dispatch::new("click").blocking(true)).unwrap_err();
        assert!(err.downcast_ref::<&str>().unwrap().contains("cannot be blocking"));
        assert!(!JS::new().dispatch(Dispatch::new("app:click").blocking(true)).is_empty());
        assert!(!JS::new().dispatch(Dispatch::new("click").blocking(false)).is_empty());
    }

    /// Reads the JSON as the 1.2.12 client's `JS.exec` does: a string starting with `[` is
    /// `JSON.parse`d into `[kind, args]` pairs, each run by `this["exec_" + kind]`, which
    /// destructures its arguments by name. Every op and every key we write must be one that
    /// function reads (checked against `js.js` of the installed client).
    #[test]
    fn the_client_finds_a_handler_for_every_op_and_reads_every_key() {
        let all = every_op().into_iter().fold(JS::new(), |acc, (js, _)| acc.concat(js));
        let json = all.to_json();
        assert!(json.starts_with('['), "the client only parses values starting with '['");
        let parsed: Vec<(String, serde_json::Map<String, Value>)> =
            serde_json::from_str(&json).expect("a list of [kind, args] pairs");
        assert_eq!(parsed.len(), every_op().len());

        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../node_modules/phoenix_live_view/assets/js/phoenix_live_view/js.js");
        let Ok(source) = std::fs::read_to_string(&path) else {
            eprintln!("skipped the check against the client: {} not found (run npm ci)", path.display());
            return;
        };
        for (kind, args) in &parsed {
            let start = source.find(&format!("  exec_{kind}(")).unwrap_or_else(|| panic!("no exec_{kind} in js.js"));
            // The handler's text: up to the next method of the `JS` object.
            let body = &source[start..];
            let body = &body[..body[1..].find("\n  },\n").map_or(body.len(), |end| end + 1)];
            for key in args.keys() {
                // `to` is read by `filterToEls` for every op; `callback` and such are internal.
                if key == "to" {
                    continue;
                }
                assert!(body.contains(key.as_str()), "exec_{kind} does not read {key:?}:\n{body}");
            }
        }
        assert!(source.contains("filterToEls(liveSocket, sourceEl, { to })"));
        assert!(source.contains("to.closest") && source.contains("to.inner"));
    }
}
