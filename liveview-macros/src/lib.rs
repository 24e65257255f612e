//! Procedural macros for liveview (see the `liveview` crate, which re-exports them).
//!
//! - [`html!`]: markup → a `Rendered` (statics split from dynamics at compile time).
//!
//! Generated code names runtime items only through `::liveview::__private`.

mod errors;
mod html;
mod live_component;
mod live_view;

/// Writes markup and returns a `liveview::Rendered`.
///
/// The syntax is HTML (or JSX) with Rust in braces. Text is always a string literal; `{expr}`
/// inserts a value; `if`, `match` and `for` work as in Rust, with markup in their bodies.
/// Whitespace comes only from string literals: nothing is added between nodes.
///
/// ```text
/// markup     = node*
/// node       = element | "text" | { expr } | if | match | for
/// element    = < name attr* >  node*  </ name >
///            | < name attr* />                     // <div/> is written <div></div>
///            | < void-name attr* >                 // area base br col embed hr img input
///                                                  // link meta source track wbr
/// name       = ident ( - ident )*                  // keywords allowed: <my-el>, type, for
/// attr       = attr-name                           // static boolean attribute: disabled
///            | attr-name = "literal"               // static, escaped at compile time
///            | attr-name = { expr }                // dynamic: impl AttrValue
///            | { expr }                            // dynamic attribute list: impl Attrs
/// attr-name  = ident ( ( - | : ) ident )*          // phx-click, aria-label, xlink:href
/// if         = if cond { markup } ( else if cond { markup } )* ( else { markup } )?
///                                                  // cond may be `let PAT = EXPR`
/// match      = match expr { ( pat ( if guard )? => ( { markup } | node ) ,? )* }
///                                                  // `=> {n}` (braces not starting like
///                                                  // markup) is the expression node {n}
/// for        = for pat in expr ( , key = expr )? { markup }
/// ```
///
/// Every body of an `if`/`else`/`match` arm/`for` is a template of its own and must close the
/// tags it opens. A missing `else` renders nothing. A `for` is a plain Rust loop: its body may
/// use `?` (and `.await` in an async fn).
///
/// # Values
///
/// - `{expr}` as a child: any `IntoDynamic`: text-like values (`String`, `&str`, numbers,
///   `char`, `format_args!(..)`) are escaped, `None` and `false` render nothing, `Rendered`
///   nests (function components are functions returning `Rendered`), `liveview::raw(..)` is
///   inserted unescaped.
/// - Built text: prefer `format_args!("row-{}", row.id)` to `format!(..)`: it is written (and
///   escaped) straight into the render, with no `String` in between.
/// - `name={expr}`: any `AttrValue`: text renders `name="escaped"`, `true` renders the bare
///   name, `false` and `None` render no attribute at all.
/// - `{expr}` among attributes: any `Attrs`, e.g. `Vec<(&str, String)>`.
/// - A place expression (`self.name`, `name`, `items[i]`, `*r`) in child or attribute-value
///   position is borrowed, so `{self.name}` does not move out of `&self`, and references are
///   looked through, so `{item}` with `item: &String` works too. Other expressions (calls,
///   literals, `&x`, ...) are used by value; write `{rows.clone()}` for a `Vec<Rendered>` that is
///   a field or variable.
/// - `for` keys (`key = item.id`) are borrowed and must implement `Hash`; keyed entries are
///   tracked across renders so reordering is sent as moves. A `for` body's text slots are
///   written into one buffer shared by all entries: a long list costs a few allocations per
///   render, not a few per row.
///
/// String literals are HTML-escaped at compile time, except directly inside `<script>` and
/// `<style>`, whose content HTML does not unescape: there literals are inserted verbatim.
///
/// # Root tags and scoped styles
///
/// When the crate being compiled sets `LIVEVIEW_ROOT_TAG_ATTRIBUTE` (usually to `phx-r`, in its
/// build script: `println!("cargo::rustc-env=LIVEVIEW_ROOT_TAG_ATTRIBUTE=phx-r")`), every root
/// tag of every template gets that attribute (Phoenix's `root_tag_attribute`): the outermost
/// elements of the body, looking through `if`/`for`/`match` (a top-level `<style>` or
/// `<script>` excepted). The setting is per crate (a workspace sets it in `.cargo/config.toml`,
/// `[env]`): a crate without it has no bounds in its templates. A `<style scoped>` (literals
/// only, at the top of the template) is then rewritten at compile time into
/// `@scope ([phx-css-HASH]) to ([phx-r]) { .. }` and the template's root tags get
/// `phx-css-HASH`: its rules apply from the template's root tags down to, not into, the root
/// tags of other templates. `lower-bound="inclusive"` lets them reach those root tags too
/// (`to ([phx-r] > *)`). `html!`s (bare or `liveview::html!`) written inside the template's
/// `{..}` (slot contents passed to another function) belong to its scope. Without the variable, a scoped style is an error
/// that says how to set it. See the README's "Scoped styles".
///
/// # Errors
///
/// Every mistake is reported at once, each on its own span: mismatched, unclosed and stray
/// closing tags, closing tags of void elements, attribute values that are neither
/// `"literal"` nor `{expression}`, duplicate attributes, unquoted text and stray tokens.
#[proc_macro]
pub fn html(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    html::expand(input.into()).into()
}

