//! Analysis: validate every callback and handler signature and turn the impl into a [`Plan`]:
//! for each `LiveView` method, which user method to call and what to pass it.
//!
//! Callbacks are found by name (`mount`, `handle_params`, `render`), handlers by attribute.
//! Each mistake is reported on the token that is wrong (a receiver, a parameter's type, an
//! event name), and analysis goes on, so every mistake in the impl is shown at once.

use super::parse::{Method, Param, ParamKind, ReceiverShape, Role, ViewImpl, is_result};
use crate::errors::Errors;
use proc_macro2::Span;
use std::collections::HashMap;
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Type};

/// What the generated `impl LiveView` does.
pub(crate) struct Plan {
    pub(crate) mount: Mount,
    /// `None`: the trait's default (nothing to do).
    pub(crate) handle_params: Option<Call>,
    /// Empty: the trait's default (every event is unknown).
    pub(crate) events: Vec<EventArm>,
    /// Empty: the trait's default (every message is dropped).
    pub(crate) infos: Vec<InfoArm>,
    /// `None` only when there were errors.
    pub(crate) render: Option<Call>,
}

/// How the view is created.
pub(crate) enum Mount {
    /// No `fn mount`: `Default::default()`, spanned on the impl's self type.
    Default(Span),
    /// The user's `mount`.
    Call { call: Call, returns: Returns },
}

/// What `mount` returns.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Returns {
    /// `Self` (or the type's name).
    Value,
    /// `Result<Self, E>`.
    Result,
}

/// A call of a user method.
pub(crate) struct Call {
    pub(crate) ident: Ident,
    pub(crate) is_async: bool,
    /// What to pass, in the method's parameter order (the receiver is implied by the callback).
    pub(crate) args: Vec<Arg>,
    /// Where to report a return type that does not fit: the declared type, else the name.
    pub(crate) output_span: Span,
    /// No declared return type: the call is a statement, there is nothing to convert.
    pub(crate) unit: bool,
}

/// One argument of a [`Call`].
#[derive(Clone)]
pub(crate) enum Arg {
    Params,
    Session,
    /// `shared`: the method takes `&Socket`.
    Socket {
        shared: bool,
    },
    /// The whole event.
    Event,
    /// The event payload, decoded into this type.
    Payload(Type),
    /// The info message, downcast to this type.
    Message(Type),
}

/// The handler of one or more event names.
pub(crate) struct EventArm {
    pub(crate) names: Vec<LitStr>,
    pub(crate) call: Call,
}

/// The handler of one message type.
pub(crate) struct InfoArm {
    pub(crate) message: Type,
    pub(crate) call: Call,
}

/// Validates the impl's methods and plans the trait impl.
pub(crate) fn analyze(view: &ViewImpl, errors: &mut Errors) -> Plan {
    let mut plan = Plan {
        mount: Mount::Default(view.item.self_ty.span()),
        handle_params: None,
        events: Vec::new(),
        infos: Vec::new(),
        render: None,
    };
    // First handler of each event name, to report duplicates.
    let mut handled: HashMap<String, &Ident> = HashMap::new();
    for method in &view.methods {
        match &method.role {
            Role::Event(names) => {
                for name in names {
                    match handled.get(&name.value()) {
                        Some(first) => errors.push(syn::Error::new_spanned(
                            name,
                            format!("duplicate event {:?} (first handled by fn {first})", name.value()),
                        )),
                        None => {
                            handled.insert(name.value(), &method.ident);
                        }
                    }
                }
                let call = event_handler(method, errors);
                plan.events.push(EventArm { names: names.clone(), call });
            }
            Role::Info => {
                if let Some(arm) = info_handler(method, errors) {
                    plan.infos.push(arm);
                }
            }
            Role::Plain => match method.ident.to_string().as_str() {
                "mount" => plan.mount = mount(method, errors),
                "handle_params" => plan.handle_params = Some(handle_params(method, errors)),
                "render" => plan.render = Some(render(method, errors)),
                "handle_event" => errors.push(syn::Error::new_spanned(
                    &method.ident,
                    "`handle_event` is generated: mark each event handler with `#[event(\"name\")]`",
                )),
                "handle_info" => errors.push(syn::Error::new_spanned(
                    &method.ident,
                    "`handle_info` is generated: mark each message handler with `#[info]`",
                )),
                _ => {}
            },
        }
    }
    if plan.render.is_none() {
        errors.push(syn::Error::new_spanned(&view.item.self_ty, "a LiveView needs `fn render(&self) -> Rendered`"));
    }
    plan
}

