//! The user test harness (`liveview::test`) on every gallery example, and on itself: each
//! example's behaviour driven through its own bindings, in-process, no browser.

mod async_page;
mod autocomplete;
mod books;
mod chat;
mod components;
mod counter;
mod dashboard;
mod decarbonize;
mod feed;
mod form;
mod hello;
mod index;
mod js;
mod list;
mod live_nav;
mod nested;
mod paginate;
mod photos;
mod prints;
mod push;
mod rtcounter;
mod search;
mod secret;
mod selftest;
mod servers;
mod sort;
mod upload;
mod volume;
mod volunteers;
mod xkcd;

/// The gallery, as users would hand their router to the harness.
fn gallery() -> liveview::LiveRouter {
    liveview_examples::router()
}
