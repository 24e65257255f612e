//! The user test harness (`liveview::test`) on every gallery example, and on itself: each
//! example's behaviour driven through its own bindings, in-process, no browser.

mod async_page;
mod books;
mod chat;
mod components;
mod counter;
mod decarbonize;
mod feed;
mod form;
mod index;
mod js;
mod list;
mod nested;
mod photos;
mod push;
mod rtcounter;
mod secret;
mod selftest;
mod upload;
mod volunteers;

/// The gallery, as users would hand their router to the harness.
fn gallery() -> liveview::LiveRouter {
    liveview_examples::router()
}
