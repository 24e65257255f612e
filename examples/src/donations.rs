//! The food bank's donations: the data set of `/paginate` and `/sort`, which page of it a URL
//! asks for, and the pieces of markup both pages share (the rows and the page links).

use liveview::prelude::*;
use std::ops::Range;
use std::sync::LazyLock;

/// One donation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Donation {
    /// From 1, in the order they arrived.
    pub id: usize,
    /// What it looks like.
    pub emoji: &'static str,
    /// What it is.
    pub item: &'static str,
    /// Pounds.
    pub quantity: u32,
    /// Days until it expires.
    pub expires_in: u32,
}

impl Donation {
    /// Expires within ten days: shown marked.
    pub fn expires_soon(&self) -> bool {
        self.expires_in <= 10
    }
}

/// What arrived, in order.
const ITEMS: &[(&str, &str)] = &[
    ("🍎", "Apples"),
    ("🥑", "Avocados"),
    ("🥯", "Bagels"),
    ("🍌", "Bananas"),
    ("🫘", "Beans"),
    ("🫐", "Blueberries"),
    ("🥦", "Broccoli"),
    ("🧈", "Butter"),
    ("🥕", "Carrots"),
    ("🧀", "Cheddar"),
    ("🍒", "Cherries"),
    ("🌰", "Chestnuts"),
    ("🍫", "Chocolate"),
    ("🥥", "Coconuts"),
    ("☕", "Coffee"),
    ("🌽", "Corn"),
    ("🥒", "Cucumbers"),
    ("🥚", "Eggs"),
    ("🍆", "Eggplants"),
    ("🧄", "Garlic"),
    ("🫚", "Ginger"),
    ("🍇", "Grapes"),
    ("🍯", "Honey"),
    ("🥝", "Kiwis"),
    ("🍋", "Lemons"),
    ("🥬", "Lettuce"),
    ("🥭", "Mangoes"),
    ("🍈", "Melons"),
    ("🥛", "Milk"),
    ("🍄", "Mushrooms"),
    ("🫒", "Olives"),
    ("🧅", "Onions"),
    ("🍊", "Oranges"),
    ("🥞", "Pancake mix"),
    ("🍝", "Pasta"),
    ("🍑", "Peaches"),
    ("🥜", "Peanuts"),
    ("🍐", "Pears"),
    ("🫑", "Peppers"),
    ("🍍", "Pineapples"),
    ("🥔", "Potatoes"),
    ("🍚", "Rice"),
    ("🥫", "Soup"),
    ("🍞", "Sourdough"),
    ("🍓", "Strawberries"),
    ("🍠", "Sweet potatoes"),
    ("🍅", "Tomatoes"),
    ("🍉", "Watermelons"),
];

/// Every donation. Quantities and expiry dates are spread over their ranges by a fixed rule,
/// so every run (and every test) sees the same table.
pub static DONATIONS: LazyLock<Vec<Donation>> = LazyLock::new(|| {
    ITEMS
        .iter()
        .enumerate()
        .map(|(i, &(emoji, item))| {
            let id = i + 1;
            Donation { id, emoji, item, quantity: (id * 7 % 23 + 1) as u32, expires_in: (id * 11 % 30 + 1) as u32 }
        })
        .collect()
});

/// The page sizes the select offers.
pub const PAGE_SIZES: [usize; 4] = [5, 10, 15, 20];

/// The page size of a URL without a valid `per_page`.
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// Which page of the table a URL shows (`?page=2&per_page=5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// From 1.
    pub number: usize,
    /// Rows per page, one of [`PAGE_SIZES`].
    pub size: usize,
}

impl Default for Page {
    fn default() -> Self {
        Page { number: 1, size: DEFAULT_PAGE_SIZE }
    }
}

impl Page {
    /// The page a URL asks for. A size not offered falls back to the default, a number out of
    /// range to the nearest page: a hand-edited URL shows a page, never an error.
    pub fn from_params(params: &Params) -> Page {
        let size = params
            .get("per_page")
            .and_then(|s| s.parse().ok())
            .filter(|n| PAGE_SIZES.contains(n))
            .unwrap_or(DEFAULT_PAGE_SIZE);
        let number = params.get("page").and_then(|s| s.parse().ok()).unwrap_or(1);
        Page { number, size }.clamped()
    }

