//! The views `render` embeds with `live_render::<V>(..)`, found in its tokens (at any depth,
//! `html!` bodies included), so that the generated impl can register them when the view is
//! routed and build the view's children state before its first render.
//!
//! A `live_render` the tokens do not show (called from a helper function) still works: the
//! runtime registers its view type at its first render, and renders that first time twice.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::{ImplItem, ItemImpl};

/// The type arguments of every `live_render::<T>` in `render`, in order, without repeats.
pub(crate) fn children(item: &ItemImpl) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = Vec::new();
    for it in &item.items {
        if let ImplItem::Fn(f) = it
            && f.sig.ident == "render"
        {
            walk(quote::ToTokens::to_token_stream(&f.block), &mut out);
        }
    }
    out
}

fn walk(tokens: TokenStream, out: &mut Vec<TokenStream>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Ident(name) if name == "live_render" => {
                if let Some((ty, next)) = turbofish(&tokens, i + 1) {
                    if !out.iter().any(|t| t.to_string() == ty.to_string()) {
                        out.push(ty);
                    }
                    i = next;
                    continue;
                }
            }
            TokenTree::Group(g) if g.delimiter() != Delimiter::None || !g.stream().is_empty() => {
                walk(g.stream(), out);
            }
            _ => {}
        }
        i += 1;
    }
}

/// `:: < T >` starting at `at`: the tokens of `T` and the index after `>`.
fn turbofish(tokens: &[TokenTree], at: usize) -> Option<(TokenStream, usize)> {
    let punct = |i: usize, c: char| matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c);
    if !(punct(at, ':') && punct(at + 1, ':') && punct(at + 2, '<')) {
        return None;
    }
    let mut depth = 1;
    let mut i = at + 3;
    let start = i;
    while i < tokens.len() {
        if punct(i, '<') {
            depth += 1;
        } else if punct(i, '>') && !(i > 0 && punct(i - 1, '-')) {
            depth -= 1;
            if depth == 0 {
                let ty: TokenStream = tokens[start..i].iter().cloned().collect();
                return (!ty.is_empty()).then_some((ty, i + 1));
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn found(item: TokenStream) -> Vec<String> {
        let item: ItemImpl = syn::parse2(item).unwrap();
        children(&item).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn live_render_types_are_found_in_html_and_code_once_each() {
        let out = found(quote! {
            impl Page {
                fn render(&self) -> Rendered {
                    let extra = liveview::live_render::<a::Clock>("c2");
                    html! {
                        <main>
                            {live_render::<Clock>("clock").session("k", 1)}
                            if self.x { {live_render::<Wrap<Vec<u8>>>("w")} }
                            {live_render::<Clock>("clock-2")}
                        </main>
                    }
                }
                fn other(&self) { live_render::<NotInRender>("n"); }
            }
        });
        assert_eq!(out, ["a :: Clock", "Clock", "Wrap < Vec < u8 >>"]);
    }

    #[test]
    fn a_render_without_live_render_names_nothing() {
        assert!(
            found(quote! { impl P { fn render(&self) -> Rendered { html! { <p>"live_render"</p> } } } }).is_empty()
        );
    }
}
