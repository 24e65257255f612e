//! Root tags and scoped styles (Phoenix's global `root_tag_attribute` and scoped colocated CSS),
//! applied to the parsed items before analysis.
//!
//! - With `LIVEVIEW_ROOT_TAG_ATTRIBUTE` set for the crate being compiled (usually `phx-r`), every
//!   *root tag* of every template gets that attribute: the outermost elements of an `html!`
//!   body, looking through `if`/`for`/`match` but not into elements (a top-level `<style>` or
//!   `<script>` is left alone). Nothing is stamped otherwise, so templates of crates that do
//!   not ask for it are unchanged.
//! - A `<style scoped>` at the top of a template is rewritten at compile time into
//!   `@scope ([phx-css-HASH]) to ([ROOT]) { .. }` (`lower-bound="inclusive"`: `to ([ROOT] > *)`),
//!   and the template's root tags get `phx-css-HASH`: its rules apply from the template's own
//!   root tags down to, not into, the root tags of other templates (components, children
//!   rendered from other functions). Slot contents written inside the template (an `html!`
//!   inside one of its `{..}`) belong to it, as in HEEx: those nested invocations are marked
//!   with `#![css_scope = "phx-css-HASH"]`, and their root tags get the scope as well.
//!
//! The hash is of the CSS text, its lower bound and the root attribute only, so two templates
//! with the same scoped CSS and bound share a scope; that is harmless, as their rules are the
//! same. The root attribute is per crate: templates of a crate that does not set it have no
//! bounds, so a scope reaches into them (a workspace sets it once in `.cargo/config.toml`).

use super::parse::{Attr, AttrValue, Item, Name, OpenTag};
use crate::errors::Errors;
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{Expr, LitStr};

/// The variable naming the root tag attribute, read when `html!` expands.
pub(crate) const ROOT_TAG_VAR: &str = "LIVEVIEW_ROOT_TAG_ATTRIBUTE";

/// The scope marker an enclosing scoped template puts at the start of a nested `html!`.
const MARKER: &str = "css_scope";

/// What the template's root tags get.
pub(crate) struct Stamps {
    /// The configured root tag attribute (`phx-r`), if any.
    pub(crate) root: Option<String>,
    /// Scopes of enclosing templates (from `#![css_scope = ".."]` markers).
    pub(crate) inherited: Vec<String>,
}

/// The configured root tag attribute: `Ok(None)` when unset. `Err`: set to something that
/// cannot be an attribute name.
pub(crate) fn configured_root() -> Result<Option<String>, String> {
    match std::env::var(ROOT_TAG_VAR) {
        Err(_) => Ok(None),
        Ok(v) if v.is_empty() => Ok(None),
        Ok(v) if valid_attr_name(&v) => Ok(Some(v)),
        Ok(v) => Err(format!(
            "{ROOT_TAG_VAR} is {v:?}, which is no attribute name: use lowercase letters, digits and `-` (usually \"phx-r\")"
        )),
    }
}

fn valid_attr_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Takes the `#![css_scope = ".."]` markers off the front of an `html!` input.
pub(crate) fn take_markers(input: TokenStream, errors: &mut Errors) -> (Vec<String>, TokenStream) {
    let mut tokens: Vec<TokenTree> = input.into_iter().collect();
    let mut scopes = Vec::new();
    while let [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(g), ..] = tokens.as_slice() {
        if hash.as_char() != '#' || bang.as_char() != '!' || g.delimiter() != Delimiter::Bracket {
            break;
        }
        let parsed = syn::parse2::<syn::MetaNameValue>(g.stream()).ok().and_then(|m| {
            let is_marker = m.path.is_ident(MARKER);
            match m.value {
                Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if is_marker => Some(s.value()),
                _ => None,
            }
        });
        match parsed {
            Some(scope) if scope.starts_with("phx-css-") && valid_attr_name(&scope) => scopes.push(scope),
            _ => errors.push(syn::Error::new(
                g.span(),
                format!("the only inner attribute of html! is `#![{MARKER} = \"phx-css-…\"]`, written by an enclosing scoped template"),
            )),
        }
        tokens.drain(..3);
    }
    (scopes, tokens.into_iter().collect())
}

