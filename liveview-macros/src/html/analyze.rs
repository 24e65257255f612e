//! Analysis: match tags, validate attributes, and split each body into a [`Template`]: the static
//! HTML between dynamic slots, known at compile time, and the slots themselves.
//!
//! Static text and tags are escaped and merged here, so `statics.len() == slots.len() + 1` holds
//! by construction (two adjacent slots get an empty static between them).
//!
//! Analysis also decides which expressions are borrowed: a place expression (`self.name`,
//! `items[i]`, `name`, `*r`) is borrowed so it is not moved out of `&self` (see `emit` for how
//! a borrow of a reference still finds its impl); other expressions are used by value.

use super::escape::escape;
use super::parse::{self, Attr, AttrValue, CloseTag, Item, Name, OpenTag};
use super::void_elements::is_void;
use crate::errors::Errors;
use syn::{Expr, LitStr, Pat, UnOp};

/// One template site: `statics.len() == slots.len() + 1`.
pub(crate) struct Template {
    pub(crate) statics: Vec<String>,
    pub(crate) slots: Vec<Slot>,
}

/// A dynamic slot of a [`Template`].
pub(crate) enum Slot {
    /// `{expr}` as a child: `IntoDynamic`. `borrow`: emit `&(expr)`.
    Child { expr: Expr, borrow: bool },
    /// `name={expr}`: the whole attribute, leading space included. `borrow`: emit `&(expr)`.
    Attr { name: String, value: Expr, borrow: bool },
    /// `{expr}` among attributes: a dynamic attribute list.
    Attrs(Expr),
    /// `if`/`else if`/`else`: each branch is its own template.
    If { branches: Vec<(Expr, Template)>, otherwise: Option<Template> },
    /// `match`: each arm is its own template.
    Match { expr: Expr, arms: Vec<Arm> },
    /// `for`: every item renders the body template.
    For { pat: Box<Pat>, expr: Box<Expr>, key: Option<Box<Expr>>, stream: bool, body: Template },
}

/// One arm of [`Slot::Match`].
pub(crate) struct Arm {
    pub(crate) pat: Pat,
    pub(crate) guard: Option<Expr>,
    pub(crate) body: Template,
}

/// Builds the template of one body, reporting tag and attribute mistakes to `errors`.
pub(crate) fn analyze(items: Vec<Item>, errors: &mut Errors) -> Template {
    let mut builder =
        Builder { statics: vec![String::new()], slots: Vec::new(), open: Vec::new(), containers: Vec::new(), errors };
    for item in items {
        builder.item(item);
    }
    for unclosed in std::mem::take(&mut builder.open) {
        builder.errors.push(unclosed_error(&unclosed));
    }
    Template { statics: builder.statics, slots: builder.slots }
}

struct Builder<'e> {
    statics: Vec<String>,
    slots: Vec<Slot>,
    /// Elements opened and not yet closed, innermost last.
    open: Vec<Name>,
    /// What each element of `open` is as a stream container.
    containers: Vec<Container>,
    errors: &'e mut Errors,
}

