//! `/source/<file>`: the source of every page the index lists, as a page of the gallery.
//!
//! The files are compiled into the binary (the build script embeds `src/*.rs` with
//! `include_str!`) and each listed one is rendered once, when the router is built, into a
//! fixed path served with [`LiveRouter::file`]: a request is matched against those paths and
//! nothing else, so no part of a URL ever reaches the file system, and a file the index does
//! not list (`auth.rs`, `lib.rs`) is not served. Both `gallery` and `gallery --bare` serve
//! them, since the index links them in both.

use crate::index::EXAMPLES;
use crate::layout;
use liveview::prelude::*;
use liveview::{Page, Rendered};

/// Every `.rs` file of `examples/src`: (file name, contents).
const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/sources.rs"));

/// The source of `file`, if the index lists it.
pub fn listed(file: &str) -> Option<&'static str> {
    if !EXAMPLES.iter().any(|e| e.source == file) {
        return None;
    }
    EMBEDDED.iter().find(|(name, _)| *name == file).map(|(_, text)| *text)
}

/// Adds the page of each listed source file to `router`.
pub fn serve(mut router: LiveRouter) -> LiveRouter {
    let mut done: Vec<&str> = Vec::new();
    for e in EXAMPLES {
        if done.contains(&e.source) {
            continue;
        }
        done.push(e.source);
        if let Some(text) = listed(e.source) {
            router = router.file(&e.source_path(), page(e.source, text), "text/html; charset=utf-8");
        }
    }
    router
}

/// The HTML page showing `text`, the contents of `file`.
fn page(file: &str, text: &str) -> String {
    let pages: Vec<_> = EXAMPLES.iter().filter(|e| e.source == file).collect();
    let body: Rendered = html! {
        <main id="source">
            <h1><code>{file}</code></h1>
            <p>
                "The source of "
                for (i, e) in pages.iter().enumerate() {
                    if i > 0 { ", " }
                    <a href={e.path}>{e.title}</a>
                }
                ", from "<code>"examples/src/"{file}</code>"."
            </p>
            <pre><code>{text}</code></pre>
        </main>
    };
    layout::document(&Page { title: Some(file.to_owned()), head: layout::static_head(), body: body.to_html() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_files_are_served_and_their_text_is_escaped() {
        assert!(listed("counter.rs").is_some_and(|t| t.contains("pub struct Counter")));
        assert_eq!(listed("auth.rs"), None, "a file the index does not list");
        assert_eq!(listed("../Cargo.toml"), None);
        let html = page("counter.rs", "<script>alert(1)</script> & \"x\"");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"), "{html}");
        assert!(html.contains("<a href=\"/counter\">Counter</a>"), "{html}");
    }
}
