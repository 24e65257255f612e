//! A bounded many-to-one queue, small enough to give every socket and every view one.
//!
//! Each socket has an outbound queue to its writer and each joined view a mailbox, and most of
//! them sit idle for their whole life. `tokio::sync::mpsc` allocates about 800 bytes with every
//! channel (its shared state, padded to cache lines, and a first block of 32 slots): measured
//! with a heap profile of 400 idle `/counter` views, the two channels were 1.6 KiB of each view's
//! 9 KiB. This queue is one allocation of about 150 bytes (its slots grow with use, and only as
//! far as the most items it held at once), at the price of a lock around each operation: the
//! lock is held for a push or a pop only, never across an await, and a socket's queues have one
//! reader each, so it is almost never contended.
//!
//! The API is the subset of tokio's the server uses, with the same meaning: [`Sender::send`]
//! waits for room, [`Sender::try_send`] does not; [`Receiver::recv`] returns `None` once every
//! [`Sender`] is gone and the queue is empty; a [`WeakSender`] does not keep the queue open;
//! dropping the [`Receiver`] drops what is queued and fails every send after it.

use std::collections::VecDeque;
use std::fmt;
use std::future::poll_fn;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use tokio::sync::Notify;

/// A queue holding at most `capacity` items (at least one).
pub(crate) fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            items: VecDeque::new(),
            capacity: capacity.max(1),
            senders: 1,
            receiver: true,
            stopped: false,
            reader: None,
            stop_waiter: None,
        }),
        room: Notify::new(),
    });
    (Sender(shared.clone()), Receiver(shared))
}

struct Shared<T> {
    state: Mutex<State<T>>,
    /// Senders waiting for room (one is woken per item taken).
    room: Notify,
}

struct State<T> {
    items: VecDeque<T>,
    capacity: usize,
    /// Live [`Sender`]s ([`WeakSender`]s not counted).
    senders: usize,
    /// Whether the [`Receiver`] is alive.
    receiver: bool,
    /// [`Sender::stop`] was called.
    stopped: bool,
    /// The receiver waiting for an item.
    reader: Option<Waker>,
    /// The task waiting in [`WeakSender::stopped`] (one: a view task waits for its own stop).
    stop_waiter: Option<Waker>,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // Nothing panics under this lock but an allocation failure; the state stays whole.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Why [`Sender::try_send`] gave the item back.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TrySendError<T> {
    /// The queue holds `capacity` items.
    Full(T),
    /// The receiver is gone.
    Closed(T),
}

/// [`Sender::send`] failed: the receiver is gone.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SendError<T>(pub(crate) T);

/// The sending half; clones send into the same queue.
pub(crate) struct Sender<T>(Arc<Shared<T>>);

/// A sender that does not keep the queue open: [`WeakSender::upgrade`] gives a [`Sender`]
/// while another one is alive.
pub(crate) struct WeakSender<T>(Arc<Shared<T>>);

/// The receiving half.
pub(crate) struct Receiver<T>(Arc<Shared<T>>);

impl<T> Sender<T> {
    /// Queues `item` if there is room.
    pub(crate) fn try_send(&self, item: T) -> Result<(), TrySendError<T>> {
        let mut state = self.0.lock();
        if !state.receiver {
            return Err(TrySendError::Closed(item));
        }
        if state.items.len() >= state.capacity {
            return Err(TrySendError::Full(item));
        }
        state.items.push_back(item);
        let reader = state.reader.take();
        drop(state);
        if let Some(w) = reader {
            w.wake();
        }
        Ok(())
    }

    /// Queues `item`, waiting while the queue is full.
    pub(crate) async fn send(&self, item: T) -> Result<(), SendError<T>> {
        let mut item = item;
        loop {
            // Registered before the check: room made after it wakes this waiter.
            let room = self.0.room.notified();
            let mut room = std::pin::pin!(room);
            room.as_mut().enable();
            match self.try_send(item) {
                Ok(()) => return Ok(()),
                Err(TrySendError::Closed(back)) => return Err(SendError(back)),
                Err(TrySendError::Full(back)) => item = back,
            }
            room.await;
        }
    }

    /// Whether the receiver is gone.
    pub(crate) fn is_closed(&self) -> bool {
        !self.0.lock().receiver
    }

