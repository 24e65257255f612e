//! `html!`: markup → a `Rendered` expression, in three passes.
//!
//! - [`parse`]: tokens → a flat list of items per body (tags, text, splices, control flow);
//! - [`scope`]: root-tag attributes and scoped `<style>`s, stamped on the parsed items;
//! - [`analyze`]: match tags, validate, and split each body into a template of static strings
//!   and dynamic slots;
//! - [`emit`]: quote the templates as `static` items and the slots as runtime calls;
//! - [`void_elements`] and [`escape`]: HTML facts that both parse and analyze rely on.
//!
//! Every pass reports into one [`Errors`], so all mistakes in one invocation are shown at once.

mod analyze;
mod deps;
mod emit;
pub(crate) mod parse;
mod scope;
mod void_elements;

/// HTML escaping of static text: the runtime's own source file, compiled into this crate too.
///
/// Text literals are escaped here, at expansion time, and dynamic text by the runtime; both must
/// produce the same bytes. Depending on `liveview-core` would put the whole runtime in front of
/// the macros in every build, and escaping cannot run in a `const` (its output length varies),
/// so the one implementation is `liveview-core/src/escape.rs`, a file with no dependencies, and
/// both crates compile it. Neither crate is published, so the path stays valid. Only `escape`
/// is used here; the file's other public functions serve the runtime.
#[path = "../../../liveview-core/src/escape.rs"]
#[allow(dead_code, unreachable_pub)]
mod escape;

use crate::errors::Errors;
use proc_macro2::TokenStream;

/// Expands `html! { .. }`.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let root = scope::configured_root().unwrap_or_else(|why| {
        errors.push(syn::Error::new(proc_macro2::Span::call_site(), why));
        None
    });
    expand_with(input, root, errors)
}

/// [`expand`] with the root tag attribute given (tests set it without the environment).
fn expand_with(input: TokenStream, root: Option<String>, mut errors: Errors) -> TokenStream {
    let (inherited, input) = scope::take_markers(input, &mut errors);
    let mut items = parse::parse(input, &mut errors);
    scope::apply(&mut items, &scope::Stamps { root, inherited }, &mut errors);
    let template = analyze::analyze(items, &mut errors);
    match errors.finish() {
        Ok(()) => emit::rendered(&template),
        Err(error) => emit::failure(&error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn expansion_of_valid_markup_is_a_block_with_a_static_template() {
        let out = expand(quote! { <p class={c} id={f()}>"hi"</p> }).to_string();
        assert!(out.contains("static __LV_TEMPLATE"), "{out}");
        // The runtime's const fn fingerprints the statics; the macro computes no hash itself.
        assert!(out.contains("Template :: new (& [\"<p\" ,"), "{out}");
        assert!(!out.contains("fingerprint"), "{out}");
        assert!(out.contains("write_attr (\"class\""), "a place is borrowed: {out}");
        assert!(out.contains("attr_slot (\"id\" , f ())"), "a call is passed by value: {out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn expansion_with_errors_is_compile_errors_plus_an_empty_render() {
        let out = expand(quote! { <div> <input></input> </span> }).to_string();
        assert_eq!(out.matches("compile_error").count(), 2, "{out}");
        assert!(out.contains("Rendered :: empty"), "{out}");
    }
}
