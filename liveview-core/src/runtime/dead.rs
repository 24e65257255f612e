//! The dead render: a view mounted disconnected, rendered to HTML for the HTTP response.

use super::app::{App, mount_and_params, new_view_id};
use crate::component::Components;
use crate::route::{Params, Url};
use crate::socket::{Flash, Navigation, Socket};
use crate::view::{Error, Result, Session};
use serde_json::json;

/// The outcome of an HTTP (dead) render.
#[derive(Debug)]
pub enum DeadRender {
    /// A page: the container's id, inner HTML and tokens.
    Page {
        /// Container id.
        view_id: String,
        /// The view's HTML.
        html: String,
        /// `page_title`, if set.
        title: Option<String>,
        /// `data-phx-session`.
        session_token: String,
        /// `data-phx-static`.
        static_token: String,
    },
    /// Mount or handle_params redirected: answer with a redirect.
    Redirect {
        /// Where to.
        to: String,
        /// Flash to carry in the `__phoenix_flash__` cookie.
        flash_token: Option<String>,
    },
    /// No route for the path.
    NotFound,
}

/// Renders `url` over HTTP: mount (disconnected), handle_params, render.
///
/// `flash` comes from the `__phoenix_flash__` cookie of a previous redirect.
pub async fn dead_render(app: &App, url: &Url, session: Session, flash: Flash) -> Result<DeadRender> {
    let Some(route) = app.resolve_route(url.path()) else {
        return Ok(DeadRender::NotFound);
    };
    let view_id = new_view_id();
    let mut socket = Socket::new(view_id.clone(), false, url.clone());
    socket.set_flash(flash);
    let params = Params::new(route.captures, url);
    let view = mount_and_params(route.factory.as_ref(), route.group, &params, &session, &mut socket).await?;
    if let Some(nav) = socket.navigation.take() {
        let to = match nav {
            Navigation::Patch(l) | Navigation::Redirect(l) => l.to_string(),
            Navigation::External(u) => u,
        };
        return Ok(DeadRender::Redirect { to, flash_token: app.sign_flash(socket.flash()) });
    }
    let Some(view) = view else {
        // mount_and_params answers None only after a hook navigated, handled above.
        return Err(Error::msg("an on_mount hook halted without redirecting"));
    };
    let mut components = Components::new();
    let (root, embedded) = components.render_view(|| view.render(&socket));
    components.run(embedded, &mut socket).await?;
    let mut html = String::with_capacity(1024);
    components.write_html(&root, &mut html);
    // The group's name travels in the token: a join into another group is refused.
    let session_token = app.signer().sign("session", &json!({"id": view_id, "s": session.0, "g": route.group.name()}));
    let static_token = app.signer().sign("static", &json!({"id": view_id, "f": socket.flash()}));
    Ok(DeadRender::Page { title: socket.title().map(str::to_owned), view_id, html, session_token, static_token })
}
