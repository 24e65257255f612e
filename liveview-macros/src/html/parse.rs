//! Parsing: `html!` tokens → a flat list of markup [`Item`]s per body.
//!
//! Tags are read here but not matched (that is `analyze`'s job), so a body is a flat sequence of
//! opening tags, closing tags, text, `{expr}` splices and control-flow constructs whose own bodies
//! are nested lists.
//!
//! The parser never stops at the first mistake: it records the error, skips to a point where
//! markup can resume, and goes on, so one typo yields one diagnostic and several typos yield one
//! each. Every fallible `syn` parse runs on a fork that is only committed on success, so a failed
//! attempt leaves no half-consumed group behind.

use super::void_elements::is_void;
use crate::errors::Errors;
use proc_macro2::{Literal, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, Ident, LitStr, Pat, Token, braced, token};

pub(crate) mod kw {
    syn::custom_keyword!(key);
    syn::custom_keyword!(stream);
}

/// The message for an attribute value that is neither a string literal nor a braced expression.
pub(crate) const BAD_ATTR_VALUE: &str = "attribute values are \"literal\" or {expression}";

/// A tag or attribute name such as `div`, `data-count` or `xlink:href`.
pub(crate) struct Name {
    /// The name as it will appear in the HTML (raw identifiers unprefixed).
    pub(crate) text: String,
    /// The name's tokens, so diagnostics can span the whole name.
    pub(crate) tokens: TokenStream,
}

impl Name {
    /// An error spanning the whole name.
    pub(crate) fn error(&self, message: impl std::fmt::Display) -> syn::Error {
        syn::Error::new_spanned(&self.tokens, message)
    }
}

/// The value after `name=`.
pub(crate) enum AttrValue {
    /// `name="literal"`: static.
    Lit(LitStr),
    /// `name={expr}`: one dynamic slot holding the whole attribute.
    Expr(Expr),
}

/// One attribute inside an opening tag.
pub(crate) enum Attr {
    /// `name`, `name="literal"` or `name={expr}`.
    Named { name: Name, value: Option<AttrValue> },
    /// `{expr}`: a dynamic list of attributes.
    Spread(Expr),
}

/// `<name attrs...>` or `<name attrs.../>`.
pub(crate) struct OpenTag {
    pub(crate) name: Name,
    pub(crate) attrs: Vec<Attr>,
    /// Written `/>` (or could not be read to its end, so it must not be reported as unclosed).
    pub(crate) self_closing: bool,
}

/// `</name>`.
pub(crate) struct CloseTag {
    pub(crate) name: Name,
    /// All of `</name>`, for diagnostics about the whole tag.
    pub(crate) tokens: TokenStream,
}

/// One piece of markup, in source order.
pub(crate) enum Item {
    Open(OpenTag),
    Close(CloseTag),
    /// A string literal: static text.
    Text(LitStr),
    /// `{expr}`: a dynamic child.
    Splice(Expr),
    If(If),
    For(Box<For>),
    Match(Match),
}

/// `if c1 { .. } else if c2 { .. } else { .. }` (each condition may be `let PAT = EXPR`).
pub(crate) struct If {
    pub(crate) branches: Vec<(Expr, Vec<Item>)>,
    pub(crate) otherwise: Option<Vec<Item>>,
}

/// `for PAT in EXPR [, key = EXPR | , stream] { .. }`.
pub(crate) struct For {
    pub(crate) pat: Pat,
    pub(crate) expr: Expr,
    pub(crate) key: Option<Expr>,
    /// `, stream`: the `stream` keyword, when EXPR is a `&Stream<T>` rendered as a stream.
    pub(crate) stream: Option<kw::stream>,
    pub(crate) body: Vec<Item>,
}

/// `match EXPR { PAT [if GUARD] => BODY, .. }`.
pub(crate) struct Match {
    pub(crate) expr: Expr,
    pub(crate) arms: Vec<Arm>,
}