fn mount(method: &Method, errors: &mut Errors) -> Mount {
    if let Some(receiver) = &method.receiver {
        errors.push(syn::Error::new_spanned(
            &receiver.tokens,
            "`mount` creates the view: it takes no `self` and returns `Self` or `Result<Self, E>`",
        ));
    }
    let args = args(
        method,
        errors,
        "`mount` takes `&Params`, `&Session` and `&mut Socket`, each optional, in any order",
        |param| match param.kind {
            ParamKind::Params { mutable: false } => Some(Arg::Params),
            ParamKind::Session { mutable: false } => Some(Arg::Session),
            ParamKind::Socket { mutable } => Some(Arg::Socket { shared: !mutable }),
            _ => None,
        },
    );
    let returns = match &method.output {
        None => {
            errors.push(syn::Error::new_spanned(&method.ident, "`mount` returns `Self` or `Result<Self, E>`"));
            Returns::Value
        }
        Some(ty) if is_result(ty) => Returns::Result,
        Some(_) => Returns::Value,
    };
    Mount::Call { call: call(method, args), returns }
}

fn handle_params(method: &Method, errors: &mut Errors) -> Call {
    receiver(method, ReceiverShape::Mut, "`handle_params` takes `&mut self`", errors);
    let args = args(
        method,
        errors,
        "`handle_params` takes `&Params` and `&mut Socket`, each optional, in any order",
        |param| match param.kind {
            ParamKind::Params { mutable: false } => Some(Arg::Params),
            ParamKind::Socket { mutable } => Some(Arg::Socket { shared: !mutable }),
            _ => None,
        },
    );
    call(method, args)
}

fn render(method: &Method, errors: &mut Errors) -> Call {
    receiver(method, ReceiverShape::Shared, "`render` takes `&self`", errors);
    let args = args(method, errors, "`render` takes `&self` and optionally `&Socket`", |param| match param.kind {
        ParamKind::Socket { mutable: false } => Some(Arg::Socket { shared: true }),
        _ => None,
    });
    if method.output.is_none() {
        errors.push(syn::Error::new_spanned(&method.ident, "a LiveView needs `fn render(&self) -> Rendered`"));
    }
    call(method, args)
}

fn event_handler(method: &Method, errors: &mut Errors) -> Call {
    receiver(method, ReceiverShape::Mut, "an #[event] handler takes `&mut self`", errors);
    let usage = "an #[event] handler takes `&mut self`, then optionally `&mut Socket`, the payload (any \
                 `Deserialize` type) and the whole `Event`, in any order";
    let args = args(method, errors, usage, |param| match param.kind {
        ParamKind::Socket { mutable } => Some(Arg::Socket { shared: !mutable }),
        ParamKind::Event => Some(Arg::Event),
        ParamKind::Value => Some(Arg::Payload(param.ty.clone())),
        ParamKind::Params { .. } | ParamKind::Session { .. } => None,
    });
    call(method, args)
}

fn info_handler(method: &Method, errors: &mut Errors) -> Option<InfoArm> {
    receiver(method, ReceiverShape::Mut, "an #[info] handler takes `&mut self`", errors);
    let usage = "an #[info] handler takes `&mut self`, the message, and optionally `&mut Socket`";
    let args = args(method, errors, usage, |param| match param.kind {
        ParamKind::Socket { mutable } => Some(Arg::Socket { shared: !mutable }),
        ParamKind::Value | ParamKind::Event => Some(Arg::Message(param.ty.clone())),
        ParamKind::Params { .. } | ParamKind::Session { .. } => None,
    });
    let message = args.iter().find_map(|arg| match arg {
        Arg::Message(ty) => Some(ty.clone()),
        _ => None,
    });
    let Some(message) = message else {
        errors.push(syn::Error::new_spanned(
            &method.ident,
            "an #[info] handler takes exactly one message parameter: `fn name(&mut self, msg: MyMessage)`",
        ));
        return None;
    };
    Some(InfoArm { message, call: call(method, args) })
}