/// Rewrites the template's top-level `<style scoped>` elements and stamps its root tags.
pub(crate) fn apply(items: &mut [Item], stamps: &Stamps, errors: &mut Errors) {
    let own = scoped_styles(items, stamps.root.as_deref(), errors);
    let mut attrs: Vec<String> = stamps.root.iter().cloned().collect();
    attrs.extend(own.iter().cloned());
    attrs.extend(stamps.inherited.iter().filter(|s| own.as_ref() != Some(*s)).cloned());
    if !attrs.is_empty() {
        stamp_roots(items, &attrs);
    }
    if let Some(scope) = own {
        mark_nested(items, &scope);
    }
}

/// Finds and rewrites the scoped styles at the top of `items`; returns the template's scope.
fn scoped_styles(items: &mut [Item], root: Option<&str>, errors: &mut Errors) -> Option<String> {
    let mut depth = 0usize;
    // (index of the <style>, its lower bound) for each top-level scoped style.
    let mut found: Vec<(usize, bool)> = Vec::new();
    for (i, item) in items.iter_mut().enumerate() {
        match item {
            Item::Open(tag) => {
                if tag.name.text.eq_ignore_ascii_case("style")
                    && let Some(scoped) = take_attr(tag, "scoped")
                {
                    let inclusive = lower_bound(tag, errors);
                    if tag.self_closing {
                        errors.push(scoped.error("a scoped <style> holds its CSS: write <style scoped>\"..\"</style>"));
                    } else if depth > 0 {
                        errors.push(scoped.error(
                            "a scoped <style> goes at the top of its html! template (its scope is the template's root tags)",
                        ));
                    } else if root.is_none() {
                        errors.push(scoped.error(format!(
                            "a scoped <style> needs the root tag attribute, which bounds its scope: \
                             set {ROOT_TAG_VAR}=phx-r for this crate (in its build.rs: \
                             println!(\"cargo::rustc-env={ROOT_TAG_VAR}=phx-r\"))"
                        )));
                    } else {
                        found.push((i, inclusive));
                    }
                }
                if !is_void_or_closed(tag) {
                    depth += 1;
                }
            }
            Item::Close(_) => depth = depth.saturating_sub(1),
            other => {
                for body in bodies(other) {
                    misplaced_scoped_styles(body, errors);
                }
            }
        }
    }
    let root = root?;
    if found.is_empty() {
        return None;
    }
    // One scope per template, from all its scoped CSS.
    // The bound's attribute is part of the rule, so part of the scope's name.
    let mut css_all = format!("{root}\0");
    for &(i, inclusive) in &found {
        css_all.push_str(&style_text(&items[i + 1..]));
        css_all.push_str(if inclusive { "\0inclusive\0" } else { "\0exclusive\0" });
    }
    let scope = format!("phx-css-{}", hash(&css_all));
    for &(i, inclusive) in &found {
        let bound = if inclusive { format!("[{root}] > *") } else { format!("[{root}]") };
        let css = style_text(&items[i + 1..]);
        // The whole CSS goes in the first literal; any others are emptied.
        let mut first = true;
        for item in &mut items[i + 1..] {
            match item {
                Item::Text(lit) => {
                    let text =
                        if first { format!("@scope ([{scope}]) to ({bound}) {{ {css} }}") } else { String::new() };
                    first = false;
                    *lit = LitStr::new(&text, lit.span());
                }
                Item::Close(_) => break,
                other => {
                    errors.push(syn::Error::new(
                        item_span(other),
                        "a scoped <style> holds string literals only (its CSS is rewritten when compiled)",
                    ));
                    break;
                }
            }
        }
    }
    Some(scope)
}

/// Reports every `<style scoped>` in `items` (a control-flow body): its scope would depend on
/// the branch taken, so it must be at the top of the template.
fn misplaced_scoped_styles(items: &mut [Item], errors: &mut Errors) {
    for item in items {
        if let Item::Open(tag) = item {
            if tag.name.text.eq_ignore_ascii_case("style")
                && let Some(scoped) = take_attr(tag, "scoped")
            {
                errors.push(
                    scoped.error("a scoped <style> goes at the top of its html! template, not inside if/for/match"),
                );
            }
            continue;
        }
        for body in bodies(item) {
            misplaced_scoped_styles(body, errors);
        }
    }
}

