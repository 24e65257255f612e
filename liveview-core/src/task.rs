//! Async work started from a handler ([`Socket::start_async`](crate::socket::Socket::start_async)):
//! the outcome a task reports ([`AsyncError`]), the state a view renders while it waits
//! ([`AsyncResult`]), and the type-erased task the transport runs ([`AsyncOp`]).
//!
//! The view keeps handling events while a task runs. When the task ends, its result (or its
//! error, or its panic) is mapped to a message of the view's and delivered to the view's
//! `#[info]` handler for that type, like [`send_info`](crate::socket::Socket::send_info). A
//! task that is cancelled (the view stopped, the same name was started again, or
//! [`cancel_async`](crate::socket::Socket::cancel_async)) reports nothing.

use crate::info::Info;
use std::any::Any;
use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Why an async task produced no value: its own error, or a panic.
///
/// `E` is the error type of the task's future (`Future<Output = Result<T, E>>`). A panic in the
/// future never crashes the view: it arrives here as [`AsyncError::Panicked`].
///
/// ```
/// use liveview_core::task::AsyncError;
/// let failed: AsyncError<String> = AsyncError::Failed("no such user".into());
/// assert_eq!(failed.to_string(), "no such user");
/// let panicked: AsyncError<String> = AsyncError::Panicked("index out of bounds".into());
/// assert_eq!(panicked.to_string(), "panicked: index out of bounds");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsyncError<E = String> {
    /// The future returned `Err(e)`.
    Failed(E),
    /// The future panicked; the panic's message (or `"unknown panic"`).
    Panicked(String),
}

impl<E: fmt::Display> fmt::Display for AsyncError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsyncError::Failed(e) => e.fmt(f),
            AsyncError::Panicked(why) => write!(f, "panicked: {why}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for AsyncError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AsyncError::Failed(e) => Some(e),
            AsyncError::Panicked(_) => None,
        }
    }
}

/// The state of something loaded by an async task, for `render` to show: still loading, loaded,
/// or failed (Phoenix's `AsyncResult`). It starts as [`AsyncResult::Loading`]; a task's result
/// converts into it with `into()`.
///
/// ```
/// use liveview_core::task::{AsyncError, AsyncResult};
/// let mut answer: AsyncResult<u32> = AsyncResult::default();
/// assert!(answer.is_loading());
/// answer = Ok::<u32, AsyncError<String>>(42).into();
/// assert_eq!(answer.ok(), Some(&42));
/// answer = Err::<u32, _>(AsyncError::Failed("timeout")).into();
/// assert_eq!(answer.failed(), Some("timeout"));
/// ```
///
/// In `html!`, `match` on it (the README's "Async work" section compiles this):
///
/// ```text
/// match &self.answer {
///     AsyncResult::Loading => <p>"loading"</p>,
///     AsyncResult::Ok(n) => <p>"ready: " {n}</p>,
///     AsyncResult::Failed(why) => <p>"failed: " {why}</p>,
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AsyncResult<T> {
    /// The task has not reported yet.
    #[default]
    Loading,
    /// The task's value.
    Ok(T),
    /// Why the task failed (its error's or its panic's message).
    Failed(String),
}

impl<T> AsyncResult<T> {
    /// Whether the task has not reported yet.
    pub fn is_loading(&self) -> bool {
        matches!(self, AsyncResult::Loading)
    }

    /// The value, once loaded.
    pub fn ok(&self) -> Option<&T> {
        match self {
            AsyncResult::Ok(v) => Some(v),
            _ => None,
        }
    }

    /// Why it failed, if it did.
    pub fn failed(&self) -> Option<&str> {
        match self {
            AsyncResult::Failed(why) => Some(why),
            _ => None,
        }
    }
}

impl<T, E: fmt::Display> From<Result<T, AsyncError<E>>> for AsyncResult<T> {
    fn from(result: Result<T, AsyncError<E>>) -> Self {
        match result {
            Ok(v) => AsyncResult::Ok(v),
            Err(e) => AsyncResult::Failed(e.to_string()),
        }
    }
}

/// The task's future once type-erased: it yields the message for the view.
pub type TaskFuture = Pin<Box<dyn Future<Output = Info> + Send + 'static>>;

