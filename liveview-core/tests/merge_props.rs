//! Property tests: for random template trees and random render sequences, the join render plus
//! every diff, merged by the client model (`client.rs`, a re-expression of rendered.js), yields
//! exactly the HTML of a fresh server render.

use liveview_core::client::{ClientError, ClientTree};
use liveview_core::diff::{write_diff, write_full};
use liveview_core::rendered::{
    CHUNK, Comprehension, DepHash, DepProbe, DepsHasher, Dynamic, Entry, LoopPlan, LoopProbe, Rendered, SizeHint,
    Template, TrackedItem, TrackedVec, ViaTracked,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

macro_rules! template {
    ($name:ident = [$($s:expr),* $(,)?]) => {
        static $name: Template = Template::new(&[$($s),*]);
    };
}

// Two root templates (switching between them replaces the whole tree).
template!(ROOT = ["<div class=\"", "\">", "<ul>", "</ul><ol>", "</ol></div>"]);
template!(ROOT2 = ["<main>", "<hr>", "", "|", "</main>"]);
// Nested templates a slot can hold (heterogeneous).
template!(A = ["<p>", "</p>"]);
template!(B = ["<section data-x=\"", "\">", "</section>"]);
template!(C = ["<nav>", "</nav>"]); // holds an unkeyed comprehension of LI
template!(EMPTY = ["<br>"]); // no dynamics
// Comprehension templates.
template!(LI = ["<li>", "</li>"]);
template!(KEYED_ROW = ["<li id=\"", "\">", "|", "</li>"]);
template!(UNKEYED_ROW = ["<span>", "", "</span>"]);

/// What can sit in a dynamic slot.
#[derive(Clone, Debug)]
enum Slot {
    Text(String),
    A(String),
    B(String, String),
    /// A nested template whose only slot is an (unkeyed) comprehension.
    C(Vec<String>),
    Empty,
    /// A comprehension directly in the slot, keyed by value (duplicates possible).
    List(Vec<String>),
}

#[derive(Clone, Debug)]
struct Item {
    /// `None`: an unkeyed entry inside the keyed comprehension.
    key: Option<u8>,
    text: String,
    slot: Slot,
}

#[derive(Clone, Debug)]
struct Unkeyed {
    text: String,
    slot: Option<Slot>,
}

#[derive(Clone, Debug)]
struct State {
    alt_root: bool,
    attr: String,
    slot: Slot,
    keyed: Vec<Item>,
    unkeyed: Vec<Unkeyed>,
}

#[derive(Clone, Debug)]
enum Op {
    Insert(usize, Item),
    Remove(usize),
    Move(usize, usize),
    Shuffle(u64),
    Reverse,
    Duplicate(usize, usize),
    ChangeText(usize, String),
    ChangeSlot(usize, Slot),
    ChangeKey(usize, Option<u8>),
    InsertUnkeyed(usize, Unkeyed),
    RemoveUnkeyed(usize),
    ChangeUnkeyed(usize, Unkeyed),
    ShuffleUnkeyed(u64),
    SetAttr(String),
    SetSlot(Slot),
    ToggleRoot,
    Replace(State),
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Small alphabet: equal strings are common, so "unchanged" paths are exercised.
        3 => "[ab]{0,2}",
        // Hostile fragments.
        2 => prop::sample::select(vec![
            "\"", "'", "<", ">", "&", "&amp;", "\\", "\\\"", "</script>", "\u{0}", "\u{1f}", "\n\r\t", "\u{7f}",
            "\u{2028}", "é", "🌍", "{\"s\":[]}", "\"0\":", "kc", "]", "}", "",
        ])
        .prop_map(String::from),
        // Anything, control characters and astral planes included.
        2 => prop::collection::vec(any::<char>(), 0..5).prop_map(String::from_iter),
    ]
}

fn slot() -> impl Strategy<Value = Slot> {
    prop_oneof![
        text().prop_map(Slot::Text),
        text().prop_map(Slot::A),
        (text(), text()).prop_map(|(a, b)| Slot::B(a, b)),
        prop::collection::vec(text(), 0..4).prop_map(Slot::C),
        Just(Slot::Empty),
        prop::collection::vec(text(), 0..4).prop_map(Slot::List),
    ]
}

fn key() -> impl Strategy<Value = Option<u8>> {
    // A small key space makes duplicate keys common; a few unkeyed entries are mixed in.
    prop_oneof![9 => (0u8..8).prop_map(Some), 1 => Just(None)]
}

fn item() -> impl Strategy<Value = Item> {
    (key(), text(), slot()).prop_map(|(key, text, slot)| Item { key, text, slot })
}

fn unkeyed() -> impl Strategy<Value = Unkeyed> {
    (text(), prop::option::of(slot())).prop_map(|(text, slot)| Unkeyed { text, slot })
}

fn state() -> impl Strategy<Value = State> {
    (
        prop::bool::weighted(0.1),
        text(),
        slot(),
        prop::collection::vec(item(), 0..7),
        prop::collection::vec(unkeyed(), 0..5),
    )
        .prop_map(|(alt_root, attr, slot, keyed, unkeyed)| State { alt_root, attr, slot, keyed, unkeyed })
}