/// One arm of a [`Match`]; its body is `{ markup }` or a single node.
pub(crate) struct Arm {
    pub(crate) pat: Pat,
    pub(crate) guard: Option<Expr>,
    pub(crate) body: Vec<Item>,
}

/// Parses the whole macro input. Errors go to `errors`; the items are as complete as recovery
/// allows.
pub(crate) fn parse(tokens: TokenStream, errors: &mut Errors) -> Vec<Item> {
    let parser = |input: ParseStream<'_>| Ok(items(input, errors));
    match parser.parse2(tokens) {
        Ok(items) => items,
        Err(error) => {
            errors.push(error);
            Vec::new()
        }
    }
}

/// Items until the end of `input` (which is always consumed entirely).
fn items(input: ParseStream<'_>, errors: &mut Errors) -> Vec<Item> {
    let mut out = Vec::new();
    while !input.is_empty() {
        if let Some(item) = item(input, errors) {
            out.push(item);
        }
    }
    out
}

/// One item, or `None` after recording an error and skipping past the bad tokens.
fn item(input: ParseStream<'_>, errors: &mut Errors) -> Option<Item> {
    if input.peek(Token![<]) && input.peek2(Token![/]) {
        close_tag(input, errors).map(Item::Close)
    } else if input.peek(Token![<]) {
        open_tag(input, errors).map(Item::Open)
    } else if input.peek(LitStr) {
        attempt(input, errors, |input| input.parse()).map(Item::Text)
    } else if input.peek(token::Brace) {
        let expr = attempt(input, errors, braced_expr);
        if expr.is_none() {
            skip_one(input);
        }
        expr.map(Item::Splice)
    } else if input.peek(Token![if]) {
        if_(input, errors).map(Item::If)
    } else if input.peek(Token![for]) {
        for_(input, errors).map(|construct| Item::For(Box::new(construct)))
    } else if input.peek(Token![match]) {
        match_(input, errors).map(Item::Match)
    } else {
        let skipped = skip_until(input, starts_item);
        errors.push(stray(&skipped));
        None
    }
}

/// The error for tokens that are not markup.
fn stray(skipped: &TokenStream) -> syn::Error {
    syn::Error::new_spanned(
        skipped,
        format!(
            "unexpected `{skipped}`: expected <tag>, \"text\", {{expression}}, if, for or match \
             (text must be a string literal)"
        ),
    )
}

/// Whether `input` is at the start of an item (where recovery from a stray token stops).
fn starts_item(input: ParseStream<'_>) -> bool {
    input.peek(Token![<])
        || input.peek(LitStr)
        || input.peek(token::Brace)
        || input.peek(Token![if])
        || input.peek(Token![for])
        || input.peek(Token![match])
}

