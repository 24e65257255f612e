//! Code generation: the impl as written (helper attributes stripped), then
//! `const _: () = { impl LiveView for View { .. } };` whose methods call the user's.
//!
//! Runtime items are named only through `::liveview` and `::liveview::__private`. Generated
//! locals (`event`, `socket`, ...) are `Span::mixed_site()` identifiers, so they cannot collide
//! with user code. Each call of a user method, and the conversion of what it returns, is spanned
//! on the method's declared return type, so a return type that does not fit is reported there;
//! payload decoding and message downcasts are spanned on the parameter's type, so a payload that
//! is not `Deserialize` (or a message that is not `'static`) is reported on the user's type.

use super::analyze::{Arg, Call, EventArm, InfoArm, Mount, Plan, Returns};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ItemImpl;
use syn::spanned::Spanned;

/// The expansion of a valid impl: the impl, and the `LiveView` impl.
pub(crate) fn view(item: &ItemImpl, plan: &Plan) -> TokenStream {
    let mount = mount(&plan.mount);
    let handle_params = plan.handle_params.as_ref().map(handle_params);
    let handle_event = (!plan.events.is_empty()).then(|| handle_event(&plan.events));
    let handle_info = (!plan.infos.is_empty()).then(|| handle_info(&plan.infos));
    let render = plan.render.as_ref().map(render);
    let decodes = plan.events.iter().any(|arm| arm.call.args.iter().any(|arg| matches!(arg, Arg::Payload(_))));
    let helpers = decodes.then(decode_payload_fn);
    let nested = nested(item);
    let trait_impl = trait_impl(
        item,
        quote!(LiveView),
        quote!(#helpers),
        quote! { #mount #handle_params #handle_event #handle_info #render #nested },
    );
    quote! {
        #item
        #trait_impl
    }
}

/// The expansion when there were errors: the impl (so its methods still exist and nothing
/// cascades), the errors, and a stand-in `LiveView` impl so that routes naming the view do not
/// add errors of their own.
pub(crate) fn failure(item: &ItemImpl, error: &syn::Error) -> TokenStream {
    stand_in(item, error, quote!(LiveView), TokenStream::new(), "this view's #[live_view] impl did not compile")
}

/// The failure expansion of either macro: `item`, `error`, and an impl of `trait_name` (with
/// `extra` items, e.g. a component's `type Props`) whose `mount` fails with `why` at run time.
pub(crate) fn stand_in(
    item: &ItemImpl,
    error: &syn::Error,
    trait_name: TokenStream,
    extra: TokenStream,
    why: &str,
) -> TokenStream {
    let errors = error.to_compile_error();
    let trait_impl = trait_impl(
        item,
        trait_name,
        TokenStream::new(),
        quote! {
            #extra
            fn mount(
                _: &::liveview::Params,
                _: &::liveview::Session,
                _: &mut ::liveview::Socket,
            ) -> impl ::core::future::Future<Output = ::liveview::Result<Self>> + ::core::marker::Send {
                async { ::core::result::Result::Err(::liveview::__private::Error::msg(#why)) }
            }
            fn render(&self, _: &::liveview::Socket) -> ::liveview::Rendered {
                ::liveview::__private::Rendered::empty()
            }
        },
    );
    quote! {
        // Nothing calls the handlers now; their errors are what matters.
        #[allow(dead_code)]
        #item
        #trait_impl
        #errors
    }
}

/// An item passed through unchanged, with errors.
pub(crate) fn passthrough(item: TokenStream, error: &syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote! {
        #item
        #errors
    }
}

/// `const _: () = { helpers; impl Trait for View { methods } };` (`Trait` in `__private`).
pub(crate) fn trait_impl(
    item: &ItemImpl,
    trait_name: TokenStream,
    helpers: TokenStream,
    methods: TokenStream,
) -> TokenStream {
    let self_ty = &item.self_ty;
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    quote! {
        const _: () = {
            #helpers
            #[automatically_derived]
            impl #impl_generics ::liveview::__private::#trait_name for #self_ty #where_clause {
                #methods
            }
        };
    }
}

/// A generated local.
pub(crate) fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// The pattern of a trait method parameter: the local if used, else `_`.
pub(crate) fn binding(name: &str, used: bool) -> TokenStream {
    if used {
        let local = local(name);
        quote!(#local)
    } else {
        quote!(_)
    }
}

pub(crate) fn uses(calls: &[&Call], wanted: fn(&Arg) -> bool) -> bool {
    calls.iter().any(|call| call.args.iter().any(wanted))
}

fn is_params(arg: &Arg) -> bool {
    matches!(arg, Arg::Params)
}

fn is_session(arg: &Arg) -> bool {
    matches!(arg, Arg::Session)
}

pub(crate) fn is_socket(arg: &Arg) -> bool {
    matches!(arg, Arg::Socket { .. })
}

/// `Self::method(self?, args..)` with `.await` if async, spanned on the declared return type
/// (the method's name too), so that a return type that does not fit is reported there alone.
/// `socket_is_shared`: the socket local is already a `&Socket` (in `render`).
pub(crate) fn invoke(call: &Call, receiver: bool, socket_is_shared: bool) -> TokenStream {
    let mut ident = call.ident.clone();
    ident.set_span(call.output_span);
    let socket = local("socket");
    let args = call.args.iter().map(|arg| match arg {
        Arg::Params => {
            let params = local("params");
            quote!(#params)
        }
        Arg::Session => {
            let session = local("session");
            quote!(#session)
        }
        Arg::Socket { .. } if socket_is_shared => quote!(#socket),
        Arg::Socket { shared: true } => quote!(&*#socket),
        Arg::Socket { shared: false } => quote!(&mut *#socket),
        Arg::Event => {
            let event = local("event");
            quote!(#event)
        }
        Arg::Payload(_) => {
            let payload = local("payload");
            quote!(#payload)
        }
        Arg::Message(_) => {
            let message = local("message");
            quote!(#message)
        }
    });
    let args = receiver.then(|| quote!(self)).into_iter().chain(args);
    let awaited = call.is_async.then(|| quote!(.await));
    quote_spanned! {call.output_span=> Self::#ident(#(#args),*) #awaited }
}

pub(crate) fn mount(mount: &Mount) -> TokenStream {
    let calls: Vec<&Call> = match mount {
        Mount::Default(_) => Vec::new(),
        Mount::Call { call, .. } => vec![call],
    };
    let params = binding("params", uses(&calls, is_params));
    let session = binding("session", uses(&calls, is_session));
    let socket = binding("socket", uses(&calls, is_socket));
    let body = match mount {
        // Without `mount`, a view is its `Default`: a missing impl is reported on the self type.
        Mount::Default(span) => quote_spanned! {*span=>
            ::core::result::Result::Ok(<Self as ::core::default::Default>::default())
        },
        Mount::Call { call, returns: Returns::Value } => {
            let invoke = invoke(call, false, false);
            quote_spanned! {call.output_span=> {
                let view: Self = #invoke;
                ::core::result::Result::Ok(view)
            }}
        }
        Mount::Call { call, returns: Returns::Result } => {
            let invoke = invoke(call, false, false);
            let (view, error) = (local("view"), local("error"));
            // `E: Into<Box<dyn Error + Send + Sync>>`; our own `Error` is kept as it is.
            quote_spanned! {call.output_span=>
                match #invoke {
                    ::core::result::Result::Ok(#view) => ::core::result::Result::Ok(#view),
                    ::core::result::Result::Err(#error) => ::core::result::Result::Err(
                        ::liveview::__private::Error::from_boxed(::core::convert::Into::into(#error)),
                    ),
                }
            }
        }
    };
    quote! {
        fn mount(
            #params: &::liveview::Params,
            #session: &::liveview::Session,
            #socket: &mut ::liveview::Socket,
        ) -> impl ::core::future::Future<Output = ::liveview::Result<Self>> + ::core::marker::Send {
            async move { #body }
        }
    }
}

/// A call whose result is a `Result<()>`: unit calls are statements, others convert.
pub(crate) fn unit_result(call: &Call, invoke: TokenStream) -> TokenStream {
    if call.unit {
        quote! {
            #invoke;
            ::core::result::Result::Ok(())
        }
    } else {
        quote_spanned! {call.output_span=> ::liveview::__private::IntoUnitResult::into_unit_result(#invoke) }
    }
}

fn handle_params(call: &Call) -> TokenStream {
    let params = binding("params", uses(&[call], is_params));
    let socket = binding("socket", uses(&[call], is_socket));
    let body = unit_result(call, invoke(call, true, false));
    quote! {
        fn handle_params(
            &mut self,
            #params: &::liveview::Params,
            #socket: &mut ::liveview::Socket,
        ) -> impl ::core::future::Future<Output = ::liveview::Result<()>> + ::core::marker::Send {
            async move { #body }
        }
    }
}

pub(crate) fn handle_event(arms: &[EventArm]) -> TokenStream {
    let event = local("event");
    let calls: Vec<&Call> = arms.iter().map(|arm| &arm.call).collect();
    let socket = binding("socket", uses(&calls, is_socket));
    let arms = arms.iter().map(|arm| {
        let names = &arm.names;
        let decode = arm.call.args.iter().find_map(|arg| match arg {
            Arg::Payload(ty) => Some(decode(ty)),
            _ => None,
        });
        let invoke = invoke(&arm.call, true, false);
        let result = if arm.call.unit {
            quote! {
                #invoke;
                ::core::result::Result::Ok(::core::option::Option::None)
            }
        } else {
            quote_spanned! {arm.call.output_span=> ::liveview::__private::IntoEventResult::into_event_result(#invoke) }
        };
        quote! {
            #(#names)|* => {
                #decode
                #result
            }
        }
    });
    quote! {
        fn handle_event(
            &mut self,
            #event: ::liveview::Event,
            #socket: &mut ::liveview::Socket,
        ) -> impl ::core::future::Future<
            Output = ::liveview::Result<::core::option::Option<::liveview::Reply>>,
        > + ::core::marker::Send {
            async move {
                match #event.name.as_str() {
                    #(#arms)*
                    _ => {
                        ::liveview::__private::tracing::warn!(
                            event = %#event.name,
                            view = ::core::any::type_name::<Self>(),
                            "no #[event] handler for this event; ignored",
                        );
                        ::core::result::Result::Ok(::core::option::Option::None)
                    }
                }
            }
        }
    }
}

/// `let payload = ..;` decoding the event into `ty`, or returning `Error::Payload`. The call of
/// [`decode_payload_fn`] is spanned on `ty`, so a type that is not `Deserialize` is reported on
/// the user's type, with a note pointing at `#[live_view]` (not into the runtime's sources).
fn decode(ty: &syn::Type) -> TokenStream {
    let (event, payload) = (local("event"), local("payload"));
    let (value, error) = (local("value"), local("error"));
    let decode_payload = local("decode_payload");
    let decoded = quote_spanned! {ty.span()=> #decode_payload::<#ty>(&#event) };
    quote! {
        let #payload = match #decoded {
            ::core::result::Result::Ok(#value) => #value,
            ::core::result::Result::Err(#error) => return ::core::result::Result::Err(#error),
        };
    }
}

/// `fn decode_payload<T: DeserializeOwned>(&Event) -> Result<T>`, for [`decode`]: the payload, or
/// `Error::Payload` naming the event (the runtime logs it and acknowledges the event).
pub(crate) fn decode_payload_fn() -> TokenStream {
    let (decode_payload, event, source) = (local("decode_payload"), local("event"), local("source"));
    quote! {
        fn #decode_payload<T: ::liveview::__private::DeserializeOwned>(
            #event: &::liveview::Event,
        ) -> ::liveview::Result<T> {
            #event.decode::<T>().map_err(|#source| ::liveview::__private::Error::Payload {
                event: ::core::clone::Clone::clone(&#event.name),
                source: #source,
            })
        }
    }
}

fn handle_info(arms: &[InfoArm]) -> TokenStream {
    let (info, message) = (local("info"), local("message"));
    let calls: Vec<&Call> = arms.iter().map(|arm| &arm.call).collect();
    let socket = binding("socket", uses(&calls, is_socket));
    // In declaration order: each failed downcast gives the info back for the next one.
    let arms = arms.iter().map(|arm| {
        let ty = &arm.message;
        let downcast = quote_spanned! {ty.span()=> #info.downcast::<#ty>() };
        let result = unit_result(&arm.call, invoke(&arm.call, true, false));
        quote! {
            let #info = match #downcast {
                ::core::result::Result::Ok(#message) => return { #result },
                ::core::result::Result::Err(#info) => #info,
            };
        }
    });
    quote! {
        fn handle_info(
            &mut self,
            #info: ::liveview::Info,
            #socket: &mut ::liveview::Socket,
        ) -> impl ::core::future::Future<Output = ::liveview::Result<()>> + ::core::marker::Send {
            async move {
                #(#arms)*
                ::liveview::__private::tracing::warn!(
                    view = ::core::any::type_name::<Self>(),
                    message = #info.type_name(),
                    "no #[info] handler for this message type; dropped (add `#[info] fn ..(&mut self, msg: ThatType)`)",
                );
                ::core::mem::drop(#info);
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// For a render that embeds views with `live_render::<V>`: they are registered when this view
/// is (so their joins find them even before this view renders), and its runtime prepares for
/// children before the first render. Each call is spanned on the user's type.
fn nested(item: &ItemImpl) -> Option<TokenStream> {
    let children = super::nested::children(item);
    if children.is_empty() {
        return None;
    }
    let registers = children.iter().map(|ty| {
        let span = ty.clone().into_iter().next().map_or_else(Span::call_site, |t| t.span());
        quote_spanned! {span=> ::liveview::__private::register_nested::<#ty>(); }
    });
    Some(quote! {
        const __NESTS: bool = true;
        fn __register_nested() {
            #(#registers)*
        }
    })
}

pub(crate) fn render(call: &Call) -> TokenStream {
    let socket = binding("socket", uses(&[call], is_socket));
    let invoke = invoke(call, true, true);
    quote! {
        fn render(&self, #socket: &::liveview::Socket) -> ::liveview::Rendered {
            #invoke
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::live_view::expand;
    use quote::quote;

    fn expand_str(item: proc_macro2::TokenStream) -> String {
        expand(quote!(), item).to_string()
    }

    #[test]
    fn events_dispatch_by_name_and_decode_payloads() {
        let out = expand_str(quote! {
            impl V {
                #[event("save")] #[event("validate")]
                async fn save(&mut self, form: UserForm, socket: &mut Socket) -> Reply { todo!() }
                #[event("inc")]
                fn inc(&mut self) {}
                fn render(&self) -> Rendered { todo!() }
            }
        });
        assert!(out.contains("\"save\" | \"validate\" =>"), "{out}");
        assert!(out.contains("decode_payload :: < UserForm > (& event)"), "{out}");
        assert!(out.contains("fn decode_payload < T : :: liveview :: __private :: DeserializeOwned >"), "{out}");
        assert!(out.contains("Error :: Payload"), "{out}");
        assert!(out.contains("Self :: save (self , payload , & mut * socket) . await"), "{out}");
        assert!(out.contains("into_event_result"), "{out}");
        // A unit handler is a statement.
        assert!(out.contains("Self :: inc (self) ;"), "{out}");
        assert!(out.contains("tracing :: warn !"), "{out}");
        // Nothing uses the socket in render: its parameter is `_`.
        assert!(out.contains("fn render (& self , _ : & :: liveview :: Socket)"), "{out}");
    }

    #[test]
    fn infos_downcast_in_declaration_order() {
        let out = expand_str(quote! {
            impl V {
                #[info] fn a(&mut self, a: A) {}
                #[info] async fn b(&mut self, b: B, socket: &mut Socket) -> Result<(), E> { Ok(()) }
                fn render(&self, socket: &Socket) -> Rendered { todo!() }
            }
        });
        let a = out.find("downcast :: < A >").expect("downcast to A");
        let b = out.find("downcast :: < B >").expect("downcast to B");
        assert!(a < b, "{out}");
        assert!(out.contains("into_unit_result (Self :: b (self , message , & mut * socket) . await)"), "{out}");
        assert!(out.contains("Self :: render (self , socket)"), "{out}");
    }

    #[test]
    fn mount_is_default_or_the_users_with_its_result_converted() {
        let out = expand_str(quote! { impl V { fn render(&self) -> Rendered { todo!() } } });
        assert!(out.contains("< Self as :: core :: default :: Default > :: default ()"), "{out}");
        assert!(out.contains("fn mount (_ : & :: liveview :: Params"), "{out}");
        let out = expand_str(quote! {
            impl V {
                async fn mount(socket: &mut Socket) -> Result<Self> { todo!() }
                fn render(&self) -> Rendered { todo!() }
            }
        });
        assert!(out.contains("Self :: mount (& mut * socket) . await"), "{out}");
        assert!(
            out.contains(
                ":: liveview :: __private :: Error :: from_boxed (:: core :: convert :: Into :: into (error))"
            ),
            "{out}"
        );
        assert!(!out.contains("fn handle_event") && !out.contains("fn handle_info"), "{out}");
    }
}
