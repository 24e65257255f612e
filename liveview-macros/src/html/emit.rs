//! Code generation: a [`Template`] becomes a block that declares its statics as a `static` item
//! (so every evaluation of one `html!` site shares one `&'static Template`, fingerprinted by the
//! compiler, see [`template_static`]) and builds a `Rendered` from its slots.
//!
//! Runtime items are named only through `::liveview::__private`. Calls that take a user
//! expression are located at that expression, so a type error points at the user's code, but
//! keep the macro's hygiene, so rustc and clippy know the call itself is generated.
//!
//! A borrowed place expression is converted with method-call syntax, `(&(expr)).into_dynamic()`
//! (and `.write_attr(..)` for attributes), not with a generic function: method resolution
//! auto-dereferences, so `{item}` with `item: &String` uses the impl for `&String` instead of
//! asking for one for `&&String`. Everything else goes through the plain functions
//! (`IntoDynamic::into_dynamic(expr)`, `attr_slot(name, expr)`).
//!
//! Inside a `for` body the same conversions append to the comprehension's entry instead
//! (`write_entry`, `EntryBuilder::attr`, see [`entry_slot`]): one statement per slot, no vector
//! of slot values per entry.

use super::analyze::{Slot, Template};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// The expression for a whole template: `{ static ..; Rendered::new(..) }`.
pub(crate) fn rendered(template: &Template) -> TokenStream {
    let name = template_ident();
    let declaration = template_static(&name, &template.statics);
    let slots = template.slots.iter().map(slot);
    quote! {{
        #declaration
        ::liveview::__private::Rendered::new(&#name, ::std::vec![#(#slots),*])
    }}
}

/// The expansion when there were errors: the errors, and an empty render so that the code
/// around the macro still type-checks and reports nothing spurious.
pub(crate) fn failure(error: &syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote! {{
        #errors
        ::liveview::__private::Rendered::empty()
    }}
}

/// The name of a template's `static` (unnameable from user code).
fn template_ident() -> Ident {
    Ident::new("__LV_TEMPLATE", Span::mixed_site())
}

/// `static NAME: Template = Template::new(&[..]);`
///
/// The fingerprint is not computed here: `Template::new` is a `const fn` of the runtime, so the
/// compiler evaluates the runtime's own hash in the static's initializer. Macro and runtime
/// cannot disagree on a fingerprint, and the macro crate does not depend on the runtime.
fn template_static(name: &Ident, statics: &[String]) -> TokenStream {
    quote! {
        static #name: ::liveview::__private::Template = ::liveview::__private::Template::new(&[#(#statics),*]);
    }
}

/// The `static` of a `for` body: [`template_static`] plus the name of each attribute slot
/// (`Template::with_attrs`), so an entry stores a `name={value}` slot as its value alone. The
/// rows of a list are kept by the view between events; in a row like
/// `<li id={..}>..<button phx-value-id={..}>` the names and quotes were most of its text.
fn loop_template_static(name: &Ident, body: &Template) -> TokenStream {
    let statics = &body.statics;
    let attrs = body.slots.iter().map(|s| match s {
        Slot::Attr { name, .. } => name.as_str(),
        _ => "",
    });
    quote! {
        static #name: ::liveview::__private::Template =
            ::liveview::__private::Template::with_attrs(&[#(#statics),*], &[#(#attrs),*]);
    }
}

/// The `Dynamic` expression of one slot.
fn slot(slot: &Slot) -> TokenStream {
    match slot {
        Slot::Child { expr, borrow: true } => {
            let span = located_at(expr);
            let method = Ident::new("into_dynamic", span);
            quote_spanned! {span=> {
                use ::liveview::__private::IntoDynamic as _;
                (&(#expr)).#method()
            }}
        }
        Slot::Child { expr, borrow: false } => {
            quote_spanned!(located_at(expr)=> ::liveview::__private::IntoDynamic::into_dynamic(#expr))
        }
        Slot::Attr { name, value, borrow: true } => {
            let span = located_at(value);
            let method = Ident::new("write_attr", span);
            let out = Ident::new("__lv_attr", Span::mixed_site());
            quote_spanned! {span=> {
                use ::liveview::__private::AttrValue as _;
                let mut #out = ::liveview::__private::SlotWriter::new();
                (&(#value)).#method(#name, #out.buf());
                #out.finish()
            }}
        }
        Slot::Attr { name, value, borrow: false } => {
            quote_spanned!(located_at(value)=> ::liveview::__private::attr_slot(#name, #value))
        }
        Slot::Attrs(expr) => {
            quote_spanned!(located_at(expr)=> ::liveview::__private::attrs_slot(#expr))
        }
        Slot::If { branches, otherwise } => {
            let conds = branches.iter().map(|(cond, _)| cond);
            let bodies = branches.iter().map(|(_, body)| nested(body));
            let otherwise = match otherwise {
                Some(body) => nested(body),
                None => quote!(::liveview::__private::Dynamic::empty()),
            };
            quote! {
                #(if #conds { #bodies } else)* { #otherwise }
            }
        }
        Slot::Match { expr, arms } => {
            let arms = arms.iter().map(|arm| {
                let pat = &arm.pat;
                let guard = arm.guard.as_ref().map(|guard| quote!(if #guard));
                let body = nested(&arm.body);
                quote!(#pat #guard => #body,)
            });
            quote! {
                match #expr { #(#arms)* }
            }
        }
        Slot::For { pat, expr, key: _, stream: true, body } => stream_loop(pat, expr, body),
        Slot::For { pat, expr, key, stream: false, body } => keyed_loop(pat, expr, key.as_deref(), body),
    }
}

/// `for PAT in EXPR(, key = KEY) { body }`: a plain loop over any iterable, or, when `EXPR` is
/// a `&TrackedVec`, a tracked one that reuses the chunks whose items and outer inputs did not
/// change (`liveview_core::rendered::tracked` has the model). Which one is decided by autoref
/// dispatch on the iterable's type (`ViaTracked` for `LoopProbe<&TrackedVec<T>>`, `ViaPlain`
/// for `&LoopProbe<I>`), so the macro needs no type information; both run the same body
/// through the `LoopPlan` trait.
fn keyed_loop(pat: &syn::Pat, expr: &syn::Expr, key: Option<&syn::Expr>, body: &Template) -> TokenStream {
    let name = template_ident();
    let declaration = loop_template_static(&name, body);
    let entry = Ident::new("__lv_entry", Span::mixed_site());
    let slots = body.slots.iter().map(|s| entry_slot(s, &entry));
    let list = Ident::new("__lv_list", Span::mixed_site());
    let begin = match key {
        Some(key) => {
            let key = quote_spanned!(located_at(key)=> &(#key));
            quote!(#list.begin_keyed(#key))
        }
        None => quote!(#list.begin()),
    };
    let probe = Ident::new("__lv_probe", Span::mixed_site());
    let plan = Ident::new("__lv_plan", Span::mixed_site());
    let hint = Ident::new("__LV_SIZE_HINT", Span::mixed_site());
    // Checked on its own, at the user's expression, so a value that is not iterable gets
    // rustc's "is not an iterator" there rather than an unsatisfied bound of the dispatch.
    let iterable = quote_spanned!(located_at(expr)=> ::liveview::__private::iterable(#expr));
    // At the loop's expression: an item type the tracked loop refuses is reported there.
    let lv_plan = Ident::new("lv_plan", located_at(expr));
    // A closure defined here names the instance of a generic function the loop is in.
    let plan_call = quote_spanned!(located_at(expr)=> (&#probe).#lv_plan(&#name, &#hint, ::liveview::__private::instance_of(&|| ())));
    let deps = super::deps::loop_deps(pat, key, body);
    let hash = deps_hash(&deps, &name);
    let has_inputs = !deps.opaque && !deps.paths.is_empty();
    let item = Ident::new("__lv_item", Span::mixed_site());
    // A `while let` over the plan rather than a closure: the body borrows like ordinary code
    // and may use `?`, `.await`, `continue` and `break` (an entry left unfinished is rolled
    // back; a loop left early keeps no cache). Slots are written straight into the list. The
    // outer inputs are hashed before the loop, before each reuse of entries (`next_item`'s
    // closure: a body that changes an input gets everything after rendered) and after it (then
    // no cache is kept); each hashing borrows them only while it runs.
    quote! {{
        #declaration
        static #hint: ::liveview::__private::SizeHint = ::liveview::__private::SizeHint::new();
        let #probe = ::liveview::__private::LoopProbe::new(#iterable);
        let mut #plan = {
            #[allow(unused_imports)]
            use ::liveview::__private::{ViaPlain as _, ViaTracked as _};
            #plan_call
        };
        let mut #list = {
            let __lv_deps = if ::liveview::__private::LoopPlan::tracked(&#plan) { #hash } else { ::core::option::Option::None };
            ::liveview::__private::LoopPlan::begin(&mut #plan, __lv_deps, #has_inputs)
        };
        // The pattern binds inside the body, so a refutable one is rustc's error, as in `for`.
        while let ::core::option::Option::Some(#item) = ::liveview::__private::LoopPlan::next_item(&mut #plan, &mut #list, || #hash) {
            let #pat = #item;
            let mut #entry = #begin;
            #(#slots)*
            #entry.finish();
        }
        let __lv_deps = if ::liveview::__private::LoopPlan::tracked(&#plan) { #hash } else { ::core::option::Option::None };
        ::liveview::__private::IntoDynamic::into_dynamic(::liveview::__private::LoopPlan::finish(#plan, #list, __lv_deps))
    }}
}

/// The expression hashing a loop body's outer inputs: `Option<u64>`, `None` when one of them
/// cannot be compared (not `Hash`) or the body reads something the macro cannot see.
fn deps_hash(deps: &super::deps::LoopDeps, template: &Ident) -> TokenStream {
    let hasher = Ident::new("__lv_hasher", Span::mixed_site());
    if deps.opaque {
        return quote! {{
            let mut #hasher = ::liveview::__private::DepsHasher::new();
            #hasher.opaque("the loop body holds code html! cannot read (a macro whose arguments are not expressions)");
            #hasher.finish(&#template)
        }};
    }
    if deps.paths.is_empty() {
        // No input: nothing to hash on each render (a `/list`-style body reading only its row).
        return quote!(::core::option::Option::Some(0u64));
    }
    let each = deps.paths.iter().map(|path| {
        let name = quote!(#path).to_string().replace(' ', "");
        quote_spanned! {located_at(path)=>
            (&::liveview::__private::DepProbe(&(#path))).lv_dep(&mut #hasher, #name);
        }
    });
    quote! {{
        #[allow(unused_imports)]
        use ::liveview::__private::{DepHash as _, DepOpaque as _};
        let mut #hasher = ::liveview::__private::DepsHasher::new();
        #(#each)*
        #hasher.finish(&#template)
    }}
}

/// `for PAT in EXPR, stream { body }`: drains the stream (`EXPR: &Stream<T>`), renders one
/// entry per inserted item (`PAT` binds `(dom_id, &item)`), and attaches the operations.
fn stream_loop(pat: &syn::Pat, expr: &syn::Expr, body: &Template) -> TokenStream {
    let name = template_ident();
    let declaration = loop_template_static(&name, body);
    let entry = Ident::new("__lv_entry", Span::mixed_site());
    let slots = body.slots.iter().map(|s| entry_slot(s, &entry));
    let list = Ident::new("__lv_list", Span::mixed_site());
    let drained = Ident::new("__lv_drained", Span::mixed_site());
    let starts = Ident::new("__lv_starts", Span::mixed_site());
    let drain = quote_spanned!(located_at(expr)=> ::liveview::__private::Stream::drain(#expr));
    quote! {{
        #declaration
        let #drained = #drain;
        let mut #list = ::liveview::__private::Comprehension::with_capacity(&#name, #drained.len());
        let mut #starts = ::std::vec::Vec::with_capacity(#drained.len());
        for #pat in #drained.iter() {
            #starts.push(#list.len());
            let mut #entry = #list.begin();
            #(#slots)*
            #entry.finish();
        }
        ::liveview::__private::IntoDynamic::into_dynamic(#drained.finish(#list, &#starts))
    }}
}

/// One slot of a `for` body, as a statement appending it to the entry builder `entry`.
fn entry_slot(s: &Slot, entry: &Ident) -> TokenStream {
    match s {
        Slot::Child { expr, borrow: true } => {
            let span = located_at(expr);
            let method = Ident::new("write_entry", span);
            quote_spanned! {span=> {
                use ::liveview::__private::IntoDynamic as _;
                (&(#expr)).#method(&mut #entry);
            }}
        }
        Slot::Child { expr, borrow: false } => {
            quote_spanned!(located_at(expr)=> ::liveview::__private::IntoDynamic::write_entry(#expr, &mut #entry);)
        }
        Slot::Attr { name, value, borrow: true } => {
            let span = located_at(value);
            let method = Ident::new("write_attr_entry", span);
            quote_spanned! {span=> {
                use ::liveview::__private::AttrValue as _;
                (&(#value)).#method(#name, &mut #entry);
            }}
        }
        Slot::Attr { name, value, borrow: false } => {
            quote_spanned!(located_at(value)=> #entry.attr(#name, #value);)
        }
        Slot::Attrs(expr) => {
            quote_spanned!(located_at(expr)=> #entry.attrs(#expr);)
        }
        Slot::If { .. } | Slot::Match { .. } | Slot::For { .. } => {
            let value = slot(s);
            quote!(#entry.dynamic(#value);)
        }
    }
}

/// A span at the user's expression that rustc still knows comes from the macro: diagnostics
/// point at the expression, without suggestions that edit generated tokens as if the user had
/// written them.
fn located_at(expr: &syn::Expr) -> Span {
    Span::mixed_site().located_at(expr.span())
}

/// A branch body as `Dynamic::Nested(..)`.
fn nested(template: &Template) -> TokenStream {
    let rendered = rendered(template);
    quote!(::liveview::__private::Dynamic::Nested(#rendered))
}