/// The bodies of a control-flow item (each `if` branch, each `match` arm, a `for` body); none
/// for other items.
fn bodies(item: &mut Item) -> Vec<&mut Vec<Item>> {
    match item {
        Item::If(i) => i.branches.iter_mut().map(|(_, body)| body).chain(i.otherwise.as_mut()).collect(),
        Item::Match(m) => m.arms.iter_mut().map(|arm| &mut arm.body).collect(),
        Item::For(f) => vec![&mut f.body],
        Item::Open(_) | Item::Close(_) | Item::Text(_) | Item::Splice(_) => Vec::new(),
    }
}

/// The text of the literals after a `<style>` up to its closing tag.
fn style_text(items: &[Item]) -> String {
    let mut css = String::new();
    for item in items {
        match item {
            Item::Text(lit) => css.push_str(&lit.value()),
            _ => break,
        }
    }
    css
}

fn item_span(item: &Item) -> Span {
    match item {
        Item::Splice(e) => syn::spanned::Spanned::span(e),
        Item::Open(t) => t.name.tokens.clone().into_iter().next().map_or_else(Span::call_site, |t| t.span()),
        _ => Span::call_site(),
    }
}

/// Removes attribute `name` (valueless) from `tag`; its name, for diagnostics.
fn take_attr(tag: &mut OpenTag, name: &str) -> Option<Name> {
    let at =
        tag.attrs.iter().position(|a| matches!(a, Attr::Named { name: n, .. } if n.text.eq_ignore_ascii_case(name)))?;
    match tag.attrs.remove(at) {
        Attr::Named { name, .. } => Some(name),
        Attr::Spread(_) => None,
    }
}

/// Takes `lower-bound="inclusive" | "exclusive"` off a scoped style: whether it is inclusive.
fn lower_bound(tag: &mut OpenTag, errors: &mut Errors) -> bool {
    let at = tag
        .attrs
        .iter()
        .position(|a| matches!(a, Attr::Named { name, .. } if name.text.eq_ignore_ascii_case("lower-bound")));
    let Some(at) = at else { return false };
    let Attr::Named { name, value } = tag.attrs.remove(at) else { return false };
    match value {
        Some(AttrValue::Lit(lit)) if lit.value() == "inclusive" => true,
        Some(AttrValue::Lit(lit)) if lit.value() == "exclusive" => false,
        _ => {
            errors.push(name.error("lower-bound is \"inclusive\" or \"exclusive\" (a literal)"));
            false
        }
    }
}

fn is_void_or_closed(tag: &OpenTag) -> bool {
    tag.self_closing || super::void_elements::is_void(&tag.name.text)
}

/// Adds `attrs` (valueless) to every root tag of `items`, looking through control flow.
fn stamp_roots(items: &mut [Item], attrs: &[String]) {
    let mut depth = 0usize;
    for item in items.iter_mut() {
        match item {
            Item::Open(tag) => {
                let raw = tag.name.text.eq_ignore_ascii_case("style") || tag.name.text.eq_ignore_ascii_case("script");
                if depth == 0 && !raw {
                    for attr in attrs {
                        let present = tag
                            .attrs
                            .iter()
                            .any(|a| matches!(a, Attr::Named { name, .. } if name.text.eq_ignore_ascii_case(attr)));
                        if !present {
                            let name = Name { text: attr.clone(), tokens: TokenStream::new() };
                            tag.attrs.push(Attr::Named { name, value: None });
                        }
                    }
                }
                if !is_void_or_closed(tag) {
                    depth += 1;
                }
            }
            Item::Close(_) => depth = depth.saturating_sub(1),
            other if depth == 0 => {
                for body in bodies(other) {
                    stamp_roots(body, attrs);
                }
            }
            _ => {}
        }
    }
}

/// Marks the `html!` invocations inside the template's expressions with its scope.
fn mark_nested(items: &mut [Item], scope: &str) {
    for item in items.iter_mut() {
        match item {
            Item::Splice(expr) => mark_expr(expr, scope),
            Item::Open(tag) => {
                for attr in &mut tag.attrs {
                    match attr {
                        Attr::Named { value: Some(AttrValue::Expr(expr)), .. } | Attr::Spread(expr) => {
                            mark_expr(expr, scope);
                        }
                        _ => {}
                    }
                }
            }
            other => {
                for body in bodies(other) {
                    mark_nested(body, scope);
                }
            }
        }
    }
}

