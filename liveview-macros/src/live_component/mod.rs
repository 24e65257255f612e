//! `#[live_component]`: an inherent impl → an `impl LiveComponent`, in the passes of
//! `#[live_view]` (whose parser and analysis it reuses) plus its own:
//!
//! - [`analyze`]: what a component adds (`update` and its props type) and what it may not have
//!   (`handle_params`, `#[info]`);
//! - [`emit`]: `impl LiveComponent` with the view's `mount`, `handle_event` and `render`, plus
//!   `type Props` and `update`.

mod analyze;
mod emit;

use crate::errors::Errors;
use crate::live_view::{analyze as view_analyze, emit as view_emit, events, parse};
use proc_macro2::TokenStream;

/// Expands `#[live_component]` (with arguments `attr`) on `item`.
pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    if !attr.is_empty() {
        errors.push(syn::Error::new_spanned(attr, "#[live_component] takes no arguments"));
    }
    match parse::parse(item, &mut errors) {
        parse::Input::Impl(component) => {
            let plan = view_analyze::analyze(&component, &mut errors);
            let update = analyze::analyze(&component, &mut errors);
            events::check(&component.item, &plan, events::Receiver::Component, &mut errors);
            match errors.finish() {
                Ok(()) => emit::component(&component.item, &plan, update.as_ref()),
                Err(error) => emit::failure(&component.item, &error),
            }
        }
        parse::Input::Unchanged(item) => match errors.finish() {
            Ok(()) => item,
            Err(error) => view_emit::passthrough(item, &error),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_component_gains_props_update_and_its_handlers() {
        let out = expand(
            quote!(),
            quote! {
                impl Card {
                    fn update(&mut self, props: CardProps, socket: &mut Socket) { self.n = props.n; }
                    #[event("inc")]
                    fn inc(&mut self) { self.count += 1; }
                    fn render(&self, socket: &Socket) -> Rendered { html! {} }
                }
            },
        )
        .to_string();
        assert!(out.contains(":: liveview :: __private :: LiveComponent for Card"), "{out}");
        assert!(out.contains("type Props = CardProps"), "{out}");
        assert!(out.contains("Self :: update (self , message , & mut * socket)"), "{out}");
        assert!(out.contains("\"inc\" =>"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn without_update_the_props_are_unit() {
        let out = expand(quote!(), quote! { impl Card { fn render(&self) -> Rendered { html! {} } } }).to_string();
        assert!(out.contains("type Props = ()"), "{out}");
        assert!(!out.contains("fn update"), "{out}");
    }

    #[test]
    fn view_only_callbacks_are_errors_with_a_fallback_impl() {
        let out = expand(
            quote!(),
            quote! {
                impl Card {
                    fn handle_params(&mut self) {}
                    #[info] fn tick(&mut self, t: Tick) {}
                    fn update(&self, a: A, b: B) {}
                    fn render(&self) -> Rendered { html! {} }
                }
            },
        )
        .to_string();
        assert!(out.contains("no URL"), "{out}");
        assert!(out.contains("send_update"), "{out}");
        assert!(out.contains("`update` takes `&mut self`"), "{out}");
        assert!(out.contains("LiveComponent for Card"), "{out}");
    }
}
