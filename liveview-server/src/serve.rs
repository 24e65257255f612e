//! Binding, accepting and graceful shutdown.

use crate::assets::{AssetsNotFound, ClientAssets};
use crate::http;
use crate::router::{ConfigError, LiveRouter};
use crate::state::Shared;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio_util::sync::CancellationToken;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// Binding or accepting failed.
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
    /// The JS client is missing.
    #[error(transparent)]
    Assets(#[from] AssetsNotFound),
    /// The router cannot serve (a bad route pattern or signing secret).
    #[error("invalid configuration: {0}")]
    Config(#[from] ConfigError),
}

/// A bound server. [`Server::run`] serves until [`Server::shutdown_token`] is cancelled.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.listener.local_addr().ok()).finish()
    }
}

impl Server {
    /// Binds `addr` (use port 0 for any free port) and loads the JS client.
    ///
    /// # Errors
    /// [`ServerError::Config`] for a bad route pattern or signing secret, checked before
    /// anything is bound; [`ServerError::Assets`] when the JS client is not installed;
    /// [`ServerError::Io`] when `addr` cannot be bound.
    pub async fn bind(addr: impl ToSocketAddrs, router: LiveRouter) -> Result<Server, ServerError> {
        let assets = ClientAssets::load()?;
        let shared = Arc::new(Shared::new(router, assets, CancellationToken::new())?);
        let listener = TcpListener::bind(addr).await?;
        Ok(Server { listener, shared })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)))
    }

    /// Cancel this token to shut down: sockets are closed with code 1012 (clients reconnect),
    /// in-flight HTTP requests finish.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shared.shutdown.clone()
    }

    /// Serves until shut down.
    ///
    /// # Errors
    /// None today: accept errors (out of file descriptors) are logged and retried.
    ///
    /// # Cancel safety
    /// Dropping the future stops accepting but leaves spawned connections running; cancel the
    /// [`Server::shutdown_token`] instead for an orderly stop.
    pub async fn run(self) -> Result<(), ServerError> {
        let Server { listener, shared } = self;
        let shutdown = shared.shutdown.clone();
        loop {
            let (stream, _peer) = tokio::select! {
                _ = shutdown.cancelled() => break,
                r = listener.accept() => match r {
                    Ok(s) => s,
                    Err(e) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
            };
            let _ = stream.set_nodelay(true);
            let shared = shared.clone();
            let token = shutdown.clone();
            shared.tracker.clone().spawn(async move {
                let svc_shared = shared.clone();
                let service = service_fn(move |req| http::handle(svc_shared.clone(), req));
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(Duration::from_secs(30))
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades();
                tokio::pin!(conn);
                tokio::select! {
                    r = conn.as_mut() => { if let Err(e) = r { tracing::debug!(error = %e, "http connection ended"); } }
                    _ = token.cancelled() => {
                        conn.as_mut().graceful_shutdown();
                        let _ = tokio::time::timeout(Duration::from_secs(5), conn).await;
                    }
                }
            });
        }
        shared.tracker.close();
        let _ = tokio::time::timeout(Duration::from_secs(5), shared.tracker.wait()).await;
        Ok(())
    }

    /// Serves until SIGINT (Ctrl-C) or SIGTERM, then shuts down gracefully.
    ///
    /// # Errors
    /// None today (the `Result` leaves room for accept errors that cannot be retried).
    ///
    /// # Cancel safety
    /// As [`Server::run`].
    pub async fn run_until_signal(self) -> Result<(), ServerError> {
        let token = self.shutdown_token();
        tokio::spawn(async move {
            wait_for_signal().await;
            tracing::info!("shutting down");
            token.cancel();
        });
        self.run().await
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Binds `addr` and serves `router` until SIGINT/SIGTERM.
///
/// # Cancel safety
/// See [`Server::run`].
pub async fn serve(addr: impl ToSocketAddrs, router: LiveRouter) -> Result<(), ServerError> {
    let server = Server::bind(addr, router).await?;
    tracing::info!("listening on http://{}", server.local_addr());
    server.run_until_signal().await
}