fn op() -> impl Strategy<Value = Op> {
    let idx = || 0usize..16;
    prop_oneof![
        3 => (idx(), item()).prop_map(|(i, it)| Op::Insert(i, it)),
        2 => idx().prop_map(Op::Remove),
        2 => (idx(), idx()).prop_map(|(a, b)| Op::Move(a, b)),
        1 => any::<u64>().prop_map(Op::Shuffle),
        1 => Just(Op::Reverse),
        1 => (idx(), idx()).prop_map(|(a, b)| Op::Duplicate(a, b)),
        3 => (idx(), text()).prop_map(|(i, t)| Op::ChangeText(i, t)),
        2 => (idx(), slot()).prop_map(|(i, s)| Op::ChangeSlot(i, s)),
        1 => (idx(), key()).prop_map(|(i, k)| Op::ChangeKey(i, k)),
        1 => (idx(), unkeyed()).prop_map(|(i, u)| Op::InsertUnkeyed(i, u)),
        1 => idx().prop_map(Op::RemoveUnkeyed),
        2 => (idx(), unkeyed()).prop_map(|(i, u)| Op::ChangeUnkeyed(i, u)),
        1 => any::<u64>().prop_map(Op::ShuffleUnkeyed),
        1 => text().prop_map(Op::SetAttr),
        2 => slot().prop_map(Op::SetSlot),
        1 => Just(Op::ToggleRoot),
        1 => state().prop_map(Op::Replace),
    ]
}

