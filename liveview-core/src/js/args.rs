//! The arguments of each [`JS`](super::JS) command: which elements it acts on ([`To`]), CSS
//! transitions ([`Transition`]) and one options type per command family. Each serializes to
//! exactly the argument object the 1.2.12 client destructures in `exec_<op>` (`js.js`), keys in
//! alphabetical order as Phoenix's `Jason` writes them.

use crate::component::Myself;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

/// The elements a command acts on (the `to` option of Phoenix's commands).
///
/// Without one, a command acts on the element whose binding runs it.
///
/// ```
/// use liveview_core::js::{JS, To};
///
/// let js = JS::new()
///     .show("#modal") // a CSS selector over the whole document
///     .hide(To::closest(".dropdown")) // the nearest ancestor (or the element itself) matching
///     .focus_first(To::inner(".menu")) // elements inside the interacted one
///     .focus(To::this()); // the interacted element
/// assert_eq!(
///     js.to_json(),
///     r##"[["show",{"to":"#modal"}],["hide",{"to":{"closest":".dropdown"}}],["focus_first",{"to":{"inner":".menu"}}],["focus",{}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct To(Scope);

#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum Scope {
    #[default]
    This,
    Document(String),
    Closest(String),
    Inner(String),
}

impl To {
    /// The element whose binding runs the command (the default).
    pub fn this() -> To {
        To(Scope::This)
    }

    /// Every element of the document that `selector` matches (`document.querySelectorAll`).
    /// A `&str` or `String` converts to this.
    pub fn selector(selector: impl Into<String>) -> To {
        To(Scope::Document(selector.into()))
    }

    /// The closest ancestor of the interacted element, itself included, that `selector`
    /// matches (`{:closest, selector}` in Phoenix).
    pub fn closest(selector: impl Into<String>) -> To {
        To(Scope::Closest(selector.into()))
    }

    /// The elements inside the interacted element that `selector` matches (`{:inner, selector}`).
    pub fn inner(selector: impl Into<String>) -> To {
        To(Scope::Inner(selector.into()))
    }

    /// Whether this is [`To::this`] (no `to` key is written).
    pub fn is_this(&self) -> bool {
        self.0 == Scope::This
    }
}

impl From<&str> for To {
    fn from(selector: &str) -> To {
        To::selector(selector)
    }
}

impl From<String> for To {
    fn from(selector: String) -> To {
        To::selector(selector)
    }
}

impl From<&String> for To {
    fn from(selector: &String) -> To {
        To::selector(selector.as_str())
    }
}

impl Serialize for To {
    /// A selector string, `{"closest": selector}` or `{"inner": selector}`, as `filterToEls`
    /// reads it; [`To::this`] is left out by the commands (and would be `null`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (scope, selector) = match &self.0 {
            Scope::This => return s.serialize_none(),
            Scope::Document(sel) => return s.serialize_str(sel),
            Scope::Closest(sel) => ("closest", sel),
            Scope::Inner(sel) => ("inner", sel),
        };
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(scope, selector)?;
        map.end()
    }
}

/// CSS transition classes: the classes applied while the transition runs, the classes of its
/// first frame and those of its last (`{"ease-out duration-300", "opacity-0", "opacity-100"}`
/// in Phoenix). A `&str` converts to the running classes alone, a `(&str, &str, &str)` to the
/// three. Class lists are split on whitespace.
///
/// ```
/// use liveview_core::js::{JS, Show, Transition};
///
/// let fade = Transition::new("ease-out duration-300", "opacity-0", "opacity-100");
/// let js = JS::new().show(Show::new().to("#toast").transition(fade).time(300));
/// assert_eq!(
///     js.to_json(),
///     r##"[["show",{"time":300,"to":"#toast","transition":[["ease-out","duration-300"],["opacity-0"],["opacity-100"]]}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition([Vec<String>; 3]);

impl Transition {
    /// Classes while running, at the start and at the end.
    pub fn new(running: &str, start: &str, end: &str) -> Transition {
        Transition([class_names(running), class_names(start), class_names(end)])
    }

