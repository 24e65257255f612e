//! Upstream issue #3040: `test/e2e/support/issues/issue_3040.ex` + `tests/issues/3040.spec.js`.
//!
//! The classic generated modal (shown on `?modal=true`, a focus wrap with `phx-click-away`,
//! `phx-window-keydown` on escape and a close button, each running the modal's
//! `data-cancel`: patch back to `/issues/3040`, then its `phx-remove`), holding a form:
//! submitting the form with Enter must not count as a click away, nor must a mouse press
//! inside the modal released outside.

use crate::conformance::routes::Routes;
use liveview::Rendered;
use liveview::js::{Classes, Exec, Hide, Show};
use liveview::prelude::*;

/// Adds `/issues/3040` to live_session `default`.
pub fn routes(r: &mut Routes) {
    r.default_session(|s| s.live::<Issue3040Live>("/issues/3040"));
}

/// `/issues/3040`.
#[live_view]
#[derive(Debug, Default)]
pub struct Issue3040Live {
    modal_open: bool,
    submitted: bool,
}

#[live_view]
impl Issue3040Live {
    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        self.modal_open = params.get("modal").is_some();
        Ok(())
    }

    #[event("submit")]
    fn submit(&mut self) {
        self.submitted = true;
    }

    fn render(&self) -> Rendered {
        html! {
            <style>{STYLE}</style>
            <a {Link::patch("/issues/3040?modal=true")}>"Add new"</a>
            if self.modal_open {
                {modal("my-modal", true, JS::new().patch("/issues/3040"), html! {
                    <form phx-submit="submit">
                        <input type="text" name="name" />
                        if self.submitted {
                            <p>"Form was submitted!"</p>
                        }
                    </form>
                })}
            }
        }
    }
}

/// Upstream's `modal` function component.
fn modal(id: &str, show: bool, on_cancel: JS, inner_block: Rendered) -> Rendered {
    let cancel = || JS::new().exec(Exec::new("data-cancel").to(format!("#{id}")));
    html! {
        <div
            id={id}
            phx-mounted={if show { show_modal(id) } else { JS::new() }}
            phx-remove={hide_modal(id)}
            data-cancel={on_cancel.exec("phx-remove")}
            class="relative z-50 hidden"
        >
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
                        // Phoenix's <.focus_wrap>: the client's FocusWrap hook between two sentinels
                        <div
                            id={format_args!("{id}-container")}
                            phx-hook={elsewhere("Phoenix.FocusWrap")}
                            phx-window-keydown={cancel()}
                            phx-key="escape"
                            phx-click-away={cancel()}
                            class="bg-gray-200 relative hidden rounded-2xl bg-white p-14 ring-1 transition"
                        >
                            <span id={format_args!("{id}-container-start")} tabindex="0" aria-hidden="true"></span>
                            <div class="absolute top-6 right-5">
                                <button
                                    phx-click={cancel()}
                                    type="button"
                                    class="-m-3 flex-none p-3 opacity-20 hover:opacity-40"
                                    aria-label="close"
                                >"x"</button>
                            </div>
                            <div id={format_args!("{id}-content")}>{inner_block}</div>
                            <span id={format_args!("{id}-container-end")} tabindex="0" aria-hidden="true"></span>
                        </div>
                    </div>
                </div>
            </div>
        </div>
    }
}

/// Phoenix's default transition time, which its `JS` always sends.
const TIME: u32 = 200;

fn show_modal(id: &str) -> JS {
    JS::new()
        .show(Show::new().to(format!("#{id}")).time(TIME))
        .show(Show::new().to(format!("#{id}-bg")).time(TIME).transition((
            "transition-all transform ease-out duration-300",
            "opacity-0",
            "opacity-100",
        )))
        .show(Show::new().to(format!("#{id}-container")).time(TIME).transition((
            "transition-all transform ease-out duration-300",
            "opacity-0 translate-y-4 sm:translate-y-0 sm:scale-95",
            "opacity-100 translate-y-0 sm:scale-100",
        )))
        .add_class(Classes::new("overflow-hidden").to("body"))
        .focus_first(format!("#{id}-content"))
}

fn hide_modal(id: &str) -> JS {
    JS::new()
        .hide(Hide::new().to(format!("#{id}-bg")).time(TIME).transition((
            "transition-all transform ease-in duration-200",
            "opacity-100",
            "opacity-0",
        )))
        .hide(Hide::new().to(format!("#{id}-container")).time(TIME).transition((
            "transition-all transform ease-in duration-200",
            "opacity-100 translate-y-0 sm:scale-100",
            "opacity-0 translate-y-4 sm:translate-y-0 sm:scale-95",
        )))
        .hide(Hide::new().to(format!("#{id}")).time(TIME).transition(("block", "block", "hidden")))
        .remove_class(Classes::new("overflow-hidden").to("body"))
        .pop_focus()
}

/// The few Tailwind rules the modal uses (upstream inlines them the same way).
const STYLE: &str = r"
.fixed { position: fixed }
.absolute { position: absolute }
.relative { position: relative }
.inset-0 { inset: 0px }
.right-5 { right: 1.25rem }
.top-6 { top: 1.5rem }
.z-50 { z-index: 50 }
.-m-3 { margin: -0.75rem }
.flex { display: flex }
.hidden { display: none }
.min-h-full { min-height: 100% }
.w-full { width: 100% }
.max-w-3xl { max-width: 48rem }
.flex-none { flex: none }
.items-center { align-items: center }
.justify-center { justify-content: center }
.overflow-y-auto { overflow-y: auto }
.rounded-2xl { border-radius: 1rem }
.bg-white { background-color: rgb(255 255 255 / 1) }
.bg-gray-200 { background-color: rgb(229 231 235 / 1) }
.bg-zinc-50\/90 { background-color: rgb(250 250 250 / 0.9) }
.p-14 { padding: 3.5rem }
.p-3 { padding: 0.75rem }
.p-4 { padding: 1rem }
.opacity-20 { opacity: 0.2 }
.transition { transition-property: color, background-color, border-color, text-decoration-color, fill, stroke, opacity, box-shadow, transform, filter, backdrop-filter; transition-timing-function: cubic-bezier(0.4, 0, 0.2, 1); transition-duration: 150ms }
.transition-opacity { transition-property: opacity; transition-timing-function: cubic-bezier(0.4, 0, 0.2, 1); transition-duration: 150ms }
.hover\:opacity-40:hover { opacity: 0.4 }
@media (min-width: 640px) { .sm\:p-6 { padding: 1.5rem } }
@media (min-width: 1024px) { .lg\:py-8 { padding-top: 2rem; padding-bottom: 2rem } }
";