fn shuffle<T>(v: &mut [T], mut seed: u64) {
    for i in (1..v.len()).rev() {
        // xorshift64*
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let j = (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

fn apply(s: &mut State, op: &Op) {
    let n = s.keyed.len();
    let u = s.unkeyed.len();
    match op.clone() {
        Op::Insert(i, it) => s.keyed.insert(i % (n + 1), it),
        Op::Remove(i) if n > 0 => {
            s.keyed.remove(i % n);
        }
        Op::Move(a, b) if n > 0 => {
            let it = s.keyed.remove(a % n);
            s.keyed.insert(b % n, it);
        }
        Op::Shuffle(seed) => shuffle(&mut s.keyed, seed),
        Op::Reverse => s.keyed.reverse(),
        Op::Duplicate(a, b) if n > 0 => {
            let it = s.keyed[a % n].clone();
            s.keyed.insert(b % (n + 1), it);
        }
        Op::ChangeText(i, t) if n > 0 => s.keyed[i % n].text = t,
        Op::ChangeSlot(i, sl) if n > 0 => s.keyed[i % n].slot = sl,
        Op::ChangeKey(i, k) if n > 0 => s.keyed[i % n].key = k,
        Op::InsertUnkeyed(i, x) => s.unkeyed.insert(i % (u + 1), x),
        Op::RemoveUnkeyed(i) if u > 0 => {
            s.unkeyed.remove(i % u);
        }
        Op::ChangeUnkeyed(i, x) if u > 0 => s.unkeyed[i % u] = x,
        Op::ShuffleUnkeyed(seed) => shuffle(&mut s.unkeyed, seed),
        Op::SetAttr(t) => s.attr = t,
        Op::SetSlot(sl) => s.slot = sl,
        Op::ToggleRoot => s.alt_root = !s.alt_root,
        Op::Replace(new) => *s = new,
        _ => {}
    }
}

fn li_list(xs: &[String], keyed: bool) -> Comprehension {
    let entries = xs
        .iter()
        .map(|x| {
            let d = vec![Dynamic::raw_text(x)];
            if keyed { Entry::keyed(x, d) } else { Entry::new(d) }
        })
        .collect();
    Comprehension::new(&LI, entries)
}

fn slot_dynamic(s: &Slot) -> Dynamic {
    match s {
        // Raw (unescaped) text on purpose: the transport must carry any string verbatim.
        Slot::Text(t) => Dynamic::raw_text(t),
        Slot::A(t) => Dynamic::Nested(Rendered::new(&A, vec![Dynamic::raw_text(t)])),
        Slot::B(x, y) => Dynamic::Nested(Rendered::new(&B, vec![Dynamic::text(x), Dynamic::raw_text(y)])),
        Slot::C(xs) => Dynamic::Nested(Rendered::new(&C, vec![Dynamic::List(Box::new(li_list(xs, false)))])),
        Slot::Empty => Dynamic::Nested(Rendered::new(&EMPTY, vec![])),
        Slot::List(xs) => Dynamic::List(Box::new(li_list(xs, true))),
    }
}

fn render(s: &State) -> Rendered {
    let keyed = s
        .keyed
        .iter()
        .map(|it| {
            let id = it.key.map_or_else(|| "none".to_string(), |k| k.to_string());
            let d = vec![Dynamic::Text(id.into()), Dynamic::raw_text(&it.text), slot_dynamic(&it.slot)];
            match it.key {
                Some(k) => Entry::keyed(&k, d),
                None => Entry::new(d),
            }
        })
        .collect();
    let unkeyed = s
        .unkeyed
        .iter()
        .map(|x| {
            let slot = x.slot.as_ref().map_or_else(Dynamic::empty, slot_dynamic);
            Entry::new(vec![Dynamic::raw_text(&x.text), slot])
        })
        .collect();
    let dynamics = vec![
        Dynamic::text(&s.attr),
        slot_dynamic(&s.slot),
        Dynamic::List(Box::new(Comprehension::new(&KEYED_ROW, keyed))),
        Dynamic::List(Box::new(Comprehension::new(&UNKEYED_ROW, unkeyed))),
    ];
    Rendered::new(if s.alt_root { &ROOT2 } else { &ROOT }, dynamics)
}

fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("invalid JSON ({e}): {json}"))
}

/// Runs one sequence through encode → parse → client merge → client render.
fn check_sequence(initial: &State, steps: &[Vec<Op>]) -> Result<(), TestCaseError> {
    let mut state = initial.clone();
    let mut prev = render(&state);
    let mut out = String::new();
    write_full(&mut out, &prev);
    let (mut client, _) = ClientTree::from_join(parse(&out)).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    // Dead render == join render.
    prop_assert_eq!(client.to_html().unwrap(), prev.to_html());

    for ops in steps {
        for op in ops {
            apply(&mut state, op);
        }
        let next = render(&state);
        out.clear();
        if !write_diff(&mut out, &prev, &next) {
            prop_assert!(out.is_empty());
            prop_assert_eq!(prev.to_html(), next.to_html(), "no diff, yet the HTML changed");
        } else {
            let diff = parse(&out);
            // Only a root template change may resend the root statics.
            prop_assert_eq!(
                diff.get("s").is_some(),
                !prev.template().same_as(next.template()),
                "unexpected root statics: {}",
                out
            );
            client.apply_diff(diff).map_err(|e| TestCaseError::fail(format!("client rejected {out}: {e}")))?;
        }
        let html = client.to_html().map_err(|e| TestCaseError::fail(format!("client render failed: {e}")))?;
        prop_assert_eq!(html, next.to_html(), "after diff {}", out);
        prev = next;
    }
    Ok(())
}

#[test]
fn join_plus_diffs_render_like_a_fresh_render() {
    let mut runner = TestRunner::new(Config {
        cases: 1024,
        // Failures are shrunk and printed; no regression files are written into the tree.
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (state(), prop::collection::vec(prop::collection::vec(op(), 0..4), 0..8));
    runner.run(&strategy, |(initial, steps)| check_sequence(&initial, &steps)).unwrap();
}

#[test]
fn long_keyed_lists_shuffle_and_edit() {
    // Longer lists than above, fewer cases: the key index path with many candidates.
    let mut runner = TestRunner::new(Config { cases: 64, failure_persistence: None, ..Config::default() });
    let items = prop::collection::vec(item(), 20..60);
    let strategy = (items, prop::collection::vec(prop::collection::vec(op(), 1..6), 1..8));
    runner
        .run(&strategy, |(keyed, steps)| {
            let initial = State { alt_root: false, attr: String::new(), slot: Slot::Empty, keyed, unkeyed: vec![] };
            check_sequence(&initial, &steps)
        })
        .unwrap();
}

// --- text-only tables: the diff's bulk prefix/suffix skipping -----------------------------

template!(TABLE = ["<table>", "</table>"]);

#[derive(Clone, Debug)]
struct Row {
    key: Option<u8>,
    a: String,
    b: String,
}

#[derive(Clone, Debug)]
enum Edit {
    /// Change one cell of one row (possibly to the same text, or to a longer/shorter one).
    Cell(usize, bool, String),
    Insert(usize, Row),
    Remove(usize),
    Swap(usize, usize),
    /// Move a cell's text to the neighbouring cell: the text buffer is unchanged, only a
    /// boundary moves.
    ShiftBoundary(usize),
}

fn row() -> impl Strategy<Value = Row> {
    (prop_oneof![3 => (0u8..40).prop_map(Some), 1 => Just(None)], text(), text()).prop_map(|(key, a, b)| Row {
        key,
        a,
        b,
    })
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), any::<bool>(), text()).prop_map(|(i, b, t)| Edit::Cell(i, b, t)),
        1 => (any::<usize>(), row()).prop_map(|(i, r)| Edit::Insert(i, r)),
        1 => any::<usize>().prop_map(Edit::Remove),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::Swap(i, j)),
        1 => any::<usize>().prop_map(Edit::ShiftBoundary),
    ]
}

fn edit_rows(rows: &mut Vec<Row>, e: &Edit) {
    let n = rows.len();
    match e {
        Edit::Cell(i, first, t) if n > 0 => {
            let r = &mut rows[i % n];
            if *first { r.a = t.clone() } else { r.b = t.clone() }
        }
        Edit::Insert(i, r) => rows.insert(i % (n + 1), r.clone()),
        Edit::Remove(i) if n > 0 => {
            rows.remove(i % n);
        }
        Edit::Swap(i, j) if n > 0 => rows.swap(i % n, j % n),
        Edit::ShiftBoundary(i) if n > 0 => {
            let r = &mut rows[i % n];
            if let Some(c) = r.a.pop() {
                r.b.insert(0, c);
            } else if !r.b.is_empty() {
                let c = r.b.remove(0);
                r.a.push(c);
            }
        }
        _ => {}
    }
}