    /// Only classes applied while the transition runs (`"shake"`).
    ///
    /// ```
    /// # use liveview_core::js::Transition;
    /// assert_eq!(Transition::classes("shake wobble"), Transition::new("shake wobble", "", ""));
    /// assert_eq!(Transition::from("shake wobble"), Transition::classes("shake wobble"));
    /// ```
    pub fn classes(running: &str) -> Transition {
        Transition::new(running, "", "")
    }
}

impl From<&str> for Transition {
    fn from(running: &str) -> Transition {
        Transition::classes(running)
    }
}

impl From<(&str, &str, &str)> for Transition {
    fn from((running, start, end): (&str, &str, &str)) -> Transition {
        Transition::new(running, start, end)
    }
}

/// `"a b"` -> `["a", "b"]`.
pub(super) fn class_names(names: &str) -> Vec<String> {
    names.split_whitespace().map(str::to_owned).collect()
}

/// `value` as a JSON object, or a panic naming `what` (a programmer error, as Phoenix raises
/// `ArgumentError` for a non-map `value` or `detail`).
fn json_object(value: impl Serialize, what: &str) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        Ok(other) => panic!("{what} must serialize to a JSON object (a struct or a map), got: {other}"),
        Err(e) => panic!("{what} does not serialize to JSON: {e}"),
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Where a [`Push`] sends its event: a component (its [`Myself`], or a cid) or the view or
/// component around the elements a selector matches. Overrides the element's `phx-target`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PushTarget {
    /// A CSS selector (`"#card-2"`).
    Selector(String),
    /// A component id (`socket.myself()`).
    Cid(u32),
}

impl From<&str> for PushTarget {
    fn from(selector: &str) -> PushTarget {
        PushTarget::Selector(selector.to_owned())
    }
}

impl From<String> for PushTarget {
    fn from(selector: String) -> PushTarget {
        PushTarget::Selector(selector)
    }
}

impl From<Myself> for PushTarget {
    fn from(myself: Myself) -> PushTarget {
        PushTarget::Cid(myself.cid())
    }
}

impl From<&Myself> for PushTarget {
    fn from(myself: &Myself) -> PushTarget {
        PushTarget::Cid(myself.cid())
    }
}

/// The `push` command: an event for the server, as a plain `phx-click="name"` sends it, with
/// options. An event name (`&str`, `String`) converts to a push without options.
///
/// ```
/// use liveview_core::js::{JS, Push};
/// use serde_json::json;
///
/// let js = JS::new().push(Push::new("select").value(json!({"id": 7})).loading("#list").page_loading(true));
/// assert_eq!(
///     js.to_json(),
///     r##"[["push",{"event":"select","loading":"#list","page_loading":true,"value":{"id":7}}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Push {
    pub(super) event: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    loading: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    page_loading: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<PushTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Map<String, Value>>,
}

impl Push {
    /// Pushes `event`.
    pub fn new(event: impl Into<String>) -> Push {
        Push { event: event.into(), loading: None, page_loading: false, target: None, value: None }
    }

    /// Values merged over the element's `phx-value-*` attributes (and its own `value`) in the
    /// event's payload: a struct deriving `Serialize`, a map or `json!({..})`. Calling it again
    /// merges into what is there.
    ///
    /// ```
    /// use liveview_core::js::Push;
    ///
    /// #[derive(serde::Serialize)]
    /// struct Pick {
    ///     id: u32,
    ///     kind: &'static str,
    /// }
    ///
    /// let push = Push::new("pick").value(Pick { id: 7, kind: "card" });
    /// let js = liveview_core::js::JS::new().push(push);
    /// assert_eq!(js.to_json(), r#"[["push",{"event":"pick","value":{"id":7,"kind":"card"}}]]"#);
    /// ```
    ///
    /// # Panics
    /// When `value` does not serialize to a JSON object (Phoenix raises likewise).
    pub fn value(mut self, value: impl Serialize) -> Push {
        let more = json_object(value, "JS push value");
        self.value.get_or_insert_with(Map::new).extend(more);
        self
    }

