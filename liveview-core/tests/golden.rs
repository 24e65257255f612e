//! Golden wire-format tests: protocol.md §4.4 worked example, byte-for-byte modulo key order,
//! plus the shapes of template switches, no-op renders and one-row changes in long lists.

use liveview_core::client::ClientTree;
use liveview_core::diff::{write_diff, write_full};
use liveview_core::rendered::{Comprehension, Dynamic, Entry, Rendered, Template};
use serde_json::{Value, json};

const ROOT_STATICS: &[&str] =
    &["<div id=\"root\">\n  <h1 id=\"count\">Count: ", "</h1>\n  <ul id=\"items\">", "</ul>\n</div>"];
static ROOT: Template = Template::new(ROOT_STATICS);
static LI: Template = Template::new(&["<li>", "</li>"]);

/// `<div id="root">…Count: {@count}…<li :for={x <- @items}>{x}</li>…</div>`, each item keyed
/// by its identity (the lower-cased value, so "b" and "B" are the same item).
fn worked_example(count: u32, items: &[&str]) -> Rendered {
    let entries = items.iter().map(|x| Entry::keyed(&x.to_lowercase(), vec![Dynamic::text(x)])).collect();
    Rendered::new(
        &ROOT,
        vec![Dynamic::text(&count.to_string()), Dynamic::List(Box::new(Comprehension::new(&LI, entries)))],
    )
}

fn full_json(r: &Rendered) -> Value {
    let mut out = String::new();
    write_full(&mut out, r);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("invalid JSON {out}: {e}"))
}

fn diff_json(old: &Rendered, new: &Rendered) -> Option<Value> {
    let mut out = String::new();
    if !write_diff(&mut out, old, new) {
        assert!(out.is_empty(), "write_diff returned false but wrote {out:?}");
        return None;
    }
    Some(serde_json::from_str(&out).unwrap_or_else(|e| panic!("invalid JSON {out}: {e}")))
}

#[test]
fn worked_example_initial_render_and_every_diff() {
    let r0 = worked_example(0, &["a", "b"]);
    let html0 =
        "<div id=\"root\">\n  <h1 id=\"count\">Count: 0</h1>\n  <ul id=\"items\"><li>a</li><li>b</li></ul>\n</div>";
    assert_eq!(r0.to_html(), html0);

    // "Equivalent without sharing" (protocol.md §4.4).
    let expected: Value = serde_json::from_str(
        r##"{"0":"0",
 "1":{"s":["<li>","</li>"],"k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2}},
 "s":["<div id=\"root\">\n  <h1 id=\"count\">Count: ","</h1>\n  <ul id=\"items\">","</ul>\n</div>"]}"##,
    )
    .unwrap();
    let join = full_json(&r0);
    assert_eq!(join, expected);
    let (mut client, _) = ClientTree::from_join(join).unwrap();
    assert_eq!(client.to_html().unwrap(), html0);

    let steps: [(u32, &[&str], Value); 6] = [
        // count -> 1
        (1, &["a", "b"], json!({"0": "1"})),
        // append "c"
        (1, &["a", "b", "c"], json!({"1": {"k": {"2": {"0": "c"}, "kc": 3}}})),
        // reverse (keyed by value); index 1 unchanged, omitted
        (1, &["c", "b", "a"], json!({"1": {"k": {"0": 2, "2": 0, "kc": 3, "km": true}}})),
        // "b" -> "B" and moved to the front: new 0 = old 1 changed, new 1 = old 0, new 2 untouched
        (1, &["B", "c", "a"], json!({"1": {"k": {"0": [1, {"0": "B"}], "1": 0, "kc": 3, "km": true}}})),
        // truncate to one
        (1, &["B"], json!({"1": {"k": {"kc": 1}}})),
        // empty
        (1, &[], json!({"1": {"k": {"kc": 0}}})),
    ];
    let mut prev = r0;
    for (count, items, want) in steps {
        let next = worked_example(count, items);
        let got = diff_json(&prev, &next).expect("a change must produce a diff");
        assert_eq!(got, want, "diff to count={count} items={items:?}");
        client.apply_diff(got).unwrap();
        assert_eq!(client.to_html().unwrap(), next.to_html(), "client HTML after items={items:?}");
        prev = next;
    }
    assert_eq!(prev.to_html(), "<div id=\"root\">\n  <h1 id=\"count\">Count: 1</h1>\n  <ul id=\"items\"></ul>\n</div>");
}

