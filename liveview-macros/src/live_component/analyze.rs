//! What a component adds to a view's plan: `update` (its props type), and the view callbacks it
//! may not have.

use crate::errors::Errors;
use crate::live_view::analyze::{Arg, Call, args, call, receiver};
use crate::live_view::parse::{ParamKind, ReceiverShape, Role, ViewImpl};
use syn::Type;

/// The component's `update`.
pub(crate) struct Update {
    pub(crate) call: Call,
    pub(crate) props: Type,
}

/// Checks the component-only rules; returns its `update`, if it has one.
pub(crate) fn analyze(component: &ViewImpl, errors: &mut Errors) -> Option<Update> {
    let mut update = None;
    for method in &component.methods {
        match (&method.role, method.ident.to_string().as_str()) {
            (Role::Info, _) => errors.push(syn::Error::new_spanned(
                &method.ident,
                "a live component has no #[info] handlers: the parent passes it data with \
                 `socket.send_update::<Component>(id, props)`, which calls `update`",
            )),
            (Role::Plain, "handle_params") => errors.push(syn::Error::new_spanned(
                &method.ident,
                "a live component has no URL params: `handle_params` belongs to its view",
            )),
            (Role::Plain, "update") => update = update_call(method, errors),
            _ => {}
        }
    }
    update
}

fn update_call(method: &crate::live_view::parse::Method, errors: &mut Errors) -> Option<Update> {
    receiver(method, ReceiverShape::Mut, "`update` takes `&mut self`", errors);
    let usage = "`update` takes `&mut self`, the props (any type) and optionally `&mut Socket`";
    let args = args(method, errors, usage, |param| match param.kind {
        ParamKind::Socket { mutable } => Some(Arg::Socket { shared: !mutable }),
        ParamKind::Value => Some(Arg::Message(param.ty.clone())),
        _ => None,
    });
    let props = args.iter().find_map(|arg| match arg {
        Arg::Message(ty) => Some(ty.clone()),
        _ => None,
    });
    let Some(props) = props else {
        errors.push(syn::Error::new_spanned(
            &method.ident,
            "`update` takes the props: `fn update(&mut self, props: MyProps, socket: &mut Socket)`",
        ));
        return None;
    };
    Some(Update { call: call(method, args), props })
}