    /// The component or view that receives the event (instead of the element's `phx-target`):
    /// `socket.myself()` in a component, a cid, or a selector (the component around the
    /// elements it matches, or the view when they are in none).
    ///
    /// ```
    /// # use liveview_core::js::{JS, Push, PushTarget};
    /// assert_eq!(
    ///     JS::new().push(Push::new("close").target("#card-2")).to_json(),
    ///     r##"[["push",{"event":"close","target":"#card-2"}]]"##
    /// );
    /// assert_eq!(
    ///     JS::new().push(Push::new("close").target(PushTarget::Cid(3))).to_json(),
    ///     r#"[["push",{"event":"close","target":3}]]"#
    /// );
    /// ```
    pub fn target(mut self, target: impl Into<PushTarget>) -> Push {
        self.target = Some(target.into());
        self
    }

    /// A document selector whose elements get the `phx-<event>-loading` class and are locked
    /// against server updates until the server acknowledges the push.
    pub fn loading(mut self, selector: impl Into<String>) -> Push {
        self.loading = Some(selector.into());
        self
    }

    /// Dispatch `phx:page-loading-start` and `-stop` around the push (default `false`).
    pub fn page_loading(mut self, on: bool) -> Push {
        self.page_loading = on;
        self
    }
}

impl From<&str> for Push {
    fn from(event: &str) -> Push {
        Push::new(event)
    }
}

impl From<String> for Push {
    fn from(event: String) -> Push {
        Push::new(event)
    }
}

/// The builder methods that every options type with these fields shares.
macro_rules! to_method {
    () => {
        /// The elements to act on (default: the interacted element).
        pub fn to(mut self, to: impl Into<To>) -> Self {
            self.to = to.into();
            self
        }
    };
}

macro_rules! timing_methods {
    () => {
        /// How long the transition classes stay, in milliseconds (default 200).
        pub fn time(mut self, ms: u32) -> Self {
            self.time = Some(ms);
            self
        }

        /// Whether the page is locked against server patches while the transition runs
        /// (default `true`).
        pub fn blocking(mut self, blocking: bool) -> Self {
            self.blocking = Some(blocking);
            self
        }
    };
}

macro_rules! transition_method {
    () => {
        /// CSS transition classes (see [`Transition`]).
        pub fn transition(mut self, transition: impl Into<Transition>) -> Self {
            self.transition = Some(transition.into());
            self
        }
    };
}

/// `From<selector>` for an options type whose only required field is `to`.
macro_rules! from_to {
    ($t:ident) => {
        impl From<To> for $t {
            fn from(to: To) -> $t {
                $t::new().to(to)
            }
        }
        impl From<&str> for $t {
            fn from(selector: &str) -> $t {
                $t::new().to(selector)
            }
        }
        impl From<String> for $t {
            fn from(selector: String) -> $t {
                $t::new().to(selector)
            }
        }
    };
}

/// The `show` command's options. A selector (or [`To`]) converts to a `Show` of those elements.
///
/// ```
/// use liveview_core::js::{JS, Show};
///
/// assert_eq!(JS::new().show("#toast").to_json(), r##"[["show",{"to":"#toast"}]]"##);
/// assert_eq!(
///     JS::new().show(Show::new().display("flex").transition("fade-in").blocking(false)).to_json(),
///     r##"[["show",{"blocking":false,"display":"flex","transition":[["fade-in"],[],[]]}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Show {
    #[serde(skip_serializing_if = "Option::is_none")]
    blocking: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<u32>,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
    #[serde(skip_serializing_if = "Option::is_none")]
    transition: Option<Transition>,
}

impl Show {
    /// Shows the interacted element, no transition.
    pub fn new() -> Show {
        Show::default()
    }

    to_method!();
    timing_methods!();
    transition_method!();

    /// The CSS `display` set when shown (default `block`; `table-row` and `table-cell` for
    /// rows and cells).
    pub fn display(mut self, display: impl Into<String>) -> Show {
        self.display = Some(display.into());
        self
    }
}
from_to!(Show);

/// The `hide` command's options. A selector (or [`To`]) converts to a `Hide` of those elements.
///
/// ```
/// use liveview_core::js::{Hide, JS, To};
///
/// assert_eq!(JS::new().hide(To::this()).to_json(), r#"[["hide",{}]]"#);
/// assert_eq!(
///     JS::new().hide(Hide::new().to("#modal").transition("fade-out").time(100)).to_json(),
///     r##"[["hide",{"time":100,"to":"#modal","transition":[["fade-out"],[],[]]}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Hide {
    #[serde(skip_serializing_if = "Option::is_none")]
    blocking: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<u32>,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
    #[serde(skip_serializing_if = "Option::is_none")]
    transition: Option<Transition>,
}

