//! Parsing: the annotated item → a [`ViewImpl`]: the impl with our helper attributes stripped
//! (so it can be emitted as the user wrote it), and a [`Method`] per associated function.
//!
//! Parameters are classified by type, not by name: `&Params`, `&Session`, `&Socket`/`&mut Socket`
//! (matched on the last path segment under a reference) and `Event` by value are supplied by the
//! runtime; any other type is a value the macro produces (an event payload, an info message).
//! Whether a parameter is allowed where it appears is `analyze`'s job.

use crate::errors::Errors;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{
    Attribute, FnArg, Ident, ImplItem, ImplItemFn, Item, ItemImpl, LitStr, Meta, PathArguments, ReceiverKind,
    ReturnType, Type,
};

/// The annotated item.
pub(crate) enum Input {
    /// An inherent impl: the view's callbacks and handlers.
    Impl(Box<ViewImpl>),
    /// Anything else (a struct or an enum: the attribute is only a marker), emitted unchanged.
    Unchanged(TokenStream),
}

/// An inherent impl under `#[live_view]`.
pub(crate) struct ViewImpl {
    /// The impl as it is emitted: `#[event]` and `#[info]` attributes removed.
    pub(crate) item: ItemImpl,
    /// Its associated functions, in declaration order.
    pub(crate) methods: Vec<Method>,
}

/// One associated function of the impl.
pub(crate) struct Method {
    pub(crate) ident: Ident,
    pub(crate) is_async: bool,
    /// `self`, `&self`, `&mut self`, ... if any.
    pub(crate) receiver: Option<Receiver>,
    /// The parameters after the receiver, in order.
    pub(crate) params: Vec<Param>,
    /// The declared return type (`None`: `()`).
    pub(crate) output: Option<Type>,
    pub(crate) role: Role,
}

/// A method's receiver.
pub(crate) struct Receiver {
    pub(crate) kind: ReceiverShape,
    /// The receiver as written, for diagnostics.
    pub(crate) tokens: TokenStream,
}

/// How a method takes `self`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ReceiverShape {
    /// `&self` (or `self: &Self`).
    Shared,
    /// `&mut self` (or `self: &mut Self`).
    Mut,
    /// `self`, `mut self`, `self: Box<Self>`, ...
    Other,
}

/// A parameter (not the receiver).
pub(crate) struct Param {
    pub(crate) ty: Type,
    pub(crate) kind: ParamKind,
}

/// What a parameter's type says it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ParamKind {
    /// `&Params` (`mutable`: written `&mut Params`).
    Params { mutable: bool },
    /// `&Session`.
    Session { mutable: bool },
    /// `&Socket` or `&mut Socket`.
    Socket { mutable: bool },
    /// `Event`, by value: the whole client event.
    Event,
    /// Any other type: a payload or a message.
    Value,
}

/// What a method is for.
pub(crate) enum Role {
    /// No helper attribute: a callback if its name is one (`mount`, `render`, ...), else a helper.
    Plain,
    /// `#[event("name")]` (stackable): handles these client events.
    Event(Vec<LitStr>),
    /// `#[info]`: handles messages of its parameter's type.
    Info,
}

/// Reports arguments to `#[live_view(..)]`: there are none.
pub(crate) fn no_arguments(attr: TokenStream, errors: &mut Errors) {
    if !attr.is_empty() {
        errors.push(syn::Error::new_spanned(attr, "#[live_view] takes no arguments"));
    }
}

/// Parses the annotated item, reporting misplaced attributes and helper-attribute mistakes.
pub(crate) fn parse(item: TokenStream, errors: &mut Errors) -> Input {
    let parsed = match syn::parse2::<Item>(item.clone()) {
        Ok(parsed) => parsed,
        Err(error) => {
            errors.push(error);
            return Input::Unchanged(item);
        }
    };
    match parsed {
        Item::Struct(_) | Item::Enum(_) | Item::Union(_) => Input::Unchanged(item),
        Item::Impl(imp) => match &imp.trait_ {
            Some((path, _)) => {
                errors.push(syn::Error::new_spanned(
                    path,
                    "#[live_view] goes on the view's inherent impl (`impl MyView { .. }`), not on a trait impl",
                ));
                Input::Unchanged(item)
            }
            None => Input::Impl(Box::new(view_impl(imp, errors))),
        },
        _ => {
            errors.push(syn::Error::new(
                Span::call_site(),
                "#[live_view] goes on the view's struct and on its inherent impl (`impl MyView { .. }`)",
            ));
            Input::Unchanged(item)
        }
    }
}

