//! Where the router's own endpoints live: the websocket and the client's assets, under the
//! router's prefix (`LiveRouter::prefix`, empty by default).

/// The websocket (`new LiveSocket("<prefix>/live", ..)` + `/websocket`) and asset paths.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    /// `<prefix>/live`: what the bootstrap hands to `LiveSocket`.
    pub(crate) socket_base: String,
    /// `<prefix>/live/websocket`: where upgrades arrive.
    pub(crate) socket: String,
    pub(crate) phoenix: String,
    pub(crate) live_view: String,
    pub(crate) app: String,
    pub(crate) hooks: String,
}

impl Paths {
    /// The paths under `prefix` (`""` or `/app`, without a trailing `/`).
    pub(crate) fn new(prefix: &str) -> Paths {
        let socket_base = format!("{prefix}/live");
        Paths {
            socket: format!("{socket_base}/websocket"),
            socket_base,
            phoenix: format!("{prefix}/assets/phoenix.mjs"),
            live_view: format!("{prefix}/assets/phoenix_live_view.esm.js"),
            app: format!("{prefix}/assets/liveview-app.js"),
            hooks: format!("{prefix}/assets/liveview-hooks.js"),
        }
    }

    /// The bootstrap module: connects a `LiveSocket` with the page's CSRF token, the user's
    /// hooks (the hooks module's default export) and uploaders (its `uploaders` export, for
    /// external uploads).
    #[cfg(test)]
    pub(crate) fn app_js(&self) -> String {
        self.app_js_with(None)
    }

    /// Where the bootstrap of the `n`th set of client options is served (`n` from 1; 0 is
    /// [`Paths::app`], the router's own).
    pub(crate) fn app_variant(&self, n: usize) -> String {
        if n == 0 { self.app.clone() } else { self.app.replace(".js", &format!("-{n}.js")) }
    }

    /// The bootstrap module with `options` (the source of a JS object literal, see
    /// `PageOptions::client_options`) spread after the framework's own options.
    ///
    /// The options' `params` (an object, or a function of the view's element, as the client
    /// takes them) are merged with the CSRF token rather than replacing it: a page that sends
    /// connect params of its own must not lose the token, or every join is refused.
    pub(crate) fn app_js_with(&self, options: Option<&str>) -> String {
        let (extra, params) = match options {
            Some(js) => (
                format!("const options = ({js})\nconst userParams = options.params || {{}}\n"),
                ", ...options, params: (el) => ({...(typeof userParams === \"function\" ? userParams(el) : userParams), _csrf_token: csrfToken})",
            ),
            None => (String::new(), ", params: {_csrf_token: csrfToken}"),
        };
        format!(
            r#"import {{Socket}} from "phoenix"
import {{LiveSocket}} from "phoenix_live_view"
import hooks, * as userModule from "{hooks}"
const csrfToken = document.querySelector("meta[name='csrf-token']")?.getAttribute("content")
const uploaders = userModule.uploaders || {{}}
{extra}const liveSocket = new LiveSocket("{socket}", Socket, {{hooks, uploaders{params}}})
liveSocket.connect()
window.liveSocket = liveSocket
"#,
            hooks = self.hooks,
            socket = self.socket_base,
        )
    }
}

/// `prefix` as the router stores it: `""`, or `/seg[/seg…]` without a trailing `/`. `None`
/// when it is not a path (no leading `/`, or characters that need escaping in HTML or JS).
pub(crate) fn normalize_prefix(prefix: &str) -> Option<String> {
    let p = prefix.trim_end_matches('/');
    if p.is_empty() {
        return Some(String::new());
    }
    let ok = p.starts_with('/')
        && !p.starts_with("//")
        && p.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~'));
    ok.then(|| p.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_move_the_socket_and_assets() {
        let p = Paths::new("/app");
        assert_eq!(p.socket, "/app/live/websocket");
        assert_eq!(p.live_view, "/app/assets/phoenix_live_view.esm.js");
        assert!(p.app_js().contains(r#"new LiveSocket("/app/live""#));
        assert!(p.app_js().contains(r#"import hooks, * as userModule from "/app/assets/liveview-hooks.js""#));
        assert!(p.app_js().contains("{hooks, uploaders, params: {_csrf_token: csrfToken}}"));
        assert_eq!(Paths::new("").socket, "/live/websocket");
        assert_eq!(p.app_variant(0), "/app/assets/liveview-app.js");
        assert_eq!(p.app_variant(2), "/app/assets/liveview-app-2.js");
        let tuned = p.app_js_with(Some("{maxReloads: 5}"));
        assert!(tuned.contains("const options = ({maxReloads: 5})"), "{tuned}");
        // The options come after the framework's hooks and uploaders; the CSRF token is merged
        // into their params, last, so it survives `params` of the page's own.
        assert!(tuned.contains("{hooks, uploaders, ...options, params: (el) => ({...(typeof userParams === \"function\" ? userParams(el) : userParams), _csrf_token: csrfToken})}"), "{tuned}");
        assert_eq!(normalize_prefix("/app/").as_deref(), Some("/app"));
        assert_eq!(normalize_prefix("/").as_deref(), Some(""));
        for bad in ["app", "//evil", "/a\"b", "/a b", "/<x>"] {
            assert_eq!(normalize_prefix(bad), None, "{bad}");
        }
    }
}
