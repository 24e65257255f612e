//! Streams (protocol.md §10): the exact frames of every operation, and a property test that the
//! client model, fed the join render and every diff of a random sequence of operations, shows
//! exactly the expected items while the server keeps none of them.

use liveview_core::client::ClientTree;
use liveview_core::diff::{write_diff, write_full};
use liveview_core::rendered::{At, Comprehension, Dynamic, Rendered, SlotRef, Stream, Template};
use proptest::prelude::*;
use serde_json::{Value, json};

macro_rules! template {
    ($name:ident = [$($s:expr),* $(,)?]) => {
        static $name: Template = Template::new(&[$($s),*]);
    };
}

template!(PAGE = ["<p>", "</p><ul id=\"items\" phx-update=\"stream\">", "</ul>"]);
template!(ITEM = ["<li id=\"", "\">", "</li>"]);

#[derive(Debug, Clone, PartialEq)]
struct Item {
    id: u32,
    text: String,
}

fn item(id: u32, text: &str) -> Item {
    Item { id, text: text.to_owned() }
}

fn dom_id(item: &Item) -> String {
    format!("items-{}", item.id)
}

/// What `html!` generates for `<p>{title}</p><ul ..>for (id, item) in stream, stream {..}</ul>`.
fn render(title: &str, stream: &Stream<Item>) -> Rendered {
    let drained = stream.drain();
    let mut list = Comprehension::with_capacity(&ITEM, drained.len());
    let mut starts = Vec::new();
    for (id, item) in drained.iter() {
        starts.push(list.len());
        let mut e = list.begin();
        e.push_escaped(id);
        e.push_escaped(&item.text);
        e.finish();
    }
    let list = drained.finish(list, &starts);
    Rendered::new(&PAGE, vec![Dynamic::raw_text(title), Dynamic::List(Box::new(list))])
}

fn full(r: &Rendered) -> Value {
    let mut out = String::new();
    write_full(&mut out, r);
    serde_json::from_str(&out).unwrap()
}

fn diff(old: &Rendered, new: &Rendered) -> Option<Value> {
    let mut out = String::new();
    write_diff(&mut out, old, new).then(|| serde_json::from_str(&out).unwrap())
}

fn stream_slot(r: &Rendered) -> &Comprehension {
    match r.slots().nth(1) {
        Some(SlotRef::List(c)) => c,
        other => panic!("slot 1 is {other:?}"),
    }
}

#[test]
fn join_sends_statics_the_items_and_the_stream_entry() {
    let s = Stream::with_items(dom_id, [item(1, "a"), item(2, "<b>")]);
    let r = render("t", &s);
    let id = s.wire_ref().to_string();
    assert_eq!(
        full(&r)["1"],
        json!({
            "s": ["<li id=\"", "\">", "</li>"],
            "k": {"0": {"0": "items-1", "1": "a"}, "1": {"0": "items-2", "1": "&lt;b&gt;"}, "kc": 2},
            "stream": [id, [["items-1", -1, null, false], ["items-2", -1, null, false]], []]
        })
    );
}

#[test]
fn every_operation_is_encoded_exactly_and_only_its_items_are_sent() {
    let mut s = Stream::with_items(dom_id, [item(1, "a")]);
    let id = s.wire_ref().to_string();
    let mut last = render("t", &s);
    full(&last);

    let mut step = |s: &Stream<Item>, title: &str| {
        let next = render(title, s);
        let d = diff(&last, &next);
        last = next;
        d
    };

    s.insert(item(2, "b"));
    assert_eq!(
        step(&s, "t"),
        Some(json!({"1": {"k": {"0": {"0": "items-2", "1": "b"}, "kc": 1},
                          "stream": [id, [["items-2", -1, null, false]], []]}})),
        "append: no statics, only the new item"
    );
    s.prepend(item(3, "c")).keep_first(50);
    assert_eq!(step(&s, "t").unwrap()["1"]["stream"], json!([id, [["items-3", 0, 50, false]], []]));
    s.insert(item(4, "d")).at(At::Index(2)).keep_last(10);
    assert_eq!(step(&s, "t").unwrap()["1"]["stream"], json!([id, [["items-4", 2, -10, false]], []]));
    s.update(item(1, "A"));
    assert_eq!(
        step(&s, "t"),
        Some(json!({"1": {"k": {"0": {"0": "items-1", "1": "A"}, "kc": 1},
                          "stream": [id, [["items-1", -1, null, true]], []]}})),
        "update-only"
    );
    s.delete(&item(2, ""));
    assert_eq!(step(&s, "t"), Some(json!({"1": {"k": {"kc": 0}, "stream": [id, [], ["items-2"]]}})), "delete");
    s.reset([item(9, "z")]);
    assert_eq!(
        step(&s, "t").unwrap()["1"]["stream"],
        json!([id, [["items-9", -1, null, false]], [], true]),
        "reset: the fourth element"
    );
    assert_eq!(step(&s, "u"), Some(json!({"0": "u"})), "no operations: the stream is not in the diff");
    assert_eq!(step(&s, "u"), None);
}

