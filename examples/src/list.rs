//! `/list`: 100 rows from one `for`; bumping one row sends only that row.
//!
//! `/list?rows=N` shows N rows instead (the benchmarks' scaling rows use 1,000 and 10,000): at
//! most [`MAX_ROWS`]; a larger N shows [`MAX_ROWS`] rows, and a value that is not a positive
//! whole number (`rows=0`, `rows=abc`, empty) falls back to the default of [`DEFAULT_ROWS`].

use liveview::prelude::*;
use serde::Deserialize;

/// Rows of `/list` without `?rows=`.
pub const DEFAULT_ROWS: usize = 100;
/// The most rows `?rows=` asks for.
pub const MAX_ROWS: usize = 10_000;

/// One row.
#[derive(Debug)]
struct Row {
    id: usize,
    count: u64,
}

/// A row changes only through `&mut`: its `TrackedVec` loop may reuse it while unchanged.
impl TrackedItem for Row {}

/// A list of counters.
#[live_view]
#[derive(Debug)]
pub struct List {
    /// A `TrackedVec`: a bump re-renders the 32-row chunk of the row it changed, not the list.
    rows: TrackedVec<Row>,
    next: usize,
}

impl Default for List {
    fn default() -> Self {
        List::with_rows(DEFAULT_ROWS)
    }
}

impl List {
    fn with_rows(n: usize) -> Self {
        List { rows: (0..n).map(|id| Row { id, count: 0 }).collect(), next: 0 }
    }
}

/// The row count `?rows=` asks for: [`DEFAULT_ROWS`] when absent or not a positive whole number,
/// at most [`MAX_ROWS`].
pub fn rows_param(value: Option<&str>) -> usize {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => match v.parse::<usize>() {
            Ok(0) => DEFAULT_ROWS,
            Ok(n) => n.min(MAX_ROWS),
            Err(_) => MAX_ROWS, // more digits than a usize holds: still "larger"
        },
        _ => DEFAULT_ROWS,
    }
}

/// `phx-value-id` of a row's button.
#[derive(Debug, Deserialize)]
pub struct Bump {
    id: Option<usize>,
}

#[live_view]
impl List {
    /// The size comes from the URL, on the dead render and again on the connected mount.
    fn mount(params: &Params) -> Self {
        List::with_rows(rows_param(params.get("rows")))
    }

    /// Without an id, bumps rows round-robin from row 0.
    #[event("bump")]
    fn bump(&mut self, bump: Bump) {
        let n = self.rows.len();
        let id = match bump.id {
            Some(id) => id,
            None => {
                let id = self.next;
                self.next = (self.next + 1) % n.max(1);
                id
            }
        };
        if let Some(row) = self.rows.get_mut(id) {
            row.count += 1;
        }
    }

    fn render(&self) -> Rendered {
        html! {
            <main>
                <h1>"List"</h1>
                <button id="bump" phx-click="bump">"Bump next"</button>
                <ul id="rows">
                    for row in &self.rows, key = row.id {
                        <li id={format_args!("row-{}", row.id)}>"Row " {row.id} ": " <span class="count">{row.count}</span> " "
                            <button phx-click="bump" phx-value-id={row.id}>"+"</button></li>
                    }
                </ul>
            </main>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_param_defaults_caps_and_falls_back() {
        assert_eq!(rows_param(None), 100);
        assert_eq!(rows_param(Some("1000")), 1000);
        assert_eq!(rows_param(Some("10000")), 10_000);
        assert_eq!(rows_param(Some("10001")), 10_000);
        assert_eq!(rows_param(Some("99999999999999999999999")), 10_000);
        for bad in ["", "0", "-5", "+5", "abc", "1e3", "12.5"] {
            assert_eq!(rows_param(Some(bad)), 100, "{bad:?}");
        }
    }
}
