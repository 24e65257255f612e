//! `#[live_view]`: an inherent impl → an `impl LiveView`, in three passes.
//!
//! - [`parse`]: tokens → the impl with our helper attributes stripped, and its methods, each
//!   with its role (`#[event("..")]`, `#[info]` or plain) and its parameters classified by type;
//! - [`analyze`]: validate every signature and plan each trait method as calls of user methods;
//! - [`events`]: literal event bindings in `render`'s `html!` name handlers of this impl;
//! - [`nested`]: the views `render` embeds with `live_render::<V>`;
//! - [`emit`]: quote the trait impl inside `const _: () = { .. };`.
//!
//! Every pass reports into one [`Errors`], so all mistakes are shown at once. On a struct or an
//! enum the attribute is a marker and the item passes through unchanged.

pub(crate) mod analyze;
pub(crate) mod emit;
pub(crate) mod events;
pub(crate) mod nested;
pub(crate) mod parse;

use crate::errors::Errors;
use proc_macro2::TokenStream;

/// Expands `#[live_view]` (with arguments `attr`) on `item`.
pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    parse::no_arguments(attr, &mut errors);
    match parse::parse(item, &mut errors) {
        parse::Input::Impl(view) => {
            let plan = analyze::analyze(&view, &mut errors);
            events::check(&view.item, &plan, events::Receiver::View, &mut errors);
            match errors.finish() {
                Ok(()) => emit::view(&view.item, &plan),
                Err(error) => emit::failure(&view.item, &error),
            }
        }
        parse::Input::Unchanged(item) => match errors.finish() {
            Ok(()) => item,
            Err(error) => emit::passthrough(item, &error),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn expand_str(attr: TokenStream, item: TokenStream) -> String {
        expand(attr, item).to_string()
    }

    #[test]
    fn a_struct_passes_through_unchanged() {
        let item = quote! { #[derive(Default)] pub struct Counter { count: i64 } };
        assert_eq!(expand_str(quote!(), item.clone()), item.to_string());
    }

    #[test]
    fn arguments_are_an_error_but_the_struct_is_kept() {
        let out = expand_str(quote!(debug), quote! { struct Counter; });
        assert!(out.contains("takes no arguments"), "{out}");
        assert!(out.contains("struct Counter"), "{out}");
    }

    #[test]
    fn an_impl_keeps_its_methods_without_helper_attributes_and_gains_the_trait() {
        let out = expand_str(
            quote!(),
            quote! {
                impl Counter {
                    #[event("inc")]
                    fn inc(&mut self) { self.count += 1; }
                    fn render(&self) -> Rendered { html! {} }
                }
            },
        );
        assert!(!out.contains("# [event"), "{out}");
        assert!(out.contains("fn inc (& mut self)"), "{out}");
        assert!(out.contains("const _ : () ="), "{out}");
        assert!(out.contains(":: liveview :: __private :: LiveView for Counter"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn an_invalid_impl_gives_errors_a_fallback_impl_and_no_dispatch() {
        let out = expand_str(
            quote!(),
            quote! {
                impl Counter {
                    #[event]
                    fn inc(&self) {}
                }
            },
        );
        // No name, no `&mut self`, no render: three errors.
        assert_eq!(out.matches("compile_error").count(), 3, "{out}");
        assert!(out.contains("LiveView for Counter"), "the fallback impl avoids cascading errors: {out}");
        assert!(!out.contains("handle_event"), "{out}");
        assert!(out.contains("allow (dead_code)"), "{out}");
    }

    #[test]
    fn a_trait_impl_is_rejected_without_a_fallback() {
        let out = expand_str(quote!(), quote! { impl Clone for Counter { fn clone(&self) -> Self { *self } } });
        assert!(out.contains("inherent impl"), "{out}");
        assert!(!out.contains("LiveView"), "{out}");
    }
}
