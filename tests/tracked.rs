//! `TrackedVec` loops in `html!`: a row is rendered again only when it changed or an input of
//! the loop body did, and the page is always exactly what a plain loop over the same rows
//! renders. Each test changes something in a way that is easy to miss (a field read through a
//! method, interior mutability, a value captured from the socket, a body that counts) and
//! compares with the plain render; the counting tests prove that unchanged rows really are
//! skipped, so that the comparisons are not passing merely because nothing is cached.

use liveview::prelude::*;
use liveview::test::{LiveTest, TestError};
use std::cell::Cell;

/// How many rows' bodies ran in this thread (each row calls [`seen`] once).
fn evaluated() -> usize {
    EVALUATED.with(Cell::take)
}

thread_local! {
    static EVALUATED: Cell<usize> = const { Cell::new(0) };
}

/// Counts one row body; renders nothing. A function call, so not an input of the loop.
fn seen() -> &'static str {
    EVALUATED.with(|c| c.set(c.get() + 1));
    ""
}

#[derive(Debug, Clone)]
struct Row {
    id: u32,
    label: String,
    shown: bool,
}

impl TrackedItem for Row {}

fn rows(n: u32) -> Vec<Row> {
    (0..n).map(|id| Row { id, label: format!("row {id}"), shown: true }).collect()
}

/// The same markup over a `TrackedVec` and over a plain slice; `selected` is an outer input.
fn tracked(rows: &TrackedVec<Row>, selected: u32) -> String {
    html! {
        <ul>
            for row in rows, key = row.id {
                <li id={format_args!("r{}", row.id)} class={if row.id == selected { "on" } else { "off" }}>{seen()}{&row.label}</li>
            }
        </ul>
    }
    .to_html()
}

fn plain(rows: &[Row], selected: u32) -> String {
    html! {
        <ul>
            for row in rows, key = row.id {
                <li id={format_args!("r{}", row.id)} class={if row.id == selected { "on" } else { "off" }}>{seen()}{&row.label}</li>
            }
        </ul>
    }
    .to_html()
}

#[test]
fn a_row_changed_through_index_mut_is_rendered_again_and_only_it_runs() {
    let mut list: TrackedVec<Row> = rows(1000).into();
    assert_eq!(tracked(&list, 0), plain(&list, 0));
    evaluated();
    assert_eq!(tracked(&list, 0), plain(&list, 0));
    assert_eq!(evaluated(), 1000, "nothing changed: no tracked row ran (only the plain loop's 1000)");

    list[700].label = "changed".into();
    let html = tracked(&list, 0);
    assert_eq!(evaluated(), 1, "only the changed row ran");
    assert!(html.contains(">changed</li>"));
    assert_eq!(html, plain(&list, 0));
}

#[test]
fn every_change_through_the_collection_shows() {
    let mut list: TrackedVec<Row> = rows(300).into();
    let check = |list: &TrackedVec<Row>| assert_eq!(tracked(list, 3), plain(list, 3));
    check(&list);
    list.push(Row { id: 1000, label: "pushed".into(), shown: true });
    check(&list);
    list.insert(5, Row { id: 1001, label: "inserted".into(), shown: true });
    check(&list);
    list.remove(40);
    check(&list);
    list.swap(0, 299);
    check(&list);
    if let Some(r) = list.get_mut(100) {
        r.label = "got".into();
    }
    check(&list);
    list.sort_by_key(|r| std::cmp::Reverse(r.id)); // through DerefMut
    check(&list);
    list.retain(|r| r.id % 7 != 0);
    check(&list);
    list.truncate(64); // to a chunk boundary
    check(&list);
    list.clear();
    check(&list);
}

#[test]
fn an_outer_input_that_changes_renders_every_row_again() {
    let list: TrackedVec<Row> = rows(200).into();
    tracked(&list, 1);
    evaluated();
    let html = tracked(&list, 150);
    assert_eq!(evaluated(), 200, "`selected` changed: every row depends on it");
    assert!(html.contains("id=\"r150\" class=\"on\"") && html.contains("id=\"r1\" class=\"off\""));
    assert_eq!(html, plain(&list, 150));
}

/// A view whose rows ask the view (a method reading a field) whether they are highlighted.
struct Board {
    rows: TrackedVec<Row>,
    highlight: u32,
}

impl Board {
    fn is_hot(&self, row: &Row) -> bool {
        row.id == self.highlight
    }

    fn render(&self) -> String {
        html! {
            for row in &self.rows, key = row.id {
                <p class={if self.is_hot(row) { "hot" } else { "cold" }}>{seen()}{row.id}</p>
            }
        }
        .to_html()
    }
}