/// A single node: what follows `=>` in a match arm without braces. An element runs to its
/// matching closing tag (by nesting depth; names are checked by `analyze`).
fn single_node(input: ParseStream<'_>, errors: &mut Errors) -> Vec<Item> {
    let mut out = Vec::new();
    if !starts_item(input) {
        // Not markup: skip to the next arm rather than into it.
        let skipped = skip_until(input, |input| input.peek(Token![,]));
        errors.push(stray(&skipped));
        return out;
    }
    let mut depth = 0usize;
    while !input.is_empty() {
        let Some(item) = item(input, errors) else {
            if depth == 0 {
                break;
            }
            continue;
        };
        match &item {
            Item::Open(tag) if !tag.self_closing && !is_void(&tag.name.text) => depth += 1,
            Item::Close(tag) if !is_void(&tag.name.text) => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push(item);
        if depth == 0 {
            break;
        }
    }
    out
}

/// `<name attrs...>` / `<name attrs.../>`. Called with `input` at `<`.
fn open_tag(input: ParseStream<'_>, errors: &mut Errors) -> Option<OpenTag> {
    input.parse::<Token![<]>().expect("peeked `<`");
    let Some(name) = attempt(input, errors, |input| parse_name(input, false)) else {
        // Skip the rest of the tag; report nothing more about it.
        skip_to(input, |input| input.peek(Token![>]));
        let _ = input.parse::<Token![>]>();
        return None;
    };
    let mut attrs = Vec::new();
    loop {
        if input.peek(Token![/]) && input.peek2(Token![>]) {
            input.parse::<Token![/]>().expect("peeked `/`");
            input.parse::<Token![>]>().expect("peeked `>`");
            return Some(OpenTag { name, attrs, self_closing: true });
        }
        if input.peek(Token![>]) {
            input.parse::<Token![>]>().expect("peeked `>`");
            return Some(OpenTag { name, attrs, self_closing: false });
        }
        if input.is_empty() {
            errors.push(name.error(format!("unterminated tag <{}: expected `>` or `/>`", name.text)));
            return Some(OpenTag { name, attrs, self_closing: true });
        }
        if input.peek(token::Brace) {
            match attempt(input, errors, braced_expr) {
                Some(expr) => attrs.push(Attr::Spread(expr)),
                None => {
                    skip_one(input);
                }
            }
        } else if input.peek(Ident::peek_any) {
            let attr_name = match attempt(input, errors, |input| parse_name(input, true)) {
                Some(name) => name,
                None => {
                    skip_until(input, at_attr_boundary);
                    continue;
                }
            };
            if input.peek(Token![=]) {
                let eq: Token![=] = input.parse().expect("peeked `=`");
                if let Some(value) = attr_value(input, eq, errors) {
                    attrs.push(Attr::Named { name: attr_name, value: Some(value) });
                }
            } else {
                attrs.push(Attr::Named { name: attr_name, value: None });
            }
        } else {
            let skipped = skip_until(input, at_attr_boundary);
            errors.push(syn::Error::new_spanned(
                &skipped,
                format!("unexpected `{skipped}`: expected an attribute name, {{attributes}}, `>` or `/>`"),
            ));
        }
    }
}

/// The value after `name=`: `"literal"` or `{expr}`. On anything else, records the error and
/// skips to the next attribute.
fn attr_value(input: ParseStream<'_>, eq: Token![=], errors: &mut Errors) -> Option<AttrValue> {
    if input.peek(LitStr) {
        return attempt(input, errors, |input| input.parse()).map(AttrValue::Lit);
    }
    if input.peek(token::Brace) {
        let expr = attempt(input, errors, braced_expr);
        if expr.is_none() {
            skip_one(input);
        }
        return expr.map(AttrValue::Expr);
    }
    let skipped = if input.is_empty() || at_tag_end(input) {
        quote::quote!(#eq)
    } else {
        let mut skipped = skip_one(input);
        skipped.extend(skip_to(input, at_attr_boundary));
        skipped
    };
    errors.push(syn::Error::new_spanned(&skipped, BAD_ATTR_VALUE));
    None
}

/// Whether `input` is at `>` or `/>`.
fn at_tag_end(input: ParseStream<'_>) -> bool {
    input.peek(Token![>]) || (input.peek(Token![/]) && input.peek2(Token![>]))
}

/// Where recovery inside a tag stops: the next attribute or the end of the tag.
fn at_attr_boundary(input: ParseStream<'_>) -> bool {
    at_tag_end(input) || input.peek(Ident::peek_any) || input.peek(token::Brace)
}

/// `</name>`. Called with `input` at `</`.
fn close_tag(input: ParseStream<'_>, errors: &mut Errors) -> Option<CloseTag> {
    let start = input.fork();
    let parsed = attempt(input, errors, |input| {
        input.parse::<Token![<]>()?;
        input.parse::<Token![/]>()?;
        let name = parse_name(input, false)?;
        if !input.peek(Token![>]) {
            return Err(input.error(format!("expected `>` to end </{}>", name.text)));
        }
        input.parse::<Token![>]>()?;
        Ok(name)
    });
    match parsed {
        Some(name) => {
            let tokens = tokens_between(&start, input);
            Some(CloseTag { name, tokens })
        }
        None => {
            skip_until(input, |input| input.peek(Token![>]));
            let _ = input.parse::<Token![>]>();
            None
        }
    }
}

/// A name: identifiers or keywords joined by `-` (and by `:` in attribute names).
fn parse_name(input: ParseStream<'_>, attribute: bool) -> syn::Result<Name> {
    let what = if attribute { "an attribute name" } else { "an element name" };
    if !input.peek(Ident::peek_any) {
        return Err(input.error(format!("expected {what}")));
    }
    let first = input.call(Ident::parse_any)?;
    let mut text = first.unraw().to_string();
    let mut tokens = TokenStream::from(TokenTree::Ident(first));
    loop {
        let separator = if input.peek(Token![-]) {
            tokens.extend(input.parse::<Token![-]>()?.to_token_stream());
            '-'
        } else if attribute && input.peek(Token![:]) && !input.peek(Token![::]) {
            tokens.extend(input.parse::<Token![:]>()?.to_token_stream());
            ':'
        } else {
            break;
        };
        text.push(separator);
        if input.peek(Ident::peek_any) {
            let part = input.call(Ident::parse_any)?;
            text.push_str(&part.unraw().to_string());
            tokens.extend([TokenTree::Ident(part)]);
        } else if input.peek(syn::Lit) && !input.peek(LitStr) {
            let part: Literal = input.parse()?;
            let part_text = part.to_string();
            if !part_text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(syn::Error::new(part.span(), format!("expected {what} part after `{separator}`")));
            }
            text.push_str(&part_text);
            tokens.extend([TokenTree::Literal(part)]);
        } else {
            return Err(input.error(format!("expected {what} part after `{separator}`")));
        }
    }
    Ok(Name { text, tokens })
}

/// `{ expr }` with exactly one expression inside.
fn braced_expr(input: ParseStream<'_>) -> syn::Result<Expr> {
    let content;
    let brace = braced!(content in input);
    if content.is_empty() {
        return Err(syn::Error::new(brace.span.join(), "empty {}: write an expression inside, e.g. {self.name}"));
    }
    let expr: Expr = content.parse()?;
    if !content.is_empty() {
        return Err(content.error("unexpected token: {...} holds a single expression"));
    }
    Ok(expr)
}

/// `{ markup }`. Called with `input` at a brace group.
fn braced_items(input: ParseStream<'_>, errors: &mut Errors) -> Vec<Item> {
    match in_braces(input, |content| items(content, errors)) {
        Ok(items) => items,
        Err(error) => {
            errors.push(error);
            Vec::new()
        }
    }
}

/// Runs `parse` on the content of the brace group at `input`; `parse` must consume it all.
fn in_braces<T>(input: ParseStream<'_>, parse: impl FnOnce(ParseStream<'_>) -> T) -> syn::Result<T> {
    let content;
    braced!(content in input);
    Ok(parse(&content))
}