fn view_impl(mut item: ItemImpl, errors: &mut Errors) -> ViewImpl {
    let mut methods = Vec::new();
    for impl_item in &mut item.items {
        match impl_item {
            ImplItem::Fn(f) => {
                let role = take_role(&mut f.attrs, errors);
                methods.push(method(f, role));
            }
            ImplItem::Const(c) => reject_helpers(&mut c.attrs, errors),
            ImplItem::Type(t) => reject_helpers(&mut t.attrs, errors),
            ImplItem::Macro(m) => reject_helpers(&mut m.attrs, errors),
            _ => {}
        }
    }
    ViewImpl { item, methods }
}

/// Whether `attr` is one of ours: `#[event ..]` or `#[info ..]`.
fn is_helper(attr: &Attribute) -> bool {
    attr.path().is_ident("event") || attr.path().is_ident("info")
}

/// Removes `#[event]`/`#[info]` from something that is not a method, with an error each.
fn reject_helpers(attrs: &mut Vec<Attribute>, errors: &mut Errors) {
    attrs.retain(|attr| {
        if is_helper(attr) {
            errors.push(syn::Error::new_spanned(attr, "#[event] and #[info] go on methods"));
        }
        !is_helper(attr)
    });
}

/// Removes the helper attributes from a method and reads its role from them.
fn take_role(attrs: &mut Vec<Attribute>, errors: &mut Errors) -> Role {
    let mut role = Role::Plain;
    let (helpers, others): (Vec<_>, Vec<_>) = std::mem::take(attrs).into_iter().partition(is_helper);
    *attrs = others;
    for attr in helpers {
        if attr.path().is_ident("event") {
            let name = event_name(&attr);
            match (&mut role, name) {
                (Role::Info, _) => errors.push(either_event_or_info(&attr)),
                (Role::Event(names), Ok(name)) => names.push(name),
                (Role::Plain, Ok(name)) => role = Role::Event(vec![name]),
                (Role::Plain, Err(error)) => {
                    // Still an event handler: its signature is checked too.
                    errors.push(error);
                    role = Role::Event(Vec::new());
                }
                (Role::Event(_), Err(error)) => errors.push(error),
            }
        } else {
            if let Meta::List(list) = &attr.meta {
                errors.push(syn::Error::new_spanned(
                    &list.tokens,
                    "#[info] takes no arguments: the message type is the handler's parameter type",
                ));
            } else if let Meta::NameValue(nv) = &attr.meta {
                errors.push(syn::Error::new_spanned(
                    &nv.value,
                    "#[info] takes no arguments: the message type is the handler's parameter type",
                ));
            }
            match role {
                Role::Plain => role = Role::Info,
                Role::Info => errors.push(syn::Error::new_spanned(&attr, "duplicate #[info]")),
                Role::Event(_) => errors.push(either_event_or_info(&attr)),
            }
        }
    }
    role
}

fn either_event_or_info(attr: &Attribute) -> syn::Error {
    syn::Error::new_spanned(attr, "a method is either an #[event] handler or an #[info] handler, not both")
}

/// The name in `#[event("name")]`.
fn event_name(attr: &Attribute) -> syn::Result<LitStr> {
    const USAGE: &str = "#[event] needs the event's name: `#[event(\"name\")]`";
    let list = match &attr.meta {
        Meta::List(list) if !list.tokens.is_empty() => list,
        Meta::List(_) | Meta::Path(_) => return Err(syn::Error::new_spanned(attr, USAGE)),
        Meta::NameValue(nv) => {
            return Err(syn::Error::new_spanned(
                &nv.value,
                "write the event's name in parentheses: `#[event(\"name\")]`",
            ));
        }
    };
    let parser = |input: ParseStream<'_>| {
        let name = match input.parse::<LitStr>() {
            Ok(name) => name,
            Err(_) => {
                let rest: TokenStream = input.parse()?;
                return Err(syn::Error::new_spanned(
                    rest,
                    "the event's name is a string literal: `#[event(\"name\")]`",
                ));
            }
        };
        if !input.is_empty() {
            let rest: TokenStream = input.parse()?;
            return Err(syn::Error::new_spanned(
                rest,
                "#[event] takes one name; stack `#[event(\"..\")]` attributes to handle several events",
            ));
        }
        if name.value().is_empty() {
            return Err(syn::Error::new_spanned(&name, "the event's name is empty"));
        }
        Ok(name)
    };
    parser.parse2(list.tokens.clone())
}

