//! A view's async tasks (`start_async`): each runs on the server's task tracker and reports
//! through the view's mailbox; this table, owned by the view task, decides which reports count.
//!
//! A task is cancelled (dropped at its next `.await`) when its name is started again, when it is
//! cancelled by name, and when the view task ends however it ends (the table's drop cancels
//! them all). A task that had already finished and queued its report before being replaced is
//! recognised by its generation and its report dropped, so only the newest task of a name
//! ever reaches the view.

use crate::inspect::Inspect;
use crate::mailbox::{Mail, ViewMsg};
use crate::queue;
use futures_util::FutureExt;
use liveview_core::task::{AsyncOp, TaskFuture};
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The tasks of one view that still run (or whose report is still on its way).
pub(super) struct Tasks {
    /// Parent of every task's token: cancelled when the table drops. Made by the first task,
    /// so that the many views that never start one do not pay for it.
    all: Option<CancellationToken>,
    running: HashMap<String, Running>,
    /// The generation of the next task started.
    next: u64,
    /// The harness's view of this table (`await_async`), on `topic`.
    inspect: Option<Box<(Arc<Inspect>, String)>>,
    /// How many tasks the harness was last told of.
    reported: usize,
    /// A start was refused: [`MAX_RUNNING`] tasks already ran.
    overflowed: bool,
}

/// Tasks one view may run at once. A handler that names its tasks after client input could
/// otherwise let a client start any number of them; past this the view crashes (and says why).
pub(super) const MAX_RUNNING: usize = 1024;

/// One running task.
struct Running {
    generation: u64,
    cancel: CancellationToken,
}

impl Tasks {
    /// An empty table for the view on `topic`; `inspect`: the harness's, if any.
    pub(super) fn new(inspect: Option<Arc<Inspect>>, topic: &str) -> Self {
        Tasks {
            all: None,
            running: HashMap::new(),
            next: 0,
            inspect: inspect.map(|i| Box::new((i, topic.to_owned()))),
            reported: 0,
            overflowed: false,
        }
    }

    /// Carries out a callback's task requests, in order; tasks run on `tracker` and report to
    /// the mailbox `weak`.
    pub(super) fn apply(&mut self, tracker: &TaskTracker, weak: &queue::WeakSender<Mail>, ops: Vec<AsyncOp>) {
        if ops.is_empty() {
            return;
        }
        for op in ops {
            match op {
                AsyncOp::Start { name, future } => self.start(tracker, weak, name, future),
                AsyncOp::Cancel { name } => {
                    if let Some(old) = self.running.remove(&name) {
                        old.cancel.cancel();
                    }
                }
            }
        }
        self.report();
    }

    /// Whether the report of task `name`'s generation `generation` is the one awaited (then the
    /// task is done), rather than that of a task since replaced or cancelled.
    pub(super) fn finished(&mut self, name: &str, generation: u64) -> bool {
        let current = self.running.get(name).is_some_and(|r| r.generation == generation);
        if current {
            self.running.remove(name);
            self.report();
        } else {
            tracing::debug!(task = name, "result of a replaced or cancelled async task dropped");
        }
        current
    }

    /// Whether a start was refused because [`MAX_RUNNING`] tasks ran (the view must end).
    pub(super) fn overflowed(&self) -> bool {
        self.overflowed
    }

    fn start(&mut self, tracker: &TaskTracker, weak: &queue::WeakSender<Mail>, name: String, future: TaskFuture) {
        if self.running.len() >= MAX_RUNNING && !self.running.contains_key(&name) {
            self.overflowed = true;
            return;
        }
        let generation = self.next;
        self.next += 1;
        let cancel = self.all.get_or_insert_with(CancellationToken::new).child_token();
        let running = Running { generation, cancel: cancel.clone() };
        if let Some(old) = self.running.insert(name.clone(), running) {
            old.cancel.cancel();
        }
        let weak = weak.clone();
        tracker.spawn(async move {
            // The future turned its own panics into a result; what is left to catch is a panic
            // in the function that maps the result to the view's message.
            let info = tokio::select! {
                biased;
                _ = cancel.cancelled() => return,
                outcome = AssertUnwindSafe(future).catch_unwind() => match outcome {
                    Ok(info) => Some(info),
                    Err(_) => {
                        tracing::error!(task = %name, "mapping an async task's result panicked; nothing delivered");
                        None
                    }
                },
            };
            let Some(tx) = weak.upgrade() else { return };
            tokio::select! {
                _ = cancel.cancelled() => {}
                _ = tx.send(Box::new(ViewMsg::Async { name, generation, info })) => {}
            }
        });
    }

    /// Tells the harness how many tasks run (as a change: the view that replaces this one on
    /// the same topic may already run tasks of its own).
    fn report(&mut self) {
        if let Some((inspect, topic)) = self.inspect.as_deref() {
            inspect.tasks(topic, self.reported, self.running.len());
            self.reported = self.running.len();
        }
    }
}

