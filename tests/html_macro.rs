//! `html!` at run time: the HTML it renders and the templates it builds.

use liveview::__private::{Dynamic, fingerprint};
use liveview::{Rendered, html, raw};
use liveview_core::rendered::SlotRef;

const HOSTILE: &str = "<script>alert(1)</script> \" ' &";
const HOSTILE_ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt; &quot; &#39; &amp;";

#[test]
fn nested_elements_render_without_added_whitespace() {
    let n = 7;
    let r = html! {
        <div id="root">
            <p>"a" {n} "b"</p>
            <ul><li>"x"</li><li>"y"</li></ul>
        </div>
    };
    assert_eq!(r.to_html(), "<div id=\"root\"><p>a7b</p><ul><li>x</li><li>y</li></ul></div>");
}

#[test]
fn empty_macro_renders_nothing() {
    let r = html! {};
    assert_eq!(r.to_html(), "");
    assert_eq!(r.template().statics, [""]);
}

#[test]
fn fragment_with_several_roots_renders_them_in_order() {
    let title = "T";
    let r = html! { <h1>{title}</h1> <p>"body"</p> "tail" };
    assert_eq!(r.to_html(), "<h1>T</h1><p>body</p>tail");
}

#[test]
fn static_and_dynamic_attributes_render_in_source_order() {
    let cls = "big";
    let count = 3u32;
    let r = html! {
        <div id="root" class={cls} data-count={count} phx-click="inc" aria-label="Counter"></div>
    };
    assert_eq!(
        r.to_html(),
        "<div id=\"root\" class=\"big\" data-count=\"3\" phx-click=\"inc\" aria-label=\"Counter\"></div>"
    );
}

#[test]
fn keyword_and_namespaced_attribute_names_work() {
    let r = html! {
        <label for="n">"N"</label>
        <input type="text" name="user[name]" value={"v"} />
        <script async src="/app.js"></script>
        <svg><use xlink:href="#icon"/></svg>
    };
    assert_eq!(
        r.to_html(),
        "<label for=\"n\">N</label><input type=\"text\" name=\"user[name]\" value=\"v\">\
         <script async src=\"/app.js\"></script><svg><use xlink:href=\"#icon\"></use></svg>"
    );
}

#[test]
fn void_elements_need_no_closing_tag_and_self_closing_non_void_elements_are_closed() {
    let r = html! { <p>"a"<br>"b"<br/>"c"<hr /></p><div/><img src="x.png" alt=""> };
    assert_eq!(r.to_html(), "<p>a<br>b<br>c<hr></p><div></div><img src=\"x.png\" alt=\"\">");
}

#[test]
fn boolean_attributes_are_bare_when_true_and_absent_when_false() {
    let render = |off: bool| html! { <button disabled={off} class="b">"go"</button> };
    assert_eq!(render(true).to_html(), "<button disabled class=\"b\">go</button>");
    assert_eq!(render(false).to_html(), "<button class=\"b\">go</button>");
    assert_eq!(html! { <input disabled> }.to_html(), "<input disabled>");
}

#[test]
fn options_render_nothing_when_none() {
    let render = |title: Option<&str>| html! { <p title={title}>{title}</p> };
    assert_eq!(render(None).to_html(), "<p></p>");
    assert_eq!(render(Some("t")).to_html(), "<p title=\"t\">t</p>");
    let owned: Option<String> = Some("o".to_owned());
    assert_eq!(html! { <i>{owned}</i> }.to_html(), "<i>o</i>");
}

#[test]
fn hostile_text_is_escaped_in_text_and_attribute_positions() {
    let evil = HOSTILE.to_owned();
    let r = html! { <p title={evil}>{evil}</p> };
    assert_eq!(r.to_html(), format!("<p title=\"{HOSTILE_ESCAPED}\">{HOSTILE_ESCAPED}</p>"));
    // `evil` was borrowed, not moved.
    assert_eq!(evil, HOSTILE);
}

#[test]
fn literals_are_escaped_at_compile_time() {
    let r = html! { <p title="<script>alert(1)</script> \" ' &">"<script>alert(1)</script> \" ' &"</p> };
    assert_eq!(r.template().statics, [format!("<p title=\"{HOSTILE_ESCAPED}\">{HOSTILE_ESCAPED}</p>")]);
    assert!(r.dynamics().is_empty());
}