fn method(f: &ImplItemFn, role: Role) -> Method {
    let sig = &f.sig;
    let receiver = sig.receiver().map(|r| Receiver {
        kind: match &r.kind {
            ReceiverKind::Reference(_, _, Some(_)) => ReceiverShape::Mut,
            ReceiverKind::Reference(_, _, None) => ReceiverShape::Shared,
            ReceiverKind::Typed(_, ty) => match strip(ty) {
                Type::Reference(r) if is_self(&r.elem) && r.mutability.is_some() => ReceiverShape::Mut,
                Type::Reference(r) if is_self(&r.elem) => ReceiverShape::Shared,
                _ => ReceiverShape::Other,
            },
            _ => ReceiverShape::Other,
        },
        tokens: r.to_token_stream(),
    });
    let params = sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            FnArg::Typed(pt) => Some(Param { kind: classify(&pt.ty), ty: (*pt.ty).clone() }),
            FnArg::Receiver(_) => None,
        })
        .collect();
    let output = match &sig.output {
        ReturnType::Default => None,
        ReturnType::Type(_, ty) => Some((**ty).clone()),
    };
    Method { ident: sig.ident.clone(), is_async: sig.asyncness.is_some(), receiver, params, output, role }
}

/// Classifies a parameter by its type.
pub(crate) fn classify(ty: &Type) -> ParamKind {
    match strip(ty) {
        Type::Reference(r) => {
            let mutable = r.mutability.is_some();
            match last_segment(&r.elem) {
                Some("Params") => ParamKind::Params { mutable },
                Some("Session") => ParamKind::Session { mutable },
                Some("Socket") => ParamKind::Socket { mutable },
                _ => ParamKind::Value,
            }
        }
        ty if last_segment(ty) == Some("Event") => ParamKind::Event,
        _ => ParamKind::Value,
    }
}

/// Whether a return type is written `Result<..>` (any path ending in `Result`).
pub(crate) fn is_result(ty: &Type) -> bool {
    last_segment(ty) == Some("Result")
}

/// The name of a path type if it is one the macro recognises: `Params`, `Session`, `Socket` and
/// `Event` without generic arguments (a generic `Event<T>` is the user's own type), `Result`
/// with any.
fn last_segment(ty: &Type) -> Option<&str> {
    let Type::Path(path) = strip(ty) else { return None };
    if path.qself.is_some() {
        return None;
    }
    let segment = path.path.segments.last()?;
    let name = segment.ident.to_string();
    let known = ["Params", "Session", "Socket", "Event", "Result"];
    let known = known.into_iter().find(|k| *k == name)?;
    match (&segment.arguments, known) {
        (PathArguments::None, _) | (_, "Result") => Some(known),
        _ => None,
    }
}

fn is_self(ty: &Type) -> bool {
    matches!(strip(ty), Type::Path(p) if p.qself.is_none() && p.path.is_ident("Self"))
}

