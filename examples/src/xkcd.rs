//! `/xkcd`: a comic reader whose comic is loaded in the background by `handle_params`; ported
//! from LiveViewJS's xkcd example, with a few comics of its own instead of the network.
//!
//! The URL names the comic (`?num=3`; without it, the latest). `handle_params` shows
//! "Loading…" and starts the load with `start_async`, so the patch is answered at once and
//! the comic follows as soon as it is there; patching again before it arrives replaces the
//! load (only the newest answers). The loaded comic sets the page title. Previous, next and
//! latest are live patch links; random is a button whose handler `push_patch`es.

use liveview::prelude::*;
use std::fmt;
use std::time::Duration;

/// Where this page lives.
const PATH: &str = "/xkcd";

/// How long loading a comic takes.
pub const DELAY: Duration = Duration::from_millis(300);

/// One panel: what the figure on the left and the one on the right say (`""`: nothing).
#[derive(Debug, PartialEq, Eq)]
pub struct Panel {
    /// The left figure's words.
    pub left: &'static str,
    /// The right figure's words.
    pub right: &'static str,
}

/// One comic.
#[derive(Debug, PartialEq, Eq)]
pub struct Comic {
    /// From 1.
    pub num: u32,
    /// Its title.
    pub title: &'static str,
    /// The text under it.
    pub alt: &'static str,
    /// Its panels, left to right.
    pub panels: &'static [Panel],
}

const fn panel(left: &'static str, right: &'static str) -> Panel {
    Panel { left, right }
}

/// The comics, oldest first: comic `n` is `COMICS[n - 1]`.
pub const COMICS: &[Comic] = &[
    Comic {
        num: 1,
        title: "Borrowed",
        alt: "The stapler outlived its owner, and the compiler would not discuss it.",
        panels: &[
            panel("Can I borrow your stapler?", "Only immutably."),
            panel("I just want to look at it.", "Then we are fine."),
            panel("", "Give it back before I drop."),
        ],
    },
    Comic {
        num: 2,
        title: "Fence posts",
        alt: "Ten sections of fence, eleven posts, one bug report.",
        panels: &[
            panel("How many posts for ten sections?", "Ten, obviously."),
            panel("…", "Eleven. It is always eleven."),
        ],
    },
    Comic {
        num: 3,
        title: "Works on my machine",
        alt: "Deployment by courier: excellent bandwidth, terrible latency.",
        panels: &[panel("The build fails on CI.", "It passes on my laptop."), panel("Then we ship your laptop.", "…")],
    },
    Comic {
        num: 4,
        title: "Debounce",
        alt: "Three hundred milliseconds of patience save a dozen round trips.",
        panels: &[
            panel("Did you ask the server?", "Not yet. You are still typing."),
            panel("I stopped.", "Now I am asking."),
        ],
    },
    Comic {
        num: 5,
        title: "Patch notes",
        alt: "handle_params does not care how you got here.",
        panels: &[
            panel("Did the page reload?", "No, it patched."),
            panel("But the URL changed!", "That is the point."),
            panel("And the back button?", "Still works."),
        ],
    },
];

/// The newest comic's number.
pub fn latest() -> u32 {
    COMICS.len() as u32
}

/// A comic that does not exist.
#[derive(Debug)]
pub struct NoSuchComic(u32);

impl fmt::Display for NoSuchComic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "There is no comic #{}.", self.0)
    }
}

impl std::error::Error for NoSuchComic {}

/// Loads comic `num`, taking [`DELAY`].
///
/// # Errors
/// When there is no such comic.
pub async fn load(num: u32) -> Result<&'static Comic, NoSuchComic> {
    tokio::time::sleep(DELAY).await;
    COMICS.iter().find(|c| c.num == num).ok_or(NoSuchComic(num))
}