impl Drop for Tasks {
    fn drop(&mut self) {
        if let Some(all) = &self.all {
            all.cancel();
        }
        if !self.running.is_empty() {
            self.running.clear();
            self.report();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liveview_core::info::Info;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn start(name: &str, future: TaskFuture) -> Vec<AsyncOp> {
        vec![AsyncOp::Start { name: name.to_owned(), future }]
    }

    /// The report that arrives next: (name, generation, the message as a `u32`).
    async fn report(rx: &mut queue::Receiver<Mail>) -> (String, u64, Option<u32>) {
        let mail = tokio::time::timeout(std::time::Duration::from_secs(10), rx.recv()).await;
        match mail.ok().flatten().map(|m| *m) {
            Some(ViewMsg::Async { name, generation, info }) => {
                (name, generation, info.and_then(|i| i.downcast::<u32>().ok()))
            }
            other => panic!("expected an async report, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_report_queued_before_its_task_was_replaced_is_not_delivered() {
        let (tracker, (tx, mut rx)) = (TaskTracker::new(), queue::channel(8));
        let mut tasks = Tasks::new(None, "lv:t");
        tasks.apply(&tracker, &tx.downgrade(), start("load", Box::pin(async { Info::new(1u32) })));
        // The first task has finished and its report waits in the mailbox...
        let (name, first, value) = report(&mut rx).await;
        assert_eq!((name.as_str(), value), ("load", Some(1)));
        // ...when the same name starts again: the queued report is stale.
        tasks.apply(&tracker, &tx.downgrade(), start("load", Box::pin(async { Info::new(2u32) })));
        assert!(!tasks.finished("load", first), "the replaced task's report must be dropped");
        let (_, second, value) = report(&mut rx).await;
        assert_eq!(value, Some(2));
        assert!(tasks.finished("load", second));
        assert!(!tasks.finished("load", second), "a report counts once");
    }

    /// Sets its flag when dropped (the future holding it was cancelled).
    struct Guard(Arc<AtomicBool>);

    impl Drop for Guard {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    fn pending_forever(dropped: &Arc<AtomicBool>) -> TaskFuture {
        let guard = Guard(dropped.clone());
        Box::pin(async move {
            let _guard = guard;
            std::future::pending::<()>().await;
            Info::new(0u32)
        })
    }

    #[tokio::test]
    async fn replacing_cancelling_and_dropping_the_table_cancel_running_tasks() {
        let (tracker, (tx, _rx)) = (TaskTracker::new(), queue::channel(8));
        let flags: Vec<Arc<AtomicBool>> = (0..4).map(|_| Arc::new(AtomicBool::new(false))).collect();
        let mut tasks = Tasks::new(None, "lv:t");
        let weak = tx.downgrade();
        tasks.apply(&tracker, &weak, start("a", pending_forever(&flags[0])));
        tasks.apply(&tracker, &weak, start("a", pending_forever(&flags[1])));
        tasks.apply(&tracker, &weak, start("b", pending_forever(&flags[2])));
        tasks.apply(&tracker, &weak, vec![AsyncOp::Cancel { name: "b".to_owned() }]);
        tasks.apply(&tracker, &weak, start("c", pending_forever(&flags[3])));
        tracker.close();
        let settle = async {
            while !(flags[0].load(Ordering::SeqCst) && flags[2].load(Ordering::SeqCst)) {
                tokio::task::yield_now().await;
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(10), settle).await.expect("replaced and cancelled go");
        assert!(!flags[1].load(Ordering::SeqCst) && !flags[3].load(Ordering::SeqCst), "the others still run");
        drop(tasks);
        tokio::time::timeout(std::time::Duration::from_secs(10), tracker.wait()).await.expect("every task ends");
        assert!(flags.iter().all(|f| f.load(Ordering::SeqCst)));
    }
    #[tokio::test]
    async fn past_the_limit_a_start_is_refused_and_the_table_says_so() {
        let (tracker, (tx, _rx)) = (TaskTracker::new(), queue::channel(8));
        let dropped = Arc::new(AtomicBool::new(false));
        let mut tasks = Tasks::new(None, "lv:t");
        for i in 0..MAX_RUNNING {
            tasks.apply(&tracker, &tx.downgrade(), start(&format!("t{i}"), pending_forever(&dropped)));
        }
        // Restarting a running name is not one more.
        tasks.apply(&tracker, &tx.downgrade(), start("t0", pending_forever(&dropped)));
        assert!(!tasks.overflowed());
        let refused = Arc::new(AtomicBool::new(false));
        tasks.apply(&tracker, &tx.downgrade(), start("one-more", pending_forever(&refused)));
        assert!(tasks.overflowed());
        assert!(refused.load(Ordering::SeqCst), "the refused task's future was dropped, never run");
        assert_eq!(tasks.running.len(), MAX_RUNNING);
    }

    #[tokio::test]
    async fn the_harness_sees_the_tasks_of_a_new_view_after_the_old_one_on_its_topic_ends() {
        let (tracker, (tx, _rx)) = (TaskTracker::new(), queue::channel(8));
        let inspect = Arc::new(Inspect::default());
        let dropped = Arc::new(AtomicBool::new(false));
        let mut old = Tasks::new(Some(inspect.clone()), "lv:t");
        old.apply(&tracker, &tx.downgrade(), start("a", pending_forever(&dropped)));
        let mut new = Tasks::new(Some(inspect.clone()), "lv:t");
        new.apply(&tracker, &tx.downgrade(), start("a", pending_forever(&dropped)));
        // Live navigation: the old view's task may end after the new view started its tasks.
        drop(old);
        assert!(!inspect.tasks_idle("lv:t"), "the new view's task still runs");
        drop(new);
        assert!(inspect.tasks_idle("lv:t"));
    }
}