#[test]
fn a_field_read_through_a_method_of_the_view_is_an_input() {
    let mut board = Board { rows: rows(100).into(), highlight: 3 };
    assert!(board.render().contains("<p class=\"hot\">3</p>"));
    // `self.is_hot(..)` reads all of `self`, which is not `Hash`: the loop cannot tell whether
    // it changed, so it renders every row every time.
    board.highlight = 4;
    evaluated();
    let html = board.render();
    assert_eq!(evaluated(), 100);
    assert!(html.contains("<p class=\"cold\">3</p>") && html.contains("<p class=\"hot\">4</p>"));
}

#[test]
fn interior_mutability_in_an_outer_input_is_seen() {
    let list: TrackedVec<Row> = rows(100).into();
    let limit = Cell::new(10);
    let render = |list: &TrackedVec<Row>| {
        html! { for row in list, key = row.id { <i>{seen()}{if row.id < limit.get() { "in" } else { "out" }}</i> } }
            .to_html()
    };
    assert_eq!(render(&list).matches("in").count(), 10);
    // Changed behind `&`: `Cell` has no `Hash`, so the loop renders every row every time.
    limit.set(20);
    evaluated();
    assert_eq!(render(&list).matches("in").count(), 20);
    assert_eq!(evaluated(), 100);
}

#[test]
fn a_body_that_counts_as_it_goes_keeps_no_cache() {
    let mut list: TrackedVec<Row> = rows(200).into();
    let numbered = |list: &TrackedVec<Row>| {
        let mut n = 0;
        html! {
            for row in list, key = row.id {
                if row.shown {
                    <b>{{ n += 1; n }}</b>
                }
            }
        }
        .to_html()
    };
    let first = numbered(&list);
    assert!(first.ends_with("<b>200</b>"));
    // Hiding row 0 renumbers every row after it, also in chunks nothing changed in: the body
    // changed its own input `n` while it ran, so no chunk of it was kept.
    list[0].shown = false;
    let second = numbered(&list);
    assert!(second.starts_with("<b>1</b>") && second.ends_with("<b>199</b>"), "{second}");
}

#[test]
fn a_break_in_the_body_ends_the_list_and_the_next_render_is_whole() {
    let list: TrackedVec<Row> = rows(100).into();
    let upto = |list: &TrackedVec<Row>, last: u32| {
        html! {
            for row in list, key = row.id {
                {{ if row.id > last { break; } "" }}<s>{row.id}</s>
            }
        }
        .to_html()
    };
    assert_eq!(upto(&list, 70).matches("<s>").count(), 71);
    assert_eq!(upto(&list, 1000).matches("<s>").count(), 100);
    assert_eq!(upto(&list, 40).matches("<s>").count(), 41);
}

/// `/captured`: every row shows the flash, read from the socket into a local before the loop.
#[live_view]
#[derive(Debug)]
struct Captured {
    rows: TrackedVec<Row>,
}

#[live_view]
impl Captured {
    fn mount() -> Self {
        Captured { rows: rows(80).into() }
    }

    #[event("note")]
    fn note(&mut self, socket: &mut Socket) {
        socket.put_flash("info", "noted");
    }

    fn render(&self, socket: &Socket) -> Rendered {
        let note = socket.flash_of("info").unwrap_or("none").to_owned();
        html! {
            <button id="note" phx-click="note">"note"</button>
            <ul>
                for row in &self.rows, key = row.id {
                    <li id={format_args!("c{}", row.id)}>{&note}</li>
                }
            </ul>
        }
    }
}

#[tokio::test]
async fn a_value_captured_from_the_socket_is_an_input() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(LiveRouter::new().live::<Captured>("/captured"), "/captured").await?;
    assert_eq!(lv.text("#c0")?, "none");
    assert_eq!(lv.text("#c79")?, "none");
    lv.click("#note").await?;
    // `note` changed, so every row (in every chunk) shows it.
    assert_eq!(lv.text("#c0")?, "noted");
    assert_eq!(lv.text("#c79")?, "noted");
    Ok(())
}

/// A live component per row.
#[live_component]
#[derive(Default)]
struct Tally {
    id: u32,
    hits: u32,
}

#[live_component]
impl Tally {
    fn update(&mut self, id: u32) {
        self.id = id;
    }

    #[event("hit")]
    fn hit(&mut self) {
        self.hits += 1;
    }

    fn render(&self) -> Rendered {
        html! { <p id={format_args!("t{}", self.id)}>{self.hits}</p> }
    }
}

#[live_view]
#[derive(Debug)]
struct Tallies {
    rows: TrackedVec<Row>,
}

#[live_view]
impl Tallies {
    fn mount() -> Self {
        Tallies { rows: rows(70).into() }
    }