#[test]
fn one_insert_per_dom_id_per_diff() {
    let mut s = Stream::new(dom_id);
    s.prepend(item(1, "first")).keep_first(5);
    s.insert(item(2, "two"));
    s.insert(item(1, "second"));
    s.update(item(1, "third"));
    s.update(item(3, "x"));
    s.insert(item(3, "y"));
    s.insert(item(4, "gone"));
    s.delete_id("items-4");
    let r = full(&render("t", &s))["1"].clone();
    assert_eq!(
        r["stream"][1],
        json!([["items-1", 0, 5, false], ["items-2", -1, null, false], ["items-3", -1, null, false]]),
        "the first insert of an id keeps its place and position, an update-only is replaced"
    );
    assert_eq!(r["stream"][2], json!(["items-4"]));
    assert_eq!(r["k"]["0"]["1"], "third");
    assert_eq!(r["k"]["2"]["1"], "y");
    assert_eq!(r["k"]["kc"], 3);
}

#[test]
fn after_a_render_is_encoded_neither_the_stream_nor_the_tree_holds_an_item() {
    let mut s = Stream::with_items(dom_id, (0..1000).map(|i| item(i, "some text of an item")));
    let r = render("t", &s);
    assert_eq!(s.pending(), 0, "the render drained the stream");
    assert_eq!(r.to_html().matches("<li").count(), 1000, "the dead render shows the items");
    full(&r);
    let kept = stream_slot(&r).take_stream().unwrap();
    assert!(kept.items.is_empty() && kept.ops.is_empty(), "the encoded tree kept {:?} items", kept.items.len());
    s.insert(item(5000, "x"));
    let next = render("t", &s);
    assert!(diff(&r, &next).is_some());
    assert!(stream_slot(&next).take_stream().unwrap().items.is_empty());
}

#[test]
fn a_stream_rendered_outside_its_container_is_a_debug_time_error() {
    template!(BARE = ["<div>", "</div>"]);
    let s = Stream::with_items(dom_id, [item(1, "a")]);
    let r = render("t", &s);
    let Some(SlotRef::List(list)) = r.slots().nth(1) else { panic!() };
    let wrong = Rendered::new(&BARE, vec![Dynamic::List(Box::new(list.clone()))]);
    let err = std::panic::catch_unwind(|| wrong.to_html()).expect_err("debug builds check the container");
    let msg = err.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(msg.contains("phx-update=\"stream\"") && msg.contains("<div>"), "{msg}");
}

/// One operation of the property test.
#[derive(Debug, Clone)]
enum Op {
    Insert { id: u32, at: At, limit: Option<i64> },
    Update { id: u32 },
    Delete { id: u32 },
    Reset { ids: Vec<u32> },
}

fn op() -> impl Strategy<Value = Op> {
    let id = 0u32..24;
    let at = prop_oneof![Just(At::End), Just(At::Start), (1usize..30).prop_map(At::Index)];
    let limit = prop_oneof![3 => Just(None), 1 => (1i64..8).prop_map(Some), 1 => (-8i64..-1).prop_map(Some)];
    prop_oneof![
        5 => (id.clone(), at, limit).prop_map(|(id, at, limit)| Op::Insert { id, at, limit }),
        2 => id.clone().prop_map(|id| Op::Update { id }),
        2 => id.clone().prop_map(|id| Op::Delete { id }),
        1 => proptest::collection::vec(id, 0..6).prop_map(|ids| Op::Reset { ids }),
    ]
}

/// Batches of operations, one render each. Within a batch every operation names its own ids
/// and a reset comes first: the client applies a render's reset, then its deletes, then its
/// inserts, so only then is "one after the other" the same as what a render does.
fn batches() -> impl Strategy<Value = Vec<Vec<Op>>> {
    proptest::collection::vec(proptest::collection::vec(op(), 1..5), 1..40).prop_map(|batches| {
        batches
            .into_iter()
            .map(|ops| {
                let mut seen = std::collections::HashSet::new();
                let mut out: Vec<Op> = Vec::new();
                for op in ops {
                    let ids = match &op {
                        Op::Insert { id, .. } | Op::Update { id } | Op::Delete { id } => vec![*id],
                        Op::Reset { ids } => ids.clone(),
                    };
                    let reset = matches!(op, Op::Reset { .. });
                    if (reset && !out.is_empty()) || ids.iter().any(|i| seen.contains(i)) {
                        continue;
                    }
                    if reset {
                        // Reset inserts each id once.
                        let mut ids = ids;
                        ids.dedup();
                        let mut uniq = Vec::new();
                        for i in ids {
                            if !uniq.contains(&i) {
                                uniq.push(i);
                            }
                        }
                        seen.extend(uniq.iter().copied());
                        out.push(Op::Reset { ids: uniq });
                    } else {
                        seen.extend(ids);
                        out.push(op);
                    }
                }
                // Deletes before inserts, as the client applies them.
                out.sort_by_key(|op| match op {
                    Op::Reset { .. } => 0,
                    Op::Delete { .. } => 1,
                    _ => 2,
                });
                out
            })
            .collect()
    })
}

