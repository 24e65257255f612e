//! The router as a `tower::Service`, to serve the live routes from any tower/hyper server
//! (an `axum::Router` among them) beside the application's own routes and layers.

use crate::assets::ClientAssets;
use crate::http;
use crate::response::Body;
use crate::router::LiveRouter;
use crate::serve::ServerError;
use crate::state::Shared;
use ::http::{Request, Response};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio_util::sync::CancellationToken;

/// The live routes as a [`tower_service::Service`] over `http` 1.x requests: dead renders,
/// the client's assets and the websocket (upgraded through hyper's upgrade handle, which
/// hyper-based servers such as axum's pass along in the request's extensions).
///
/// Cheap to clone: clones share one server state. Every route of the router and its socket
/// path answer; anything else gets a 404 page (a 405 for methods other than GET and HEAD), so
/// put the service where the application's own routes do not match, e.g. as the fallback of
/// an `axum::Router` (`.fallback_service(live)`; the README shows the whole program).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use tower_service::Service;
///
/// let mut live = liveview_examples::router().into_service()?;
/// let page = live.call(http::Request::get("/counter").body(())?).await?;
/// assert_eq!(page.status(), 200);
/// let elsewhere = live.call(http::Request::get("/api/health").body(())?).await?;
/// assert_eq!(elsewhere.status(), 404, "not a live route");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct LiveService {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for LiveService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveService").field("app", &self.shared.app).finish()
    }
}

impl LiveRouter {
    /// This router as a tower service, to compose with other routes and layers.
    ///
    /// # Errors
    /// [`ServerError::Config`] for a bad route pattern, signing secret or `live_session`;
    /// [`ServerError::Assets`] when the JS client is not installed.
    pub fn into_service(self) -> Result<LiveService, ServerError> {
        let assets = ClientAssets::load()?;
        let shared = Shared::new(self, assets, CancellationToken::new())?;
        Ok(LiveService { shared: Arc::new(shared) })
    }
}

impl LiveService {
    /// Cancel this token to close every websocket the service holds with code 1012 (the
    /// clients reconnect), e.g. when the server around it shuts down gracefully.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shared.shutdown.clone()
    }
}

impl<B: Send + 'static> tower_service::Service<Request<B>> for LiveService {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        Box::pin(http::handle(self.shared.clone(), req))
    }
}

#[cfg(test)]
mod tests {
    use crate::{LiveRouter, Page, PageOptions};
    use http_body_util::BodyExt;
    use liveview_examples::{counter::Counter, hello::Hello, push::Push};
    use tower_service::Service;

    async fn get(live: &mut super::LiveService, path: &str) -> (u16, String) {
        let resp = live.call(http::Request::get(path).body(()).unwrap()).await.unwrap();
        let status = resp.status().as_u16();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    fn marked(mark: &'static str) -> impl Fn(&Page) -> String + Send + Sync + 'static {
        move |page: &Page| {
            format!("<html><head>{}</head><body data-layout=\"{mark}\">{}</body></html>", page.head, page.body)
        }
    }

    #[tokio::test]
    async fn groups_and_routes_choose_their_layout_client_options_and_container_attributes() {
        let router = LiveRouter::new()
            .live::<Counter>("/counter")
            .live_with::<Push>(
                "/tuned",
                PageOptions::new().client_options("{maxReloads: 5}").container_attr("phx-remove", "[\"x\"]"),
            )
            .live_session("nav", |s| {
                s.layout(marked("nav"))
                    .client_options("{reloadJitterMin: 50}")
                    .live::<Hello>("/nav/hello")
                    .live_with::<Counter>("/nav/own", PageOptions::new().layout(marked("own")))
            });
        let mut live = router.into_service().unwrap();

        let (status, counter) = get(&mut live, "/counter").await;
        assert_eq!(status, 200);
        assert!(counter.contains(r#"src="/assets/liveview-app.js""#), "{counter}");
        assert!(counter.contains("<title data-default"), "the router's default layout: {counter}");
        assert!(!counter.contains("phx-remove"), "{counter}");

        let (_, tuned) = get(&mut live, "/tuned").await;
        assert!(
            tuned.contains(r#"data-phx-static=""#) && tuned.contains(r#" phx-remove="[&quot;x&quot;]">"#),
            "{tuned}"
        );
        let tuned_app = tuned.split("src=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_owned();
        assert_ne!(tuned_app, "/assets/liveview-app.js");

        let (_, hello) = get(&mut live, "/nav/hello").await;
        assert!(hello.contains(r#"data-layout="nav""#), "{hello}");
        let (_, own) = get(&mut live, "/nav/own").await;
        assert!(own.contains(r#"data-layout="own""#), "a route's layout wins over its group's: {own}");
        let group_app = hello.split("src=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_owned();
        assert!(own.contains(&format!("src=\"{group_app}\"")), "the group's client options still apply: {own}");

        let (status, js) = get(&mut live, &tuned_app).await;
        assert_eq!(status, 200);
        assert!(js.contains("const options = ({maxReloads: 5})"), "{js}");
        assert!(js.contains("{hooks, uploaders, ...options, params: (el) =>"), "{js}");
        let (_, js) = get(&mut live, &group_app).await;
        assert!(js.contains("const options = ({reloadJitterMin: 50})"), "{js}");
        let (_, js) = get(&mut live, "/assets/liveview-app.js").await;
        assert!(
            js.contains("{hooks, uploaders, params: {_csrf_token: csrfToken}})") && !js.contains("const options"),
            "the router's bootstrap has no extra options: {js}"
        );
    }
}