/// `if COND { .. } [else if COND { .. }]* [else { .. }]`. Called with `input` at `if`.
fn if_(input: ParseStream<'_>, errors: &mut Errors) -> Option<If> {
    let mut branches = Vec::new();
    let mut otherwise = None;
    loop {
        let cond = attempt(input, errors, |input| {
            input.parse::<Token![if]>()?;
            let cond = Expr::parse_without_eager_brace(input)?;
            expect_brace(input, "after the `if` condition")?;
            Ok(cond)
        });
        let Some(cond) = cond else {
            skip_construct(input);
            return None;
        };
        branches.push((cond, braced_items(input, errors)));
        if !input.peek(Token![else]) {
            break;
        }
        input.parse::<Token![else]>().expect("peeked `else`");
        if input.peek(Token![if]) {
            continue;
        }
        if !input.peek(token::Brace) {
            errors.push(input.error("expected `{` or `if` after `else`"));
            skip_construct(input);
            return None;
        }
        otherwise = Some(braced_items(input, errors));
        break;
    }
    Some(If { branches, otherwise })
}

/// `for PAT in EXPR [, key = EXPR | , stream] { .. }`. Called with `input` at `for`.
fn for_(input: ParseStream<'_>, errors: &mut Errors) -> Option<For> {
    let header = attempt(input, errors, |input| {
        input.parse::<Token![for]>()?;
        let pat = Pat::parse_multi_with_leading_vert(input)?;
        input.parse::<Token![in]>()?;
        let expr = Expr::parse_without_eager_brace(input)?;
        let (mut key, mut stream) = (None, None);
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            if input.peek(kw::stream) {
                stream = Some(input.parse::<kw::stream>()?);
            } else if input.peek(kw::key) {
                input.parse::<kw::key>()?;
                input.parse::<Token![=]>()?;
                key = Some(Expr::parse_without_eager_brace(input)?);
            } else {
                return Err(input.error("expected `key = expression` or `stream` after `,`"));
            }
        }
        expect_brace(input, "after the `for` expression (or `, key = expression` / `, stream`)")?;
        Ok((pat, expr, key, stream))
    });
    let Some((pat, expr, key, stream)) = header else {
        skip_construct(input);
        return None;
    };
    let body = braced_items(input, errors);
    Some(For { pat, expr, key, stream, body })
}