/// An async-task request made by a callback; the transport carries it out, in order.
pub enum AsyncOp {
    /// Run `future` under `name`, cancelling a task of the same name that still runs.
    Start {
        /// The task's name (unique per view).
        name: String,
        /// Yields the message to deliver; it already turned errors and panics into
        /// [`AsyncError`]s.
        future: TaskFuture,
    },
    /// Cancel the task `name` if it still runs; its result is never delivered.
    Cancel {
        /// The task's name.
        name: String,
    },
}

impl fmt::Debug for AsyncOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsyncOp::Start { name, .. } => write!(f, "Start({name})"),
            AsyncOp::Cancel { name } => write!(f, "Cancel({name})"),
        }
    }
}

/// Erases a task: runs `future`, catching a panic, and maps its outcome with `deliver`.
pub(crate) fn erase<T, E, M, F, D>(future: F, deliver: D) -> TaskFuture
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    D: FnOnce(Result<T, AsyncError<E>>) -> M + Send + 'static,
    M: Any + Send,
{
    Box::pin(async move {
        let outcome = match (CatchUnwind { inner: Box::pin(future) }).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(AsyncError::Failed(e)),
            Err(why) => Err(AsyncError::Panicked(why)),
        };
        Info::new(deliver(outcome))
    })
}

/// The message of a panic payload.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Polls `inner`, turning a panic into `Err(message)`.
struct CatchUnwind<F> {
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.inner.as_mut();
        // A panicking future is never polled again (it is dropped with the task), so whatever
        // state it left behind cannot be observed.
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(payload) => Poll::Ready(Err(panic_message(payload.as_ref()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Done(Result<u32, AsyncError<String>>);

    async fn run(op: TaskFuture) -> Done {
        match op.await.downcast::<Done>() {
            Ok(d) => d,
            Err(_) => panic!("the task delivered another type"),
        }
    }

    #[tokio::test]
    async fn a_task_delivers_its_value_its_error_or_its_panic() {
        assert_eq!(run(erase(async { Ok::<u32, String>(42) }, Done)).await, Done(Ok(42)));
        let failed = run(erase(async { Err::<u32, String>("no".into()) }, Done)).await;
        assert_eq!(failed, Done(Err(AsyncError::Failed("no".into()))));
        let panicked = run(erase(
            async {
                if true {
                    panic!("boom {}", 7);
                }
                Ok::<u32, String>(1)
            },
            Done,
        ))
        .await;
        assert_eq!(panicked, Done(Err(AsyncError::Panicked("boom 7".into()))));
    }

    #[tokio::test]
    async fn a_panic_after_an_await_is_caught_too() {
        let panicked = run(erase(
            async {
                tokio::task::yield_now().await;
                let v: Vec<u32> = Vec::new();
                Ok::<u32, String>(v[3])
            },
            Done,
        ))
        .await;
        assert!(matches!(panicked, Done(Err(AsyncError::Panicked(m))) if m.contains("index out of bounds")));
    }

    #[test]
    fn a_dead_socket_starts_no_task_and_a_connected_one_keeps_them_in_order() {
        let url = crate::route::Url::parse("http://localhost/").expect("a valid url");
        let mut dead = crate::socket::Socket::new("v", false, url.clone());
        dead.start_async("a", async { Ok::<u32, String>(1) }, Done);
        dead.cancel_async("a");
        assert!(dead.take_tasks().is_empty());
        let mut live = crate::socket::Socket::new("v", true, url);
        live.start_async("a", async { Ok::<u32, String>(1) }, Done);
        live.cancel_async("a");
        let ops = format!("{:?}", live.take_tasks());
        assert_eq!(ops, "[Start(a), Cancel(a)]");
        assert!(live.take_tasks().is_empty());
    }

    #[test]
    fn async_result_converts_from_a_task_result() {
        let loaded: AsyncResult<u32> = Ok::<u32, AsyncError<String>>(1).into();
        assert_eq!(loaded, AsyncResult::Ok(1));
        assert!(!loaded.is_loading() && loaded.failed().is_none());
        let panicked: AsyncResult<u32> = Err::<u32, AsyncError<String>>(AsyncError::Panicked("x".into())).into();
        assert_eq!(panicked.failed(), Some("panicked: x"));
        assert_eq!(panicked.ok(), None);
    }
}
