//! Code generation: the impl as written, then `impl LiveComponent for Component { .. }` with
//! the view's generated `mount`, `handle_event` and `render`, and `type Props` / `update`.

use super::analyze::Update;
use crate::live_view::analyze::{Arg, Plan};
use crate::live_view::emit::{
    binding, decode_payload_fn, handle_event, invoke, is_socket, mount, render, stand_in, trait_impl, unit_result, uses,
};
use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemImpl;

/// The expansion of a valid impl.
pub(crate) fn component(item: &ItemImpl, plan: &Plan, update: Option<&Update>) -> TokenStream {
    let mount = mount(&plan.mount);
    let handle_event = (!plan.events.is_empty()).then(|| handle_event(&plan.events));
    let render = plan.render.as_ref().map(render);
    let decodes = plan.events.iter().any(|arm| arm.call.args.iter().any(|arg| matches!(arg, Arg::Payload(_))));
    let helpers = decodes.then(decode_payload_fn);
    let (props, update) = match update {
        Some(u) => {
            let props = &u.props;
            let socket = binding("socket", uses(&[&u.call], is_socket));
            let message = crate::live_view::emit::local("message");
            let body = unit_result(&u.call, invoke(&u.call, true, false));
            let update = quote! {
                fn update(
                    &mut self,
                    #message: Self::Props,
                    #socket: &mut ::liveview::Socket,
                ) -> impl ::core::future::Future<Output = ::liveview::Result<()>> + ::core::marker::Send {
                    async move { #body }
                }
            };
            (quote!(#props), update)
        }
        None => (quote!(()), TokenStream::new()),
    };
    let trait_impl = trait_impl(
        item,
        quote!(LiveComponent),
        quote!(#helpers),
        quote! { type Props = #props; #mount #update #handle_event #render },
    );
    quote! {
        #item
        #trait_impl
    }
}

/// The expansion when there were errors: the impl, the errors and a stand-in impl.
pub(crate) fn failure(item: &ItemImpl, error: &syn::Error) -> TokenStream {
    let why = "this component's #[live_component] impl did not compile";
    stand_in(
        item,
        error,
        quote!(LiveComponent),
        quote!(
            type Props = ();
        ),
        why,
    )
}
