//! Why the server closes a websocket: each reason with its RFC 6455 close code.
//!
//! The code decides what the official client does next: 1000 would make it reload the page,
//! every code here makes it reconnect and rejoin (with back-off).

/// A server-initiated close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Close {
    /// The server is shutting down (1012 "service restart"): the client reconnects.
    Restart,
    /// Nothing, not even a heartbeat, arrived for the idle timeout (1001).
    Idle,
    /// A message over the frame limit (1009).
    TooLarge,
    /// A text message that is not UTF-8 (1007).
    InvalidUtf8,
    /// A text message that is no channel frame and has no readable ref to answer (1007).
    MalformedFrame,
    /// The client sends faster than its views handle (1008, policy violation).
    TooManyMessages,
    /// A binary message that is no readable client push (1003).
    UnsupportedData,
    /// Any other websocket protocol violation (1002).
    Protocol,
}

impl Close {
    /// The close code.
    pub(crate) fn code(self) -> u16 {
        match self {
            Close::Restart => 1012,
            Close::Idle => 1001,
            Close::TooLarge => 1009,
            Close::InvalidUtf8 | Close::MalformedFrame => 1007,
            Close::TooManyMessages => 1008,
            Close::UnsupportedData => 1003,
            Close::Protocol => 1002,
        }
    }

    /// The close reason sent with the code.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Close::Restart => "server restarting",
            Close::Idle => "idle timeout",
            Close::TooLarge => "message too large",
            Close::InvalidUtf8 => "invalid UTF-8",
            Close::MalformedFrame => "malformed frame",
            Close::TooManyMessages => "too many messages",
            Close::UnsupportedData => "unsupported data",
            Close::Protocol => "protocol error",
        }
    }
}