/// Makes a struct a LiveView: put it on the struct (a marker) and on its inherent impl, which
/// then also implements `liveview::LiveView` by calling the impl's methods.
///
/// ```text
/// #[live_view]
/// #[derive(Default)]
/// pub struct Counter { count: i64 }
///
/// #[live_view]
/// impl Counter {
///     #[event("inc")]
///     fn inc(&mut self) { self.count += 1; }
///
///     fn render(&self) -> Rendered {
///         html! { <button phx-click="inc">{self.count}</button> }
///     }
/// }
/// ```
///
/// In the impl, any method may be `async`. Runtime-supplied parameters are recognised by type
/// (`&Params`, `&Session`, `&Socket`/`&mut Socket`, `Event`, by the last path segment), may be
/// left out, and may come in any order:
///
/// ```text
/// fn mount([&Params], [&Session], [&mut Socket]) -> Self | Result<Self, E>   // optional
/// fn handle_params(&mut self, [&Params], [&mut Socket]) [-> Result<(), E>]    // optional
/// fn render(&self, [&Socket]) -> Rendered                                     // required
///
/// #[event("name")]                 // stack several to handle several names
/// fn any(&mut self, [&mut Socket], [payload: T], [Event]) [-> R]
///
/// #[info]                          // messages from send_info, send_after, pubsub
/// fn any(&mut self, message: M, [&mut Socket]) [-> Result<(), E>]
/// ```
///
/// - `mount`: without one, the view starts as its `Default` (derive `Default` or write
///   `mount`). `E` is any `Into<Box<dyn Error + Send + Sync>>`; an error crashes the view.
/// - `#[event]` handlers: the payload `T` (any `DeserializeOwned` type) is decoded from the
///   event: a form's fields (`user[name]` nests), a hook's JSON, or the `phx-value-*` map. A
///   payload that does not decode is logged with the field path and acknowledged; the view keeps
///   running. `R` is `()`, `Reply` (answers a hook's `pushEvent`), `Option<Reply>` or a
///   `Result` of those. An event without a handler is logged and acknowledged.
/// - `#[info]` handlers run for messages of type `M` (tried in declaration order); a message of
///   no handler's type is logged and dropped.
/// - `handle_event` and `handle_info` are generated: do not write them.
///
/// # Errors
///
/// Every mistake is reported at once, each on its own token: arguments to `#[live_view]`, an
/// `#[event]` without a string literal name, a duplicate event name, a handler without
/// `&mut self`, a parameter type that is not available to that method, a second payload or
/// socket parameter, an `#[info]` without exactly one message, a missing `render`. A payload
/// type that is not `Deserialize` is reported on that type.
///
/// Event names are checked too: a literal `phx-click`, `phx-change`, `phx-submit`,
/// `phx-blur`, `phx-focus`, `phx-keyup`, `phx-keydown` or `phx-window-*` value in `render`'s
/// `html!` on an element without `phx-target` must name one of the impl's `#[event]`s; the error
/// is on the value and suggests the closest handler. An event handled elsewhere (a hook, another
/// view) is written as an expression, visibly: `phx-click={elsewhere("chart-clicked")}`. The
/// literal event of a JS push written in such a binding (`{JS::new().push("inc")}`,
/// `Push::new("inc")`) is checked the same way unless the push has a `target`
/// (`Push::new(elsewhere("name"))` opts out). Hand-written command lists
/// (`phx-click='[["push",..]]'`) and `lv:` events are not checked. In a
/// `#[live_component]` the same holds for elements targeted at the component
/// (`phx-target={socket.myself()}`).
#[proc_macro_attribute]
pub fn live_view(attr: proc_macro::TokenStream, item: proc_macro::TokenStream) -> proc_macro::TokenStream {
    live_view::expand(attr.into(), item.into()).into()
}

/// Makes a struct a live component: a stateful piece of a view with its own events. Put it on
/// the struct (a marker) and on its inherent impl, which then implements
/// `liveview::LiveComponent`. The parent embeds it with
/// `{live_component::<Card>(id, props)}` in `html!`.
///
/// ```text
/// fn mount([&Params], [&Session], [&mut Socket]) -> Self | Result<Self, E>   // optional
/// fn update(&mut self, props: P, [&mut Socket]) [-> Result<(), E>]           // optional (P = ())
///                                                                             // P: Clone + PartialEq
/// fn render(&self, [&Socket]) -> Rendered                                     // required: one root element
///
/// #[event("name")]                 // events sent with phx-target={socket.myself()}
/// fn any(&mut self, [&mut Socket], [payload: T], [Event]) [-> R]
/// ```
///
/// `update` runs with the props on the instance's first render, when a render of the parent
/// passes props different from its previous render's (`P: Clone + PartialEq`), and for each
/// `socket.send_update::<Card>(id, props)`. In every callback the
/// socket is the view's: `send_info` reaches the parent's `#[info]` handlers; `push_event`,
/// `push_patch` and `put_flash` work as from the view. `handle_params` and `#[info]` are
/// errors (a component has neither).
#[proc_macro_attribute]
pub fn live_component(attr: proc_macro::TokenStream, item: proc_macro::TokenStream) -> proc_macro::TokenStream {
    live_component::expand(attr.into(), item.into()).into()
}