/// Checks the receiver against `expected`, reporting on the receiver (or the name if there is none).
pub(crate) fn receiver(method: &Method, expected: ReceiverShape, message: &str, errors: &mut Errors) {
    match &method.receiver {
        Some(receiver) if receiver.kind == expected => {}
        Some(receiver) => errors.push(syn::Error::new_spanned(&receiver.tokens, message)),
        None => errors.push(syn::Error::new_spanned(&method.ident, message)),
    }
}

/// Maps each parameter to an argument with `allowed`, reporting disallowed types (with `usage`)
/// and second parameters of a kind.
pub(crate) fn args(
    method: &Method,
    errors: &mut Errors,
    usage: &str,
    allowed: impl Fn(&Param) -> Option<Arg>,
) -> Vec<Arg> {
    let mut seen: Vec<&'static str> = Vec::new();
    let mut args = Vec::new();
    for param in &method.params {
        let Some(arg) = allowed(param) else {
            errors.push(syn::Error::new_spanned(&param.ty, usage));
            continue;
        };
        let slot = match arg {
            Arg::Params => "`&Params`",
            Arg::Session => "`&Session`",
            Arg::Socket { .. } => "socket",
            Arg::Event => "`Event`",
            Arg::Payload(_) => "payload",
            Arg::Message(_) => "message",
        };
        if seen.contains(&slot) {
            let message = match slot {
                "payload" => {
                    "more than one payload parameter: an event has one payload; put its fields in one struct".to_owned()
                }
                "message" => "more than one message parameter: an #[info] handler takes exactly one message".to_owned(),
                _ => format!("more than one {slot} parameter"),
            };
            errors.push(syn::Error::new_spanned(&param.ty, message));
            continue;
        }
        seen.push(slot);
        args.push(arg);
    }
    args
}