impl Hide {
    /// Hides the interacted element, no transition.
    pub fn new() -> Hide {
        Hide::default()
    }

    to_method!();
    timing_methods!();
    transition_method!();
}
from_to!(Hide);

/// The `toggle` command's options: shows hidden elements and hides visible ones. A selector
/// (or [`To`]) converts to a `Toggle` of those elements.
///
/// ```
/// use liveview_core::js::{JS, Toggle};
///
/// assert_eq!(JS::new().toggle("#panel").to_json(), r##"[["toggle",{"to":"#panel"}]]"##);
/// let fancy = Toggle::new().to("#menu").transition_in("fade-in").transition_out("fade-out").display("flex");
/// assert_eq!(
///     JS::new().toggle(fancy).to_json(),
///     r##"[["toggle",{"display":"flex","ins":[["fade-in"],[],[]],"outs":[["fade-out"],[],[]],"to":"#menu"}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Toggle {
    #[serde(skip_serializing_if = "Option::is_none")]
    blocking: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ins: Option<Transition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outs: Option<Transition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<u32>,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
}

impl Toggle {
    /// Toggles the interacted element, no transition.
    pub fn new() -> Toggle {
        Toggle::default()
    }

    to_method!();
    timing_methods!();

    /// The CSS `display` set when shown (default `block`).
    pub fn display(mut self, display: impl Into<String>) -> Toggle {
        self.display = Some(display.into());
        self
    }

    /// The transition when showing (`in:` in Phoenix).
    pub fn transition_in(mut self, transition: impl Into<Transition>) -> Toggle {
        self.ins = Some(transition.into());
        self
    }

    /// The transition when hiding (`out:` in Phoenix).
    pub fn transition_out(mut self, transition: impl Into<Transition>) -> Toggle {
        self.outs = Some(transition.into());
        self
    }
}
from_to!(Toggle);

/// The options of `add_class`, `remove_class` and `toggle_class`: the class names (split on
/// whitespace) and where. Class names (`&str`) convert to a `Classes` on the interacted element.
///
/// ```
/// use liveview_core::js::{Classes, JS};
///
/// let js = JS::new()
///     .add_class("active")
///     .remove_class(Classes::new("hidden dim").to(".item").time(150));
/// assert_eq!(
///     js.to_json(),
///     r#"[["add_class",{"names":["active"]}],["remove_class",{"names":["hidden","dim"],"time":150,"to":".item"}]]"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classes {
    #[serde(skip_serializing_if = "Option::is_none")]
    blocking: Option<bool>,
    names: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<u32>,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
    #[serde(skip_serializing_if = "Option::is_none")]
    transition: Option<Transition>,
}

impl Classes {
    /// The classes `names` (`"a b"`), on the interacted element.
    pub fn new(names: &str) -> Classes {
        Classes { blocking: None, names: class_names(names), time: None, to: To::this(), transition: None }
    }

    to_method!();
    timing_methods!();
    transition_method!();
}

impl From<&str> for Classes {
    fn from(names: &str) -> Classes {
        Classes::new(names)
    }
}

/// The `transition` command's options: runs transition classes without showing, hiding or
/// changing classes for good. A [`Transition`], a `&str` or a `(&str, &str, &str)` converts
/// to an `Animation` of the interacted element.
///
/// ```
/// use liveview_core::js::{Animation, JS};
///
/// assert_eq!(JS::new().transition("shake").to_json(), r#"[["transition",{"transition":[["shake"],[],[]]}]]"#);
/// assert_eq!(
///     JS::new().transition(Animation::new("shake").to("#item").time(300)).to_json(),
///     r##"[["transition",{"time":300,"to":"#item","transition":[["shake"],[],[]]}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Animation {
    #[serde(skip_serializing_if = "Option::is_none")]
    blocking: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<u32>,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
    transition: Transition,
}