    /// The last page number.
    pub fn last(self) -> usize {
        DONATIONS.len().div_ceil(self.size).max(1)
    }

    /// The same page number, kept within `1..=last`.
    fn clamped(self) -> Page {
        Page { number: self.number.clamp(1, self.last()), ..self }
    }

    /// Page `number` at the same size.
    pub fn at(self, number: usize) -> Page {
        Page { number, ..self }
    }

    /// The page of `size` rows that shows the first row of this one, so that changing the
    /// size does not lose the reader's place.
    pub fn resized(self, size: usize) -> Page {
        let first = (self.number - 1) * self.size;
        Page { number: first / size + 1, size }.clamped()
    }

    /// The indices of this page's rows.
    pub fn rows(self) -> Range<usize> {
        let start = ((self.number - 1) * self.size).min(DONATIONS.len());
        start..(start + self.size).min(DONATIONS.len())
    }

    /// The page's query parameters.
    pub fn params(self) -> [(&'static str, usize); 2] {
        [("page", self.number), ("per_page", self.size)]
    }
}

/// "Rows 11–20 of 48".
pub fn summary(page: Page) -> Rendered {
    let rows = page.rows();
    html! {
        <p id="page-info">
            "Page " {page.number} " of " {page.last()} ": rows " {rows.start + 1} "–" {rows.end} " of " {DONATIONS.len()}
        </p>
    }
}

/// The `<select>` of page sizes; its form sends `per-page` on change.
pub fn page_size_select(page: Page) -> Rendered {
    html! {
        <label for="per-page">"Rows per page "</label>
        <select id="per-page" name="per_page">
            for n in PAGE_SIZES {
                <option value={n} selected={n == page.size}>{n}</option>
            }
        </select>
    }
}

/// The table's body.
pub fn rows<'a>(donations: impl IntoIterator<Item = &'a Donation>) -> Rendered {
    html! {
        for d in donations, key = d.id {
            <tr id={format_args!("donation-{}", d.id)}>
                <td>{d.id}</td>
                <th scope="row">{d.emoji} " " {d.item}</th>
                <td>{d.quantity} " lbs"</td>
                <td>if d.expires_soon() { <mark>{d.expires_in}</mark> } else { {d.expires_in} }</td>
            </tr>
        }
    }
}

/// Previous, up to five page numbers around the current one, next: patch links built by `to`.
pub fn pager(page: Page, to: impl Fn(Page) -> Location) -> Rendered {
    let last = page.last();
    let around = page.number.saturating_sub(2).max(1)..=(page.number + 2).min(last);
    html! {
        <nav id="pager" aria-label="Pages">
            if page.number > 1 {
                <a id="prev" rel="prev" {Link::patch(to(page.at(page.number - 1)))}>"← Previous"</a>
                " "
            }
            for n in around {
                <a id={format_args!("page-{n}")} aria-current={(n == page.number).then_some("page")}
                    {Link::patch(to(page.at(n)))}>{n}</a>
                " "
            }
            if page.number < last {
                <a id="next" rel="next" {Link::patch(to(page.at(page.number + 1)))}>"Next →"</a>
            }
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: usize, size: usize) -> Page {
        Page { number, size }
    }

    #[test]
    fn urls_out_of_range_show_the_nearest_page() {
        let url = liveview::Url::parse("/paginate?page=99&per_page=7").unwrap();
        assert_eq!(Page::from_params(&Params::new(vec![], &url)), page(5, 10));
        let url = liveview::Url::parse("/paginate?page=0&per_page=20").unwrap();
        assert_eq!(Page::from_params(&Params::new(vec![], &url)), page(1, 20));
    }

    #[test]
    fn resizing_keeps_the_first_row_on_screen() {
        assert_eq!(page(3, 10).resized(5), page(5, 5)); // row 21
        assert_eq!(page(5, 5).resized(20), page(2, 20)); // row 21
        assert_eq!(page(10, 5).resized(20), page(3, 20)); // row 46
        assert_eq!(page(10, 5).rows(), 45..48);
    }
}