/// The page the operations should give: (id, text) top to bottom. `reset_away`: the items this
/// render's reset or limits removed (the client restores those a later update-only of the same
/// render names, at the end: `streamComponentRestore` in dom_patch.ts).
fn expect(page: &mut Vec<(u32, String)>, op: &Op, text: &str, reset_away: &mut Vec<u32>) {
    match *op {
        Op::Insert { id, at, limit } => {
            if let Some(existing) = page.iter_mut().find(|(i, _)| *i == id) {
                existing.1 = text.to_owned();
                return;
            }
            let pos = match at {
                At::End => page.len(),
                At::Start => 0,
                At::Index(n) => n.min(page.len()),
            };
            page.insert(pos, (id, text.to_owned()));
            let dropped: Vec<(u32, String)> = match limit {
                Some(n) if n >= 0 && page.len() > n as usize => page.drain(n as usize..).collect(),
                Some(n) if n < 0 && page.len() > (-n) as usize => page.drain(..page.len() - (-n) as usize).collect(),
                _ => Vec::new(),
            };
            reset_away.extend(dropped.into_iter().map(|(i, _)| i));
        }
        Op::Update { id } => {
            if let Some(existing) = page.iter_mut().find(|(i, _)| *i == id) {
                existing.1 = text.to_owned();
            } else if reset_away.contains(&id) {
                page.push((id, text.to_owned()));
            }
        }
        Op::Delete { id } => page.retain(|(i, _)| *i != id),
        Op::Reset { ref ids } => {
            reset_away.extend(page.iter().map(|(i, _)| *i));
            page.clear();
            page.extend(ids.iter().map(|&i| (i, text.to_owned())));
        }
    }
}

fn shown(html: &str) -> Vec<(u32, String)> {
    html.split("<li id=\"items-")
        .skip(1)
        .map(|li| {
            let (id, rest) = li.split_once("\">").unwrap();
            (id.parse().unwrap(), rest.split_once("</li>").unwrap().0.to_owned())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn client_model_over_random_operations_shows_the_expected_items(
        initial in proptest::collection::vec(0u32..24, 0..10),
        batches in batches(),
    ) {
        let mut initial_ids = Vec::new();
        for i in initial {
            if !initial_ids.contains(&i) {
                initial_ids.push(i);
            }
        }
        let mut stream = Stream::with_items(dom_id, initial_ids.iter().map(|&i| item(i, "v0")));
        let mut page: Vec<(u32, String)> = initial_ids.iter().map(|&i| (i, "v0".to_owned())).collect();
        let first = render("t", &stream);
        let dead = first.to_html();
        let (mut client, _) = ClientTree::from_join(full(&first)).unwrap();
        let html = client.to_html().unwrap();
        prop_assert_eq!(&html, &dead, "the join shows what the dead render showed");
        let mut last = first;
        for (n, batch) in batches.iter().enumerate() {
            let text = format!("v{}", n + 1);
            let mut reset_away = Vec::new();
            for op in batch {
                match op {
                    Op::Insert { id, at, limit } => {
                        let ins = stream.insert(item(*id, &text)).at(*at);
                        match limit {
                            Some(l) if *l >= 0 => { ins.keep_first(*l as usize); }
                            Some(l) => { ins.keep_last((-l) as usize); }
                            None => {}
                        }
                    }
                    Op::Update { id } => stream.update(item(*id, &text)),
                    Op::Delete { id } => stream.delete_id(format!("items-{id}")),
                    Op::Reset { ids } => stream.reset(ids.iter().map(|&i| item(i, &text))),
                }
                expect(&mut page, op, &text, &mut reset_away);
            }
            let next = render("t", &stream);
            prop_assert_eq!(stream.pending(), 0);
            if let Some(d) = diff(&last, &next) {
                client.apply_diff(d).unwrap();
            }
            // What the server keeps: the stream's ref and an empty queue, the tree's template.
            prop_assert!(stream_slot(&next).take_stream().unwrap().items.is_empty());
            last = next;
            let html = client.to_html().unwrap();
            prop_assert_eq!(shown(&html), page.clone(), "after batch {} {:?}", n, batch);
        }
    }
}
