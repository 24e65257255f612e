//! Event names checked at compile time: in `render`'s `html!`, a literal event binding
//! (`phx-click="inc"`, `phx-submit`, `phx-window-keydown`, ...) must name an `#[event]` of the
//! impl that receives it: a view's own elements (no `phx-target`), or a component's elements
//! targeted at itself (`phx-target={socket.myself()}` or any expression naming `myself`).
//!
//! The same goes for the literal event of a JS push in such a binding's expression:
//! `phx-click={JS::new().push("inc")}` or `Push::new("inc")`, unless the expression sets a
//! push `target` (the event may then go to another component or view).
//!
//! Anything else is not checked: elements targeted elsewhere, other expressions
//! (`phx-click={liveview::elsewhere("save")}` is the visible way to name an event handled by a
//! hook or another view, `Push::new(elsewhere("save"))` in a JS push), JSON command lists
//! written by hand (`phx-click='[["push",..]]'`) and `lv:` events.

use super::analyze::Plan;
use crate::errors::Errors;
use crate::html::parse::{Attr, AttrValue, Item, parse};
use proc_macro2::{TokenStream, TokenTree};
use syn::{ImplItem, ItemImpl, LitStr};

/// Whose impl is checked.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Receiver {
    View,
    Component,
}

/// The bindings whose literal values name server events.
const BINDINGS: &[&str] = &[
    "phx-click",
    "phx-change",
    "phx-submit",
    "phx-blur",
    "phx-focus",
    "phx-keyup",
    "phx-keydown",
    "phx-window-keyup",
    "phx-window-keydown",
    "phx-window-blur",
    "phx-window-focus",
];

/// Reports every literal event binding in `render`'s `html!` that names no `#[event]`.
pub(crate) fn check(item: &ItemImpl, plan: &Plan, receiver: Receiver, errors: &mut Errors) {
    let handled: Vec<String> = plan.events.iter().flat_map(|arm| arm.names.iter().map(LitStr::value)).collect();
    for it in &item.items {
        if let ImplItem::Fn(f) = it
            && f.sig.ident == "render"
        {
            let tokens = quote::ToTokens::to_token_stream(&f.block);
            walk_tokens(tokens, &handled, receiver, errors);
        }
    }
}

/// Finds every `html! { .. }` (at any depth) and checks its markup.
fn walk_tokens(tokens: TokenStream, handled: &[String], receiver: Receiver, errors: &mut Errors) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, t) in tokens.iter().enumerate() {
        if let TokenTree::Group(g) = t {
            let is_html = matches!((i.checked_sub(2).map(|j| &tokens[j]), i.checked_sub(1).map(|j| &tokens[j])),
                (Some(TokenTree::Ident(name)), Some(TokenTree::Punct(bang))) if name == "html" && bang.as_char() == '!');
            if is_html {
                // Syntax errors are html!'s to report.
                let items = parse(g.stream(), &mut Errors::default());
                check_items(&items, handled, receiver, errors);
            }
            walk_tokens(g.stream(), handled, receiver, errors);
        }
    }
}

fn check_items(items: &[Item], handled: &[String], receiver: Receiver, errors: &mut Errors) {
    for item in items {
        match item {
            Item::Open(tag) => check_tag(&tag.attrs, handled, receiver, errors),
            Item::If(i) => {
                for (_, body) in &i.branches {
                    check_items(body, handled, receiver, errors);
                }
                if let Some(body) = &i.otherwise {
                    check_items(body, handled, receiver, errors);
                }
            }
            Item::For(f) => check_items(&f.body, handled, receiver, errors),
            Item::Match(m) => {
                for arm in &m.arms {
                    check_items(&arm.body, handled, receiver, errors);
                }
            }
            Item::Close(_) | Item::Text(_) | Item::Splice(_) => {}
        }
    }
}

fn check_tag(attrs: &[Attr], handled: &[String], receiver: Receiver, errors: &mut Errors) {
    let target = attrs.iter().find_map(|a| match a {
        Attr::Named { name, value } if name.text == "phx-target" => Some(value),
        _ => None,
    });
    let checked = match (receiver, target) {
        (Receiver::View, None) => true,
        (Receiver::View, Some(_)) => false,
        (Receiver::Component, Some(Some(AttrValue::Expr(e)))) => names_myself(quote::ToTokens::to_token_stream(e)),
        (Receiver::Component, _) => false,
    };
    if !checked {
        return;
    }
    for a in attrs {
        let Attr::Named { name, value: Some(value) } = a else { continue };
        if !BINDINGS.contains(&name.text.as_str()) {
            continue;
        }
        let lits = match value {
            AttrValue::Lit(lit) => vec![(lit.clone(), format!("{}={{elsewhere(EVENT)}}", name.text))],
            AttrValue::Expr(e) => js_push_events(quote::ToTokens::to_token_stream(e)),
        };
        for (lit, opt_out) in &lits {
            report(lit, opt_out, handled, receiver, errors);
        }
    }
}

/// An error on `lit` when it names no handled event.
fn report(lit: &LitStr, opt_out: &str, handled: &[String], receiver: Receiver, errors: &mut Errors) {
    let event = lit.value();
    if event.trim_start().starts_with('[') || event.starts_with("lv:") || handled.contains(&event) {
        return;
    }
    let whose = match receiver {
        Receiver::View => "this view",
        Receiver::Component => "this component",
    };
    let hint = match closest(&event, handled) {
        Some(best) => format!("did you mean {best:?}? "),
        None => String::new(),
    };
    let opt_out = opt_out.replace("EVENT", &format!("{event:?}"));
    errors.push(syn::Error::new_spanned(
        lit,
        format!(
            "no #[event({event:?})] handler in {whose}: {hint}(for an event handled elsewhere, by a hook or \
             another view, write {opt_out})"
        ),
    ));
}