/// Looks through invisible groups (from `macro_rules!` fragments) and parentheses.
fn strip(ty: &Type) -> &Type {
    match ty {
        Type::Group(g) => strip(&g.elem),
        Type::Paren(p) => strip(&p.elem),
        ty => ty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse_impl(tokens: TokenStream) -> (ViewImpl, Vec<String>) {
        let mut errors = Errors::default();
        let Input::Impl(view) = parse(tokens, &mut errors) else { panic!("expected an impl") };
        let messages =
            errors.finish().err().map(|e| e.into_iter().map(|e| e.to_string()).collect()).unwrap_or_default();
        (*view, messages)
    }

    fn ty(tokens: TokenStream) -> Type {
        syn::parse2(tokens).unwrap()
    }

    #[test]
    fn parameters_are_classified_by_type() {
        assert_eq!(classify(&ty(quote!(&Params))), ParamKind::Params { mutable: false });
        assert_eq!(classify(&ty(quote!(&liveview::Session))), ParamKind::Session { mutable: false });
        assert_eq!(classify(&ty(quote!(&'a mut ::liveview::Socket))), ParamKind::Socket { mutable: true });
        assert_eq!(classify(&ty(quote!(&Socket))), ParamKind::Socket { mutable: false });
        assert_eq!(classify(&ty(quote!(Event))), ParamKind::Event);
        assert_eq!(classify(&ty(quote!(liveview::Event))), ParamKind::Event);
        // By value, `Socket` and `Params` are ordinary types (payloads), as are generic `Event`s.
        assert_eq!(classify(&ty(quote!(Params))), ParamKind::Value);
        assert_eq!(classify(&ty(quote!(Event<T>))), ParamKind::Value);
        assert_eq!(classify(&ty(quote!(&MySocket))), ParamKind::Value);
        assert_eq!(classify(&ty(quote!(UserForm))), ParamKind::Value);
        assert!(is_result(&ty(quote!(Result<Self>))));
        assert!(is_result(&ty(quote!(std::io::Result<Self>))));
        assert!(!is_result(&ty(quote!(Self))));
    }

    #[test]
    fn helper_attributes_are_stripped_and_read_as_roles() {
        let (view, errors) = parse_impl(quote! {
            impl V {
                /// Docs stay.
                #[event("a")]
                #[event("b")]
                async fn ab(&mut self, p: P) -> Reply { todo!() }
                #[info]
                fn tick(&mut self, t: Tick, socket: &mut Socket) {}
                fn render(&self) -> Rendered { todo!() }
            }
        });
        assert!(errors.is_empty(), "{errors:?}");
        let out = view.item.to_token_stream().to_string();
        assert!(!out.contains("event") && !out.contains("info"), "{out}");
        assert!(out.contains("doc"), "{out}");
        let [ab, tick, render] = &view.methods[..] else { panic!("three methods") };
        let Role::Event(names) = &ab.role else { panic!("event role") };
        assert_eq!(names.iter().map(LitStr::value).collect::<Vec<_>>(), ["a", "b"]);
        assert!(ab.is_async && ab.output.is_some());
        assert_eq!(ab.receiver.as_ref().map(|r| r.kind), Some(ReceiverShape::Mut));
        assert!(matches!(tick.role, Role::Info));
        assert_eq!(
            tick.params.iter().map(|p| p.kind).collect::<Vec<_>>(),
            [ParamKind::Value, ParamKind::Socket { mutable: true }]
        );
        assert!(matches!(render.role, Role::Plain));
        assert_eq!(render.receiver.as_ref().map(|r| r.kind), Some(ReceiverShape::Shared));
    }

    #[test]
    fn typed_receivers_are_understood() {
        let (view, _) = parse_impl(quote! { impl V { fn a(self: &mut Self) {} fn b(self: Box<Self>) {} fn c() {} } });
        let shapes: Vec<_> = view.methods.iter().map(|m| m.receiver.as_ref().map(|r| r.kind)).collect();
        assert_eq!(shapes, [Some(ReceiverShape::Mut), Some(ReceiverShape::Other), None]);
    }

    #[test]
    fn malformed_event_attributes_are_each_reported() {
        let (view, errors) = parse_impl(quote! {
            impl V {
                #[event] fn a(&mut self) {}
                #[event(inc)] fn b(&mut self) {}
                #[event("x", "y")] fn c(&mut self) {}
                #[event = "d"] fn d(&mut self) {}
                #[event("")] fn e(&mut self) {}
                #[info(Tick)] fn f(&mut self, t: Tick) {}
                #[event("g")] #[info] fn g(&mut self) {}
            }
        });
        assert_eq!(
            errors,
            [
                "#[event] needs the event's name: `#[event(\"name\")]`",
                "the event's name is a string literal: `#[event(\"name\")]`",
                "#[event] takes one name; stack `#[event(\"..\")]` attributes to handle several events",
                "write the event's name in parentheses: `#[event(\"name\")]`",
                "the event's name is empty",
                "#[info] takes no arguments: the message type is the handler's parameter type",
                "a method is either an #[event] handler or an #[info] handler, not both",
            ]
        );
        // Handlers with a bad attribute are still handlers (their signatures get checked).
        assert!(view.methods[..5].iter().all(|m| matches!(m.role, Role::Event(_))));
        assert!(!view.item.to_token_stream().to_string().contains("event"));
    }

    #[test]
    fn arguments_and_misplaced_attributes_are_reported() {
        let mut errors = Errors::default();
        no_arguments(quote!(foo = 1), &mut errors);
        assert!(matches!(parse(quote! { fn f() {} }, &mut errors), Input::Unchanged(_)));
        assert!(matches!(parse(quote! { impl Clone for V {} }, &mut errors), Input::Unchanged(_)));
        let Input::Impl(view) = parse(quote! { impl V { #[info] const X: u8 = 1; } }, &mut errors) else { panic!() };
        assert!(!view.item.to_token_stream().to_string().contains("info"));
        let messages: Vec<String> = errors.finish().unwrap_err().into_iter().map(|e| e.to_string()).collect();
        assert_eq!(
            messages,
            [
                "#[live_view] takes no arguments",
                "#[live_view] goes on the view's struct and on its inherent impl (`impl MyView { .. }`)",
                "#[live_view] goes on the view's inherent impl (`impl MyView { .. }`), not on a trait impl",
                "#[event] and #[info] go on methods",
            ]
        );
    }
}