    /// Tells the receiving side to stop (see [`WeakSender::stopped`]); what is queued stays.
    pub(crate) fn stop(&self) {
        let mut state = self.0.lock();
        state.stopped = true;
        let waiter = state.stop_waiter.take();
        drop(state);
        if let Some(w) = waiter {
            w.wake();
        }
    }

    /// A handle that does not keep the queue open.
    pub(crate) fn downgrade(&self) -> WeakSender<T> {
        WeakSender(self.0.clone())
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.0.lock().senders += 1;
        Sender(self.0.clone())
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.senders -= 1;
        // The last one: a waiting receiver learns that nothing more comes.
        let reader = if state.senders == 0 { state.reader.take() } else { None };
        drop(state);
        if let Some(w) = reader {
            w.wake();
        }
    }
}

impl<T> WeakSender<T> {
    /// A [`Sender`], if another one is still alive.
    pub(crate) fn upgrade(&self) -> Option<Sender<T>> {
        let mut state = self.0.lock();
        if state.senders == 0 {
            return None;
        }
        state.senders += 1;
        drop(state);
        Some(Sender(self.0.clone()))
    }

    /// Waits until a sender calls [`Sender::stop`]. (A view task waits for this beside its
    /// work: one flag in its mailbox instead of a cancellation token per view, and a future of
    /// one pointer, which the task holds for its life, instead of a `Notify` waiter.) One task
    /// waits at a time: a second waiter replaces the first's wake-up.
    pub(crate) async fn stopped(&self) {
        poll_fn(|cx| {
            let mut state = self.0.lock();
            if state.stopped {
                return Poll::Ready(());
            }
            register(&mut state.stop_waiter, cx);
            Poll::Pending
        })
        .await
    }
}

impl<T> Clone for WeakSender<T> {
    fn clone(&self) -> Self {
        WeakSender(self.0.clone())
    }
}

impl<T> Receiver<T> {
    /// The next item, waiting for one; `None` once the queue is empty and every sender gone.
    pub(crate) async fn recv(&mut self) -> Option<T> {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    /// [`Receiver::recv`] as a poll: `Pending` registers `cx`'s waker for the next item.
    pub(crate) fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut state = self.0.lock();
        match state.items.pop_front() {
            Some(item) => {
                drop(state);
                // (A stored permit when nobody waits: a later full sender retries once.)
                self.0.room.notify_one();
                Poll::Ready(Some(item))
            }
            None if state.senders == 0 => Poll::Ready(None),
            None => {
                register(&mut state.reader, cx);
                Poll::Pending
            }
        }
    }

    /// Whether nothing is queued.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.lock().items.is_empty()
    }
}

/// Puts `cx`'s waker in `slot` (unless the one there already wakes the same task).
fn register(slot: &mut Option<Waker>, cx: &Context<'_>) {
    if !slot.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
        *slot = Some(cx.waker().clone());
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.receiver = false;
        state.reader = None;
        // (A stored waker would keep the ended task's memory while any weak sender lives.)
        state.stop_waiter = None;
        let items = std::mem::take(&mut state.items);
        drop(state);
        // Items are dropped outside the lock (their drop may take other locks, or send).
        drop(items);
        self.0.room.notify_waiters();
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sender")
    }
}