#[test]
fn worked_example_with_template_sharing_is_understood_by_the_client() {
    // The Elixir-style join render with "p" and integer "s" (protocol.md §4.4) must render the
    // same HTML in the client model as our inline-statics render.
    let shared: Value = serde_json::from_str(
        r##"{"0":"0",
 "1":{"s":0,"k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2}},
 "r":1,"s":1,
 "p":{"0":["<li>","</li>"],
      "1":["<div id=\"root\">\n  <h1 id=\"count\">Count: ","</h1>\n  <ul id=\"items\">","</ul>\n</div>"]}}"##,
    )
    .unwrap();
    let (mut client, _) = ClientTree::from_join(shared).unwrap();
    assert_eq!(client.to_html().unwrap(), worked_example(0, &["a", "b"]).to_html());
    // Statics were resolved into the cache, so later diffs without "p" still render.
    client.apply_diff(json!({"1": {"k": {"2": {"0": "c"}, "kc": 3}}})).unwrap();
    assert_eq!(client.to_html().unwrap(), worked_example(0, &["a", "b", "c"]).to_html());
}

static WRAP: Template = Template::new(&["<main>", "</main>"]);
static YES: Template = Template::new(&["<p>yes ", "</p>"]);
static NO: Template = Template::new(&["<b>no</b>"]);

#[test]
fn template_switch_at_a_slot_sends_a_new_object_with_statics() {
    let yes = |t: &str| Rendered::new(&WRAP, vec![Dynamic::Nested(Rendered::new(&YES, vec![Dynamic::text(t)]))]);
    let no = || Rendered::new(&WRAP, vec![Dynamic::Nested(Rendered::new(&NO, vec![]))]);
    let items = |xs: &[&str]| {
        let entries = xs.iter().map(|x| Entry::new(vec![Dynamic::text(x)])).collect();
        Rendered::new(&WRAP, vec![Dynamic::List(Box::new(Comprehension::new(&LI, entries)))])
    };

    // Same branch, changed dynamic: a partial diff without "s".
    assert_eq!(diff_json(&yes("1"), &yes("2")), Some(json!({"0": {"0": "2"}})));
    // Branch switch: a new object carrying "s" (replaces, never merges).
    assert_eq!(diff_json(&yes("1"), &no()), Some(json!({"0": {"s": ["<b>no</b>"]}})));
    assert_eq!(diff_json(&no(), &yes("<")), Some(json!({"0": {"0": "&lt;", "s": ["<p>yes ", "</p>"]}})));
    // A comprehension replaced by an if-branch, and back.
    assert_eq!(diff_json(&items(&["a"]), &no()), Some(json!({"0": {"s": ["<b>no</b>"]}})));
    assert_eq!(
        diff_json(&no(), &items(&["a"])),
        Some(json!({"0": {"s": ["<li>", "</li>"], "k": {"0": {"0": "a"}, "kc": 1}}}))
    );
    // Text replaced by a nested template.
    let text = Rendered::new(&WRAP, vec![Dynamic::text("plain")]);
    assert_eq!(diff_json(&text, &no()), Some(json!({"0": {"s": ["<b>no</b>"]}})));
    // A different root template: the whole diff is a full render.
    let other_root = Rendered::new(&YES, vec![Dynamic::text("x")]);
    assert_eq!(diff_json(&no(), &other_root), Some(json!({"0": "x", "s": ["<p>yes ", "</p>"]})));

    // And the client applies each of them to the right HTML.
    let seq = [yes("1"), yes("2"), no(), yes("<"), items(&["a", "b"]), no(), text, other_root, items(&[])];
    let (mut client, _) = ClientTree::from_join(full_json(&seq[0])).unwrap();
    for w in seq.windows(2) {
        if let Some(d) = diff_json(&w[0], &w[1]) {
            client.apply_diff(d).unwrap();
        }
        assert_eq!(client.to_html().unwrap(), w[1].to_html());
    }
}