    #[event("rename")]
    fn rename(&mut self) {
        self.rows[65].label = "renamed".into();
    }

    fn render(&self) -> Rendered {
        html! {
            <button id="rename" phx-click="rename">"rename"</button>
            <button id="hit-5" phx-click="hit" phx-target="#t5">"hit"</button>
            for row in &self.rows, key = row.id {
                <div id={format_args!("row{}", row.id)}><span>{&row.label}</span>{live_component::<Tally>(row.id, row.id)}</div>
            }
        }
    }
}

#[tokio::test]
async fn live_components_in_rows_outlive_renders_of_other_rows() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(LiveRouter::new().live::<Tallies>("/"), "/").await?;
    lv.click("#hit-5").await?;
    lv.click("#hit-5").await?;
    assert_eq!(lv.text("#t5")?, "2");
    // Row 65 changes (a chunk that places components is rendered again every time, as a
    // conservative rule); tally 5, in another chunk, keeps its instance and its state.
    lv.click("#rename").await?;
    assert_eq!(lv.text("#row65 span")?, "renamed");
    lv.click("#hit-5").await?;
    assert_eq!(lv.text("#t5")?, "3");
    assert_eq!(lv.count("div p"), 70);
    Ok(())
}

/// A row with a float: nothing in it changes behind `&`, which its `TrackedItem` impl says.
#[derive(Debug)]
struct Price {
    id: u32,
    amount: f64,
}

impl TrackedItem for Price {}

#[test]
fn an_item_with_a_float_declares_itself_tracked() {
    let mut prices: TrackedVec<Price> = (0..100).map(|id| Price { id, amount: f64::from(id) / 4.0 }).collect();
    let render =
        |prices: &TrackedVec<Price>| html! { for p in prices, key = p.id { <td>{seen()}{p.amount}</td> } }.to_html();
    render(&prices);
    evaluated();
    prices[99].amount = 0.5;
    let html = render(&prices);
    assert_eq!(evaluated(), 1, "only row 99 ran");
    assert!(html.ends_with("<td>0.5</td>"));
}

#[test]
fn a_body_that_changes_an_input_midway_renders_every_row_after_the_change() {
    // The first render changes nothing (no row is flagged), so its cache is kept; then row 3's
    // flag makes the body count from there on, also in rows and chunks that did not change.
    #[derive(Debug)]
    struct Flag {
        id: u32,
        on: bool,
    }
    impl TrackedItem for Flag {}
    let render = |rows: &[Flag], tracked: Option<&TrackedVec<Flag>>| {
        let mut n = 0u32;
        match tracked {
            Some(rows) => html! { for row in rows, key = row.id { <i>{{ if row.on { n += 1; } n }}</i> } }.to_html(),
            None => html! { for row in rows, key = row.id { <i>{{ if row.on { n += 1; } n }}</i> } }.to_html(),
        }
    };
    let mut list: TrackedVec<Flag> = (0..100).map(|id| Flag { id, on: false }).collect();
    assert_eq!(render(&list, Some(&list)), render(&list, None));
    list[3].on = true;
    let html = render(&list, Some(&list));
    assert_eq!(html, render(&list, None));
    assert!(html.ends_with("<i>1</i>"), "every row after row 3 counts it");
}

trait Labeler {
    fn label(row: &Row) -> String;

    /// One loop site (one `static` template) for every implementor.
    fn render(rows: &TrackedVec<Row>) -> String {
        html! { for row in rows, key = row.id { <b>{Self::label(row)}</b> } }.to_html()
    }
}

struct Upper;
struct Lower;

impl Labeler for Upper {
    fn label(row: &Row) -> String {
        row.label.to_uppercase()
    }
}

impl Labeler for Lower {
    fn label(row: &Row) -> String {
        row.label.clone()
    }
}

#[test]
fn each_instance_of_a_generic_loop_keeps_its_own_cache() {
    let list: TrackedVec<Row> = rows(40).into();
    assert!(Upper::render(&list).starts_with("<b>ROW 0</b>"));
    assert!(Lower::render(&list).starts_with("<b>row 0</b>"), "not Upper's rows from the shared site");
    assert!(Upper::render(&list).starts_with("<b>ROW 0</b>"));
}

#[test]
fn a_string_that_is_not_a_format_string_is_not_read_as_a_capture() {
    // `{oops}` is text here, not a variable: the loop must compile (a plain Vec too) and show it.
    let list = rows(2);
    let html = html! { for row in &list, key = row.id { <p>{format!("{}-{}", row.id, "{oops}")}</p> } }.to_html();
    assert_eq!(html, "<p>0-{oops}</p><p>1-{oops}</p>");
}
