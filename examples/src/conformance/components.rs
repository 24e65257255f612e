//! Upstream group `components` (`test/e2e/support/components_live.ex`,
//! `tests/components.spec.js`): `/components` in live_session `default` ([`ComponentsLive`]).
//!
//! A tab bar (one tab, `?tab=focus_wrap`) and the focus-wrap demo: a dropdown whose button
//! toggles the menu and focuses its first item, the menu's items wrapped by [`focus_wrap`]
//! (Phoenix's `<.focus_wrap>`: the client's `Phoenix.FocusWrap` hook and two focusable
//! sentinels that send Tab back round), and a simple focus-wrapped container.
//!
//! Upstream's page loads Tailwind from a CDN (`tailwind: true`); the tests need only its
//! `hidden` class (the closed menu), so the page sets that and a few layout rules itself.

use super::routes::Routes;
use liveview::js::Hide;
use liveview::prelude::*;

/// Adds `/components` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<ComponentsLive>("/components"));
}

/// What the page takes from Tailwind.
const STYLE: &str = ".hidden { display: none; } .relative { position: relative; } .inline-block { display: inline-block; } .absolute { position: absolute; } .block { display: block; } .w-full { width: 100%; } .text-left { text-align: left; } .z-10 { z-index: 10; } .bg-white { background: white; } .border { border: 1px solid #d1d5db; } .p-6 { padding: 1.5rem; } .p-4 { padding: 1rem; } .border-dashed { border: 2px dashed #d1d5db; } .flex { display: flex; } .space-x-8 > * + * { margin-left: 2rem; } .mb-6 { margin-bottom: 1.5rem; } .mt-6 { margin-top: 1.5rem; }";

/// Phoenix's `focus_wrap` component: a `Phoenix.FocusWrap` hook container between two
/// focusable, hidden-from-readers sentinels (`<id>-start`, `<id>-end`) that the hook uses to
/// send focus back to the other end.
pub fn focus_wrap(id: &str, class: &str, inner: Rendered) -> Rendered {
    html! {
        <div id={id} phx-hook="Phoenix.FocusWrap" class={class}>
            <span id={format_args!("{id}-start")} tabindex="0" aria-hidden="true"></span>
            {inner}
            <span id={format_args!("{id}-end")} tabindex="0" aria-hidden="true"></span>
        </div>
    }
}

/// A tab of the tab bar: a patch link, highlighted when it is the active tab.
fn tab_link(tab: &str, active_tab: &str, patch: &str, label: &str) -> Rendered {
    let look = if tab == active_tab {
        "border-blue-500 text-blue-600"
    } else {
        "border-transparent text-gray-500 hover:text-gray-700 hover:border-gray-300"
    };
    html! {
        <a {Link::patch(patch)} class={format_args!("whitespace-nowrap py-2 px-1 border-b-2 font-medium text-sm transition-colors {look}")}>
            {label}
        </a>
    }
}

/// The dropdown's and the simple container's demo.
fn focus_wrap_demo() -> Rendered {
    let item =
        "block w-full text-left px-4 py-2 text-sm text-gray-700 hover:bg-gray-100 focus:bg-gray-100 focus:outline-none";
    let menu_items = html! {
        <button phx-click={JS::new().hide(Hide::new().to("#dropdown-menu"))} class={item}>"Edit Profile"</button>
        <button phx-click={JS::new().hide(Hide::new().to("#dropdown-menu"))} class={item}>"Settings"</button>
        <button phx-click={JS::new().hide(Hide::new().to("#dropdown-menu"))} class={item}>"Sign Out"</button>
    };
    let green = "px-3 py-2 bg-green-600 text-white rounded hover:bg-green-700 focus:outline-none focus:ring-2 focus:ring-green-500";
    let container = html! {
        <div class="space-y-3">
            <h4 class="font-medium">"Focus Trapped Container"</h4>
            <p class="text-sm text-gray-600">"Tab through these elements and notice how focus cycles within this container."</p>
            <div class="grid grid-cols-2 gap-3">
                <button class={green}>"Button 1"</button>
                <button class={green}>"Button 2"</button>
            </div>
            <input type="text" placeholder="Input within container" class="w-full px-3 py-2 border border-gray-300 rounded focus:outline-none focus:ring-2 focus:ring-green-500">
        </div>
    };
    html! {
        <div class="space-y-6">
            <div>
                <h2 class="text-xl font-semibold mb-4">"Phoenix.Component.focus_wrap Demo"</h2>
                <p class="text-gray-600 mb-6">
                    "The focus_wrap component wraps tab focus around a container for accessibility. This is essential for modals, dialogs, and menus."
                </p>
            </div>
            <div class="space-y-4">
                <h3 class="text-lg font-medium">"Dropdown Menu Example"</h3>
                <p class="text-sm text-gray-600">"Click the button to open a dropdown menu with focus wrapping."</p>
                <div class="relative inline-block">
                    <button
                        id="dropdown-button"
                        phx-click={JS::new().toggle("#dropdown-menu").focus_first("#dropdown-content")}
                        class="px-4 py-2 bg-gray-600 text-white rounded hover:bg-gray-700 focus:outline-none focus:ring-2 focus:ring-gray-500"
                    >
                        "Options ▼"
                    </button>
                    <div id="dropdown-menu" class="hidden absolute left-0 mt-2 bg-white border border-gray-300 rounded shadow-lg z-10">
                        {focus_wrap("dropdown-content", "py-1", menu_items)}
                    </div>
                </div>
            </div>
            <div class="space-y-4">
                <h3 class="text-lg font-medium">"Simple Focus Container"</h3>
                <p class="text-sm text-gray-600">"A simple container that wraps focus. Notice how Tab navigation cycles within this box."</p>
                {focus_wrap("simple-focus-container", "border-2 border-dashed border-gray-300 p-4 rounded", container)}
            </div>
        </div>
    }
}

/// `/components`.
#[live_view]
#[derive(Debug, Default)]
pub struct ComponentsLive {
    active_tab: String,
}

#[live_view]
impl ComponentsLive {
    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.active_tab = params.get("tab").unwrap_or("focus_wrap").to_owned();
        Ok(())
    }

    fn render(&self) -> Rendered {
        html! {
            <style>{liveview::raw(STYLE)}</style>
            <div class="p-6">
                <h1 class="text-2xl font-bold mb-6">"Phoenix Components Demo"</h1>
                <div class="border-b border-gray-200 mb-6">
                    <nav class="-mb-px flex space-x-8">
                        {tab_link("focus_wrap", &self.active_tab, "/components?tab=focus_wrap", "Focus Wrap")}
                    </nav>
                </div>
                <div class="mt-6">
                    if self.active_tab == "focus_wrap" {
                        <div>{focus_wrap_demo()}</div>
                    }
                </div>
            </div>
        }
    }
}