fn mark_expr(expr: &mut Expr, scope: &str) {
    let tokens = mark_tokens(expr.to_token_stream(), scope);
    if let Ok(marked) = syn::parse2::<Expr>(tokens) {
        *expr = marked;
    }
}

/// `html! { .. }` (or `liveview::html! ( .. )`) anywhere in `tokens` → `html! { #![css_scope = ".."] .. }`.
fn mark_tokens(tokens: TokenStream, scope: &str) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if let (TokenTree::Ident(id), Some(TokenTree::Punct(bang)), Some(TokenTree::Group(g))) =
            (&trees[i], trees.get(i + 1), trees.get(i + 2))
            && id == "html"
            && bang.as_char() == '!'
            && is_ours(&trees[..i])
        {
            let inner = mark_tokens(g.stream(), scope);
            let marker = quote! { #![css_scope = #scope] };
            let mut group = Group::new(g.delimiter(), quote! { #marker #inner });
            group.set_span(g.span());
            out.push(trees[i].clone());
            out.push(trees[i + 1].clone());
            out.push(TokenTree::Group(group));
            i += 3;
            continue;
        }
        match &trees[i] {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), mark_tokens(g.stream(), scope));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// Whether the `html` after `before` is this crate's macro: written bare, or as
/// `liveview::html` (another crate's `html!`, say `maud::html!`, must not get the marker).
fn is_ours(before: &[TokenTree]) -> bool {
    match before {
        [.., TokenTree::Punct(a), TokenTree::Punct(b)] if a.as_char() == ':' && b.as_char() == ':' => {
            matches!(&before[..before.len() - 2], [.., TokenTree::Ident(krate)] if krate == "liveview")
        }
        _ => true,
    }
}

/// A short, stable name for the CSS (FNV-1a 64, base 32, 10 characters).
fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    (0..10).map(|k| ALPHABET[((h >> (k * 5)) & 31) as usize] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::{analyze, parse};

    /// The statics of `tokens` with root attribute `root`, and the errors.
    fn run(tokens: TokenStream, root: Option<&str>) -> (Vec<String>, Vec<String>) {
        let mut errors = Errors::default();
        let (inherited, tokens) = take_markers(tokens, &mut errors);
        let mut items = parse::parse(tokens, &mut errors);
        apply(&mut items, &Stamps { root: root.map(str::to_owned), inherited }, &mut errors);
        let template = analyze::analyze(items, &mut errors);
        let errors = errors.finish().err().map(|e| e.into_iter().map(|e| e.to_string()).collect()).unwrap_or_default();
        (template.statics, errors)
    }

    #[test]
    fn without_a_root_attribute_nothing_is_stamped() {
        assert_eq!(run(quote! { <div><p>"x"</p></div> }, None).0, ["<div><p>x</p></div>"]);
    }

    #[test]
    fn root_tags_get_the_root_attribute_through_control_flow_but_not_into_elements() {
        let (statics, errors) = run(
            quote! {
                <div class="a"><p>"x"</p></div>
                <br>
                if c { <span>"y"</span> } else { "text" }
                for i in items { <li><b>{i}</b></li> }
                <ul> for i in items { <li>{i}</li> } </ul>
            },
            Some("phx-r"),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(statics[0], "<div class=\"a\" phx-r><p>x</p></div><br phx-r>");
        assert_eq!(statics[2], "<ul phx-r>", "{statics:?}");
    }

    #[test]
    fn a_scoped_style_is_rewritten_and_its_scope_stamped_on_the_root_tags() {
        let (statics, errors) = run(
            quote! {
                <style scoped>".a { color: red; }"</style>
                <div><span class="a">"x"</span></div>
            },
            Some("phx-r"),
        );
        assert!(errors.is_empty(), "{errors:?}");
        let html = &statics[0];
        let scope = html.split("@scope ([").nth(1).and_then(|s| s.split(']').next()).unwrap_or_default().to_owned();
        assert!(scope.starts_with("phx-css-") && scope.len() == 18, "{html}");
        assert_eq!(
            html,
            &format!(
                "<style>@scope ([{scope}]) to ([phx-r]) {{ .a {{ color: red; }} }}</style><div phx-r {scope}><span class=\"a\">x</span></div>"
            )
        );
        // The same CSS elsewhere: the same scope; other CSS: another.
        let again = run(quote! { <style scoped>".a { color: red; }"</style><p></p> }, Some("phx-r")).0;
        assert!(again[0].contains(&format!("<p phx-r {scope}>")), "{again:?}");
        let other = run(quote! { <style scoped>".b { color: red; }"</style><p></p> }, Some("phx-r")).0;
        assert!(!other[0].contains(&scope), "{other:?}");
        let bound =
            run(quote! { <style scoped lower-bound="inclusive">".a { color: red; }"</style><p></p> }, Some("phx-r")).0;
        assert!(!bound[0].contains(&scope), "another bound, another scope: {bound:?}");
    }

    #[test]
    fn an_inclusive_lower_bound_stops_below_the_other_templates_roots() {
        let (statics, errors) =
            run(quote! { <style scoped lower-bound="inclusive">".a {}"</style><p></p> }, Some("phx-r"));
        assert!(errors.is_empty(), "{errors:?}");
        assert!(statics[0].contains(") to ([phx-r] > *) { .a {} }</style>"), "{statics:?}");
    }

    #[test]
    fn nested_html_in_a_scoped_template_is_marked_with_its_scope() {
        let mut errors = Errors::default();
        let mut items = parse::parse(
            quote! { <style scoped>".a {}"</style><div>{slot(liveview::html! { <span>"in"</span> })}</div> },
            &mut errors,
        );
        apply(&mut items, &Stamps { root: Some("phx-r".into()), inherited: Vec::new() }, &mut errors);
        let Some(Item::Splice(expr)) = items.iter().find(|i| matches!(i, Item::Splice(_))) else { panic!("no splice") };
        let text = expr.to_token_stream().to_string();
        assert!(text.contains("html ! { # ! [css_scope = \"phx-css-"), "{text}");
        // Another crate's html! is left alone; ours under its path is marked.
        let marked = mark_tokens(quote! { (maud::html! { p { "x" } }, liveview::html! { <p></p> }) }, "phx-css-x");
        let marked = marked.to_string();
        assert!(marked.contains("maud :: html ! { p { \"x\" } }"), "{marked}");
        assert!(marked.contains("liveview :: html ! { # ! [css_scope = \"phx-css-x\"]"), "{marked}");
        // And the nested template stamps the inherited scope on its own roots.
        let marked = text.split("html ! ").nth(1).unwrap_or_default();
        let marked: TokenStream = marked.trim_end_matches(')').trim().parse().unwrap_or_default();
        let inner = match marked.into_iter().next() {
            Some(TokenTree::Group(g)) => g.stream(),
            other => panic!("{other:?}"),
        };
        let (statics, errors) = run(inner, Some("phx-r"));
        assert!(errors.is_empty(), "{errors:?}");
        assert!(statics[0].starts_with("<span phx-r phx-css-"), "{statics:?}");
    }

    #[test]
    fn scoped_style_mistakes_name_their_fix() {
        let errors = run(quote! { <style scoped>".a {}"</style><p></p> }, None).1;
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("set LIVEVIEW_ROOT_TAG_ATTRIBUTE=phx-r for this crate"), "{errors:?}");
        let errors = run(quote! { <div><style scoped>".a {}"</style></div> }, Some("phx-r")).1;
        assert!(errors[0].contains("goes at the top of its html! template"), "{errors:?}");
        let errors = run(quote! { <style scoped lower-bound="both">".a {}"</style> }, Some("phx-r")).1;
        assert!(errors[0].contains("\"inclusive\" or \"exclusive\""), "{errors:?}");
        let errors = run(quote! { <style scoped>{css}</style> }, Some("phx-r")).1;
        assert!(errors[0].contains("string literals only"), "{errors:?}");
        let errors = run(quote! { if c { <style scoped>".a {}"</style> } <p></p> }, Some("phx-r")).1;
        assert!(errors[0].contains("not inside if/for/match"), "{errors:?}");
        let errors = run(quote! { <style scoped/> ".a {}" <p></p> }, Some("phx-r")).1;
        assert!(errors[0].contains("holds its CSS"), "{errors:?}");
        let errors = run(quote! { #![other = "x"] <p></p> }, Some("phx-r")).1;
        assert!(errors[0].contains("the only inner attribute of html!"), "{errors:?}");
    }
}
