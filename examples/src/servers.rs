//! `/servers`: a list of servers whose links select one, ported from LiveViewJS's servers
//! example.
//!
//! Each server is a live patch link (`Link::patch("/servers?name=…")`): following it changes
//! the URL without a page load or a new mount, and `handle_params` selects the server the URL
//! names and sets the page title. Back and forward walk through the selections; a reload shows
//! the same server. A name that is not in the list says so.

use liveview::prelude::*;

/// Where this page lives.
const PATH: &str = "/servers";

/// One server.
#[derive(Debug, PartialEq, Eq)]
pub struct Server {
    /// Its name, also its key in the URL.
    pub name: &'static str,
    /// Serving requests.
    pub up: bool,
    /// Deploys so far.
    pub deploys: u32,
    /// Size of its image, in MB.
    pub size_mb: u32,
    /// What it runs.
    pub stack: &'static str,
    /// Its repository.
    pub repo: &'static str,
    /// The commit deployed last.
    pub commit: &'static str,
    /// That commit's message.
    pub message: &'static str,
}

/// The servers, in the order listed.
pub const SERVERS: &[Server] = &[
    Server {
        name: "amber-heron",
        up: true,
        deploys: 31,
        size_mb: 42,
        stack: "Rust/liveview",
        repo: "https://git.example.com/amber-heron.git",
        commit: "4e1c9d2",
        message: "Render the invoice list as a stream",
    },
    Server {
        name: "brisk-otter",
        up: true,
        deploys: 12,
        size_mb: 18,
        stack: "Elixir/Phoenix",
        repo: "https://git.example.com/brisk-otter.git",
        commit: "a07f3b5",
        message: "Retry the payment webhook once",
    },
    Server {
        name: "quiet-lynx",
        up: false,
        deploys: 3,
        size_mb: 96,
        stack: "Node/LiveViewJS",
        repo: "https://git.example.com/quiet-lynx.git",
        commit: "0d9e6aa",
        message: "Bump the heap limit (again)",
    },
    Server {
        name: "steady-yak",
        up: true,
        deploys: 57,
        size_mb: 24,
        stack: "Rust/liveview",
        repo: "https://git.example.com/steady-yak.git",
        commit: "c3b81f0",
        message: "Drop the nightly report job",
    },
];

/// The link that selects `server`.
pub fn link(server: &Server) -> Link {
    Link::patch(Location::new(PATH).param("name", server.name))
}

/// The server list and the selected server's card.
#[live_view]
#[derive(Debug, Default)]
pub struct Servers {
    /// The name in the URL, when it names no server.
    unknown: Option<String>,
    selected: Option<&'static Server>,
}

#[live_view]
impl Servers {
    /// Without `?name`, the first server.
    async fn handle_params(&mut self, params: &Params, socket: &mut Socket) -> Result<()> {
        let name = params.get("name").unwrap_or(SERVERS[0].name);
        self.selected = SERVERS.iter().find(|s| s.name == name);
        self.unknown = self.selected.is_none().then(|| name.to_owned());
        socket.page_title(match self.selected {
            Some(s) => format!("{} · Servers", s.name),
            None => "Servers".to_owned(),
        });
        Ok(())
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Servers"</h1>
                <nav aria-label="Servers">
                    <ul id="server-list">
                        for s in SERVERS {
                            <li>
                                <a id={format_args!("server-{}", s.name)}
                                    aria-current={(self.selected == Some(s)).then_some("page")} {link(s)}>
                                    {s.name}
                                </a>
                            </li>
                        }
                    </ul>
                </nav>
                match self.selected {
                    Some(s) => {
                        <article id="server">
                            <h2 id="server-name">{s.name}</h2>
                            <p id="server-status">if s.up { "✅ up" } else { "⛔ down" }</p>
                            <dl>
                                <dt>"Deploys"</dt><dd id="server-deploys">{s.deploys}</dd>
                                <dt>"Size"</dt><dd>{s.size_mb} " MB"</dd>
                                <dt>"Stack"</dt><dd>{s.stack}</dd>
                                <dt>"Repository"</dt><dd><code>{s.repo}</code></dd>
                                <dt>"Last commit"</dt><dd><code id="server-commit">{s.commit}</code></dd>
                            </dl>
                            <blockquote>{s.message}</blockquote>
                        </article>
                    }
                    None => {
                        <p id="server" role="alert">"No server is named “" {self.unknown.as_deref()} "”."</p>
                    }
                }
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