pub(crate) fn call(method: &Method, args: Vec<Arg>) -> Call {
    Call {
        ident: method.ident.clone(),
        is_async: method.is_async,
        args,
        output_span: method.output.as_ref().map_or(method.ident.span(), Spanned::span),
        unit: method.output.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live_view::parse::{Input, parse};
    use proc_macro2::TokenStream;
    use quote::{ToTokens, quote};

    fn analyze_tokens(tokens: TokenStream) -> (Plan, Vec<String>) {
        let mut errors = Errors::default();
        let Input::Impl(view) = parse(tokens, &mut errors) else { panic!("expected an impl") };
        let plan = analyze(&view, &mut errors);
        let messages =
            errors.finish().err().map(|e| e.into_iter().map(|e| e.to_string()).collect()).unwrap_or_default();
        (plan, messages)
    }

    fn arg_names(call: &Call) -> Vec<String> {
        call.args
            .iter()
            .map(|arg| match arg {
                Arg::Params => "params".to_owned(),
                Arg::Session => "session".to_owned(),
                Arg::Socket { shared } => format!("socket(shared={shared})"),
                Arg::Event => "event".to_owned(),
                Arg::Payload(ty) => format!("payload {}", ty.to_token_stream()),
                Arg::Message(ty) => format!("message {}", ty.to_token_stream()),
            })
            .collect()
    }

    #[test]
    fn callbacks_and_handlers_are_planned_with_their_arguments_in_order() {
        let (plan, errors) = analyze_tokens(quote! {
            impl V {
                async fn mount(socket: &mut Socket, params: &Params, session: &Session) -> Result<Self> { todo!() }
                fn handle_params(&mut self, socket: &mut Socket, params: &Params) {}
                #[event("save")]
                #[event("validate")]
                async fn save(&mut self, form: UserForm, socket: &mut Socket) -> Result<(), MyError> { todo!() }
                #[event("raw")]
                fn raw(&mut self, event: Event) -> Option<Reply> { None }
                #[info]
                fn tick(&mut self, socket: &Socket, tick: Tick) {}
                fn helper(&self) -> u32 { 1 }
                fn render(&self, socket: &Socket) -> Rendered { todo!() }
            }
        });
        assert!(errors.is_empty(), "{errors:?}");
        let Mount::Call { call, returns } = &plan.mount else { panic!("mount is called") };
        assert!(call.is_async);
        assert_eq!(*returns, Returns::Result);
        assert_eq!(arg_names(call), ["socket(shared=false)", "params", "session"]);
        assert_eq!(arg_names(plan.handle_params.as_ref().unwrap()), ["socket(shared=false)", "params"]);
        let [save, raw] = &plan.events[..] else { panic!("two handlers") };
        assert_eq!(save.names.iter().map(LitStr::value).collect::<Vec<_>>(), ["save", "validate"]);
        assert_eq!(arg_names(&save.call), ["payload UserForm", "socket(shared=false)"]);
        assert_eq!(arg_names(&raw.call), ["event"]);
        assert_eq!(plan.infos[0].message.to_token_stream().to_string(), "Tick");
        assert_eq!(arg_names(&plan.infos[0].call), ["socket(shared=true)", "message Tick"]);
        assert_eq!(arg_names(plan.render.as_ref().unwrap()), ["socket(shared=true)"]);
    }

    #[test]
    fn without_mount_the_view_is_created_by_default() {
        let (plan, errors) = analyze_tokens(quote! { impl V { fn render(&self) -> Rendered { todo!() } } });
        assert!(errors.is_empty(), "{errors:?}");
        assert!(matches!(plan.mount, Mount::Default(_)));
        assert!(plan.handle_params.is_none() && plan.events.is_empty() && plan.infos.is_empty());
        let (plan, _) =
            analyze_tokens(quote! { impl V { fn mount() -> V { V } fn render(&self) -> Rendered { todo!() } } });
        assert!(matches!(plan.mount, Mount::Call { returns: Returns::Value, .. }));
    }

    #[test]
    fn signature_mistakes_are_each_reported() {
        let (_, errors) = analyze_tokens(quote! {
            impl V {
                fn mount(&self, params: &mut Params, n: u32) {}
                fn handle_params(&self, session: &Session) {}
                #[event("inc")] fn inc(&self) {}
                #[event("inc")] fn inc_again(&mut self) {}
                #[event("two")] fn two(&mut self, a: A, b: B, s: &mut Socket, t: &mut Socket, p: &Params) {}
                #[info] fn none(&mut self) {}
                #[info] fn many(&mut self, a: A, b: B) {}
                fn handle_event(&mut self) {}
            }
        });
        assert_eq!(
            errors,
            [
                "`mount` creates the view: it takes no `self` and returns `Self` or `Result<Self, E>`",
                "`mount` takes `&Params`, `&Session` and `&mut Socket`, each optional, in any order",
                "`mount` takes `&Params`, `&Session` and `&mut Socket`, each optional, in any order",
                "`mount` returns `Self` or `Result<Self, E>`",
                "`handle_params` takes `&mut self`",
                "`handle_params` takes `&Params` and `&mut Socket`, each optional, in any order",
                "an #[event] handler takes `&mut self`",
                "duplicate event \"inc\" (first handled by fn inc)",
                "more than one payload parameter: an event has one payload; put its fields in one struct",
                "more than one socket parameter",
                "an #[event] handler takes `&mut self`, then optionally `&mut Socket`, the payload (any `Deserialize` \
             type) and the whole `Event`, in any order",
                "an #[info] handler takes exactly one message parameter: `fn name(&mut self, msg: MyMessage)`",
                "more than one message parameter: an #[info] handler takes exactly one message",
                "`handle_event` is generated: mark each event handler with `#[event(\"name\")]`",
                "a LiveView needs `fn render(&self) -> Rendered`",
            ]
        );
    }

    #[test]
    fn render_must_borrow_self_and_the_socket_immutably() {
        let (_, errors) = analyze_tokens(quote! { impl V { fn render(&mut self, socket: &mut Socket) {} } });
        assert_eq!(
            errors,
            [
                "`render` takes `&self`",
                "`render` takes `&self` and optionally `&Socket`",
                "a LiveView needs `fn render(&self) -> Rendered`",
            ]
        );
    }
}
