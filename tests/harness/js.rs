//! `/js`: JS commands as binding values. The harness sends what the client would send: the
//! `push` commands of a command list (their `value` merged over the element's values) and
//! nothing for commands that only act in the browser.

use liveview::js::{JS, Push};
use liveview::prelude::*;
use liveview::test::{LiveTest, TestError};
use serde_json::{Value, json};

#[tokio::test]
async fn a_js_push_sends_its_event_with_its_value_and_browser_only_commands_send_nothing() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/js").await?;
    assert_eq!(lv.text("#shown-count")?, "0");

    // The attribute the page holds decodes to exactly the builder's JSON.
    let expected = JS::new().push(Push::new("shown").value(json!({"n": 1}))).show("#toast");
    assert_eq!(lv.attr("#push-and-show", "phx-click")?, Some(expected.to_json()));
    assert_eq!(lv.attr("#toggle-panel", "phx-click")?.as_deref(), Some(r##"[["toggle",{"to":"#panel"}]]"##));

    // Toggle and highlight only act in the browser: the view hears nothing.
    lv.click("#toggle-panel").await?;
    lv.click("#highlight").await?;
    assert_eq!(lv.text("#shown-count")?, "0");

    lv.click("#push-and-show").await?;
    assert_eq!(lv.text("#shown-count")?, "1");
    assert_eq!(lv.text("#last-n")?, "1", "the push's value {{\"n\": 1}} reached the handler");
    lv.click("#push-and-show").await?;
    assert_eq!(lv.text("#shown-count")?, "2");
    Ok(())
}

#[tokio::test]
async fn the_server_asks_the_page_to_run_the_commands_of_an_attribute() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/js").await?;
    lv.click("#mark-from-server").await?;
    let pushed = lv.assert_push_event("js-exec")?;
    assert_eq!(pushed, json!({"to": "#panel", "attr": "data-mark"}));
    // What the page's listener hands to liveSocket.execJS.
    let commands = lv.attr("#panel", "data-mark")?.expect("#panel has data-mark");
    let parsed: Value = serde_json::from_str(&commands).expect("JSON");
    assert_eq!(
        parsed,
        json!([["add_class", {"names": ["marked"]}], ["set_attr", {"attr": ["data-marked-by", "server"]}]])
    );
    Ok(())
}

/// A card whose button pushes to the card itself through the push's `target`.
#[live_component]
#[derive(Default)]
pub(crate) struct Card {
    label: String,
    count: i64,
}

#[derive(Clone, PartialEq)]
pub(crate) struct CardProps {
    label: String,
}

#[live_component]
impl Card {
    fn update(&mut self, props: CardProps) {
        self.label = props.label;
    }

    #[event("inc")]
    fn inc(&mut self) {
        self.count += 1;
    }

    fn render(&self, socket: &Socket) -> Rendered {
        html! {
            <div id={format_args!("card-{}", self.label)}>
                <span class="count">{self.count}</span>
                // No phx-target: without the push's own target this would go to the view.
                <button phx-click={JS::new().push(Push::new("inc").target(socket.myself()))}>"+"</button>
            </div>
        }
    }
}

/// A view whose buttons reach a card by selector, or itself.
#[live_view]
#[derive(Default)]
pub(crate) struct Board {
    clicks: i64,
}

#[live_view]
impl Board {
    #[event("inc")]
    fn inc(&mut self) {
        self.clicks += 1;
    }

    fn render(&self) -> Rendered {
        html! {
            <p id="clicks">{self.clicks}</p>
            <button id="to-b" phx-click={JS::new().push(Push::new("inc").target("#card-b"))}>"b+"</button>
            <button id="to-view" phx-click={JS::new().push("inc")}>"+"</button>
            for label in ["a", "b"] {
                {live_component::<Card>(label, CardProps { label: label.into() })}
            }
        }
    }
}

#[tokio::test]
async fn a_js_push_target_sends_to_that_component_instead_of_the_elements_owner() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(LiveRouter::new().live::<Board>("/"), "/").await?;
    lv.click("#card-a button").await?;
    assert_eq!(lv.text("#card-a .count")?, "1", "target(socket.myself()) reached card a");
    assert_eq!(lv.text("#clicks")?, "0");
    lv.click("#to-b").await?;
    assert_eq!(lv.text("#card-b .count")?, "1", "target(\"#card-b\") reached the card around #card-b");
    assert_eq!(lv.text("#card-a .count")?, "1");
    lv.click("#to-view").await?;
    assert_eq!(lv.text("#clicks")?, "1");
    Ok(())
}
