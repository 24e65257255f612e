//! [`LiveComponent`]: what `#[live_component]` implements, and [`DynComponent`], its
//! type-erased form kept in the cid table.

use crate::rendered::Rendered;
use crate::route::Params;
use crate::socket::Socket;
use crate::view::{BoxFuture, Error, Event, Reply, Result, Session};
use std::any::Any;
use std::future::Future;

/// A stateful component inside a live view. Implemented by `#[live_component]`.
///
/// The runtime calls [`mount`](LiveComponent::mount) once per instance (the view's session; the
/// params are the page URL's query), then [`update`](LiveComponent::update) with the props
/// whenever a render of the parent passes different ones (and for every `send_update`), then
/// [`render`](LiveComponent::render). Events sent with `phx-target={myself}` go to
/// [`handle_event`](LiveComponent::handle_event). Inside these callbacks the socket is the
/// view's: `push_event`, `push_patch`, `put_flash` and `send_info` (a message for the parent's
/// `#[info]`) work as from the view; `socket.myself()` is the instance.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a live component",
    note = "put `#[live_component]` on the struct and on its impl"
)]
pub trait LiveComponent: Sized + Send + 'static {
    /// What the parent passes in `live_component::<Self>(id, props)` and `send_update`.
    ///
    /// `PartialEq + Clone` (derive them): a parent render passes the props to `update` only
    /// when they differ from what its previous render passed, as Phoenix's change tracking
    /// does; an instance whose props and state did not change is not rendered again.
    type Props: PartialEq + Clone + Send + 'static;

    /// Creates an instance.
    fn mount(params: &Params, session: &Session, socket: &mut Socket) -> impl Future<Output = Result<Self>> + Send;

    /// Takes new props (first render, a parent render with different props, `send_update`).
    fn update(&mut self, props: Self::Props, socket: &mut Socket) -> impl Future<Output = Result<()>> + Send {
        let _ = (props, socket);
        async { Ok(()) }
    }

    /// Handles an event targeted at this instance.
    fn handle_event(
        &mut self,
        event: Event,
        socket: &mut Socket,
    ) -> impl Future<Output = Result<Option<Reply>>> + Send {
        let _ = socket;
        async move {
            tracing::warn!(event = %event.name, component = std::any::type_name::<Self>(), "no handler for event; ignored");
            Ok(None)
        }
    }

    /// Renders the instance: exactly one root element.
    fn render(&self, socket: &Socket) -> Rendered;
}

/// A component instance in the table, its type erased.
pub(super) trait DynComponent: Send {
    fn update<'a>(&'a mut self, props: Box<dyn Any + Send>, socket: &'a mut Socket) -> BoxFuture<'a, Result<()>>;
    fn handle_event<'a>(&'a mut self, event: Event, socket: &'a mut Socket) -> BoxFuture<'a, Result<Option<Reply>>>;
    fn render(&self, socket: &Socket) -> Rendered;
}

impl<C: LiveComponent> DynComponent for C {
    fn update<'a>(&'a mut self, props: Box<dyn Any + Send>, socket: &'a mut Socket) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            match props.downcast::<C::Props>() {
                Ok(props) => LiveComponent::update(self, *props, socket).await,
                Err(_) => Err(Error::msg(format!("props of the wrong type for {}", std::any::type_name::<C>()))),
            }
        })
    }
    fn handle_event<'a>(&'a mut self, event: Event, socket: &'a mut Socket) -> BoxFuture<'a, Result<Option<Reply>>> {
        Box::pin(LiveComponent::handle_event(self, event, socket))
    }
    fn render(&self, socket: &Socket) -> Rendered {
        LiveComponent::render(self, socket)
    }
}

/// Whether two type-erased props of one component type are equal.
pub(super) type PropsEq = fn(&dyn Any, &dyn Any) -> bool;

/// A copy of type-erased props.
pub(super) type PropsClone = fn(&dyn Any) -> Option<Box<dyn Any + Send>>;

/// The [`PropsEq`] and [`PropsClone`] of `C`.
pub(super) fn props_fns<C: LiveComponent>() -> (PropsEq, PropsClone) {
    (
        |a, b| matches!((a.downcast_ref::<C::Props>(), b.downcast_ref::<C::Props>()), (Some(a), Some(b)) if a == b),
        |a| a.downcast_ref::<C::Props>().map(|p| Box::new(p.clone()) as Box<dyn Any + Send>),
    )
}

/// Mounts a component of one type.
pub(super) type MountFn =
    for<'a> fn(&'a Params, &'a Session, &'a mut Socket) -> BoxFuture<'a, Result<Box<dyn DynComponent>>>;

/// The [`MountFn`] of `C`.
pub(super) fn mount_fn<C: LiveComponent>() -> MountFn {
    |params, session, socket| {
        Box::pin(async move {
            let c = C::mount(params, session, socket).await?;
            Ok(Box::new(c) as Box<dyn DynComponent>)
        })
    }
}