impl<T> fmt::Debug for WeakSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WeakSender")
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receiver")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn items_arrive_in_order_and_recv_ends_when_every_sender_is_gone() {
        let (tx, mut rx) = channel(4);
        let tx2 = tx.clone();
        tx.try_send(1).unwrap();
        tx2.try_send(2).unwrap();
        drop(tx);
        assert_eq!(rx.recv().await, Some(1));
        assert!(!rx.is_empty());
        drop(tx2);
        // Still delivered after the senders went.
        assert_eq!(rx.recv().await, Some(2));
        assert_eq!(rx.recv().await, None);
    }

    #[tokio::test]
    async fn a_full_queue_refuses_try_send_and_send_waits_for_room() {
        let (tx, mut rx) = channel(2);
        tx.try_send(1).unwrap();
        tx.try_send(2).unwrap();
        assert_eq!(tx.try_send(3), Err(TrySendError::Full(3)));
        let waiting = tokio::spawn({
            let tx = tx.clone();
            async move { tx.send(3).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "send returned while the queue was full");
        assert_eq!(rx.recv().await, Some(1));
        assert_eq!(waiting.await.unwrap(), Ok(()));
        assert_eq!(rx.recv().await, Some(2));
        assert_eq!(rx.recv().await, Some(3));
    }

    #[tokio::test]
    async fn every_waiting_sender_gets_in_as_room_is_made() {
        // Three senders wait on a full queue of one; the reader takes slowly. Room made once
        // must not strand a waiter behind one that has been woken and sent.
        let (tx, mut rx) = channel(1);
        tx.try_send(0).unwrap();
        let senders: Vec<_> = (1..=3)
            .map(|i| {
                let tx = tx.clone();
                tokio::spawn(async move { tx.send(i).await })
            })
            .collect();
        drop(tx);
        let mut got = Vec::new();
        while let Some(v) =
            tokio::time::timeout(Duration::from_secs(5), rx.recv()).await.expect("a sender was stranded")
        {
            got.push(v);
        }
        for s in senders {
            assert_eq!(s.await.unwrap(), Ok(()));
        }
        got.sort();
        assert_eq!(got, [0, 1, 2, 3]);
    }

    #[tokio::test]
    async fn a_cancelled_waiter_passes_its_wake_up_on() {
        let (tx, mut rx) = channel(1);
        tx.try_send(0).unwrap();
        let first = tokio::spawn({
            let tx = tx.clone();
            async move { tx.send(1).await }
        });
        let second = tokio::spawn({
            let tx = tx.clone();
            async move { tx.send(2).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        first.abort();
        assert_eq!(rx.recv().await, Some(0));
        assert_eq!(tokio::time::timeout(Duration::from_secs(5), second).await.expect("stranded").unwrap(), Ok(()));
        assert_eq!(rx.recv().await, Some(2));
    }

    #[tokio::test]
    async fn dropping_the_receiver_drops_what_is_queued_and_fails_every_send() {
        struct Counted(Arc<AtomicUsize>);
        impl Drop for Counted {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::Relaxed);
            }
        }
        let dropped = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel(1);
        assert!(tx.try_send(Counted(dropped.clone())).is_ok());
        let waiting = tokio::spawn({
            let tx = tx.clone();
            let c = Counted(dropped.clone());
            async move { tx.send(c).await.is_err() }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!tx.is_closed());
        drop(rx);
        assert!(waiting.await.unwrap(), "the waiting send failed");
        assert!(tx.is_closed());
        assert!(matches!(tx.try_send(Counted(dropped.clone())), Err(TrySendError::Closed(_))));
        // The queued one, the waiting one's and the refused one.
        assert_eq!(dropped.load(Ordering::Relaxed), 3);
    }

    #[tokio::test]
    async fn a_weak_sender_does_not_keep_the_queue_open() {
        let (tx, mut rx) = channel::<u8>(1);
        let weak = tx.downgrade();
        let strong = weak.upgrade().expect("a sender is alive");
        drop(tx);
        assert!(strong.try_send(7).is_ok());
        drop(strong);
        assert!(weak.upgrade().is_none());
        assert_eq!(rx.recv().await, Some(7));
        // The weak one left does not keep recv waiting.
        assert_eq!(rx.recv().await, None);
    }

    #[tokio::test]
    async fn stop_wakes_the_stopped_waiter_and_keeps_what_is_queued() {
        let (tx, mut rx) = channel(2);
        let waiter = tokio::spawn({
            let weak = tx.downgrade();
            async move { weak.stopped().await }
        });
        tx.try_send(1).unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished(), "stopped() returned before stop()");
        tx.stop();
        tokio::time::timeout(Duration::from_secs(5), waiter).await.expect("the stopped() waiter hung").unwrap();
        // Late waiters return at once.
        tx.downgrade().stopped().await;
        assert_eq!(rx.recv().await, Some(1));
    }

    #[tokio::test]
    async fn recv_wakes_when_an_item_comes_or_the_last_sender_goes() {
        let (tx, mut rx) = channel(1);
        let reader = tokio::spawn(async move { (rx.recv().await, rx.recv().await) });
        tokio::time::sleep(Duration::from_millis(20)).await;
        tx.try_send(5).unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(tx);
        assert_eq!(
            tokio::time::timeout(Duration::from_secs(5), reader).await.expect("reader hung").unwrap(),
            (Some(5), None)
        );
    }
}
