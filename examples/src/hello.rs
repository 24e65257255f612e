//! `/hello` and `/hi/:name` (after LiveViewJS's hello examples): a greeting toggled by a click,
//! and a greeting for the name in the URL's path, read in `mount`. `/hello` also shows the
//! browser's time zone, which its client sends as a connect param ([`CLIENT_OPTIONS`]).

use liveview::prelude::*;

/// `/hello`'s `LiveSocket` options: the browser's time zone as a connect param (merged with the
/// CSRF token the framework sends).
pub const CLIENT_OPTIONS: &str = "{params: {tz: Intl.DateTimeFormat().resolvedOptions().timeZone}}";

/// A greeting with a toggle.
#[live_view]
#[derive(Debug, Default)]
pub struct Hello {
    spanish: bool,
    /// The browser's time zone (`None` in the dead render: only the join carries it).
    zone: Option<String>,
}

#[live_view]
impl Hello {
    fn mount(socket: &mut Socket) -> Self {
        let zone = socket.connect_params().and_then(|p| p.get("tz")).and_then(|z| z.as_str()).map(str::to_owned);
        Hello { spanish: false, zone }
    }

    #[event("toggle")]
    fn toggle(&mut self) {
        self.spanish = !self.spanish;
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Hello"</h1>
                <p id="greeting" lang={if self.spanish { "es" } else { "en" }} style="font-size: 1.5rem">
                    if self.spanish { "¡Hola, mundo!" } else { "Hello, world!" }
                </p>
                <button id="toggle" phx-click="toggle" aria-pressed={if self.spanish { "true" } else { "false" }}>"Toggle the language"</button>
                <p>"Your browser's time zone: "<span id="zone">{self.zone.as_deref().unwrap_or("(sent when the page connects)")}</span></p>
                <h2>"A name from the path"</h2>
                <p>
                    "Each of these opens "<code>"/hi/:name"</code>", which reads "<code>"name"</code>" in its mount: "
                    for name in ["Ada", "Grace", "Zoë"] {
                        <a id={format_args!("hi-{}", name.to_lowercase())} {Link::navigate(format!("/hi/{name}"))}>{name}</a>" "
                    }
                </p>
            </main>
        }
    }
}

/// A greeting for `/hi/:name`.
#[live_view]
#[derive(Debug, Default)]
pub struct Hi {
    name: String,
}

#[live_view]
impl Hi {
    fn mount(params: &Params, socket: &mut Socket) -> Self {
        let name = params.get("name").map(str::trim).filter(|n| !n.is_empty()).unwrap_or("world").to_owned();
        socket.page_title(format!("Hi, {name}"));
        Hi { name }
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1 id="hi">"Hi, "{&self.name}"!"</h1>
                <p>"The name comes from the path: change it in the address bar."</p>
                <p><a id="back" {Link::navigate("/hello")}>"Back to /hello"</a></p>
            </main>
        }
    }
}