/// `match EXPR { arms }`. Called with `input` at `match`.
fn match_(input: ParseStream<'_>, errors: &mut Errors) -> Option<Match> {
    let expr = attempt(input, errors, |input| {
        input.parse::<Token![match]>()?;
        let expr = Expr::parse_without_eager_brace(input)?;
        expect_brace(input, "after the `match` expression")?;
        Ok(expr)
    });
    let Some(expr) = expr else {
        skip_construct(input);
        return None;
    };
    let arms = match in_braces(input, |content| arms(content, errors)) {
        Ok(arms) => arms,
        Err(error) => {
            errors.push(error);
            Vec::new()
        }
    };
    Some(Match { expr, arms })
}

/// The arms inside `match EXPR { .. }`; consumes all of `input`.
fn arms(input: ParseStream<'_>, errors: &mut Errors) -> Vec<Arm> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let header = attempt(input, errors, |input| {
            let pat = Pat::parse_multi_with_leading_vert(input)?;
            let guard = if input.peek(Token![if]) {
                input.parse::<Token![if]>()?;
                Some(input.parse::<Expr>()?)
            } else {
                None
            };
            input.parse::<Token![=>]>()?;
            if input.is_empty() || input.peek(Token![,]) {
                return Err(input.error("expected the arm's markup: `{ .. }` or a single node"));
            }
            Ok((pat, guard))
        });
        let Some((pat, guard)) = header else {
            // The arms cannot be told apart any more: give up on the rest of this match.
            let _ = input.parse::<TokenStream>();
            break;
        };
        let body = if input.peek(token::Brace) && brace_holds_markup(input) {
            braced_items(input, errors)
        } else {
            single_node(input, errors)
        };
        out.push(Arm { pat, guard, body });
        if input.peek(Token![,]) {
            input.parse::<Token![,]>().expect("peeked `,`");
        }
    }
    out
}

/// Whether the brace group at `input` (after a match arm's `=>`) is `{ markup }` rather than an
/// `{expr}` node: it is markup when empty or when it starts like markup, so `=> { <b>{n}</b> }`
/// and `=> { "text" }` are markup while `=> {n}` and `=> { self.label() }` are expressions.
fn brace_holds_markup(input: ParseStream<'_>) -> bool {
    let fork = input.fork();
    in_braces(&fork, |content| content.is_empty() || starts_item(content)).unwrap_or(true)
}

/// Fails unless the next token is a brace group.
fn expect_brace(input: ParseStream<'_>, place: &str) -> syn::Result<()> {
    if input.peek(token::Brace) { Ok(()) } else { Err(input.error(format!("expected `{{` {place}"))) }
}