#[test]
fn script_literals_are_not_escaped() {
    let r = html! { <script>"if (a < b && c) { go('x'); }"</script> };
    assert_eq!(r.to_html(), "<script>if (a < b && c) { go('x'); }</script>");
}

#[test]
fn raw_opts_out_of_escaping() {
    let trusted = "<b>bold</b>";
    let r = html! { <div>{raw(trusted)}{trusted}</div> };
    assert_eq!(r.to_html(), "<div><b>bold</b>&lt;b&gt;bold&lt;/b&gt;</div>");
}

#[test]
fn dynamic_attribute_lists_render_every_pair() {
    let extra = vec![("data-a", "1".to_owned()), ("title", HOSTILE.to_owned())];
    let r = html! { <div id="x" {extra}></div> };
    assert_eq!(r.to_html(), format!("<div id=\"x\" data-a=\"1\" title=\"{HOSTILE_ESCAPED}\"></div>"));
}

#[test]
fn if_else_if_else_picks_one_branch() {
    let render = |n: i32, x: bool| {
        html! {
            <div>
                if n > 0 { <p>"positive"</p> } else if x { "x" } else { <p>"none"</p> }
            </div>
        }
    };
    assert_eq!(render(1, true).to_html(), "<div><p>positive</p></div>");
    assert_eq!(render(0, true).to_html(), "<div>x</div>");
    assert_eq!(render(0, false).to_html(), "<div><p>none</p></div>");
}

#[test]
fn if_without_else_renders_nothing_when_false() {
    let render = |show: bool| html! { "a" if show { <b>"b"</b> } "c" };
    assert_eq!(render(true).to_html(), "a<b>b</b>c");
    assert_eq!(render(false).to_html(), "ac");
    let off = render(false);
    let Dynamic::Text(text) = &off.dynamics()[0] else { panic!("missing else is an empty text slot") };
    assert!(text.is_empty());
}

struct Page {
    user: Option<String>,
    count: usize,
    items: Vec<Item>,
    names: Vec<String>,
}

struct Item {
    id: u32,
    label: String,
}

impl Page {
    fn new() -> Self {
        Page {
            user: Some("<ann>".to_owned()),
            count: 2,
            items: vec![Item { id: 1, label: "one".into() }, Item { id: 2, label: "two".into() }],
            names: vec!["x".into(), "y".into()],
        }
    }

    /// Fields of `&self` are borrowed, and names bound by patterns of the macro are used as they are.
    fn render(&self) -> Rendered {
        html! {
            <main data-count={self.count}>
                if let Some(u) = &self.user { <b>{u}</b> }
                <ul>
                    for item in &self.items { <li id={format!("row-{}", item.id)}>{item.label}</li> }
                </ul>
                for (i, name) in self.names.iter().enumerate() { {i} ":" {name} " " }
            </main>
        }
    }
}

#[test]
fn render_methods_borrow_from_self() {
    let page = Page::new();
    assert_eq!(
        page.render().to_html(),
        "<main data-count=\"2\"><b>&lt;ann&gt;</b>\
         <ul><li id=\"row-1\">one</li><li id=\"row-2\">two</li></ul>0:x 1:y </main>"
    );
}

#[test]
fn for_loops_become_comprehensions_and_keys_are_recorded() {
    let page = Page::new();
    let unkeyed = html! { <ul>for item in &page.items { <li>{item.label}</li> }</ul> };
    let keyed = html! { <ul>for item in &page.items, key = item.id { <li>{item.label}</li> }</ul> };
    assert_eq!(unkeyed.to_html(), "<ul><li>one</li><li>two</li></ul>");
    assert_eq!(keyed.to_html(), unkeyed.to_html());

    let Dynamic::List(list) = &unkeyed.dynamics()[0] else { panic!("expected a comprehension") };
    assert_eq!(list.template().statics, ["<li>", "</li>"]);
    assert_eq!(list.entries().len(), 2);
    assert!(list.entries().all(|e| e.key().is_none()));

    let Dynamic::List(list) = &keyed.dynamics()[0] else { panic!("expected a comprehension") };
    let keys: Vec<_> = list.entries().map(|e| e.key()).collect();
    assert!(keys.iter().all(Option::is_some));
    assert_ne!(keys[0], keys[1]);
    // Keys identify items, not positions.
    let one = html! { for id in [2u32] , key = id { {id} } };
    let Dynamic::List(single) = &one.dynamics()[0] else { panic!() };
    assert_eq!(single.entry(0).key(), keys[1]);
}

