//! The gallery as an axum application: the live routes (`crate::router`) as the fallback
//! service of an `axum::Router` that also serves a login form, a JSON-free health check and
//! the login/logout endpoints that set the signed cookie [`crate::auth`] reads.

use crate::{auth, layout};
use axum::Form;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use liveview::{LiveService, Page};

/// The login form, in the gallery's layout.
fn login_page() -> Html<String> {
    let body = r#"<main>
<h1>Log in</h1>
<form id="login-form" method="post" action="/login">
<label>Name <input name="name" autocomplete="username" required maxlength="64"></label>
<button id="login-submit" type="submit">Log in</button>
</form>
<p><a href="/">All examples</a></p>
</main>"#;
    let page = Page { title: Some("Log in".to_owned()), head: layout::static_head(), body: body.to_owned() };
    Html(layout::document(&page))
}

/// The login form's fields.
#[derive(Debug, serde::Deserialize)]
struct Login {
    name: String,
}

/// A 303 to `to` with `set_cookie`.
fn see_other(to: &'static str, set_cookie: String) -> Response {
    ([(header::LOCATION, to.to_owned()), (header::SET_COOKIE, set_cookie)], StatusCode::SEE_OTHER).into_response()
}

async fn login(Form(login): Form<Login>) -> Response {
    let name = login.name.trim();
    if name.is_empty() || name.len() > auth::MAX_NAME {
        return (StatusCode::UNPROCESSABLE_ENTITY, login_page()).into_response();
    }
    see_other("/secret", format!("{}; Path=/; HttpOnly; SameSite=Lax", auth::cookie_header(name)))
}

async fn logout() -> Response {
    see_other("/login", format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax", auth::COOKIE))
}

/// The gallery's own routes with `live` as the fallback (keep `live`'s shutdown token to
/// close its websockets when the server stops).
pub fn app_with(live: LiveService) -> axum::Router {
    axum::Router::new()
        .route("/api/health", get(|| async { "ok" }))
        .route("/login", get(|| async { login_page() }).post(login))
        .route("/logout", post(logout))
        .route("/storage/{object}", put(crate::storage::put).layer(DefaultBodyLimit::max(crate::storage::MAX_OBJECT)))
        .fallback_service(live)
}

/// Serves `app` on `addr` until SIGINT or SIGTERM (both binaries of this package): then
/// `close_sockets` runs (the live routes' websockets close with 1012, so clients reconnect) and
/// axum finishes the HTTP requests in flight.
///
/// # Errors
/// When `addr` cannot be bound or the server fails.
pub async fn serve_until_signal(
    addr: &str,
    app: axum::Router,
    close_sockets: impl FnOnce() + Send + 'static,
) -> Result<(), liveview::ServerError> {
    serve_until(addr, app, close_sockets, std::future::pending()).await
}

/// [`serve_until_signal`], stopping as well when `also` resolves.
pub async fn serve_until(
    addr: &str,
    app: axum::Router,
    close_sockets: impl FnOnce() + Send + 'static,
    also: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), liveview::ServerError> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{} (axum)", listener.local_addr()?);
    let stop = async move {
        tokio::select! {
            _ = shutdown_signal() => {}
            _ = also => {}
        }
        tracing::info!("shutting down");
        close_sockets();
    };
    axum::serve(listener, app).with_graceful_shutdown(stop).await?;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