/// Runs `parse` on a fork of `input`, committing it on success and recording the error otherwise
/// (then `input` has not moved).
fn attempt<T>(
    input: ParseStream<'_>,
    errors: &mut Errors,
    parse: impl FnOnce(ParseStream<'_>) -> syn::Result<T>,
) -> Option<T> {
    let fork = input.fork();
    match parse(&fork) {
        Ok(value) => {
            input.advance_to(&fork);
            Some(value)
        }
        Err(error) => {
            errors.push(error);
            None
        }
    }
}

/// Consumes one token tree (a whole group counts as one) and returns it.
fn skip_one(input: ParseStream<'_>) -> TokenStream {
    input.parse::<TokenTree>().map(TokenStream::from).unwrap_or_default()
}

/// Consumes at least one token tree, then more until `stop` holds or `input` ends; returns them.
fn skip_until(input: ParseStream<'_>, stop: impl Fn(ParseStream<'_>) -> bool) -> TokenStream {
    let mut skipped = skip_one(input);
    skipped.extend(skip_to(input, stop));
    skipped
}

/// Consumes token trees until `stop` holds or `input` ends; returns them.
fn skip_to(input: ParseStream<'_>, stop: impl Fn(ParseStream<'_>) -> bool) -> TokenStream {
    let mut skipped = TokenStream::new();
    while !input.is_empty() && !stop(input) {
        skipped.extend(skip_one(input));
    }
    skipped
}

/// Recovery for a control-flow construct whose header failed: skip through its body (and any
/// `else` bodies) so the rest of the markup can be read.
fn skip_construct(input: ParseStream<'_>) {
    loop {
        while !input.is_empty() && !input.peek(token::Brace) {
            skip_one(input);
        }
        skip_one(input);
        if !input.peek(Token![else]) {
            return;
        }
        skip_one(input);
    }
}