#[test]
fn empty_for_renders_nothing() {
    let none: Vec<u32> = Vec::new();
    assert_eq!(html! { <ul>for n in &none { <li>{n}</li> }</ul> }.to_html(), "<ul></ul>");
}

#[test]
fn for_bodies_may_use_question_mark() {
    fn render(inputs: &[&str]) -> Result<Rendered, std::num::ParseIntError> {
        Ok(html! { for s in inputs { <i>{s.parse::<u32>()? * 2}</i> } })
    }
    assert_eq!(render(&["1", "2"]).unwrap().to_html(), "<i>2</i><i>4</i>");
    assert!(render(&["1", "x"]).is_err());
}

#[test]
fn loop_bodies_render_every_kind_of_slot_like_the_same_markup_outside_a_loop() {
    struct Item {
        n: i64,
        label: String,
        title: Option<&'static str>,
        on: bool,
        ratio: f64,
        tags: Vec<&'static str>,
    }
    let items = [
        Item { n: -3, label: "<a & b>".into(), title: Some("t\"1"), on: true, ratio: 0.5, tags: vec!["x", "<y>"] },
        Item { n: 12345678901, label: String::new(), title: None, on: false, ratio: -2.0, tags: vec![] },
    ];
    let one = |it: &Item| {
        html! {
            <li title={it.title} data-n={it.n} hidden={!it.on} {[("data-r", it.ratio.to_string())]}>
                {it.n}"|"{it.label}"|"{it.on}"|"{it.title}"|"{it.ratio}"|"{'c'}"|"{raw("<hr>")}"|"{it.n as u8}
                if it.on { <b>"on"</b> } else { "off" }
                for t in &it.tags { <i>{t}</i> }
            </li>
        }
    };
    let looped = html! {
        for it in &items {
            <li title={it.title} data-n={it.n} hidden={!it.on} {[("data-r", it.ratio.to_string())]}>
                {it.n}"|"{it.label}"|"{it.on}"|"{it.title}"|"{it.ratio}"|"{'c'}"|"{raw("<hr>")}"|"{it.n as u8}
                if it.on { <b>"on"</b> } else { "off" }
                for t in &it.tags { <i>{t}</i> }
            </li>
        }
    };
    let expected: String = items.iter().map(|it| one(it).to_html()).collect();
    assert_eq!(looped.to_html(), expected);
    assert!(expected.contains("title=\"t&quot;1\""), "{expected}");
    assert!(expected.contains("&lt;a &amp; b&gt;|true"), "{expected}");
    assert!(expected.contains("<i>&lt;y&gt;</i>"), "{expected}");
}

#[test]
fn format_args_render_escaped_in_text_and_attributes() {
    let (a, b) = ("<x>", 7);
    let r = html! { <p title={format_args!("{a}-{b}")}>{format_args!("{a}&{b}")}</p> };
    assert_eq!(r.to_html(), "<p title=\"&lt;x&gt;-7\">&lt;x&gt;&amp;7</p>");
    let looped = html! { for i in 0..2 { <i id={format_args!("row-{i}")}>{format_args!("{a}{i}")}</i> } };
    assert_eq!(looped.to_html(), "<i id=\"row-0\">&lt;x&gt;0</i><i id=\"row-1\">&lt;x&gt;1</i>");
}