impl Animation {
    /// Runs `transition` on the interacted element.
    pub fn new(transition: impl Into<Transition>) -> Animation {
        Animation { blocking: None, time: None, to: To::this(), transition: transition.into() }
    }

    to_method!();
    timing_methods!();
}

impl From<Transition> for Animation {
    fn from(transition: Transition) -> Animation {
        Animation::new(transition)
    }
}

impl From<&str> for Animation {
    fn from(running: &str) -> Animation {
        Animation::new(running)
    }
}

impl From<(&str, &str, &str)> for Animation {
    fn from(classes: (&str, &str, &str)) -> Animation {
        Animation::new(classes)
    }
}

/// The `set_attribute` command's options. `(name, value)` converts to one on the interacted
/// element.
///
/// ```
/// use liveview_core::js::{JS, SetAttribute};
///
/// let js = JS::new().set_attribute(SetAttribute::new("aria-expanded", "true").to("#dropdown"));
/// assert_eq!(js.to_json(), r##"[["set_attr",{"attr":["aria-expanded","true"],"to":"#dropdown"}]]"##);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetAttribute {
    attr: [String; 2],
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
}

impl SetAttribute {
    /// Sets `name` to `value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> SetAttribute {
        SetAttribute { attr: [name.into(), value.into()], to: To::this() }
    }

    to_method!();
}

impl<N: Into<String>, V: Into<String>> From<(N, V)> for SetAttribute {
    fn from((name, value): (N, V)) -> SetAttribute {
        SetAttribute::new(name, value)
    }
}

/// The `remove_attribute` command's options. A name converts to one on the interacted element.
///
/// ```
/// use liveview_core::js::{JS, RemoveAttribute};
///
/// let js = JS::new().remove_attribute("disabled").remove_attribute(RemoveAttribute::new("open").to("#dialog"));
/// assert_eq!(
///     js.to_json(),
///     r##"[["remove_attr",{"attr":"disabled"}],["remove_attr",{"attr":"open","to":"#dialog"}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoveAttribute {
    attr: String,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
}

impl RemoveAttribute {
    /// Removes `name`.
    pub fn new(name: impl Into<String>) -> RemoveAttribute {
        RemoveAttribute { attr: name.into(), to: To::this() }
    }

    to_method!();
}

impl From<&str> for RemoveAttribute {
    fn from(name: &str) -> RemoveAttribute {
        RemoveAttribute::new(name)
    }
}

impl From<String> for RemoveAttribute {
    fn from(name: String) -> RemoveAttribute {
        RemoveAttribute::new(name)
    }
}

/// The `toggle_attribute` command's options: `(name, value)` sets the attribute when it is
/// absent and removes it when present; `(name, a, b)` switches between the two values.
///
/// ```
/// use liveview_core::js::{JS, ToggleAttribute};
///
/// let js = JS::new()
///     .toggle_attribute(("open", "true"))
///     .toggle_attribute(ToggleAttribute::between("aria-expanded", "true", "false").to("#menu"));
/// assert_eq!(
///     js.to_json(),
///     r##"[["toggle_attr",{"attr":["open","true"]}],["toggle_attr",{"attr":["aria-expanded","true","false"],"to":"#menu"}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToggleAttribute {
    attr: Vec<String>,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
}

impl ToggleAttribute {
    /// Sets `name` to `value`, or removes it when present.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> ToggleAttribute {
        ToggleAttribute { attr: vec![name.into(), value.into()], to: To::this() }
    }

    /// Sets `name` to `b` when it is `a`, and to `a` otherwise (absent included).
    pub fn between(name: impl Into<String>, a: impl Into<String>, b: impl Into<String>) -> ToggleAttribute {
        ToggleAttribute { attr: vec![name.into(), a.into(), b.into()], to: To::this() }
    }

    to_method!();
}

impl<N: Into<String>, V: Into<String>> From<(N, V)> for ToggleAttribute {
    fn from((name, value): (N, V)) -> ToggleAttribute {
        ToggleAttribute::new(name, value)
    }
}

