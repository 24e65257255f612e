//! Why a harness call failed, worded for the person reading the test output.

use crate::router::ConfigError;

/// A failed harness call: the message says what was expected and what the page had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TestError {
    /// The router cannot serve.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The path serves no LiveView (the dead render answered with another status).
    #[error("GET {path} answered {status}, not a LiveView page")]
    NotLive {
        /// The path requested.
        path: String,
        /// The HTTP status.
        status: u16,
    },
    /// Mount redirected during the dead render: there is no view to connect to.
    #[error("GET {path} redirected to {to}")]
    Redirected {
        /// The path requested.
        path: String,
        /// Where to.
        to: String,
    },
    /// The join was refused (e.g. `{"reason":"stale"}`) or answered with a redirect.
    #[error("the join was refused: {response}")]
    JoinRefused {
        /// The reply's response object.
        response: serde_json::Value,
    },
    /// A CSS selector that does not parse.
    #[error("invalid CSS selector {selector:?}: {why}")]
    InvalidSelector {
        /// The selector.
        selector: String,
        /// What the parser said.
        why: String,
    },
    /// A selector that matches nothing on the page.
    #[error("{selector:?} matches nothing; ids on the page: {}", ids.join(", "))]
    NoMatch {
        /// The selector.
        selector: String,
        /// Every `id` on the page, to spot the typo.
        ids: Vec<String>,
    },
    /// The element has no binding for the action (a template that lacks `phx-click`, say).
    #[error("{selector:?} has no {binding} attribute: {element}")]
    NoBinding {
        /// The selector.
        selector: String,
        /// The binding looked for, e.g. `phx-click`.
        binding: &'static str,
        /// The element's opening tag.
        element: String,
    },
    /// The view crashed while handling what the test sent.
    #[error("the view crashed: {reason}")]
    Crashed {
        /// The handler's error or the panic message.
        reason: String,
    },
    /// The view is not running (it navigated away, crashed or was never joined).
    #[error("the view is not running ({0}); follow_redirect() mounts the next one")]
    NotRunning(&'static str),
    /// An assertion about what the view sent did not hold.
    #[error("{0}")]
    Assertion(String),
    /// The server sent something the official client could not have applied.
    #[error("protocol: {0}")]
    Protocol(String),
}
