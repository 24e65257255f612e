//! `/secret`: a page of the `authenticated` live_session. Its `on_mount` hook
//! ([`crate::auth::require_user`]) runs before `mount`, on the dead render and on the join,
//! and sends visitors without a login to `/login`.

use crate::auth::User;
use liveview::prelude::*;

/// The logged-in user's page.
#[live_view]
#[derive(Debug)]
pub struct Secret {
    user: String,
}

#[live_view]
impl Secret {
    async fn mount(socket: &mut Socket) -> Result<Self> {
        // The hook put the user there; without a hook, this is a configuration mistake.
        let user = socket.assigned::<User>().ok_or_else(|| Error::msg("/secret needs the require_user hook"))?;
        Ok(Secret { user: user.0.clone() })
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Secret"</h1>
                <p>"Logged in as " <span id="user">{&self.user}</span></p>
                // Another live_session: following this link is a full page load.
                <p><a id="to-counter" {Link::navigate("/counter")}>"Counter"</a></p>
                <form id="logout-form" method="post" action="/logout">
                    <button id="logout" type="submit">"Log out"</button>
                </form>
            </main>
        }
    }
}
