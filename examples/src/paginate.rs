//! `/paginate`: a table paged by its URL (`?page=2&per_page=5`), ported from LiveViewJS's
//! pagination example.
//!
//! The URL is the only state: `handle_params` reads the page from it, on the first render, on
//! every patch link and on the browser's back and forward buttons, so a reload shows the same
//! page. The page links are live patch links (`Link::patch`); the page-size select sends
//! `per-page`, whose handler changes nothing itself and only `push_patch`es the new URL, which
//! runs `handle_params` in the same update. A URL naming a page that does not exist
//! (`?page=99`) is replaced by the URL of the page shown: `handle_params` `push_patch`es it,
//! which the first render answers with a redirect and a live patch with a `live_patch` of
//! its own.

use crate::donations::{self, DONATIONS, Page};
use liveview::prelude::*;
use serde::Deserialize;

/// Where this page lives.
const PATH: &str = "/paginate";

/// The donations, a page at a time.
#[live_view]
#[derive(Debug, Default)]
pub struct Paginate {
    page: Page,
}

/// The page-size form.
#[derive(Debug, Deserialize)]
pub struct PerPage {
    per_page: usize,
}

/// The URL of `page`.
fn location(page: Page) -> Location {
    Location::new(PATH).params(page.params())
}

#[live_view]
impl Paginate {
    /// A URL whose page does not exist (`?page=99`, `?per_page=7`) is replaced by the URL of
    /// the page shown instead, so that the address bar always names what is on screen.
    async fn handle_params(&mut self, params: &Params, socket: &mut Socket) -> Result<()> {
        self.page = Page::from_params(params);
        let shown = self.page.params();
        if shown.iter().any(|(name, value)| params.get(name).is_some_and(|asked| asked != value.to_string())) {
            socket.push_patch(location(self.page).replace());
        }
        Ok(())
    }

    #[event("per-page")]
    fn per_page(&mut self, form: PerPage, socket: &mut Socket) {
        if donations::PAGE_SIZES.contains(&form.per_page) {
            socket.push_patch(location(self.page.resized(form.per_page)));
        }
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"Food bank donations"</h1>
                <form id="per-page-form" phx-change="per-page">{donations::page_size_select(self.page)}</form>
                <table id="donations">
                    <thead>
                        <tr><th scope="col">"#"</th><th scope="col">"Item"</th><th scope="col">"Quantity"</th>
                            <th scope="col">"Expires in (days)"</th></tr>
                    </thead>
                    <tbody>{donations::rows(&DONATIONS[self.page.rows()])}</tbody>
                </table>
                {donations::summary(self.page)}
                {donations::pager(self.page, location)}
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}