fn table(rows: &[Row]) -> Rendered {
    let entries = rows
        .iter()
        .map(|r| {
            // The edited cells first: a change at the very start of an entry is the case where
            // only the entry's start offset tells a shifted row from a changed one.
            let d = vec![
                Dynamic::text(&r.a),
                Dynamic::text(&r.b),
                Dynamic::text(&r.key.map_or(String::new(), |k| k.to_string())),
            ];
            match r.key {
                Some(k) => Entry::keyed(&k, d),
                None => Entry::new(d),
            }
        })
        .collect();
    Rendered::new(&TABLE, vec![Dynamic::List(Box::new(Comprehension::new(&KEYED_ROW, entries)))])
}

#[test]
fn text_only_tables_merge_exactly_and_send_only_the_changed_rows() {
    let mut runner = TestRunner::new(Config { cases: 512, failure_persistence: None, ..Config::default() });
    let strategy =
        (prop::collection::vec(row(), 0..120), prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..8));
    runner
        .run(&strategy, |(initial, steps)| {
            let mut rows = initial;
            let mut prev = table(&rows);
            let mut out = String::new();
            write_full(&mut out, &prev);
            let (mut client, _) =
                ClientTree::from_join(parse(&out)).map_err(|e| TestCaseError::fail(format!("{e}")))?;
            for edits in steps {
                let before = rows.clone();
                for e in &edits {
                    edit_rows(&mut rows, e);
                }
                let next = table(&rows);
                out.clear();
                if write_diff(&mut out, &prev, &next) {
                    let diff = parse(&out);
                    // When nothing moved or changed length, the diff names exactly the rows whose
                    // cells differ.
                    let same_shape =
                        before.len() == rows.len() && before.iter().zip(&rows).all(|(x, y)| x.key == y.key);
                    if same_shape {
                        let k = diff["0"]["k"].as_object().expect("a comprehension diff");
                        let mut sent: Vec<usize> =
                            k.keys().filter(|k| *k != "kc").map(|k| k.parse().unwrap()).collect();
                        sent.sort_unstable();
                        let changed: Vec<usize> = (0..rows.len())
                            .filter(|&i| (&before[i].a, &before[i].b) != (&rows[i].a, &rows[i].b))
                            .collect();
                        prop_assert_eq!(sent, changed, "diff {}", out);
                    }
                    client.apply_diff(diff).map_err(|e| TestCaseError::fail(format!("client rejected {out}: {e}")))?;
                } else {
                    prop_assert_eq!(prev.to_html(), next.to_html(), "no diff, yet the HTML changed");
                }
                same_html(&format!("client after {edits:?}, diff {out}"), &client.to_html().unwrap(), &next.to_html())?;
                prev = next;
            }
            Ok(())
        })
        .unwrap();
}

// --- strictness of the client model (protocol.md §11 item 1) -------------------------------

fn list_client() -> ClientTree {
    let join = json!({"0": {"s": ["<li>", "</li>"], "k": {"0": {"0": "a"}, "1": {"0": "b"}, "kc": 2}}, "s": ["<ul>", "</ul>"]});
    let (mut c, _) = ClientTree::from_join(join).unwrap();
    assert_eq!(c.to_html().unwrap(), "<ul><li>a</li><li>b</li></ul>");
    c
}

#[test]
fn client_rejects_a_move_without_km() {
    for diff in [
        json!({"0": {"k": {"0": 1, "1": 0, "kc": 2}}}),
        json!({"0": {"k": {"0": [1, {"0": "B"}], "kc": 2}}}),
        json!({"0": {"k": {"0": 1, "kc": 2, "km": false}}}),
        json!({"0": {"k": {"0": 1, "kc": 2, "km": 0}}}),
    ] {
        assert_eq!(list_client().apply_diff(diff.clone()), Err(ClientError::MoveWithoutKm), "{diff}");
    }
    // The same moves with "km" apply.
    let mut c = list_client();
    c.apply_diff(json!({"0": {"k": {"0": [1, {"0": "B"}], "1": 0, "kc": 2, "km": true}}})).unwrap();
    assert_eq!(c.to_html().unwrap(), "<ul><li>B</li><li>a</li></ul>");
}

#[test]
fn client_rejects_a_comprehension_diff_without_kc() {
    assert_eq!(list_client().apply_diff(json!({"0": {"k": {"0": {"0": "x"}}}})), Err(ClientError::MissingCount));
    assert_eq!(list_client().apply_diff(json!({"0": {"k": {}}})), Err(ClientError::MissingCount));
    // A full comprehension without kc cannot render either.
    let mut c = list_client();
    c.apply_diff(json!({"0": {"s": ["<i>", "</i>"], "k": {"0": {"0": "x"}}}})).unwrap();
    assert_eq!(c.to_html(), Err(ClientError::MissingCount));
}

// --- differential test against the real client (rendered.js of phoenix_live_view 1.2.12) -----