impl<N: Into<String>, A: Into<String>, B: Into<String>> From<(N, A, B)> for ToggleAttribute {
    fn from((name, a, b): (N, A, B)) -> ToggleAttribute {
        ToggleAttribute::between(name, a, b)
    }
}

/// The `ignore_attributes` command's options: attributes (a `*` matches any suffix, as in
/// `data-*`) that later server patches leave as the browser has them. A name or a list of
/// names converts to one on the interacted element.
///
/// ```
/// use liveview_core::js::{IgnoreAttributes, JS};
///
/// let js = JS::new().ignore_attributes(IgnoreAttributes::new(["open", "data-*"]).to("#dialog"));
/// assert_eq!(js.to_json(), r##"[["ignore_attrs",{"attrs":["open","data-*"],"to":"#dialog"}]]"##);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoreAttributes {
    attrs: Vec<String>,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
}

impl IgnoreAttributes {
    /// Ignores the attributes `names`.
    pub fn new<S: Into<String>>(names: impl IntoIterator<Item = S>) -> IgnoreAttributes {
        IgnoreAttributes { attrs: names.into_iter().map(Into::into).collect(), to: To::this() }
    }

    to_method!();
}

impl From<&str> for IgnoreAttributes {
    fn from(name: &str) -> IgnoreAttributes {
        IgnoreAttributes::new([name])
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for IgnoreAttributes {
    fn from(names: [S; N]) -> IgnoreAttributes {
        IgnoreAttributes::new(names)
    }
}

impl<S: Into<String>> From<Vec<S>> for IgnoreAttributes {
    fn from(names: Vec<S>) -> IgnoreAttributes {
        IgnoreAttributes::new(names)
    }
}

/// The `dispatch` command's options: a DOM event (a `CustomEvent`, or a `MouseEvent` for
/// `"click"`) dispatched on the elements, for your own JavaScript to handle. An event name
/// converts to a dispatch on the interacted element.
///
/// ```
/// use liveview_core::js::{Dispatch, JS};
/// use serde_json::json;
///
/// let js = JS::new().dispatch(Dispatch::new("app:copy").to("#code").detail(json!({"format": "text"})));
/// assert_eq!(
///     js.to_json(),
///     r##"[["dispatch",{"detail":{"format":"text"},"event":"app:copy","to":"#code"}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dispatch {
    #[serde(skip_serializing_if = "is_false")]
    blocking: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    bubbles: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<Map<String, Value>>,
    event: String,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
}

impl Dispatch {
    /// Dispatches `event`.
    pub fn new(event: impl Into<String>) -> Dispatch {
        Dispatch { blocking: false, bubbles: None, detail: None, event: event.into(), to: To::this() }
    }

    to_method!();

    /// The event's `detail` (the client adds `dispatcher`, the element that dispatched it).
    ///
    /// # Panics
    /// When `detail` does not serialize to a JSON object, when the event is `"click"` (the
    /// browser replaces a `MouseEvent`'s detail with a number: dispatch an event of your own
    /// and click from its listener), or when it has a `done` key on a blocking dispatch.
    pub fn detail(mut self, detail: impl Serialize) -> Dispatch {
        assert!(
            self.event != "click",
            "JS dispatch: a \"click\" cannot carry a detail (the browser replaces it with the click count); \
             dispatch an event of your own (\"app:click\") and click from its listener"
        );
        self.detail = Some(json_object(detail, "JS dispatch detail"));
        self.check_done();
        self
    }

    /// Whether the event bubbles (default `true`).
    pub fn bubbles(mut self, bubbles: bool) -> Dispatch {
        self.bubbles = Some(bubbles);
        self
    }

    /// Locks the page against server patches until a listener calls `event.detail.done()`
    /// (which the client adds); the listener must call it eventually.
    ///
    /// # Panics
    /// When the detail already has a `done` key, or the event is `"click"` (a click's detail
    /// cannot carry `done`, so nothing could unblock the page).
    pub fn blocking(mut self, blocking: bool) -> Dispatch {
        self.blocking = blocking;
        self.check_done();
        self.check_click_blocking();
        self
    }