/// Whether an element can hold a stream's items: `phx-update="stream"` and an `id`.
enum Container {
    Stream,
    /// Decided at run time (a dynamic `phx-update` or attribute list); debug builds check it.
    Unknown,
    /// Not a stream container, and why.
    Not(&'static str),
}

impl Container {
    fn of(attrs: &[Attr]) -> Container {
        let mut update = None;
        let (mut id, mut dynamic) = (false, false);
        for attr in attrs {
            match attr {
                Attr::Named { name, value } if name.text.eq_ignore_ascii_case("phx-update") => {
                    update = Some(match value {
                        Some(AttrValue::Lit(lit)) => lit.value() == "stream",
                        _ => {
                            dynamic = true;
                            false
                        }
                    });
                }
                Attr::Named { name, .. } if name.text.eq_ignore_ascii_case("id") => id = true,
                Attr::Named { .. } => {}
                Attr::Spread(_) => dynamic = true,
            }
        }
        match (update, id) {
            (Some(true), true) => Container::Stream,
            _ if dynamic => Container::Unknown,
            (Some(false), _) => Container::Not("its phx-update is not \"stream\""),
            (None, _) => Container::Not("it has no phx-update=\"stream\""),
            (Some(true), false) => Container::Not("it has no id"),
        }
    }
}

impl Builder<'_> {
    fn item(&mut self, item: Item) {
        match item {
            Item::Open(tag) => self.open_tag(tag),
            Item::Close(tag) => self.close_tag(tag),
            Item::Text(lit) => self.text(&lit),
            Item::Splice(expr) => {
                let borrow = is_place(&expr);
                self.slot(Slot::Child { expr, borrow });
            }
            Item::If(construct) => {
                let branches =
                    construct.branches.into_iter().map(|(cond, body)| (cond, analyze(body, self.errors))).collect();
                let otherwise = construct.otherwise.map(|body| analyze(body, self.errors));
                self.slot(Slot::If { branches, otherwise });
            }
            Item::Match(construct) => {
                let arms = construct
                    .arms
                    .into_iter()
                    .map(|arm| Arm { pat: arm.pat, guard: arm.guard, body: analyze(arm.body, self.errors) })
                    .collect();
                self.slot(Slot::Match { expr: construct.expr, arms });
            }
            Item::For(construct) => {
                let parse::For { pat, expr, key, stream, body } = *construct;
                if let Some(keyword) = &stream {
                    self.check_stream_container(keyword);
                }
                let body = analyze(body, self.errors);
                let (pat, expr, key) = (Box::new(pat), Box::new(expr), key.map(Box::new));
                self.slot(Slot::For { pat, expr, key, stream: stream.is_some(), body });
            }
        }
    }

    /// A `for .., stream` loop must sit directly in its container. Checked here when the
    /// container is written in the same body; otherwise debug builds check the rendered HTML.
    fn check_stream_container(&mut self, keyword: &parse::kw::stream) {
        let (Some(open), Some(Container::Not(why))) = (self.open.last(), self.containers.last()) else {
            return;
        };
        self.errors.push(syn::Error::new(
            keyword.span,
            format!(
                "a stream renders inside an element with phx-update=\"stream\" and an id, \
                 but this loop is inside <{}>, and {why}",
                open.text
            ),
        ));
    }

    /// Appends static HTML.
    fn push_static(&mut self, html: &str) {
        self.statics.last_mut().expect("statics is never empty").push_str(html);
    }

    /// Appends a dynamic slot (and the empty static that follows it).
    fn slot(&mut self, slot: Slot) {
        self.slots.push(slot);
        self.statics.push(String::new());
    }

    fn open_tag(&mut self, tag: OpenTag) {
        let OpenTag { name, attrs, self_closing } = tag;
        let container = Container::of(&attrs);
        self.push_static("<");
        self.push_static(&name.text);
        let mut seen: Vec<String> = Vec::new();
        for attr in attrs {
            match attr {
                Attr::Named { name: attr_name, value } => {
                    let key = attr_name.text.to_ascii_lowercase();
                    if seen.contains(&key) {
                        self.errors.push(attr_name.error(format!("duplicate attribute `{}`", attr_name.text)));
                    } else {
                        seen.push(key);
                    }
                    match value {
                        None => {
                            self.push_static(" ");
                            self.push_static(&attr_name.text);
                        }
                        Some(AttrValue::Lit(lit)) => {
                            self.push_static(" ");
                            self.push_static(&attr_name.text);
                            self.push_static("=\"");
                            self.push_static(&escape(&lit.value()));
                            self.push_static("\"");
                        }
                        Some(AttrValue::Expr(value)) => {
                            let borrow = is_place(&value);
                            self.slot(Slot::Attr { name: attr_name.text, value, borrow });
                        }
                    }
                }
                Attr::Spread(expr) => self.slot(Slot::Attrs(expr)),
            }
        }
        self.push_static(">");
        if is_void(&name.text) {
            // `<br>` and `<br/>` alike: nothing to close.
        } else if self_closing {
            // `<div/>` is not self-closing in HTML: write the closing tag.
            self.push_static("</");
            self.push_static(&name.text);
            self.push_static(">");
        } else {
            self.open.push(name);
            self.containers.push(container);
        }
    }