/// Runs `Rendered` of the official JS bundle (node_modules) under node on each case
/// (`{"join": text, "diffs": [text | null]}`), returning per case `{"htmls": [...]}` or
/// `{"error": message}`. `None` when node or the bundle is not available.
fn run_real_client(cases: &Value) -> Option<Vec<Value>> {
    let bundle = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../node_modules/phoenix_live_view/priv/static/phoenix_live_view.esm.js");
    let Ok(source) = std::fs::read_to_string(&bundle) else {
        eprintln!("skipped: {} not found (run npm ci at the workspace root)", bundle.display());
        return None;
    };
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipped: node is not installed");
        return None;
    }
    // `Rendered` is internal to the bundle; export it too.
    let at = source.rfind("\nexport {").expect("the ESM bundle ends with an export list");
    let patched = format!("{}\nexport {{ Rendered,{}", &source[..at], &source[at + "\nexport {".len()..]);
    let dir: PathBuf = {
        // One directory per call: tests of this binary run in parallel threads.
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let n = CALLS.fetch_add(1, Ordering::Relaxed);
        std::env::temp_dir().join(format!("liveview-core-real-client-{}-{n}", std::process::id()))
    };
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("lv.mjs"), patched).unwrap();
    std::fs::write(dir.join("cases.json"), cases.to_string()).unwrap();
    std::fs::write(
        dir.join("run.mjs"),
        r#"
globalThis.window ??= globalThis;
import { readFileSync } from "node:fs";
const { Rendered } = await import("./lv.mjs");
const cases = JSON.parse(readFileSync(new URL("./cases.json", import.meta.url), "utf8"));
const results = cases.map((c) => {
  try {
    // What view.ts does: extract r/e/t, merge, render the whole tree to a string.
    const r = new Rendered("phx-test", Rendered.extract(JSON.parse(c.join)).diff);
    const htmls = [r.toString().buffer];
    for (const text of c.diffs) {
      if (text !== null) r.mergeDiff(Rendered.extract(JSON.parse(text)).diff);
      htmls.push(r.toString().buffer);
    }
    return { htmls };
  } catch (e) {
    return { error: String(e) };
  }
});
process.stdout.write(JSON.stringify(results));
"#,
    )
    .unwrap();
    let output = Command::new("node").arg(dir.join("run.mjs")).output().expect("node runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(output.status.success(), "node failed: {}", String::from_utf8_lossy(&output.stderr));
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).expect("node prints JSON");
    Some(results)
}

/// client.rs on one case: the HTML after the join and after each diff, or the first error.
fn run_model(join: &str, diffs: &[Option<String>]) -> Result<Vec<String>, ClientError> {
    let (mut c, _) = ClientTree::from_join(parse(join))?;
    let mut htmls = vec![c.to_html()?];
    for d in diffs {
        if let Some(d) = d {
            c.apply_diff(parse(d))?;
        }
        htmls.push(c.to_html()?);
    }
    Ok(htmls)
}