/// An attribute value whose impl replaces whatever is in the buffer it is given.
struct Careless(&'static str);

impl liveview::rendered::AttrValue for &Careless {
    fn write_attr(self, name: &str, out: &mut String) {
        *out = format!(" {name}=\"{}\"", self.0);
    }
}

#[test]
fn a_user_attribute_impl_cannot_disturb_earlier_entries() {
    let cs = [Careless("a"), Careless("b"), Careless("c")];
    let r = html! { for c in &cs { <i title={c}>{c.0}</i> } };
    assert_eq!(r.to_html(), "<i title=\"a\">a</i><i title=\"b\">b</i><i title=\"c\">c</i>");
    let owned = html! { for c in cs.iter() { <i title={std::convert::identity(c)}>"x"</i> } };
    assert_eq!(owned.to_html(), "<i title=\"a\">x</i><i title=\"b\">x</i><i title=\"c\">x</i>");
}

/// A `for` body keeps `name={value}` attributes as their values (the names come from its
/// template); what reaches the page and the client must still be the whole attribute, also when
/// two loops with the same markup but other attribute names take each other's place.
#[test]
fn loop_attributes_kept_as_values_reach_the_client_whole() {
    use liveview_core::client::ClientTree;
    use liveview_core::diff::{write_diff, write_full};

    struct Row {
        id: u32,
        title: Option<&'static str>,
        on: bool,
    }
    fn render(rows: &[Row], by_id: bool, careless: &[Careless]) -> Rendered {
        html! {
            if by_id {
                <ul>for r in rows, key = r.id { <li id={format_args!("row-{}", r.id)} title={r.title} hidden={r.on}>{r.id}</li> }</ul>
            } else {
                <ul>for r in rows, key = r.id { <li class={format_args!("row-{}", r.id)} lang={r.title} hidden={r.on}>{r.id}</li> }</ul>
            }
            for c in careless { <i title={c}>"x"</i> }
        }
    }
    let mut rows: Vec<Row> = (1..=3).map(|id| Row { id, title: Some("t<"), on: id == 2 }).collect();
    let careless = [Careless("a\"")];
    let first = render(&rows, true, &careless);
    let mut out = String::new();
    write_full(&mut out, &first);
    assert!(out.contains(r#"" id=\"row-1\"""#), "{out}");
    let (mut client, _) = ClientTree::from_join(serde_json::from_str(&out).unwrap()).unwrap();
    assert_eq!(client.to_html().unwrap(), first.to_html());

    /// Diffs `next` against `previous`, applies it to the client, checks the client's page.
    fn step(client: &mut ClientTree, previous: &mut Rendered, next: Rendered) -> String {
        let mut out = String::new();
        if write_diff(&mut out, previous, &next) {
            client.apply_diff(serde_json::from_str(&out).unwrap()).unwrap();
        }
        assert_eq!(client.to_html().unwrap(), next.to_html(), "after {out}");
        *previous = next;
        out
    }
    let mut previous = first;
    rows[0].title = None;
    rows[2].on = true;
    let diff = step(&mut client, &mut previous, render(&rows, true, &careless));
    assert!(diff.contains(r#""1":"""#) && !diff.contains("row-1"), "only the title of row 1 changes: {diff}");
    // Same statics, other names: the rows must not be taken as unchanged.
    step(&mut client, &mut previous, render(&rows, false, &careless));
    assert!(client.to_html().unwrap().contains(r#"<li class="row-1">1</li><li class="row-2" lang="t&lt;" hidden>"#));
    rows[1].title = Some("new");
    step(&mut client, &mut previous, render(&rows, false, &careless));
    step(&mut client, &mut previous, render(&rows, true, &careless));
    assert!(client.to_html().unwrap().contains(r#"<li id="row-2" title="new" hidden>2</li>"#));
}

#[test]
fn continue_and_break_in_the_middle_of_an_entry_leave_no_partial_entry() {
    let xs = [1u32, 2, 3, 4];
    let r = html! {
        for x in &xs {
            <i>{x}</i>
            <b>{if *x == 2 { continue } else if *x == 4 { break } else { *x * 10 }}</b>
        }
    };
    assert_eq!(r.to_html(), "<i>1</i><b>10</b><i>3</i><b>30</b>");
    let Dynamic::List(list) = &r.dynamics()[0] else { panic!("expected a comprehension") };
    assert_eq!(list.len(), 2);
}

enum Kind {
    A,
    B(u32),
    C { label: &'static str },
}

#[test]
fn match_arms_render_single_nodes_braced_markup_and_expressions() {
    let render = |kind: &Kind| {
        html! {
            <p>
                match kind {
                    Kind::A => <i>"a"</i>,
                    Kind::B(n) if *n > 9 => { <b>{n}</b> " big" }
                    Kind::B(n) => {n}
                    Kind::C { label } => { "c:" {label} },
                }
            </p>
        }
    };
    assert_eq!(render(&Kind::A).to_html(), "<p><i>a</i></p>");
    assert_eq!(render(&Kind::B(10)).to_html(), "<p><b>10</b> big</p>");
    assert_eq!(render(&Kind::B(3)).to_html(), "<p>3</p>");
    assert_eq!(render(&Kind::C { label: "l" }).to_html(), "<p>c:l</p>");
}

#[test]
fn heterogeneous_list_items_render_their_own_elements() {
    let kinds = [Kind::A, Kind::B(2), Kind::C { label: "<c>" }];
    let r = html! {
        <ul>
            for kind in &kinds {
                <li>
                    match kind {
                        Kind::A => <i>"a"</i>,
                        Kind::B(n) => <b data-n={n}>{n}</b>,
                        Kind::C { label } => { <span>{label}</span><br> }
                    }
                </li>
            }
        </ul>
    };
    assert_eq!(
        r.to_html(),
        "<ul><li><i>a</i></li><li><b data-n=\"2\">2</b></li><li><span>&lt;c&gt;</span><br></li></ul>"
    );
    let Dynamic::List(list) = &r.dynamics()[0] else { panic!() };
    let arm_templates: Vec<_> = list
        .entries()
        .map(|e| match e.slots().next() {
            Some(SlotRef::Nested(arm)) => arm.template().statics,
            other => panic!("expected a nested arm, got {other:?}"),
        })
        .collect();
    assert_eq!(arm_templates, [&["<i>a</i>"][..], &["<b", ">", "</b>"], &["<span>", "</span><br>"]]);
}

fn card(title: &str, body: Rendered) -> Rendered {
    html! { <section class="card"><h2>{title}</h2>{body}</section> }
}

#[test]
fn function_components_nest() {
    let r = html! { <div>{card("Hi", html! { <p>"inner"</p> })}</div> };
    assert_eq!(r.to_html(), "<div><section class=\"card\"><h2>Hi</h2><p>inner</p></section></div>");
    let Dynamic::Nested(inner) = &r.dynamics()[0] else { panic!("a component is a nested render") };
    assert_eq!(inner.template().statics, ["<section class=\"card\"><h2>", "</h2>", "</section>"]);
}

#[test]
fn iterators_and_vectors_of_renders_become_lists() {
    let words = ["a", "b"];
    let r = html! {
        <p>
            {words.iter().map(|w| html! { <b>{w}</b> })}
            {words.iter().map(|w| html! { <i>{w}</i> }).collect::<Vec<_>>()}
        </p>
    };
    assert_eq!(r.to_html(), "<p><b>a</b><b>b</b><i>a</i><i>b</i></p>");
}

#[test]
fn statics_and_dynamics_are_split_at_compile_time() {
    let c = "c";
    let x = 1;
    let r = html! { <p class={c}>"a" {x} "b"</p> };
    assert_eq!(r.template().statics, ["<p", ">a", "b</p>"]);
    assert_eq!(r.dynamics().len(), 2);
    let Dynamic::Text(attr) = &r.dynamics()[0] else { panic!() };
    assert_eq!(attr, " class=\"c\"");

    let r = html! { {x}{x} <br> {x} };
    assert_eq!(r.template().statics, ["", "", "<br>", ""]);
    assert_eq!(r.dynamics().len(), 3);

    let r = html! { <div id="a"><p>"only static"</p></div> };
    assert_eq!(r.template().statics, ["<div id=\"a\"><p>only static</p></div>"]);
    assert_eq!(r.dynamics().len(), 0);
}

#[test]
fn fingerprints_match_the_runtime_algorithm() {
    let x = 1;
    let r = html! { <p class={x}>"a" {x}</p> if x > 0 { "b" } };
    let template = r.template();
    assert_eq!(template.fingerprint, fingerprint(template.statics));
    let Dynamic::Nested(branch) = &r.dynamics()[2] else { panic!() };
    assert_eq!(branch.template().fingerprint, fingerprint(branch.template().statics));
}

fn counter(n: u32) -> Rendered {
    html! { <span>{n}</span> }
}

#[test]
fn one_site_shares_one_static_template() {
    let (a, b) = (counter(1), counter(2));
    assert!(std::ptr::eq(a.template(), b.template()));
    let elsewhere = html! { <span>{1u32}</span> };
    assert!(!std::ptr::eq(a.template(), elsewhere.template()));
    assert_eq!(a.template().fingerprint, elsewhere.template().fingerprint);

    let branch = |on: bool| html! { if on { <b>"on"</b> } else { "off" } };
    let nested = |r: &Rendered| match &r.dynamics()[0] {
        Dynamic::Nested(n) => n.template(),
        other => panic!("expected a branch, got {other:?}"),
    };
    assert!(std::ptr::eq(nested(&branch(true)), nested(&branch(true))));
    assert!(!std::ptr::eq(nested(&branch(true)), nested(&branch(false))));
}

/// Two streams in one view, and one stream per row of a keyed loop: each renders its own
/// operations under its own ref, and a diff carries only the streams that changed.
#[test]
fn several_streams_and_streams_in_keyed_rows_send_only_their_own_operations() {
    use liveview::Stream;
    use liveview_core::client::ClientTree;
    use liveview_core::diff::{write_diff, write_full};

    struct Msg {
        id: u32,
    }
    struct Row {
        id: u32,
        comments: Stream<Msg>,
    }
    fn render(a: &Stream<Msg>, b: &Stream<Msg>, rows: &[Row]) -> Rendered {
        html! {
            <ul id="a" phx-update="stream">for (id, m) in a, stream { <li id={id}>{m.id}</li> }</ul>
            <ul id="b" phx-update="stream">for (id, m) in b, stream { <li id={id}>{m.id}</li> }</ul>
            for row in rows, key = row.id {
                <ol id={format_args!("row-{}", row.id)} phx-update="stream">
                    for (id, m) in &row.comments, stream { <li id={id}>{m.id}</li> }
                </ol>
            }
        }
    }
    let mut a = Stream::with_items(|m: &Msg| format!("a-{}", m.id), [Msg { id: 1 }]);
    let b = Stream::with_items(|m: &Msg| format!("b-{}", m.id), [Msg { id: 1 }]);
    let mut rows: Vec<Row> = (0..2)
        .map(|id| Row { id, comments: Stream::with_items(|m: &Msg| format!("c-{}", m.id), [Msg { id: 10 + id }]) })
        .collect();
    let first = render(&a, &b, &rows);
    let dead = first.to_html();
    let mut out = String::new();
    write_full(&mut out, &first);
    let (mut client, _) = ClientTree::from_join(serde_json::from_str(&out).unwrap()).unwrap();
    assert_eq!(client.to_html().unwrap(), dead);

    a.insert(Msg { id: 2 });
    rows[1].comments.prepend(Msg { id: 99 });
    let next = render(&a, &b, &rows);
    out.clear();
    assert!(write_diff(&mut out, &first, &next));
    let diff: serde_json::Value = serde_json::from_str(&out).unwrap();
    let refs = [a.wire_ref(), b.wire_ref(), rows[1].comments.wire_ref()].map(|r| r.to_string());
    assert_eq!(diff["0"]["stream"][0], refs[0].as_str());
    assert!(diff.get("1").is_none(), "stream b did nothing: {diff}");
    assert_eq!(diff["2"]["k"]["1"]["1"]["stream"][0], refs[2].as_str(), "{diff}");
    assert!(diff["2"]["k"].get("0").is_none(), "row 0's stream did nothing: {diff}");
    client.apply_diff(diff).unwrap();
    let html = client.to_html().unwrap();
    assert!(html.contains(r#"<ul id="a" phx-update="stream"><li id="a-1">1</li><li id="a-2">2</li></ul>"#), "{html}");
    assert!(html.contains(r#"<ul id="b" phx-update="stream"><li id="b-1">1</li></ul>"#), "{html}");
    assert!(html.contains(r#"<ol id="row-1" phx-update="stream"><li id="c-99">99</li><li id="c-11">11</li></ol>"#));
}
