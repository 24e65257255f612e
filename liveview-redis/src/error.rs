//! The crate's error type.

/// Why [`RedisPubSub::connect`](crate::RedisPubSub::connect) failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The URL is not a valid Redis URL (`redis://HOST:PORT`).
    #[error("invalid Redis URL: {0}")]
    InvalidUrl(#[source] redis::RedisError),
    /// Redis could not be reached, or refused the connection.
    #[error("cannot connect to Redis at {addr}: {source}")]
    Connect {
        /// `host:port` of the server (never the credentials).
        addr: String,
        /// What went wrong.
        #[source]
        source: redis::RedisError,
    },
    /// Redis did not answer within the connect timeout.
    #[error("timed out connecting to Redis at {addr}")]
    Timeout {
        /// `host:port` of the server.
        addr: String,
    },
}