#[test]
fn the_real_client_agrees_with_the_server_and_the_model() {
    // 1. Random sequences: the server's join + diffs, merged by the real rendered.js, give the
    //    server's own HTML at every step (and so does client.rs).
    let mut runner = TestRunner::deterministic();
    let strategy = (state(), prop::collection::vec(prop::collection::vec(op(), 0..4), 1..8));
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    for _ in 0..400 {
        let (initial, steps) = strategy.new_tree(&mut runner).unwrap().current();
        let mut state = initial;
        let mut prev = render(&state);
        let mut join = String::new();
        write_full(&mut join, &prev);
        let mut diffs = Vec::new();
        let mut htmls = vec![prev.to_html()];
        for ops in &steps {
            for op in ops {
                apply(&mut state, op);
            }
            let next = render(&state);
            let mut d = String::new();
            diffs.push(write_diff(&mut d, &prev, &next).then_some(d));
            htmls.push(next.to_html());
            prev = next;
        }
        assert_eq!(run_model(&join, &diffs).unwrap(), htmls, "client.rs, join {join}, diffs {diffs:?}");
        cases.push(json!({"join": join, "diffs": diffs}));
        expected.push(htmls);
    }

    // 2. Hand-written frames the server does not emit (yet) but Elixir does: template sharing
    //    ("p", integer "s"), a comprehension-level "p" under an enclosing one, "p" in a diff.
    let handwritten: Vec<(&str, Vec<&str>)> = vec![
        (
            r##"{"0":"0","1":{"s":0,"k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2}},"r":1,"s":1,"p":{"0":["<li>","</li>"],"1":["<div id=\"root\">\n  <h1 id=\"count\">Count: ","</h1>\n  <ul id=\"items\">","</ul>\n</div>"]}}"##,
            vec![
                r#"{"0":"1"}"#,
                r#"{"1":{"k":{"2":{"0":"c"},"kc":3}}}"#,
                r#"{"1":{"k":{"0":2,"2":0,"kc":3,"km":true}}}"#,
                r#"{"1":{"k":{"0":[1,{"0":"B"}],"1":0,"kc":3,"km":true}}}"#,
                r#"{"1":{"k":{"kc":1}}}"#,
                r#"{"1":{"k":{"kc":0}}}"#,
            ],
        ),
        (
            r#"{"s":0,"p":{"0":["<ul>","</ul>"],"1":["<li>","</li>"]},"0":{"s":1,"p":{"1":["<b>","</b>"]},"k":{"0":{"0":{"s":1,"0":"x"}},"kc":1}}}"#,
            vec![r#"{"0":{"k":{"1":{"0":{"s":0,"0":"y"}},"kc":2}},"p":{"0":["<i>","</i>"]}}"#],
        ),
        (r#"{"s":["<p>","</p>"],"0":{"s":0,"p":{"0":["<li>","</li>"]},"k":{"0":{"0":"a"},"kc":1}}}"#, vec![]),
    ];
    for (join, diffs) in &handwritten {
        let diffs: Vec<Option<String>> = diffs.iter().map(|d| Some(d.to_string())).collect();
        cases.push(json!({"join": join, "diffs": diffs}));
    }

    let Some(results) = run_real_client(&Value::Array(cases.clone())) else {
        return;
    };
    for (i, (result, want)) in results.iter().zip(&expected).enumerate() {
        let got = result.get("htmls").unwrap_or_else(|| panic!("rendered.js threw on case {i}: {result} {}", cases[i]));
        assert_eq!(got, &json!(want), "rendered.js disagrees on case {i}: {}", cases[i]);
    }
    for (k, (join, diffs)) in handwritten.iter().enumerate() {
        let i = expected.len() + k;
        let diffs: Vec<Option<String>> = diffs.iter().map(|d| Some(d.to_string())).collect();
        let model = run_model(join, &diffs);
        match results[i].get("htmls") {
            Some(js) => assert_eq!(&json!(model.unwrap()), js, "client.rs vs rendered.js on {}", cases[i]),
            None => assert!(model.is_err(), "rendered.js threw ({}) but client.rs accepted {}", results[i], cases[i]),
        }
    }
    eprintln!("rendered.js agreed on {} cases", results.len());
}

#[test]
fn strictness_matches_the_real_client() {
    // Frames the real client cannot apply: client.rs must reject them as well.
    let join = r#"{"0":{"s":["<li>","</li>"],"k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2}},"s":["<ul>","</ul>"]}"#;
    let bad = [
        r#"{"0":{"k":{"0":1,"1":0,"kc":2}}}"#,                 // move without km
        r#"{"0":{"k":{"0":[1,{"0":"B"}],"kc":2}}}"#,           // moved+changed without km
        r#"{"0":{"k":{"0":[5,{"0":"B"}],"kc":2,"km":true}}}"#, // move from a missing entry
        r#"{"0":{"k":{"2":3,"kc":3,"km":true}}}"#,             // moved-in entry does not exist
    ];
    let nested = r#"{"0":{"s":["<b>","</b>"],"0":"x"},"s":["<ul>","</ul>"]}"#;
    let bad_nested = r#"{"0":{"k":{"kc":0}}}"#; // comprehension diff into a non-comprehension
    let mut cases: Vec<Value> = bad.iter().map(|d| json!({"join": join, "diffs": [d]})).collect();
    cases.push(json!({"join": nested, "diffs": [bad_nested]}));
    // A comprehension diff without kc: the real client empties the list, client.rs refuses.
    cases.push(json!({"join": join, "diffs": [r#"{"0":{"k":{"0":{"0":"z"}}}}"#]}));

    for c in &cases {
        let join = c["join"].as_str().unwrap();
        let diffs = vec![Some(c["diffs"][0].as_str().unwrap().to_string())];
        assert!(run_model(join, &diffs).is_err(), "client.rs accepted {c}");
    }
    let Some(results) = run_real_client(&Value::Array(cases.clone())) else {
        return;
    };
    for (r, c) in results.iter().zip(&cases).take(cases.len() - 1) {
        assert!(r.get("error").is_some(), "rendered.js accepted {c}: {r}");
    }
    assert_eq!(results.last().unwrap()["htmls"], json!(["<ul><li>a</li><li>b</li></ul>", "<ul></ul>"]));
}

/// Removes the attributes rendered.js injects into component roots.
fn strip_component_attrs(html: &str) -> String {
    let mut out = html.to_string();
    for attr in [" data-phx-id=\"", " data-phx-component=\"", " data-phx-view=\""] {
        while let Some(at) = out.find(attr) {
            let end = out[at + attr.len()..].find('"').unwrap() + at + attr.len() + 1;
            out.replace_range(at..end, "");
        }
    }
    out
}

#[test]
fn components_share_statics_like_the_real_client() {
    // protocol.md §8.3: a component's root "s" may be +N (a component of the same diff) or -N
    // (a component the client already has); the whole tree of that component is the base.
    let join = r#"{"0":1,"1":2,"s":["<div>","","</div>"],"c":{"1":{"0":"a","s":["<p>","</p>"],"r":1},"2":{"0":"b","s":1,"r":1}}}"#;
    let diffs: Vec<Option<String>> = [
        r#"{"1":3,"c":{"3":{"0":"c","s":-1,"r":1}}}"#,
        r#"{"c":{"1":{"0":"A"}}}"#,
        r#"{"0":4,"c":{"4":{"s":-3,"r":1},"3":{"0":"C"}}}"#,
        r#"{"0":5,"1":6,"c":{"5":{"0":{"s":["<i>","</i>"],"0":"x"},"s":["<b>","</b>"],"r":1},"6":{"s":5,"r":1}}}"#,
        r#"{"c":{"6":{"0":{"0":"y"}}}}"#,
    ]
    .iter()
    .map(|d| Some(d.to_string()))
    .collect();
    let model = run_model(join, &diffs).unwrap();
    assert_eq!(
        model,
        [
            "<div><p>a</p><p>b</p></div>",
            "<div><p>a</p><p>c</p></div>",
            "<div><p>A</p><p>c</p></div>",
            // -3 is component 3 as the client had it before this diff ("c"), not the new "C".
            "<div><p>c</p><p>C</p></div>",
            "<div><b><i>x</i></b><b><i>x</i></b></div>",
            "<div><b><i>x</i></b><b><i>y</i></b></div>",
        ]
    );
    let Some(results) = run_real_client(&json!([{"join": join, "diffs": diffs}])) else {
        return;
    };
    let js: Vec<String> = results[0]["htmls"]
        .as_array()
        .unwrap_or_else(|| panic!("rendered.js threw: {}", results[0]))
        .iter()
        .map(|h| strip_component_attrs(h.as_str().unwrap()))
        .collect();
    assert_eq!(js, model);
}

// --- tracked lists: chunks reused by pointer must merge exactly like a fresh render -----------

#[derive(Clone, Debug)]
struct TrackedRow {
    key: Option<u8>,
    a: String,
    b: String,
    /// Rendered as a nested template (a non-text slot) when set.
    nested: Option<String>,
}

impl TrackedItem for TrackedRow {}

template!(TRACKED_ROW = ["<li id=\"", "\">", "|", "", "", "</li>"]);

/// What `html!` generates for `for r in &rows, key = r.key { <li id={r.key}>{r.a}|{r.b}{outer}{nested} </li> }`
/// over a `TrackedVec` (the outer input `outer` hashed before and after the loop), counting
/// the rows whose body ran in `evaluated`.
fn tracked_table(rows: &TrackedVec<TrackedRow>, outer: &str, evaluated: &mut usize) -> Rendered {
    static HINT: SizeHint = SizeHint::new();
    let deps = || {
        let mut h = DepsHasher::new();
        DepProbe(&outer).lv_dep(&mut h, "outer");
        h.finish(&TRACKED_ROW)
    };
    let probe = LoopProbe::new(rows);
    let mut plan = probe.lv_plan(&TRACKED_ROW, &HINT, "");
    let mut list = plan.begin(deps(), true);
    while let Some(r) = plan.next_item(&mut list, &deps) {
        *evaluated += 1;
        if r.b == SKIP {
            continue;
        }
        let mut e = match r.key {
            Some(k) => list.begin_keyed(&k),
            None => list.begin(),
        };
        e.push_text(&r.key.map_or(String::new(), |k| k.to_string()));
        e.push_escaped(&r.a);
        e.push_escaped(&r.b);
        e.push_escaped(outer);
        e.dynamic(match &r.nested {
            Some(t) => Dynamic::Nested(Rendered::new(&A, vec![Dynamic::text(t)])),
            None => Dynamic::empty(),
        });
        e.finish();
    }
    let list = plan.finish(list, deps());
    Rendered::new(&TABLE, vec![Dynamic::List(Box::new(list))])
}

/// A row the loop body skips with `continue` (its chunk then has fewer entries than rows).
const SKIP: &str = "skip";

/// The same rows rendered by a plain loop (what the tracked one must equal).
fn plain_table(rows: &[TrackedRow], outer: &str) -> Rendered {
    let entries = rows
        .iter()
        .filter(|r| r.b != SKIP)
        .map(|r| {
            let d = vec![
                Dynamic::text(&r.key.map_or(String::new(), |k| k.to_string())),
                Dynamic::text(&r.a),
                Dynamic::text(&r.b),
                Dynamic::text(outer),
                match &r.nested {
                    Some(t) => Dynamic::Nested(Rendered::new(&A, vec![Dynamic::text(t)])),
                    None => Dynamic::empty(),
                },
            ];
            match r.key {
                Some(k) => Entry::keyed(&k, d),
                None => Entry::new(d),
            }
        })
        .collect();
    Rendered::new(&TABLE, vec![Dynamic::List(Box::new(Comprehension::new(&TRACKED_ROW, entries)))])
}

#[derive(Clone, Debug)]
enum TrackedEdit {
    Cell(usize, String),
    Nested(usize, Option<String>),
    Insert(usize, TrackedRow),
    Remove(usize),
    Swap(usize, usize),
    Push(TrackedRow),
    Truncate(usize),
    /// Truncates to a chunk boundary: whole chunks go away.
    TruncateToChunk,
    Retain(u8),
    Reverse,
    Outer(String),
}

fn tracked_row() -> impl Strategy<Value = TrackedRow> {
    (prop_oneof![3 => any::<u8>().prop_map(Some), 1 => Just(None)], text(), prop::option::weighted(0.2, text()))
        .prop_map(|(key, a, nested)| TrackedRow { key, a, b: String::new(), nested })
}

fn tracked_edit() -> impl Strategy<Value = TrackedEdit> {
    prop_oneof![
        8 => (any::<usize>(), text()).prop_map(|(i, t)| TrackedEdit::Cell(i, t)),
        1 => any::<usize>().prop_map(|i| TrackedEdit::Cell(i, SKIP.to_owned())),
        1 => (any::<usize>(), prop::option::of(text())).prop_map(|(i, t)| TrackedEdit::Nested(i, t)),
        1 => (any::<usize>(), tracked_row()).prop_map(|(i, r)| TrackedEdit::Insert(i, r)),
        1 => any::<usize>().prop_map(TrackedEdit::Remove),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| TrackedEdit::Swap(i, j)),
        1 => tracked_row().prop_map(TrackedEdit::Push),
        1 => any::<usize>().prop_map(TrackedEdit::Truncate),
        1 => Just(TrackedEdit::TruncateToChunk),
        1 => any::<u8>().prop_map(TrackedEdit::Retain),
        1 => Just(TrackedEdit::Reverse),
        1 => text().prop_map(TrackedEdit::Outer),
    ]
}

/// Applies `e` through the collection's own API; returns the index of the row a `Cell` edit
/// changed (the only edits that may re-render a single chunk).
fn edit_tracked(rows: &mut TrackedVec<TrackedRow>, outer: &mut String, e: &TrackedEdit) -> Option<usize> {
    let n = rows.len();
    match e {
        TrackedEdit::Cell(i, t) if n > 0 => {
            rows[i % n].b = t.clone();
            return Some(i % n);
        }
        TrackedEdit::Nested(i, t) if n > 0 => {
            if let Some(r) = rows.get_mut(i % n) {
                r.nested = t.clone();
            }
            return Some(i % n);
        }
        TrackedEdit::Insert(i, r) => rows.insert(i % (n + 1), r.clone()),
        TrackedEdit::Remove(i) if n > 0 => {
            rows.remove(i % n);
        }
        TrackedEdit::Swap(i, j) if n > 0 => rows.swap(i % n, j % n),
        TrackedEdit::Push(r) => rows.push(r.clone()),
        TrackedEdit::Truncate(len) => rows.truncate(n.saturating_sub(len % 3)),
        TrackedEdit::TruncateToChunk => rows.truncate(n.saturating_sub(1) / CHUNK * CHUNK),
        TrackedEdit::Retain(k) => rows.retain(|r| r.key != Some(*k)),
        // Through `DerefMut`: a slice method.
        TrackedEdit::Reverse => rows.reverse(),
        TrackedEdit::Outer(t) => *outer = t.clone(),
        _ => {}
    }
    None
}

/// `a == b`, or an error showing where they first differ (the pages are long).
fn same_html(what: &str, a: &str, b: &str) -> Result<(), TestCaseError> {
    if a == b {
        return Ok(());
    }
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let window = |s: &str| s.get(at.saturating_sub(60)..(at + 60).min(s.len())).unwrap_or("?").to_owned();
    Err(TestCaseError::fail(format!("{what}: differ at byte {at}: {:?} vs {:?}", window(a), window(b))))
}

#[test]
fn tracked_lists_reuse_unchanged_chunks_and_merge_like_a_fresh_render() {
    let mut runner = TestRunner::new(Config { cases: 96, failure_persistence: None, ..Config::default() });
    // Up to ~1,200 rows: several chunks and several groups of chunks.
    let strategy = (
        prop::collection::vec(tracked_row(), 0..1200),
        prop::collection::vec(prop::collection::vec(tracked_edit(), 1..4), 1..10),
    );
    runner
        .run(&strategy, |(initial, steps)| {
            let mut rows: TrackedVec<TrackedRow> = initial.into();
            let mut outer = String::from("o");
            let mut evaluated = 0;
            let mut prev = tracked_table(&rows, &outer, &mut evaluated);
            same_html("first render", &prev.to_html(), &plain_table(&rows, &outer).to_html())?;
            let mut out = String::new();
            write_full(&mut out, &prev);
            let (mut client, _) =
                ClientTree::from_join(parse(&out)).map_err(|e| TestCaseError::fail(format!("{e}")))?;
            for edits in steps {
                let mut cells = Vec::new();
                // A chunk with a skipped row is rendered whole (nothing to copy entries by index from).
                let mut only_cells = !rows.iter().any(|r| r.b == SKIP);
                for e in &edits {
                    match edit_tracked(&mut rows, &mut outer, e) {
                        Some(i) => cells.push(i),
                        None => only_cells &= matches!(e, TrackedEdit::Cell(..) | TrackedEdit::Nested(..)),
                    }
                }
                evaluated = 0;
                let next = tracked_table(&rows, &outer, &mut evaluated);
                // Exact: the same HTML as a plain loop over the same rows.
                same_html(&format!("after {edits:?}"), &next.to_html(), &plain_table(&rows, &outer).to_html())?;
                // And only the changed rows ran their body (the other entries of their chunks
                // were copied from the last render).
                if only_cells && !rows.iter().any(|r| r.b == SKIP) {
                    cells.sort_unstable();
                    cells.dedup();
                    prop_assert!(evaluated <= cells.len(), "{} rows rendered for rows {:?}", evaluated, cells);
                }
                out.clear();
                if write_diff(&mut out, &prev, &next) {
                    client
                        .apply_diff(parse(&out))
                        .map_err(|e| TestCaseError::fail(format!("client rejected {out}: {e}")))?;
                } else {
                    prop_assert_eq!(prev.to_html(), next.to_html(), "no diff, yet the HTML changed");
                }
                same_html(&format!("client after {edits:?}, diff {out}"), &client.to_html().unwrap(), &next.to_html())?;
                prev = next;
            }
            Ok(())
        })
        .unwrap();
}
