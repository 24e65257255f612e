//! The publisher task: owns the node's one publishing connection and sends queued broadcasts
//! in order, pipelined in batches.

use crate::config::Config;
use crate::error::Error;
use crate::health::{Backoff, Link};
use crate::shared::Shared;
use redis::aio::MultiplexedConnection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// Broadcasts sent in one pipeline at most.
const BATCH: usize = 256;

/// How long Redis may take to answer a batch before the connection is considered broken.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) async fn connect(client: &redis::Client, timeout: Duration) -> Result<MultiplexedConnection, Error> {
    let config = redis::AsyncConnectionConfig::new()
        .set_connection_timeout(Some(timeout))
        .set_response_timeout(Some(RESPONSE_TIMEOUT));
    let addr = client.get_connection_info().addr().to_string();
    match tokio::time::timeout(timeout, client.get_multiplexed_async_connection_with_config(&config)).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(source)) => Err(Error::Connect { addr, source }),
        Err(_) => Err(Error::Timeout { addr }),
    }
}

pub(crate) async fn run(
    client: redis::Client,
    shared: Arc<Shared>,
    mut queue: mpsc::Receiver<(String, Vec<u8>)>,
    conn: MultiplexedConnection,
    config: Config,
) {
    let mut conn = Some(conn);
    let mut backoff = Backoff::new(config.max_reconnect_delay);
    let mut retry_at = Instant::now();
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let Some(c) = conn.as_mut() else {
            // Down: drop what is queued (it would be stale by the time Redis is back) and retry.
            tokio::select! {
                biased;
                () = retry(retry_at, &shared) => match connect(&client, config.connect_timeout).await {
                    Ok(c) => {
                        conn = Some(c);
                        backoff.reset();
                        shared.health.restored(Link::Publisher);
                    }
                    Err(e) => {
                        shared.health.lost(Link::Publisher, &e);
                        retry_at = Instant::now() + backoff.next_delay();
                    }
                },
                n = queue.recv_many(&mut batch, BATCH) => {
                    if n == 0 {
                        return;
                    }
                    shared.health.dropped(batch.len());
                    batch.clear();
                }
            }
            continue;
        };
        if queue.recv_many(&mut batch, BATCH).await == 0 {
            return;
        }
        let mut pipe = redis::pipe();
        for (channel, payload) in &batch {
            pipe.cmd("PUBLISH").arg(channel).arg(payload).ignore();
        }
        if let Err(e) = pipe.exec_async(c).await {
            conn = None;
            if e.is_connection_dropped() {
                // Typically Redis restarted while this connection was idle: the batch never left,
                // so retry it once on a fresh connection before calling it an outage.
                match connect(&client, config.connect_timeout).await {
                    Ok(mut fresh) => match pipe.exec_async(&mut fresh).await {
                        Ok(()) => conn = Some(fresh),
                        Err(e) => shared.health.lost(Link::Publisher, &e),
                    },
                    Err(e) => shared.health.lost(Link::Publisher, &e),
                }
            } else {
                shared.health.lost(Link::Publisher, &e);
            }
            if conn.is_none() {
                shared.health.dropped(batch.len());
                retry_at = Instant::now() + backoff.next_delay();
            }
        }
        batch.clear();
    }
}

/// Completes at `at`, or earlier when the subscriber connection reports that Redis is back.
async fn retry(at: Instant, shared: &Shared) {
    tokio::select! {
        () = tokio::time::sleep_until(at) => {}
        () = shared.back.notified() => {}
    }
}
