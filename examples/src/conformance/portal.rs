//! Upstream group `portal` (`test/e2e/support/portal.ex`, `tests/portal.spec.js`): `/portal`
//! ([`PortalLive`], live_session `default`) with a root layout of its own ([`layout`]).
//!
//! Phoenix's `<.portal id=.. target=..>` renders `<template id=ID data-phx-portal=TARGET>` around
//! one wrapper `<div id="_lv_portal_wrap_ID">` holding the slot; the client moves (clones and
//! then patches) that wrapper into the element `TARGET` selects and marks it
//! `data-phx-teleported-src=ID`. Here [`portal`] writes that markup out; everything else
//! (patching teleported content, events from it, removal) is the client's work on our diffs.
//!
//! What upstream's root layout loads from CDNs is replaced by local equivalents, since the
//! tests run offline: the Tailwind classes the page's behaviour depends on (`hidden`, the
//! positioning of the modal overlay and boxes, ...) are a small stylesheet (`TAILWIND`); the
//! three `@floating-ui/dom` functions the `PortalTooltip` hook calls (`computePosition`,
//! `autoUpdate`, `offset`) are a small stand-in placing the tooltip above its activator
//! (`SCRIPTS`). The colocated hooks `.InsidePortal` and `.TeleportedLCButton` are page
//! scripts (`window.hooks`, read by the router's hooks module) since our framework has no
//! colocated assets. Upstream's live layout (`#app-portal` after the page) is rendered at the
//! end of the view.

use super::routes::Routes;
use super::sandbox;
use liveview::js::{Hide, Show};
use liveview::prelude::*;
use liveview::rendered::AttrValue;
use liveview::{Page, PageOptions, Rendered};
use serde_json::Value;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

/// Adds `/portal` (live_session `default`, with the portal root layout).
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live_with::<PortalLive>("/portal", PageOptions::new().layout(layout)));
}

