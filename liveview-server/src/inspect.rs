//! What the in-process test harness may see of a running server: each joined view's mailbox
//! (to hand it infos), why a view crashed and its running async tasks, by [`key`]. A production server has none (`Shared::inspect`
//! is `None`), so nothing is recorded.

use crate::mailbox::Mail;
use crate::queue;
use std::collections::HashMap;
use std::sync::Mutex;

/// Views by [`key`] (their topic, per harness socket), as the harness sees them.
#[derive(Debug, Default)]
pub(crate) struct Inspect {
    mailboxes: Mutex<HashMap<String, queue::WeakSender<Mail>>>,
    crashes: Mutex<HashMap<String, String>>,
    /// How many async tasks each view runs, and a wake-up when that changes.
    tasks: Mutex<HashMap<String, usize>>,
    tasks_changed: tokio::sync::Notify,
}

impl Inspect {
    /// A view joined `topic` (replacing any earlier one).
    pub(crate) fn joined(&self, topic: &str, mailbox: queue::WeakSender<Mail>) {
        lock(&self.mailboxes).insert(topic.to_owned(), mailbox);
        lock(&self.crashes).remove(topic);
    }

    /// The view on `topic` crashed with `reason` (a handler's error or a panic message).
    pub(crate) fn crashed(&self, topic: &str, reason: String) {
        lock(&self.crashes).insert(topic.to_owned(), reason);
    }

    /// The mailbox of the view on `topic`, while it runs.
    #[cfg_attr(not(feature = "test"), allow(dead_code))]
    pub(crate) fn mailbox(&self, topic: &str) -> Option<queue::Sender<Mail>> {
        lock(&self.mailboxes).get(topic).and_then(queue::WeakSender::upgrade)
    }

    /// A view on `topic` that ran `before` async tasks now runs `after`.
    pub(crate) fn tasks(&self, topic: &str, before: usize, after: usize) {
        let mut tasks = lock(&self.tasks);
        let count = tasks.get(topic).copied().unwrap_or(0).saturating_sub(before).saturating_add(after);
        if count == 0 {
            tasks.remove(topic);
        } else {
            tasks.insert(topic.to_owned(), count);
        }
        drop(tasks);
        self.tasks_changed.notify_waiters();
    }

    /// Waits until the view on `topic` runs no async task (their reports are in its mailbox).
    #[cfg_attr(not(feature = "test"), allow(dead_code))]
    pub(crate) async fn tasks_done(&self, topic: &str) {
        loop {
            let changed = self.tasks_changed.notified();
            let mut changed = std::pin::pin!(changed);
            changed.as_mut().enable();
            if self.tasks_idle(topic) {
                return;
            }
            changed.await;
        }
    }

    /// Whether the view on `topic` runs no async task.
    #[cfg_attr(not(feature = "test"), allow(dead_code))]
    pub(crate) fn tasks_idle(&self, topic: &str) -> bool {
        !lock(&self.tasks).contains_key(topic)
    }

    /// Why the view on `topic` crashed, if it did.
    #[cfg_attr(not(feature = "test"), allow(dead_code))]
    pub(crate) fn crash(&self, topic: &str) -> Option<String> {
        lock(&self.crashes).get(topic).cloned()
    }
}

/// The join param by which the harness tells its sockets apart (nested views' topics are
/// their fixed ids, so two harness pages may each join `lv:clock` at once).
pub(crate) const SOCKET_PARAM: &str = "_liveview_test_socket";

/// Under what a view joined with `payload` on `topic` is recorded: the topic, qualified by the
/// harness socket that joined it.
pub(crate) fn key(payload: &serde_json::Value, topic: &str) -> String {
    match payload.get("params").and_then(|p| p.get(SOCKET_PARAM)).and_then(serde_json::Value::as_str) {
        Some(socket) => socket_key(socket, topic),
        None => topic.to_owned(),
    }
}

/// The key of the view on `topic` joined by harness socket `socket`.
pub(crate) fn socket_key(socket: &str, topic: &str) -> String {
    format!("{socket} {topic}")
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding these locks cannot leave the maps inconsistent.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