/// The load's report, for `Xkcd::loaded`.
#[derive(Debug)]
pub struct Loaded(Result<&'static Comic, AsyncError<NoSuchComic>>);

/// The link to comic `num`.
fn comic_url(num: u32) -> Location {
    Location::new(PATH).param("num", num)
}

/// A comic reader.
#[live_view]
#[derive(Debug, Default)]
pub struct Xkcd {
    /// The comic the URL asks for.
    num: u32,
    comic: AsyncResult<&'static Comic>,
}

#[live_view]
impl Xkcd {
    /// `?num=` that is not a number asks for comic 0, which does not exist.
    async fn handle_params(&mut self, params: &Params, socket: &mut Socket) -> Result<()> {
        self.num = params.get("num").map_or(latest(), |n| n.parse().unwrap_or(0));
        self.comic = AsyncResult::Loading;
        socket.start_async("comic", load(self.num), Loaded);
        Ok(())
    }

    #[info]
    fn loaded(&mut self, Loaded(result): Loaded, socket: &mut Socket) {
        socket.page_title(match &result {
            Ok(c) => format!("#{}: {}", c.num, c.title),
            Err(_) => "No such comic".to_owned(),
        });
        self.comic = result.into();
    }

    /// Another comic than the one shown, at random.
    #[event("random")]
    fn random(&mut self, socket: &mut Socket) {
        let last = latest();
        let num = if (1..=last).contains(&self.num) && last > 1 {
            let n = rand::random_range(1..last);
            if n >= self.num { n + 1 } else { n }
        } else {
            rand::random_range(1..=last)
        };
        socket.push_patch(comic_url(num));
    }

    fn render(&self) -> Rendered {
        let n = self.num;
        html! {
            <main>
                <h1>"Comics"</h1>
                <nav id="comic-nav" aria-label="Comics">
                    if n > 1 && n <= latest() { <a id="prev" rel="prev" {Link::patch(comic_url(n - 1))}>"← Previous"</a> " " }
                    if n < latest() { <a id="next" rel="next" {Link::patch(comic_url(n + 1))}>"Next →"</a> " " }
                    <button id="random" phx-click="random">"Random"</button>
                    " "
                    <a id="latest" {Link::patch(PATH)}>"Latest"</a>
                </nav>
                match &self.comic {
                    AsyncResult::Loading => <p id="comic-status" aria-busy="true">"Loading comic #" {n} "…"</p>,
                    AsyncResult::Failed(why) => <p id="comic-status" role="alert">{why}</p>,
                    AsyncResult::Ok(c) => {
                        <h2 id="comic-title">"#" {c.num} ": " {c.title}</h2>
                        <figure id="comic">
                            {art(c)}
                            <figcaption id="comic-alt">{c.alt}</figcaption>
                        </figure>
                        <details>
                            <summary>"Transcript"</summary>
                            <pre id="transcript">{transcript(c)}</pre>
                        </details>
                    }
                }
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

/// The comic drawn as SVG: a frame per panel, two stick figures, their words above them.
fn art(c: &Comic) -> Rendered {
    html! {
        <svg viewBox={format_args!("0 0 {} 170", c.panels.len() * 200)} role="img" aria-label={c.alt}
            font-family="sans-serif" font-size="10">
            for (i, p) in c.panels.iter().enumerate() {
                <g transform={format_args!("translate({} 0)", i * 200)}>
                    <rect x="5" y="5" width="190" height="160" fill="white" stroke="black" stroke-width="2"></rect>
                    <text x="12" y="24">{p.left}</text>
                    <text x="188" y="42" text-anchor="end">{p.right}</text>
                    {figure(60, !p.left.is_empty())}
                    {figure(140, !p.right.is_empty())}
                </g>
            }
        </svg>
    }
}

/// A stick figure standing at `x`, arm raised when it speaks.
fn figure(x: usize, speaks: bool) -> Rendered {
    let hand_y = if speaks { 92 } else { 125 };
    html! {
        <g stroke="black" stroke-width="2" fill="none">
            <circle cx={x} cy="88" r="10"></circle>
            <line x1={x} y1="98" x2={x} y2="132"></line>
            <line x1={x} y1="108" x2={x - 14} y2="125"></line>
            <line x1={x} y1="108" x2={x + 14} y2={hand_y}></line>
            <line x1={x} y1="132" x2={x - 10} y2="158"></line>
            <line x1={x} y1="132" x2={x + 10} y2="158"></line>
        </g>
    }
}

/// What is said, panel by panel.
fn transcript(c: &Comic) -> String {
    let mut out = String::new();
    for (i, p) in c.panels.iter().enumerate() {
        out.push_str(&format!("Panel {}\n", i + 1));
        for (who, said) in [("Left", p.left), ("Right", p.right)] {
            if !said.is_empty() {
                out.push_str(&format!("{who}: {said}\n"));
            }
        }
    }
    out
}