    fn close_tag(&mut self, tag: CloseTag) {
        let name = &tag.name.text;
        if is_void(name) {
            self.errors.push(syn::Error::new_spanned(
                &tag.tokens,
                format!("<{name}> is a void element and has no closing tag: remove </{name}>"),
            ));
            return;
        }
        match self.open.iter().rposition(|open| open.text == *name) {
            Some(index) => {
                // Everything opened inside the element being closed was left unclosed.
                for unclosed in self.open.split_off(index + 1) {
                    self.errors.push(unclosed_error(&unclosed));
                }
                self.open.pop();
            }
            None => match self.open.pop() {
                Some(open) => {
                    self.errors.push(tag.name.error(format!("closing tag </{name}> does not match <{}>", open.text)))
                }
                None => self.errors.push(tag.name.error(format!(
                    "closing tag </{name}> has no opening tag (each if/for/match body closes the tags it opens)"
                ))),
            },
        }
        self.containers.truncate(self.open.len());
        self.push_static("</");
        self.push_static(&tag.name.text);
        self.push_static(">");
    }

    /// A string literal. Escaped, except directly inside `<script>`/`<style>`, whose content
    /// HTML does not unescape (there the literal is trusted code and goes in verbatim).
    fn text(&mut self, lit: &LitStr) {
        let text = lit.value();
        match self.open.last().filter(|open| is_raw_text(&open.text)) {
            Some(open) => {
                let end = format!("</{}", open.text.to_ascii_lowercase());
                if text.to_ascii_lowercase().contains(&end) {
                    self.errors.push(syn::Error::new(
                        lit.span(),
                        format!("text inside <{}> cannot contain `{end}`", open.text),
                    ));
                }
                self.push_static(&text);
            }
            None => self.push_static(&escape(&text)),
        }
    }
}

/// Whether `expr` is a place expression (a field, a path, an index or a deref, possibly
/// parenthesised), which is borrowed rather than moved.
fn is_place(expr: &Expr) -> bool {
    match expr {
        Expr::Field(_) | Expr::Path(_) | Expr::Index(_) => true,
        Expr::Unary(unary) => matches!(unary.op, UnOp::Deref(_)),
        Expr::Paren(paren) => is_place(&paren.expr),
        Expr::Group(group) => is_place(&group.expr),
        _ => false,
    }
}

fn unclosed_error(open: &Name) -> syn::Error {
    open.error(format!("unclosed <{0}>: add </{0}>", open.text))
}