    fn check_click_blocking(&self) {
        // The client hands the listener `done` in the detail, which a click event cannot carry:
        // nothing could ever unblock the page.
        assert!(
            !(self.blocking && self.event == "click"),
            "JS dispatch: a \"click\" cannot be blocking (its detail, where the client puts `done`, is the click \
             count); dispatch an event of your own (\"app:click\") and click from its listener"
        );
    }

    fn check_done(&self) {
        let done = self.detail.as_ref().is_some_and(|d| d.contains_key("done"));
        assert!(
            !(self.blocking && done),
            "JS dispatch: the detail of a blocking dispatch must not have a \"done\" key (the client puts its \
             unblocking callback there)"
        );
    }
}

impl From<&str> for Dispatch {
    fn from(event: &str) -> Dispatch {
        Dispatch::new(event)
    }
}

impl From<String> for Dispatch {
    fn from(event: String) -> Dispatch {
        Dispatch::new(event)
    }
}

/// The `exec` command's options: runs the JS commands stored in an attribute (`data-confirm`,
/// `phx-remove`) of the interacted element or of the elements `to` selects. An attribute name
/// converts to an exec on the interacted element.
///
/// ```
/// use liveview_core::js::{Exec, JS};
///
/// let js = JS::new().exec("data-cancel").exec(Exec::new("phx-remove").to("#modal"));
/// assert_eq!(
///     js.to_json(),
///     r##"[["exec",{"attr":"data-cancel"}],["exec",{"attr":"phx-remove","to":"#modal"}]]"##
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exec {
    attr: String,
    #[serde(skip_serializing_if = "To::is_this")]
    to: To,
}

impl Exec {
    /// Runs the commands in the attribute `attr`.
    pub fn new(attr: impl Into<String>) -> Exec {
        Exec { attr: attr.into(), to: To::this() }
    }

    to_method!();
}

impl From<&str> for Exec {
    fn from(attr: &str) -> Exec {
        Exec::new(attr)
    }
}

impl From<String> for Exec {
    fn from(attr: String) -> Exec {
        Exec::new(attr)
    }
}

/// `{"to": ..}` or `{}`: the arguments of `focus`, `focus_first`, `push_focus` and `pop_focus`.
#[derive(Serialize)]
pub(super) struct Only<'a> {
    #[serde(skip_serializing_if = "To::is_this")]
    pub(super) to: &'a To,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_serializes_as_the_client_reads_it() {
        let json = |to: To| serde_json::to_string(&to).unwrap();
        assert_eq!(json("#a > b".into()), r##""#a > b""##);
        assert_eq!(json(To::closest("form")), r#"{"closest":"form"}"#);
        assert_eq!(json(To::inner("li")), r#"{"inner":"li"}"#);
        assert_eq!(json(To::this()), "null");
    }

    #[test]
    fn class_names_split_on_any_whitespace() {
        assert_eq!(class_names("  a\tb\n c "), ["a", "b", "c"]);
        assert!(class_names("").is_empty());
        let t: Transition = ("ease-out  duration-300", "", "opacity-100").into();
        assert_eq!(serde_json::to_string(&t).unwrap(), r#"[["ease-out","duration-300"],[],["opacity-100"]]"#);
    }

    #[test]
    fn push_values_merge_and_must_be_objects() {
        let p = Push::new("x").value(serde_json::json!({"a": 1, "b": 1})).value(serde_json::json!({"b": 2}));
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"event":"x","value":{"a":1,"b":2}}"#);
        let err = std::panic::catch_unwind(|| Push::new("x").value(5)).unwrap_err();
        let msg = err.downcast_ref::<String>().unwrap();
        assert!(msg.contains("JS push value must serialize to a JSON object"), "{msg}");
    }

    #[test]
    fn dispatch_refuses_what_phoenix_refuses() {
        assert!(std::panic::catch_unwind(|| Dispatch::new("click").detail(serde_json::json!({"a": 1}))).is_err());
        let done = || Dispatch::new("app:x").detail(serde_json::json!({"done": 1})).blocking(true);
        assert!(std::panic::catch_unwind(done).is_err());
        let ok = Dispatch::new("app:x").blocking(true).bubbles(false);
        assert_eq!(serde_json::to_string(&ok).unwrap(), r#"{"blocking":true,"bubbles":false,"event":"app:x"}"#);
    }
}
