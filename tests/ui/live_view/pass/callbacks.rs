//! `mount`, `handle_params` and `render` in every supported form.

#![deny(warnings)]

use liveview::prelude::*;

/// No `mount`: `Default`. `render` without a socket.
#[live_view]
#[derive(Default)]
struct ByDefault;

#[live_view]
impl ByDefault {
    fn render(&self) -> Rendered {
        html! { <p>"default"</p> }
    }
}

/// `mount` with no parameters, returning `Self`; `render` with the socket.
#[live_view]
struct Plain {
    n: u32,
}

#[live_view]
impl Plain {
    fn mount() -> Self {
        Plain { n: 1 }
    }

    fn handle_params(&mut self) {
        self.n += 1;
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! { <p>{self.n} {socket.view_id()}</p> }
    }
}

/// Async `mount` with every parameter, returning `liveview::Result<Self>`.
#[live_view]
struct Full {
    page: Option<String>,
}

#[live_view]
impl Full {
    async fn mount(params: &Params, session: &Session, socket: &mut Socket) -> Result<Self> {
        let _user: Option<String> = session.get("user");
        socket.page_title("full");
        Ok(Full { page: params.get("page").map(str::to_owned) })
    }

    async fn handle_params(&mut self, params: &Params, socket: &mut Socket) -> Result<()> {
        self.page = params.get("page").map(str::to_owned);
        socket.page_title("patched");
        Ok(())
    }

    fn render(&self, _socket: &liveview::Socket) -> liveview::Rendered {
        html! { <p>{self.page.as_deref()}</p> }
    }
}

/// `mount` with its parameters in another order, returning the type's name, or another error type.
#[live_view]
struct Reordered;

#[live_view]
impl Reordered {
    fn mount(socket: &mut Socket, params: &liveview::Params) -> Reordered {
        let _ = (socket.connected(), params.is_empty());
        Reordered
    }

    fn handle_params(&mut self, socket: &Socket) -> Result<(), std::io::Error> {
        let _ = socket.url();
        Ok(())
    }

    fn render(&self) -> Rendered {
        html! { <p>"reordered"</p> }
    }
}

#[live_view]
struct IoMount;

#[live_view]
impl IoMount {
    fn mount(session: &Session) -> std::io::Result<Self> {
        let _ = session;
        Ok(IoMount)
    }

    fn render(&self) -> Rendered {
        html! { <p>"io"</p> }
    }
}

/// A generic view.
#[live_view]
#[derive(Default)]
struct Generic<T> {
    items: Vec<T>,
}

#[live_view]
impl<T> Generic<T>
where
    T: Default + Send + 'static,
{
    #[event("add")]
    fn add(&mut self) {
        self.items.push(T::default());
    }

    fn render(&self) -> Rendered {
        html! { <p>{self.items.len()}</p> }
    }
}

/// An enum works as a view too.
#[live_view]
#[derive(Default)]
enum Tabs {
    #[default]
    First,
    Second,
}

#[live_view]
impl Tabs {
    #[event("next")]
    fn next(&mut self) {
        *self = match self {
            Tabs::First => Tabs::Second,
            Tabs::Second => Tabs::First,
        };
    }

    fn render(&self) -> Rendered {
        html! { <p>if matches!(self, Tabs::First) { "first" } else { "second" }</p> }
    }
}

fn assert_live_view<V: LiveView>() {}

fn main() {
    assert_live_view::<ByDefault>();
    assert_live_view::<Plain>();
    assert_live_view::<Full>();
    assert_live_view::<Reordered>();
    assert_live_view::<IoMount>();
    assert_live_view::<Generic<String>>();
    assert_live_view::<Tabs>();
}
