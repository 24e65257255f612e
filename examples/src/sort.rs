//! `/sort`: the paged donations table of `/paginate`, sortable by column, ported from
//! LiveViewJS's sorting example.
//!
//! Sort column and direction live in the URL beside the page
//! (`?sort_by=quantity&order=desc&page=2&per_page=10`). A column header's button sends `sort`,
//! whose handler only `push_patch`es the new URL (the same column again flips the direction,
//! another column sorts ascending; both start again at page 1); `handle_params` reads the URL
//! and sorts. Page links keep the sort, the sort keeps the page size.

use crate::donations::{self, DONATIONS, Donation, Page};
use liveview::prelude::*;
use serde::Deserialize;
use std::cmp::Ordering;

/// Where this page lives.
const PATH: &str = "/sort";

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Column {
    /// The item's name.
    #[default]
    Item,
    /// Pounds.
    Quantity,
    /// Days until it expires.
    Expires,
}

impl Column {
    /// Every column, in table order.
    const ALL: [Column; 3] = [Column::Item, Column::Quantity, Column::Expires];

    /// Its name in the URL and in `phx-value-by`.
    fn as_str(self) -> &'static str {
        match self {
            Column::Item => "item",
            Column::Quantity => "quantity",
            Column::Expires => "expires",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Column::Item => "Item",
            Column::Quantity => "Quantity",
            Column::Expires => "Expires in (days)",
        }
    }

    fn compare(self, a: &Donation, b: &Donation) -> Ordering {
        match self {
            Column::Item => a.item.cmp(b.item),
            Column::Quantity => a.quantity.cmp(&b.quantity),
            Column::Expires => a.expires_in.cmp(&b.expires_in),
        }
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

impl Order {
    fn as_str(self) -> &'static str {
        match self {
            Order::Asc => "asc",
            Order::Desc => "desc",
        }
    }

    fn flipped(self) -> Order {
        match self {
            Order::Asc => Order::Desc,
            Order::Desc => Order::Asc,
        }
    }
}

/// What the URL asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Query {
    by: Column,
    order: Order,
    page: Page,
}

impl Query {
    /// An unknown column or direction falls back to the default (item, ascending).
    fn from_params(params: &Params) -> Query {
        let by = Column::ALL.into_iter().find(|c| params.get("sort_by") == Some(c.as_str())).unwrap_or_default();
        let order = if params.get("order") == Some("desc") { Order::Desc } else { Order::Asc };
        Query { by, order, page: Page::from_params(params) }
    }

    fn location(self) -> Location {
        Location::new(PATH)
            .param("sort_by", self.by.as_str())
            .param("order", self.order.as_str())
            .params(self.page.params())
    }
}

/// The donations, sorted and paged.
#[live_view]
#[derive(Debug, Default)]
pub struct Sort {
    query: Query,
    /// The rows of the page shown.
    rows: Vec<&'static Donation>,
}

/// A header button's `phx-value-by`.
#[derive(Debug, Deserialize)]
pub struct SortBy {
    by: Column,
}

/// The page-size form.
#[derive(Debug, Deserialize)]
pub struct PerPage {
    per_page: usize,
}

#[live_view]
impl Sort {
    async fn handle_params(&mut self, params: &Params) -> Result<()> {
        let query = Query::from_params(params);
        let mut sorted: Vec<&'static Donation> = DONATIONS.iter().collect();
        // Ties keep the order of arrival, in both directions.
        sorted.sort_by(|a, b| {
            let by = query.by.compare(a, b);
            if query.order == Order::Desc { by.reverse() } else { by }.then(a.id.cmp(&b.id))
        });
        self.rows = sorted[query.page.rows()].to_vec();
        self.query = query;
        Ok(())
    }

    #[event("sort")]
    fn sort(&mut self, sort: SortBy, socket: &mut Socket) {
        let q = self.query;
        let order = if sort.by == q.by { q.order.flipped() } else { Order::Asc };
        socket.push_patch(Query { by: sort.by, order, page: q.page.at(1) }.location());
    }

    #[event("per-page")]
    fn per_page(&mut self, form: PerPage, socket: &mut Socket) {
        if donations::PAGE_SIZES.contains(&form.per_page) {
            socket.push_patch(Query { page: self.query.page.resized(form.per_page), ..self.query }.location());
        }
    }

    fn render(&self) -> Rendered {
        let q = self.query;
        html! {
            <main>
                <h1>"Food bank donations, sorted"</h1>
                <form id="per-page-form" phx-change="per-page">{donations::page_size_select(q.page)}</form>
                <table id="donations">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            for c in Column::ALL {
                                <th scope="col" aria-sort={self.aria_sort(c)}>
                                    <button id={format_args!("sort-{}", c.as_str())} phx-click="sort" phx-value-by={c.as_str()}>
                                        {c.label()} {self.arrow(c)}
                                    </button>
                                </th>
                            }
                        </tr>
                    </thead>
                    <tbody>{donations::rows(self.rows.iter().copied())}</tbody>
                </table>
                {donations::summary(q.page)}
                {donations::pager(q.page, |page| Query { page, ..q }.location())}
                <p><a href="/">"All examples"</a></p>
            </main>
        }
    }
}

impl Sort {
    /// `aria-sort` of the sorted column's header.
    fn aria_sort(&self, c: Column) -> Option<&'static str> {
        (c == self.query.by).then_some(match self.query.order {
            Order::Asc => "ascending",
            Order::Desc => "descending",
        })
    }

    fn arrow(&self, c: Column) -> &'static str {
        match self.aria_sort(c) {
            Some("ascending") => " ▲",
            Some(_) => " ▼",
            None => "",
        }
    }
}