/// Elements whose content is raw text (not unescaped by HTML parsers).
fn is_raw_text(name: &str) -> bool {
    name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::parse::parse;
    use proc_macro2::TokenStream;
    use quote::quote;

    fn template(tokens: TokenStream) -> Template {
        let mut errors = Errors::default();
        let template = analyze(parse(tokens, &mut errors), &mut errors);
        if let Err(error) = errors.finish() {
            panic!("unexpected error: {error}");
        }
        template
    }

    fn messages(tokens: TokenStream) -> Vec<String> {
        let mut errors = Errors::default();
        analyze(parse(tokens, &mut errors), &mut errors);
        errors.finish().err().map(|e| e.into_iter().map(|e| e.to_string()).collect()).unwrap_or_default()
    }

    fn kinds(t: &Template) -> Vec<&'static str> {
        t.slots
            .iter()
            .map(|slot| match slot {
                Slot::Child { .. } => "child",
                Slot::Attr { .. } => "attr",
                Slot::Attrs(_) => "attrs",
                Slot::If { .. } => "if",
                Slot::Match { .. } => "match",
                Slot::For { .. } => "for",
            })
            .collect()
    }

    #[test]
    fn static_markup_merges_into_one_escaped_static() {
        let t = template(quote! { <div id="a&b" hidden><p>"x < \"y\" 'z'"</p><br><hr/><i/></div> });
        assert_eq!(
            t.statics,
            ["<div id=\"a&amp;b\" hidden><p>x &lt; &quot;y&quot; &#39;z&#39;</p><br><hr><i></i></div>"]
        );
        assert!(t.slots.is_empty());
    }

    #[test]
    fn dynamic_attribute_slot_owns_its_leading_space() {
        let t = template(quote! { <p class={c} id="x" {rest}>"a" {x} "b"</p> });
        assert_eq!(t.statics, ["<p", " id=\"x\"", ">a", "b</p>"]);
        assert_eq!(kinds(&t), ["attr", "attrs", "child"]);
        assert!(matches!(&t.slots[0], Slot::Attr { name, .. } if name == "class"));
    }

    #[test]
    fn adjacent_and_edge_slots_get_empty_statics() {
        let t = template(quote! { {a}{b} });
        assert_eq!(t.statics, ["", "", ""]);
        assert_eq!(template(quote! {}).statics, [""]);
    }

    #[test]
    fn control_flow_bodies_are_templates_of_their_own() {
        let t = template(quote! {
            <ul>
                for item in items, key = item.id { <li>{item.label}</li> }
                if a { <p>"a"</p> } else if b { "b" }
                match k { K::A => <i>"a"</i>, K::B(n) => { <b>{n}</b> " b" } }
            </ul>
        });
        assert_eq!(t.statics, ["<ul>", "", "", "</ul>"]);
        assert_eq!(kinds(&t), ["for", "if", "match"]);
        let Slot::For { body, key, .. } = &t.slots[0] else { panic!() };
        assert!(key.is_some());
        assert_eq!(body.statics, ["<li>", "</li>"]);
        let Slot::If { branches, otherwise } = &t.slots[1] else { panic!() };
        assert_eq!(branches[0].1.statics, ["<p>a</p>"]);
        assert_eq!(branches[1].1.statics, ["b"]);
        assert!(otherwise.is_none());
        let Slot::Match { arms, .. } = &t.slots[2] else { panic!() };
        assert_eq!(arms[0].body.statics, ["<i>a</i>"]);
        assert_eq!(arms[1].body.statics, ["<b>", "</b> b"]);
    }

    #[test]
    fn script_and_style_literals_are_verbatim() {
        let t = template(quote! { <script>"if (a < b && c) { x = 'y'; }"</script><p>"<"</p> });
        assert_eq!(t.statics, ["<script>if (a < b && c) { x = 'y'; }</script><p>&lt;</p>"]);
        assert_eq!(messages(quote! { <style>"</STYLE><b>"</style> }), ["text inside <style> cannot contain `</style`"]);
    }

    #[test]
    fn mismatched_closing_tag_is_reported_once() {
        assert_eq!(messages(quote! { <div>"x"</span> }), ["closing tag </span> does not match <div>"]);
    }

    #[test]
    fn unclosed_tags_are_reported_on_their_opening_name() {
        assert_eq!(messages(quote! { <div><p>"x"</div> }), ["unclosed <p>: add </p>"]);
        assert_eq!(
            messages(quote! { <section><div> }),
            ["unclosed <section>: add </section>", "unclosed <div>: add </div>"]
        );
    }

    #[test]
    fn void_closing_tag_and_stray_closing_tag_are_errors() {
        assert_eq!(
            messages(quote! { <input></input> }),
            ["<input> is a void element and has no closing tag: remove </input>"]
        );
        assert_eq!(
            messages(quote! { <div> if x { </div> } }),
            [
                "closing tag </div> has no opening tag (each if/for/match body closes the tags it opens)",
                "unclosed <div>: add </div>"
            ]
        );
    }

    #[test]
    fn duplicate_attributes_are_errors_whatever_their_kind() {
        assert_eq!(
            messages(quote! { <p class="a" id={x} CLASS={b} id="y"></p> }),
            ["duplicate attribute `CLASS`", "duplicate attribute `id`"]
        );
    }

    #[test]
    fn errors_in_several_places_are_all_reported() {
        let errors = messages(quote! {
            <div class="a" class="b"> <a href=x></a> if c { <i> } </span>
        });
        assert_eq!(
            errors,
            [
                crate::html::parse::BAD_ATTR_VALUE,
                "duplicate attribute `class`",
                "unclosed <i>: add </i>",
                "closing tag </span> does not match <div>",
            ]
        );
    }

    fn borrows(t: &Template) -> Vec<bool> {
        t.slots
            .iter()
            .map(|slot| match slot {
                Slot::Child { borrow, .. } | Slot::Attr { borrow, .. } => *borrow,
                _ => panic!("not a value slot"),
            })
            .collect()
    }

    #[test]
    fn place_expressions_are_borrowed_and_other_expressions_are_not() {
        let t = template(quote! {
            {self.name} {name} {items[0]} {(self.a.b)} {*r} {Self::X}
            {f(x)} {x.len()} {&x} {"lit"} {a + b} {format!("{}", x)} {-x}
        });
        assert_eq!(borrows(&t), [true, true, true, true, true, true, false, false, false, false, false, false, false]);
    }
}