/// The Tailwind classes of the page that matter for what the tests see (display, position,
/// size, stacking), with Tailwind's values; colours and spacing for a readable page.
const TAILWIND: &str = r"<style>
[data-phx-session], [data-phx-teleported-src] { display: contents }
.hidden { display: none; } .block { display: block; } .contents { display: contents; }
.flex { display: flex; } .inline-block { display: inline-block; }
.relative { position: relative; } .absolute { position: absolute; } .fixed { position: fixed; }
.inset-0 { inset: 0; } .top-0 { top: 0; } .right-0 { right: 0; } .left-0 { left: 0; }
.top-6 { top: 1.5rem; } .right-5 { right: 1.25rem; }
.z-50 { z-index: 50; } .z-\[100\] { z-index: 100; }
.size-32 { width: 8rem; height: 8rem; } .size-96 { width: 24rem; height: 24rem; }
.min-h-full { min-height: 100%; } .w-full { width: 100%; } .w-fit { width: fit-content; }
.max-w-3xl { max-width: 48rem; } .items-center { align-items: center; } .justify-center { justify-content: center; }
.gap-4 { gap: 1rem; } .overflow-y-auto { overflow-y: auto; } .overflow-hidden { overflow: hidden; }
.p-1 { padding: 0.25rem; } .p-2 { padding: 0.5rem; } .p-3 { padding: 0.75rem; } .p-4 { padding: 1rem; } .p-14 { padding: 3.5rem; }
.py-2 { padding-top: 0.5rem; padding-bottom: 0.5rem; } .px-3 { padding-left: 0.75rem; padding-right: 0.75rem; }
.m-2 { margin: 0.5rem; } .-m-3 { margin: -0.75rem; } .mt-8 { margin-top: 2rem; }
.border { border: 1px solid; } .rounded-lg { border-radius: 0.5rem; } .rounded-2xl { border-radius: 1rem; }
.bg-white { background-color: #fff; } .bg-zinc-50\/90 { background-color: rgb(250 250 250 / 0.9); }
.bg-gray-300 { background-color: #d1d5db; } .bg-red-500 { background-color: #ef4444; }
.bg-sky-800 { background-color: #075985; } .bg-zinc-900 { background-color: #18181b; }
.text-white { color: #fff; } .text-xs { font-size: 0.75rem; } .text-sm { font-size: 0.875rem; }
.opacity-0 { opacity: 0; } .opacity-20 { opacity: 0.2; } .opacity-100 { opacity: 1; }
.transition, .transition-all, .transition-opacity { transition-duration: 150ms; }
.transition-all { transition-property: all; } .transition-opacity { transition-property: opacity; }
.duration-100 { transition-duration: 100ms; } .duration-200 { transition-duration: 200ms; } .duration-300 { transition-duration: 300ms; }
</style>
";

/// The page scripts: a local stand-in for the `@floating-ui/dom` functions the tooltip hook
/// uses, the `PortalTooltip` hook (as upstream's root layout defines it) and the colocated
/// hooks.
const SCRIPTS: &str = r#"<script>
// Local stand-in for @floating-ui/dom's computePosition/autoUpdate/offset: enough to place a
// tooltip on a side of its activator, relative to the tooltip's containing block.
window.floatingUI = {
  offset: (px) => ({ offset: px }),
  computePosition(reference, floating, { placement = "top", middleware = [] } = {}) {
    const gap = middleware.reduce((sum, m) => sum + (m.offset || 0), 0);
    const ref = reference.getBoundingClientRect();
    const fl = floating.getBoundingClientRect();
    const parent = floating.offsetParent;
    const origin = parent && getComputedStyle(parent).position !== "static"
      ? parent.getBoundingClientRect()
      : { left: -window.scrollX, top: -window.scrollY };
    let x = ref.left + ref.width / 2 - fl.width / 2;
    let y = ref.top - fl.height - gap;
    if (placement === "bottom") y = ref.bottom + gap;
    if (placement === "left") { x = ref.left - fl.width - gap; y = ref.top + ref.height / 2 - fl.height / 2; }
    if (placement === "right") { x = ref.right + gap; y = ref.top + ref.height / 2 - fl.height / 2; }
    return Promise.resolve({ x: x - origin.left, y: y - origin.top });
  },
  autoUpdate(reference, floating, update) {
    update();
    window.addEventListener("scroll", update, true);
    window.addEventListener("resize", update);
    return () => {
      window.removeEventListener("scroll", update, true);
      window.removeEventListener("resize", update);
    };
  },
};
window.hooks = window.hooks || {};
window.hooks.PortalTooltip = {
  mounted() {
    this.tooltipEl = document.getElementById(this.el.dataset.id);
    this.activatorEl = this.el.querySelector(`#${this.el.dataset.id}-activator`);
    this.activatorEl.addEventListener("focusin", () => this.queueShow());
    this.activatorEl.addEventListener("mouseover", () => this.queueShow());
    this.activatorEl.addEventListener("focusout", () => this.queueHide());
    this.activatorEl.addEventListener("mouseout", () => this.queueHide());
    this.el.addEventListener("phx:hide-tooltip", () => this.hide());
  },
  destroyed() {
    if (this.cleanup) this.cleanup();
  },
  queueShow() {
    clearTimeout(this.hideTimeout);
    this.showTimeout = setTimeout(() => this.show(), 200);
  },
  queueHide() {
    clearTimeout(this.showTimeout);
    this.hideTimeout = setTimeout(() => this.hide(), 50);
  },
  show() {
    const { computePosition, autoUpdate, offset } = window.floatingUI;
    if (this.cleanup) this.cleanup();
    this.cleanup = autoUpdate(this.activatorEl, this.tooltipEl, () => {
      computePosition(this.activatorEl, this.tooltipEl, {
        placement: this.el.dataset.position,
        middleware: [offset(10)],
      }).then(({ x, y }) => {
        this.tooltipEl.style.left = `${x}px`;
        this.tooltipEl.style.top = `${y}px`;
      });
    });
    this.liveSocket.execJS(this.el, this.el.dataset.show);
  },
  hide() {
    this.liveSocket.execJS(this.el, this.el.dataset.hide);
    if (this.cleanup) this.cleanup();
  },
};
// colocated hook `.InsidePortal` of PortalLive
window.hooks["PortalLive.InsidePortal"] = {
  mounted() {
    this.js().setAttribute(this.el, "data-portalhook-mounted", "true");
  },
};
// colocated hook `.TeleportedLCButton` of PortalLive.LC
window.hooks["PortalLive.LC.TeleportedLCButton"] = {
  mounted() {
    this.el.addEventListener("click", () => this.pushEventTo(this.el, "prepend"));
  },
};
</script>
"#;

/// Upstream's `PortalLive.root`: the page in `<main>`, then `#root-portal`.
pub fn layout(page: &Page) -> String {
    let title = html! { <title>{page.title.as_deref().unwrap_or_default()}</title> };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n{TAILWIND}{SCRIPTS}{}{}\n</head>\n<body>\n<main style=\"flex: 1; padding: 2rem;\">\n{}\n</main>\n<div id=\"root-portal\"></div>\n</body>\n</html>\n",
        page.head,
        title.to_html(),
        page.body
    )
}

/// Phoenix's `<.portal id=.. target=.. class=..>`: the template the client teleports from.
pub fn portal(id: &str, target: &str, class: Option<&str>, inner: Rendered) -> Rendered {
    html! {
        <template id={id} data-phx-portal={target}>
            <div id={format_args!("_lv_portal_wrap_{id}")} class={class}>{inner}</div>
        </template>
    }
}

/// Upstream's `.button` (no `type` unless given; `rest` is the click binding here).
fn button(click: impl AttrValue, label: &str) -> Rendered {
    html! {
        <button
            class="phx-submit-loading:opacity-75 rounded-lg bg-zinc-900 hover:bg-zinc-700 py-2 px-3 text-sm font-semibold leading-6 text-white active:text-white/80"
            phx-click={std::convert::identity(click)}
        >{label}</button>
    }
}

/// A `.button` without a click binding (the tooltips' activators).
fn plain_button(label: &str) -> Rendered {
    html! {
        <button class="phx-submit-loading:opacity-75 rounded-lg bg-zinc-900 hover:bg-zinc-700 py-2 px-3 text-sm font-semibold leading-6 text-white active:text-white/80">
            {label}
        </button>
    }
}

/// Phoenix's `focus_wrap`: a `Phoenix.FocusWrap` container between two focusable sentinels.
fn focus_wrap(id: &str, keydown: JS, click_away: JS, class: &str, inner: Rendered) -> Rendered {
    html! {
        <div id={id} phx-hook="Phoenix.FocusWrap" phx-window-keydown={keydown} phx-key="escape" phx-click-away={click_away} class={class}>
            <div id={format_args!("{id}-start")} tabindex="0" aria-hidden="true"></div>
            {inner}
            <div id={format_args!("{id}-end")} tabindex="0" aria-hidden="true"></div>
        </div>
    }
}

/// Upstream's `.modal` (never shown on mount here; `on_cancel` is empty).
fn modal(id: &str, inner: Rendered) -> Rendered {
    let cancel = JS::new().exec(liveview::js::Exec::new("data-cancel").to(format!("#{id}")));
    let close = html! {
        <div class="absolute top-6 right-5">
            <button phx-click={cancel.clone()} type="button" class="-m-3 flex-none p-3 opacity-20 hover:opacity-40" aria-label="close">
                "x"
            </button>
        </div>
        <div id={format_args!("{id}-content")}>{inner}</div>
    };
    html! {
        <div id={id} phx-remove={hide_modal(id)} data-cancel={JS::new().exec("phx-remove")} class="relative z-50 hidden">
            <div id={format_args!("{id}-bg")} class="bg-zinc-50/90 fixed inset-0 transition-opacity" aria-hidden="true"></div>
            <div
                class="fixed inset-0 overflow-y-auto"
                aria-labelledby={format_args!("{id}-title")}
                aria-describedby={format_args!("{id}-description")}
                role="dialog"
                aria-modal="true"
                tabindex="0"
            >
                <div class="flex min-h-full items-center justify-center">
                    <div class="w-full max-w-3xl p-4 sm:p-6 lg:py-8">
                        {focus_wrap(
                            &format!("{id}-container"),
                            cancel.clone(),
                            cancel,
                            "shadow-zinc-700/10 ring-zinc-700/10 relative hidden rounded-2xl bg-white p-14 shadow-lg ring-1 transition",
                            close,
                        )}
                    </div>
                </div>
            </div>
        </div>
    }
}

/// Upstream's `show_modal`.
fn show_modal(js: JS, id: &str) -> JS {
    js.show(Show::new().to(format!("#{id}")))
        .show(Show::new().to(format!("#{id}-bg")).time(300).transition((
            "transition-all ease-out duration-300",
            "opacity-0",
            "opacity-100",
        )))
        .show(Show::new().to(format!("#{id}-container")).time(300).transition((
            "transition-all ease-out duration-300",
            "opacity-0 translate-y-4 sm:translate-y-0 sm:scale-95",
            "opacity-100 translate-y-0 sm:scale-100",
        )))
        .add_class(liveview::js::Classes::new("overflow-hidden").to("body"))
        .focus_first(format!("#{id}-content"))
}

/// Upstream's `hide_modal`.
fn hide_modal(id: &str) -> JS {
    JS::new()
        .hide(Hide::new().to(format!("#{id}-bg")).transition((
            "transition-all ease-in duration-200",
            "opacity-100",
            "opacity-0",
        )))
        .hide(Hide::new().to(format!("#{id}-container")).time(200).transition((
            "transition-all ease-in duration-200",
            "opacity-100 translate-y-0 sm:scale-100",
            "opacity-0 translate-y-4 sm:translate-y-0 sm:scale-95",
        )))
        .hide(Hide::new().to(format!("#{id}")).transition(("block", "block", "hidden")))
        .remove_class(liveview::js::Classes::new("overflow-hidden").to("body"))
        .pop_focus()
}

/// Upstream's `PortalTooltip.tooltip`: an activator and a tooltip the `PortalTooltip` hook
/// shows on hover, teleported to `body` unless `portal` is false.
fn tooltip(id: &str, portal_it: bool, activator: Rendered, inner: Rendered) -> Rendered {
    let show = JS::new().show(
        Show::new()
            .to(format!("#{id}"))
            .transition((
                "transform ease-out duration-200 transition origin-bottom",
                "scale-95 translate-y-0.5 opacity-0",
                "scale-100 translate-y-0 opacity-100",
            ))
            .display("block")
            .time(200)
            .blocking(false),
    );
    let hide = JS::new().hide(
        Hide::new()
            .to(format!("#{id}"))
            .transition(("transition ease-in duration-100", "opacity-100", "opacity-0"))
            .time(100)
            .blocking(false),
    );
    let tip = html! {
        <div
            id={id}
            phx-mounted={JS::new().ignore_attributes(["style"])}
            role="tooltip"
            class="hidden absolute top-0 left-0 z-50 bg-sky-800 text-white text-xs p-1"
        >{inner}</div>
    };
    html! {
        <div
            id={format_args!("{id}-wrapper")}
            class="relative inline-block w-fit"
            phx-hook="PortalTooltip"
            data-id={id}
            data-show={show}
            data-hide={hide}
            data-position="top"
            phx-window-keydown={JS::new().dispatch("phx:hide-tooltip")}
            phx-key="escape"
        >
            <div id={format_args!("{id}-activator")} aria-describedby={id} data-activator>{activator}</div>
            if portal_it {
                {portal(&format!("{id}-portal"), "body", None, tip)}
            } else {
                {tip}
            }
        </div>
    }
}

/// The 1 s ticker's message (`?tick=false` turns it off).
#[derive(Debug)]
pub struct Tick;

/// A fresh number for each `handle_params` (upstream's `System.unique_integer`).
static NEXT_PARAM: AtomicI64 = AtomicI64::new(-576_460_752_303_423_000);

/// `/portal`.
#[live_view]
#[derive(Debug)]
pub struct PortalLive {
    param_current: Option<String>,
    param_next: i64,
    count: u64,
    render_modal: bool,
    render_nested_portals: bool,
    nested_portal_count: u64,
}

impl sandbox::Sandbox for PortalLive {
    fn sandbox(&mut self, name: &str, _arg: Value, _socket: &mut Socket) -> Result<Value, String> {
        match name {
            // E1: `send(self(), :tick)`
            "tick" => {
                self.count += 1;
                Ok(Value::from("tick"))
            }
            other => Err(sandbox::unknown(other)),
        }
    }
}

#[live_view]
impl PortalLive {
    fn mount(params: &Params, socket: &mut Socket) -> Self {
        if socket.connected() && params.get("tick") != Some("false") {
            socket.send_after(Duration::from_secs(1), Tick);
        }
        PortalLive {
            param_current: None,
            param_next: 0,
            count: 0,
            render_modal: true,
            render_nested_portals: true,
            nested_portal_count: 0,
        }
    }

    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.param_current = params.get("param").map(str::to_owned);
        self.param_next = NEXT_PARAM.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    #[info]
    fn tick_info(&mut self, _: Tick, socket: &mut Socket) {
        self.count += 1;
        socket.send_after(Duration::from_secs(1), Tick);
    }

    #[event("sandbox:eval")]
    fn sandbox_eval(&mut self, cmd: sandbox::Eval, socket: &mut Socket) -> Reply {
        sandbox::eval(self, cmd, socket)
    }

    #[info]
    fn sandbox_later(&mut self, msg: sandbox::Later, socket: &mut Socket) {
        sandbox::later(self, msg, socket)
    }

    #[event("tick")]
    fn tick(&mut self) {
        self.count += 1;
    }

    #[event("toggle_modal")]
    fn toggle_modal(&mut self) {
        self.render_modal = !self.render_modal;
    }

    #[event("toggle_nested_portals")]
    fn toggle_nested_portals(&mut self) {
        self.render_nested_portals = !self.render_nested_portals;
    }

    #[event("nested_portal_click")]
    fn nested_portal_click(&mut self) {
        self.nested_portal_count += 1;
    }

    fn render(&self) -> Rendered {
        let patch = Location::new("/portal").param("param", self.param_next);
        let modal_portal = self.render_modal.then(|| {
            portal(
                "portal-source",
                "#root-portal",
                None,
                html! {
                    {modal("my-modal", html! {
                        "This is a modal."
                        <p>"DOM patching works as expected: "{self.count}</p>
                        {button(JS::new().patch(patch.clone()), "Patch this LiveView")}
                    })}
                    <div id="hook-test" phx-hook="PortalLive.InsidePortal">"This should get a data attribute"</div>
                },
            )
        });
        let red_box = html! {
            <div id="inner-red-box" class="absolute top-0 right-0 bg-red-500 size-32" phx-click-away={JS::new().hide(Hide::new())}>
                "test"
            </div>
        };
        let gray_box = html! {
            <div class="size-96 bg-gray-300 absolute top-0 right-0">
                {portal("modal-2-inner-portal-2", "#my-modal-2-content", Some("contents"), red_box)}
            </div>
        };
        let second_modal = modal(
            "my-modal-2",
            html! {
                "This is a second modal."
                {portal("modal-2-inner-portal", "#my-modal-2-content", Some("contents"), gray_box)}
            },
        );
        let nested_portals = self.render_nested_portals.then(|| {
            let inner = html! {
                <div id="inner-portal" class="border border-green-400 p-2 m-2">
                    <h4>"Inner Portal (nested inside outer)"</h4>
                    <p id="nested-portal-content">"Tick count: "{self.count}</p>
                    {button("nested_portal_click", "Click nested portal button")}
                </div>
            };
            portal(
                "nested-portal-source",
                "#root-portal",
                None,
                html! {
                    <div id="outer-portal" class="border border-blue-400 p-4 m-2">
                        <h3>"Outer Portal"</h3>
                        {portal("inner-portal-source", "body", None, inner)}
                    </div>
                },
            )
        });
        let menu = html! {
            <div id="teleported-menu-content" class="hidden z-[100] fixed top-0 left-0 border border-red-500 p-4 bg-white">
                {button(JS::new().hide(Hide::new().to("#teleported-menu-content")), "Close menu")}
            </div>
        };
        let non_teleported = modal(
            "non-teleported-modal",
            html! {
                "This is a non-teleported modal. Open the menu and click an item. The modal must not close."
                {button(JS::new().show(Show::new().to("#teleported-menu-content")), "Open menu")}
                {portal("teleported-menu", "body", None, menu)}
            },
        );
        html! {
            <h1>"Modal example"</h1>

            <p>"Current param: "{self.param_current.as_deref().unwrap_or_default()}</p>

            {button(JS::new().patch(patch.clone()), "Patch this LiveView")}
            {button(show_modal(JS::new(), "my-modal"), "Open modal")}
            {button("toggle_modal", "Toggle modal render")}
            {button(show_modal(JS::new(), "my-modal-2").show(Show::new().to("#inner-red-box")), "Open second modal")}
            {button(JS::new().push("tick"), "Tick")}
            {button(JS::new().navigate("/form"), "Live navigate")}

            {modal_portal}

            {portal("portal-source-2", "#app-portal", None, second_modal)}

            {portal("portal-with-live-component", "#root-portal", None, html! { {live_component::<Lc>("lc", ())} })}

            {live_render::<NestedLive>("nested")}

            <div class="border border-sky-600 overflow-hidden mt-8 p-4 flex gap-4">
                {tooltip("tooltip-example-portal", true, plain_button("Hover me"), html! { "Hey there! "{self.count} })}
                {tooltip("tooltip-example-no-portal", false, plain_button("Hover me (no portal)"), html! { "Hey there! "{self.count} })}
            </div>

            <div class="border border-purple-600 mt-8 p-4">
                <h2>"Nested Portal Test"</h2>
                {button("toggle_nested_portals", "Toggle nested portals")}
                <p>"Nested portal count: "<span id="nested-portal-count">{self.nested_portal_count}</span></p>
                {nested_portals}
            </div>

            {non_teleported}

            {button(show_modal(JS::new(), "non-teleported-modal"), "Open non-teleported modal")}

            // upstream's live layout `PortalLive.live`
            <div id="app-portal"></div>
        }
    }
}

/// Upstream's `PortalLive.NestedLive`: a nested view with a button teleported to `body` and a
/// view of its own rendered in a portal.
#[live_view]
#[derive(Debug, Default)]
pub struct NestedLive {
    count: u64,
}

#[live_view]
impl NestedLive {
    #[event("event")]
    fn event(&mut self) {
        self.count += 1;
    }

    fn render(&self) -> Rendered {
        html! {
            <div class="border border-orange-200">
                <h1>"Nested LiveView"</h1>
                <p id="nested-event-count">{self.count}</p>
                <button phx-click="event">"Trigger event in nested LV"</button>
                {portal("nested-lv-button", "body", None, html! {
                    <button phx-click="event">"Trigger event in nested LV (from teleported button)"</button>
                })}
                {portal("nested-lv", "body", None, html! { {live_render::<NestedTeleportedLive>("nested-teleported")} })}
            </div>
        }
    }
}

/// Upstream's `PortalLive.NestedTeleportedLive`.
#[live_view]
#[derive(Debug, Default)]
pub struct NestedTeleportedLive;

#[live_view]
impl NestedTeleportedLive {
    #[event("event")]
    fn event(&mut self) {}

    fn render(&self) -> Rendered {
        html! {
            <div class="border border-green-200">
                <h1>"Nested teleport LiveView"</h1>
                <button phx-click="event">"Toggle event in teleported LV"</button>
            </div>
        }
    }
}

/// An item of [`Lc`]'s stream.
#[derive(Debug)]
pub struct Item {
    id: u64,
    name: String,
}

/// Ids of prepended items (upstream: `1000 + rand`; a counter cannot collide).
static NEXT_ITEM: AtomicU64 = AtomicU64::new(1000);

/// Upstream's `PortalLive.LC`: a stream, and a button teleported to `body` whose hook pushes
/// to the component.
#[live_component]
#[derive(Debug)]
pub struct Lc {
    items: Stream<Item>,
}

impl Default for Lc {
    fn default() -> Self {
        Lc { items: Stream::new(|i: &Item| format!("items-{}", i.id)) }
    }
}

#[live_component]
impl Lc {
    fn update(&mut self, _props: ()) {
        self.items.extend([Item { id: 1, name: "Item 1".into() }, Item { id: 2, name: "Item 2".into() }]);
    }

    #[event("prepend")]
    fn prepend(&mut self) {
        let id = NEXT_ITEM.fetch_add(1, Ordering::Relaxed);
        self.items.prepend(Item { id, name: format!("Item {id}") });
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <div id="teleported-lc" class="border border-red-200">
                <h1>"LiveComponent"</h1>
                <ul id="stream-in-lc" phx-update="stream">
                    for (dom_id, item) in &self.items, stream {
                        <li id={dom_id}>{&item.name}</li>
                    }
                </ul>
                <button phx-click="prepend" phx-target={socket.myself()}>"Prepend item"</button>
                {portal("teleported-from-lc-button", "body", None, html! {
                    <button id="lcbtn" phx-hook="PortalLive.LC.TeleportedLCButton">"Prepend item (teleported)"</button>
                })}
            </div>
        }
    }
}
