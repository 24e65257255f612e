//! [`Config`]: the settings of a [`RedisPubSub`](crate::RedisPubSub), read by the handle and by
//! both background tasks.

use std::time::Duration;

/// Settings of a [`RedisPubSub`](crate::RedisPubSub); start from [`Config::default`].
///
/// ```
/// let mut config = liveview_redis::Config::default();
/// config.channel_prefix = "shop:".to_owned(); // two apps sharing one Redis
/// assert_eq!(config.max_reconnect_delay, std::time::Duration::from_secs(2));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// Prepended to a topic to name its Redis channel (default `liveview:`). Nodes that share
    /// broadcasts must use the same prefix.
    pub channel_prefix: String,
    /// The longest wait between two reconnect attempts during an outage (default 2 s).
    pub max_reconnect_delay: Duration,
    /// Broadcasts queued for the publisher connection at most; past that they are dropped with a
    /// warning (default 4096).
    pub publish_queue: usize,
    /// How long connecting (and each later reconnect attempt) may take (default 2 s).
    pub connect_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            channel_prefix: "liveview:".to_owned(),
            max_reconnect_delay: Duration::from_secs(2),
            publish_queue: 4096,
            connect_timeout: Duration::from_secs(2),
        }
    }
}
