//! Per-event server cost: re-render the view's tree the way `html!`-generated code does, diff it
//! against the previous tree and encode the diff into a reused buffer.
//!
//! `cargo bench -p liveview-core --bench render_diff`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use liveview_core::diff::write_diff;
use liveview_core::rendered::{
    Comprehension, DepsHasher, IntoDynamic, LoopPlan, LoopProbe, Rendered, SizeHint, Template, TrackedItem, TrackedVec,
    ViaTracked,
};
use std::hint::black_box;

const PAGE_STATICS: &[&str] = &["<h1>Rows</h1><ul id=\"rows\">", "</ul>"];
static PAGE: Template = Template::new(PAGE_STATICS);
const ROW_STATICS: &[&str] =
    &["<li id=\"row-", "\">", ": <span>", "</span> <button phx-click=\"bump\" phx-value-id=\"", "\">+</button></li>"];
static ROW: Template = Template::new(ROW_STATICS);

struct Row {
    id: u32,
    label: String,
    count: u64,
}

/// What `html! { <ul id="rows">{for row in rows keyed row.id { <li id="row-{row.id}">{row.label}: … }}</ul> }`
/// expands to: each entry's slots are formatted (and escaped) straight into the comprehension's
/// shared text buffer.
fn render(rows: &[Row], keyed: bool) -> Rendered {
    static HINT: SizeHint = SizeHint::new();
    let mut list = Comprehension::with_hint(&ROW, rows.len(), &HINT);
    for row in rows {
        let mut entry = if keyed { list.begin_keyed(&row.id) } else { list.begin() };
        row.id.write_entry(&mut entry);
        (&row.label).write_entry(&mut entry);
        row.count.write_entry(&mut entry);
        row.id.write_entry(&mut entry);
        entry.finish();
    }
    list.remember(&HINT);
    Rendered::new(&PAGE, vec![list.into_dynamic()])
}

/// What `html!` generates for the same loop over a `&TrackedVec<Row>` (a body reading only the
/// row: its outer inputs hash to a constant): chunks whose rows were not reached through `&mut`
/// are reused from the last render, by pointer.
fn render_tracked(rows: &TrackedVec<Row>) -> Rendered {
    static HINT: SizeHint = SizeHint::new();
    let probe = LoopProbe::new(rows);
    let mut plan = probe.lv_plan(&ROW, &HINT, "");
    let mut list = plan.begin(DepsHasher::new().finish(&ROW), false);
    while let Some(row) = plan.next_item(&mut list, || Some(0)) {
        let mut entry = list.begin_keyed(&row.id);
        row.id.write_entry(&mut entry);
        (&row.label).write_entry(&mut entry);
        row.count.write_entry(&mut entry);
        row.id.write_entry(&mut entry);
        entry.finish();
    }
    let list = plan.finish(list, DepsHasher::new().finish(&ROW));
    Rendered::new(&PAGE, vec![list.into_dynamic()])
}

impl TrackedItem for Row {}

fn rows(n: u32) -> Vec<Row> {
    (0..n).map(|id| Row { id, label: format!("label {id}"), count: 0 }).collect()
}

fn list_one_row_change(c: &mut Criterion) {
    // What `/list` does: rows in a `TrackedVec`, so a one-row change re-renders one chunk. From
    // 100 to 10,000 rows: whether a one-row change costs the same at any list size (issue #19).
    let mut group = c.benchmark_group("list_one_row_change");
    for n in [100u32, 1000, 10_000] {
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            let mut rows: TrackedVec<Row> = rows(n).into();
            let mut prev = render_tracked(&rows);
            let mut buf = String::with_capacity(256);
            let mut at = 0;
            b.iter(|| {
                // One event: bump one row, re-render, diff, encode.
                at = (at + 37) % rows.len();
                rows[at].count += 1;
                let next = render_tracked(&rows);
                buf.clear();
                assert!(write_diff(&mut buf, &prev, &next));
                prev = next;
                black_box(buf.len())
            });
        });
    }
    group.finish();

    // The same rows in a plain `Vec`: every row re-rendered, the diff finds the changed one.
    let mut group = c.benchmark_group("list_one_row_change_vec");
    for n in [100u32, 1000, 10_000] {
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            let mut rows = rows(n);
            let mut prev = render(&rows, true);
            let mut buf = String::with_capacity(256);
            let mut at = 0;
            b.iter(|| {
                at = (at + 37) % rows.len();
                rows[at].count += 1;
                let next = render(&rows, true);
                buf.clear();
                assert!(write_diff(&mut buf, &prev, &next));
                prev = next;
                black_box(buf.len())
            });
        });
    }
    group.finish();

    // For comparison: the same list without keys (no key hashing, positional diff).
    let mut group = c.benchmark_group("list_one_row_change_unkeyed");
    group.bench_function(BenchmarkId::from_parameter(1000), |b| {
        let mut rows = rows(1000);
        let mut prev = render(&rows, false);
        let mut buf = String::with_capacity(256);
        let mut at = 0;
        b.iter(|| {
            at = (at + 37) % rows.len();
            rows[at].count += 1;
            let next = render(&rows, false);
            buf.clear();
            assert!(write_diff(&mut buf, &prev, &next));
            prev = next;
            black_box(buf.len())
        });
    });
    group.finish();

    // The parts of one 1000-row event, measured separately.
    let mut group = c.benchmark_group("list_1000_parts");
    let rows = rows(1000);
    group.bench_function("render_only", |b| b.iter(|| black_box(render(&rows, true))));
    let old = render(&rows, true);
    let mut rows2 = self::rows(1000);
    rows2[500].count = 1;
    let new = render(&rows2, true);
    let mut buf = String::with_capacity(256);
    group.bench_function("diff_only", |b| {
        b.iter(|| {
            buf.clear();
            black_box(write_diff(&mut buf, &old, &new))
        })
    });
    group.finish();
}

const COUNTER_STATICS: &[&str] = &[
    "<div id=\"counter\"><h1>Count: ",
    "</h1><button phx-click=\"dec\">-</button><button phx-click=\"inc\">+</button></div>",
];
static COUNTER: Template = Template::new(COUNTER_STATICS);

fn counter_event(c: &mut Criterion) {
    c.bench_function("counter_event", |b| {
        let mut count: i64 = 0;
        let mut prev = Rendered::new(&COUNTER, vec![count.into_dynamic()]);
        let mut buf = String::with_capacity(64);
        b.iter(|| {
            count += 1;
            let next = Rendered::new(&COUNTER, vec![count.into_dynamic()]);
            buf.clear();
            assert!(write_diff(&mut buf, &prev, &next));
            prev = next;
            black_box(buf.len())
        });
    });
}

criterion_group!(benches, list_one_row_change, counter_event);
criterion_main!(benches);
