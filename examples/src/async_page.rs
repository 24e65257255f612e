//! `/async`: work in the background with a loading state (`start_async` and `AsyncResult`).
//!
//! The connected mount starts a 300 ms task that answers 42; until it reports, the page says
//! "loading". "Reload" starts it again (a reload during a load replaces it: only the newest
//! answers), "Fail" starts one that fails and "Panic" one that panics; both end as "failed: …"
//! and the view keeps running. "Click" proves the view handles events while a task runs.

use liveview::prelude::*;
use std::fmt;
use std::time::Duration;

/// How long the answer takes.
pub const DELAY: Duration = Duration::from_millis(300);

/// The task's name: starting it again cancels the run in progress.
const TASK: &str = "answer";

/// The task's report, for `AsyncPage::answered`.
#[derive(Debug)]
pub struct Answered(Result<u32, AsyncError<Unavailable>>);

/// The error of the failing task.
#[derive(Debug)]
pub struct Unavailable;

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the answer service is unavailable")
    }
}

impl std::error::Error for Unavailable {}

/// What a task does once its delay is over.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Answer,
    Fail,
    Panic,
}

/// A value loaded in the background.
#[live_view]
#[derive(Debug, Default)]
pub struct AsyncPage {
    answer: AsyncResult<u32>,
    clicks: u32,
}

#[live_view]
impl AsyncPage {
    fn mount(socket: &mut Socket) -> Self {
        // Runs on the connected mount only: the dead render shows "loading".
        start(socket, Outcome::Answer);
        AsyncPage::default()
    }

    #[event("reload")]
    fn reload(&mut self, socket: &mut Socket) {
        self.answer = AsyncResult::Loading;
        start(socket, Outcome::Answer);
    }

    #[event("fail")]
    fn fail(&mut self, socket: &mut Socket) {
        self.answer = AsyncResult::Loading;
        start(socket, Outcome::Fail);
    }

    #[event("panic")]
    fn panic(&mut self, socket: &mut Socket) {
        self.answer = AsyncResult::Loading;
        start(socket, Outcome::Panic);
    }

    #[event("click")]
    fn click(&mut self) {
        self.clicks += 1;
    }

    #[info]
    fn answered(&mut self, msg: Answered) {
        let Answered(result) = msg;
        self.answer = result.into();
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Async work"</h1>
                match &self.answer {
                    AsyncResult::Loading => <p id="status">"loading"</p>,
                    AsyncResult::Ok(n) => <p id="status">"ready: " {n}</p>,
                    AsyncResult::Failed(why) => <p id="status">"failed: " {why}</p>,
                }
                <button id="reload" phx-click="reload">"Reload"</button>
                <button id="fail" phx-click="fail">"Fail"</button>
                <button id="panic" phx-click="panic">"Panic"</button>
                <p>
                    <button id="click" phx-click="click">"Click"</button>
                    " clicks: "
                    <span id="clicks">{self.clicks}</span>
                </p>
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

/// Starts (or restarts) the task.
fn start(socket: &mut Socket, outcome: Outcome) {
    let task = async move {
        tokio::time::sleep(DELAY).await;
        match outcome {
            Outcome::Answer => Ok(42),
            Outcome::Fail => Err(Unavailable),
            Outcome::Panic => panic!("the answer task panicked on purpose"),
        }
    };
    socket.start_async(TASK, task, Answered);
}