/// The tokens consumed from `start` up to `end`.
fn tokens_between(start: ParseStream<'_>, end: ParseStream<'_>) -> TokenStream {
    let mut tokens = TokenStream::new();
    let mut cursor = start.cursor();
    while cursor != end.cursor() {
        let Some((tree, rest)) = cursor.token_tree() else {
            break;
        };
        tokens.extend([tree]);
        cursor = rest;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse_ok(tokens: TokenStream) -> Vec<Item> {
        let mut errors = Errors::default();
        let items = parse(tokens, &mut errors);
        if let Err(error) = errors.finish() {
            panic!("unexpected error: {error}");
        }
        items
    }

    fn messages(tokens: TokenStream) -> Vec<String> {
        let mut errors = Errors::default();
        parse(tokens, &mut errors);
        errors.finish().err().map(|e| e.into_iter().map(|e| e.to_string()).collect()).unwrap_or_default()
    }

    #[test]
    fn reads_tags_attributes_text_and_splices_in_order() {
        let items = parse_ok(quote! {
            <div id="root" data-count={n} disabled {extra} xlink:href="#a" r#type="t">"hi" {name}</div>
            <br/>
        });
        assert_eq!(items.len(), 5);
        let Item::Open(div) = &items[0] else { panic!("expected <div>") };
        assert_eq!(div.name.text, "div");
        assert!(!div.self_closing);
        let names: Vec<_> = div
            .attrs
            .iter()
            .map(|a| match a {
                Attr::Named { name, value: None } => name.text.clone(),
                Attr::Named { name, value: Some(AttrValue::Lit(l)) } => format!("{}={:?}", name.text, l.value()),
                Attr::Named { name, value: Some(AttrValue::Expr(_)) } => format!("{}={{}}", name.text),
                Attr::Spread(_) => "{..}".to_owned(),
            })
            .collect();
        assert_eq!(names, ["id=\"root\"", "data-count={}", "disabled", "{..}", "xlink:href=\"#a\"", "type=\"t\""]);
        assert!(matches!(&items[1], Item::Text(t) if t.value() == "hi"));
        assert!(matches!(&items[2], Item::Splice(_)));
        assert!(matches!(&items[3], Item::Close(c) if c.name.text == "div"));
        assert!(matches!(&items[4], Item::Open(br) if br.self_closing && br.name.text == "br"));
    }

    #[test]
    fn keywords_and_numbers_are_name_parts() {
        let items = parse_ok(quote! { <my-el for="x" async phx-value-id="1" data-2x="y" /> });
        let Item::Open(tag) = &items[0] else { panic!() };
        assert_eq!(tag.name.text, "my-el");
        let names: Vec<_> = tag
            .attrs
            .iter()
            .map(|a| match a {
                Attr::Named { name, .. } => name.text.clone(),
                Attr::Spread(_) => unreachable!(),
            })
            .collect();
        assert_eq!(names, ["for", "async", "phx-value-id", "data-2x"]);
    }

    #[test]
    fn control_flow_bodies_nest() {
        let items = parse_ok(quote! {
            if a > 0 { <p>"a"</p> } else if let Some(b) = b { "b" } else { {c} }
            for item in &self.items, key = item.id { <li>{item.label}</li> }
            match self.kind { Kind::A => <i>"a"</i>, Kind::B(n) if n > 1 => { <b>{n}</b> " b" } Kind::C => "c", _ => {n} }
        });
        assert_eq!(items.len(), 3);
        let Item::If(i) = &items[0] else { panic!() };
        assert_eq!(i.branches.len(), 2);
        assert!(matches!(i.branches[1].0, Expr::Let(_)));
        assert_eq!(i.otherwise.as_ref().map(Vec::len), Some(1));
        let Item::For(f) = &items[1] else { panic!() };
        assert!(f.key.is_some());
        assert_eq!(f.body.len(), 3);
        let Item::Match(m) = &items[2] else { panic!() };
        let lens: Vec<_> = m.arms.iter().map(|a| a.body.len()).collect();
        assert_eq!(lens, [3, 4, 1, 1]);
        assert!(matches!(m.arms[3].body[0], Item::Splice(_)), "`=> {{n}}` is an expression");
        assert!(m.arms[1].guard.is_some());
    }

    #[test]
    fn single_node_arm_runs_to_its_matching_close_tag() {
        let items = parse_ok(quote! { match x { A => <ul><li>"1"</li><br></ul> B => "b" } });
        let Item::Match(m) = &items[0] else { panic!() };
        assert_eq!(m.arms.len(), 2);
        assert_eq!(m.arms[0].body.len(), 6);
    }

    #[test]
    fn braces_after_an_arrow_hold_markup_or_one_expression() {
        let items = parse_ok(quote! {
            match x { A => { self.label() } B => { "b" {n} } C => {} D => { <i/> } }
        });
        let Item::Match(m) = &items[0] else { panic!() };
        assert!(matches!(m.arms[0].body[..], [Item::Splice(Expr::MethodCall(_))]));
        assert!(matches!(m.arms[1].body[..], [Item::Text(_), Item::Splice(_)]));
        assert!(m.arms[2].body.is_empty());
        assert!(matches!(m.arms[3].body[..], [Item::Open(_)]));
    }

    #[test]
    fn a_stray_arm_body_does_not_swallow_the_next_arm() {
        let errors = messages(quote! { match x { A => hello world, B => "b" } });
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("unexpected `hello world`"), "{errors:?}");
    }

    #[test]
    fn bad_attribute_values_are_reported_and_skipped() {
        assert_eq!(messages(quote! { <a href=foo.bar title=1 class="ok"></a> }), [BAD_ATTR_VALUE, BAD_ATTR_VALUE]);
        assert_eq!(messages(quote! { <a href=></a> }), [BAD_ATTR_VALUE]);
    }

    #[test]
    fn stray_tokens_yield_one_error_each_run() {
        let errors = messages(quote! { <p>hello world "ok" ; {x}</p> });
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("unexpected `hello world`"), "{errors:?}");
        assert!(errors[1].starts_with("unexpected `;`"), "{errors:?}");
    }

    #[test]
    fn broken_splices_and_headers_do_not_cascade() {
        let errors = messages(quote! { {} {a b} if { "x" } else { "y" } <p>"after"</p> });
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("empty {}"));
        assert!(errors[1].starts_with("unexpected token"));
    }

    #[test]
    fn unterminated_tag_is_reported_on_its_name() {
        assert_eq!(messages(quote! { <div class="a" }), ["unterminated tag <div: expected `>` or `/>`"]);
    }
}