#[test]
fn unchanged_render_writes_nothing() {
    let a = worked_example(3, &["x", "y", "z"]);
    let b = worked_example(3, &["x", "y", "z"]);
    let mut out = String::from("prefix");
    assert!(!write_diff(&mut out, &a, &b));
    assert_eq!(out, "prefix", "a no-op diff must leave the buffer untouched");
    assert!(!write_diff(&mut out, &a, &a));
    assert_eq!(out, "prefix");
    // Nested and list-level no-ops too.
    let n = Rendered::new(&WRAP, vec![Dynamic::Nested(Rendered::new(&NO, vec![]))]);
    assert!(!write_diff(&mut out, &n, &n.clone()));
    let empty = worked_example(3, &[]);
    assert!(!write_diff(&mut out, &empty, &worked_example(3, &[])));
    assert_eq!(out, "prefix");
}

const ROWS_STATICS: &[&str] = &["<ul id=\"rows\">", "</ul>"];
static ROWS: Template = Template::new(ROWS_STATICS);
const ROW_STATICS: &[&str] =
    &["<li id=\"row-", "\">", ": <span>", "</span> <button phx-click=\"bump\" phx-value-id=\"", "\">+</button></li>"];
static ROW: Template = Template::new(ROW_STATICS);

/// `<li id="row-{id}">{label}: <span>{count}</span> <button phx-click="bump" phx-value-id="{id}">+</button></li>`
fn rows(counts: &[u32]) -> Rendered {
    let entries = counts
        .iter()
        .enumerate()
        .map(|(id, count)| {
            Entry::keyed(
                &id,
                vec![
                    Dynamic::Text(id.to_string().into()),
                    Dynamic::Text(format!("label {id}").into()),
                    Dynamic::Text(count.to_string().into()),
                    Dynamic::Text(id.to_string().into()),
                ],
            )
        })
        .collect();
    Rendered::new(&ROWS, vec![Dynamic::List(Box::new(Comprehension::new(&ROW, entries)))])
}

#[test]
fn one_row_change_in_a_hundred_rows_and_its_reply_frame() {
    let before = vec![0u32; 100];
    let mut after = before.clone();
    after[6] = 1;
    let (old, new) = (rows(&before), rows(&after));
    assert!(old.to_html().starts_with("<ul id=\"rows\"><li id=\"row-0\">label 0: <span>0</span> <button"));

    let mut diff = String::new();
    assert!(write_diff(&mut diff, &old, &new));
    assert_eq!(serde_json::from_str::<Value>(&diff).unwrap(), json!({"0": {"k": {"6": {"2": "1"}, "kc": 100}}}));

    let frame =
        format!(r#"["4","9","lv:phx-xxxxxxxxxxxx","phx_reply",{{"status":"ok","response":{{"diff":{diff}}}}}]"#);
    let parsed: Value = serde_json::from_str(&frame).unwrap();
    assert_eq!(parsed[4]["response"]["diff"]["0"]["k"]["kc"], json!(100));
    println!("one-row change reply frame: {} bytes: {frame}", frame.len());
    assert!(frame.len() <= 125, "reply frame is {} bytes: {frame}", frame.len());

    // Row 57 of 100 and a two-digit count: still the Phoenix shape.
    after[57] = 10;
    let newer = rows(&after);
    let mut diff = String::new();
    assert!(write_diff(&mut diff, &new, &newer));
    assert_eq!(serde_json::from_str::<Value>(&diff).unwrap(), json!({"0": {"k": {"57": {"2": "10"}, "kc": 100}}}));

    // The client agrees.
    let (mut client, _) = ClientTree::from_join(full_json(&old)).unwrap();
    let mut d = String::new();
    write_diff(&mut d, &old, &new);
    client.apply_diff(serde_json::from_str(&d).unwrap()).unwrap();
    client.apply_diff(serde_json::from_str(&diff).unwrap()).unwrap();
    assert_eq!(client.to_html().unwrap(), newer.to_html());
}

#[test]
fn hostile_text_survives_the_json_encoding() {
    let nasty = "\"quotes\" \\back\\slash </script> & \u{0} \u{1f} \u{7f} \u{2028}\u{2029} é 🌍 \r\n\t";
    let r = Rendered::new(&YES, vec![Dynamic::raw_text(nasty)]);
    let v = full_json(&r);
    assert_eq!(v["0"], json!(nasty));
    let (mut client, _) = ClientTree::from_join(v).unwrap();
    assert_eq!(client.to_html().unwrap(), r.to_html());
}