/// The literal events of the JS pushes in a binding's expression, each with its opt-out
/// spelling: `.push("e")` on a chain that starts at `JS::new()`, and `Push::new("e")` whose own
/// chain sets no `target` (a targeted push is another view's or component's business).
/// Other `.push(..)` calls (a `Vec`'s, a `JS` in a variable) are not read as pushes.
fn js_push_events(tokens: TokenStream) -> Vec<(LitStr, String)> {
    fn punct(t: Option<&TokenTree>, c: char) -> bool {
        matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
    }
    fn ident(t: Option<&TokenTree>, text: &str) -> bool {
        matches!(t, Some(TokenTree::Ident(x)) if x == text)
    }
    fn parens(t: Option<&TokenTree>) -> bool {
        matches!(t, Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis)
    }
    /// Whether the method chain ending with the call whose `.` is at `dot` starts at `JS::new()`.
    fn rooted_at_js_new(tokens: &[TokenTree], mut dot: usize) -> bool {
        // Walk back over `.method(..)` links.
        while dot >= 3
            && parens(tokens.get(dot - 1))
            && matches!(tokens.get(dot - 2), Some(TokenTree::Ident(_)))
            && punct(tokens.get(dot - 3), '.')
        {
            dot -= 3;
        }
        dot >= 5
            && parens(tokens.get(dot - 1))
            && ident(tokens.get(dot - 2), "new")
            && punct(tokens.get(dot - 3), ':')
            && punct(tokens.get(dot - 4), ':')
            && ident(tokens.get(dot - 5), "JS")
    }
    /// Whether the chain continuing after the call at `call` sets a `target`.
    fn chain_sets_target(tokens: &[TokenTree], call: usize) -> bool {
        let mut at = call + 1;
        while punct(tokens.get(at), '.')
            && matches!(tokens.get(at + 1), Some(TokenTree::Ident(_)))
            && parens(tokens.get(at + 2))
        {
            if ident(tokens.get(at + 1), "target") {
                return true;
            }
            at += 3;
        }
        false
    }
    fn walk(tokens: TokenStream, out: &mut Vec<(LitStr, String)>) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, t) in tokens.iter().enumerate() {
            let TokenTree::Group(g) = t else { continue };
            let before = |n: usize| i.checked_sub(n).and_then(|j| tokens.get(j));
            let method = g.delimiter() == proc_macro2::Delimiter::Parenthesis
                && ident(before(1), "push")
                && punct(before(2), '.')
                && rooted_at_js_new(&tokens, i - 2);
            let constructor = g.delimiter() == proc_macro2::Delimiter::Parenthesis
                && ident(before(1), "new")
                && punct(before(2), ':')
                && punct(before(3), ':')
                && ident(before(4), "Push")
                && !chain_sets_target(&tokens, i);
            if (method || constructor)
                && let Ok(lit) = syn::parse2::<LitStr>(g.stream())
            {
                let opt_out = if method { ".push(elsewhere(EVENT))" } else { "Push::new(elsewhere(EVENT))" };
                out.push((lit, opt_out.to_owned()));
            }
            walk(g.stream(), out);
        }
    }
    let mut out = Vec::new();
    walk(tokens, &mut out);
    out
}

/// Whether an expression mentions `myself` (`socket.myself()`, `myself`).
fn names_myself(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == "myself",
        TokenTree::Group(g) => names_myself(g.stream()),
        _ => false,
    })
}

/// The handled name nearest to `event` (edit distance at most half its length, at least 1),
/// or one that starts like it.
fn closest<'a>(event: &str, handled: &'a [String]) -> Option<&'a str> {
    let limit = (event.chars().count() / 2).max(1);
    let scored = handled.iter().map(|h| (distance(event, h), h.as_str()));
    let best = scored.min_by_key(|(d, _)| *d)?;
    if best.0 <= limit {
        return Some(best.1);
    }
    handled.iter().find(|h| event.starts_with(h.as_str()) || h.starts_with(event)).map(String::as_str)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggestion_is_the_nearest_handler_or_a_prefix() {
        let handled = ["inc".to_owned(), "dec".to_owned(), "reset-all".to_owned()];
        assert_eq!(closest("increment", &handled), Some("inc"));
        assert_eq!(closest("dex", &handled), Some("dec"));
        assert_eq!(closest("reset_all", &handled), Some("reset-all"));
        assert_eq!(closest("save", &handled), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn js_push_events_are_the_literals_of_untargeted_pushes() {
        let events = |tokens: TokenStream| js_push_events(tokens).iter().map(|(l, _)| l.value()).collect::<Vec<_>>();
        let js = quote::quote! {
            JS::new().push("a").push(Push::new("b").value(json!({"n": 1}))).show("#x").push(liveview::js::Push::new("c"))
        };
        assert_eq!(events(js), ["a", "b", "c"]);
        assert!(events(quote::quote! { JS::new().push(elsewhere("a")).push(name) }).is_empty());
        assert!(events(quote::quote! { JS::new().push(Push::new("a").target(socket.myself())) }).is_empty());
        assert!(events(quote::quote! { JS::new().push_focus("#a").dispatch("x") }).is_empty());
        assert!(events(quote::quote! { other.push("a", 1) }).is_empty(), "not one string literal");
        // Each push by itself: a target on one does not hide a typo in another.
        assert_eq!(events(quote::quote! { JS::new().push("typo").push(Push::new("b").target("#x")) }), ["typo"]);
        // Only chains that start at JS::new() are JS pushes.
        assert!(events(quote::quote! { { let mut v = Vec::new(); v.push("a"); v.len() } }).is_empty());
        assert!(events(quote::quote! { self.js.clone().push("a") }).is_empty());
    }
}
