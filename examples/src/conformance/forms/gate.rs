//! The stand-in for upstream's event hold (README "Eval uses" E6): a test makes a view wait,
//! before each of its event handlers runs, for a release naming that event, sent over HTTP.
//!
//! Upstream installs the hold at run time (`attach_hook(socket, :sync, :handle_event, ..)` with
//! a `receive do {:sync, ^event} -> .. end`) and releases it with `send(pid, {:sync, event})`
//! from `POST /eval`. Here:
//!
//! - the view keeps a [`Gate`] (closed by default: handlers run at once);
//! - the sandbox command `hold` ([`Gate::hold`]) turns it on and returns `{"handle": n}`, which
//!   stands for the pid upstream reads (E6a);
//! - every held handler starts with `self.gate.wait("<event>").await`: the view's task blocks
//!   there, as a BEAM process in `receive`, so its later events and timer messages queue
//!   behind it (`ping`, which upstream lets through, is not held);
//! - `POST /form/release/{handle}/{event}` ([`release`]) lets one waiting (or the next) handler
//!   of that event run. A release that comes first is kept until the event comes (a
//!   selective receive finds a message that arrived early).

use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use tokio::sync::Semaphore;

/// The releases of one held view: a semaphore per event name, whose permits are releases.
#[derive(Debug, Default)]
struct Releases {
    events: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Releases {
    fn of(&self, event: &str) -> Arc<Semaphore> {
        let mut events = self.events.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(events.entry(event.to_owned()).or_insert_with(|| Arc::new(Semaphore::new(0))))
    }
}

/// Held views by handle.
static HELD: LazyLock<Mutex<HashMap<u64, Arc<Releases>>>> = LazyLock::new(Default::default);
static NEXT_HANDLE: AtomicU64 = AtomicU64::new(1);

/// A view's hold: off until [`Gate::hold`].
#[derive(Debug, Default)]
pub struct Gate {
    held: Option<(u64, Arc<Releases>)>,
}

impl Gate {
    /// Turns the hold on (again: the same handle) and returns `{"handle": n}` for the test.
    pub fn hold(&mut self) -> Value {
        let (handle, _) = self.held.get_or_insert_with(|| {
            let handle = NEXT_HANDLE.fetch_add(1, Ordering::Relaxed);
            let releases = Arc::new(Releases::default());
            HELD.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(handle, Arc::clone(&releases));
            (handle, releases)
        });
        json!({ "handle": *handle })
    }

    /// Waits for a release of `event` when the hold is on; returns at once otherwise.
    pub async fn wait(&self, event: &str) {
        if let Some((_, releases)) = &self.held {
            let semaphore = releases.of(event);
            if let Ok(permit) = semaphore.acquire().await {
                permit.forget();
            }
        }
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        if let Some((handle, _)) = self.held.take() {
            HELD.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&handle);
        }
    }
}

/// `POST /form/release/{handle}/{event}`: one release of `event` for the view held as `handle`
/// (upstream `evalPlug(request, "send(pid, {:sync, event})")`). Answers `{"result": null}`, or
/// `{"error": ..}` for an unknown handle.
pub async fn release(Path((handle, event)): Path<(u64, String)>) -> impl IntoResponse {
    let releases = HELD.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&handle).cloned();
    let answer = match releases {
        Some(releases) => {
            releases.of(&event).add_permits(1);
            json!({ "result": null })
        }
        None => json!({ "error": format!("no held view {handle}") }),
    };
    ([(header::CONTENT_TYPE, "application/json")], answer.to_string())
}
