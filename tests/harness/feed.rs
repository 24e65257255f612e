//! `/feed`: a stream. Items are sent once and kept by the page (here, the harness's model of
//! the client), so everything below is checked on the page, never on the server.

use liveview::test::{LiveTest, TestError};

/// The ids of the feed's items, top to bottom.
fn ids(lv: &LiveTest) -> Result<Vec<String>, TestError> {
    (1..=lv.count("#items > li"))
        .map(|i| Ok(lv.attr(&format!("#items > li:nth-child({i})"), "id")?.unwrap_or_default()))
        .collect()
}

fn range(ids: std::ops::RangeInclusive<u64>) -> Vec<String> {
    ids.map(|n| format!("items-{n}")).collect()
}

#[tokio::test]
async fn feed_mounts_with_twenty_items_in_order() -> Result<(), TestError> {
    let lv = LiveTest::connect(super::gallery(), "/feed").await?;
    assert_eq!(ids(&lv)?, range(1..=20));
    assert_eq!(lv.text("#items-3 .text")?, "item 3");
    assert_eq!(lv.attr("#items-3-delete", "phx-value-id")?.as_deref(), Some("3"));
    Ok(())
}

#[tokio::test]
async fn prepend_puts_new_items_on_top_and_keeps_fifty() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/feed").await?;
    lv.click("#prepend").await?;
    assert_eq!(ids(&lv)?[..3], range(21..=21).into_iter().chain(range(1..=2)).collect::<Vec<_>>()[..]);
    for _ in 0..59 {
        lv.click("#prepend").await?;
    }
    // 60 prepends: items 21..=80, newest first, and only 50 of them.
    assert_eq!(ids(&lv)?, range(31..=80).into_iter().rev().collect::<Vec<_>>());
    Ok(())
}

#[tokio::test]
async fn append_adds_at_the_bottom_without_limit() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/feed").await?;
    for _ in 0..40 {
        lv.click("#append").await?;
    }
    assert_eq!(ids(&lv)?, range(1..=60));
    assert_eq!(lv.text("#items-60 .text")?, "item 60");
    Ok(())
}

#[tokio::test]
async fn delete_removes_exactly_that_item() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/feed").await?;
    lv.click("#items-7-delete").await?;
    let mut want = range(1..=20);
    want.retain(|id| id != "items-7");
    assert_eq!(ids(&lv)?, want);
    lv.click("#items-20-delete").await?;
    want.pop();
    assert_eq!(ids(&lv)?, want);
    Ok(())
}

#[tokio::test]
async fn edit_first_rewrites_the_top_item_in_place() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/feed").await?;
    lv.click("#edit-first").await?;
    assert_eq!(lv.text("#items-1 .text")?, "edited 1");
    assert_eq!(ids(&lv)?, range(1..=20), "nothing moved");
    lv.click("#prepend").await?;
    lv.click("#edit-first").await?;
    assert_eq!(lv.text("#items-21 .text")?, "edited 21");
    assert_eq!(lv.text("#items-1 .text")?, "edited 1");
    assert_eq!(ids(&lv)?[0], "items-21");
    assert_eq!(lv.count("#items > li"), 21);
    Ok(())
}

#[tokio::test]
async fn edit_first_after_the_top_was_deleted_adds_nothing() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/feed").await?;
    lv.click("#items-1-delete").await?;
    lv.click("#edit-first").await?;
    assert_eq!(ids(&lv)?, range(2..=20));
    assert!(!lv.html().contains("edited"));
    Ok(())
}

#[tokio::test]
async fn reset_leaves_five_fresh_items() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/feed").await?;
    lv.click("#prepend").await?;
    lv.click("#reset").await?;
    assert_eq!(ids(&lv)?, range(22..=26));
    lv.click("#edit-first").await?;
    assert_eq!(lv.text("#items-22 .text")?, "edited 22");
    lv.click("#append").await?;
    assert_eq!(ids(&lv)?, range(22..=27));
    Ok(())
}

/// Items a test adds to [`StreamInFor`].
pub(crate) struct AddItems(Vec<&'static str>);

/// A stream rendered inside a `for` (and, with `nested`, inside a nested `if` too), filled
/// after mount (Phoenix issue #3129).
#[liveview::prelude::live_view]
#[derive(Debug)]
pub(crate) struct StreamInFor {
    items: liveview::prelude::Stream<String>,
}

impl Default for StreamInFor {
    fn default() -> Self {
        StreamInFor { items: liveview::prelude::Stream::new(|s: &String| format!("items-{s}")) }
    }
}

/// What the task [`StreamInFor`] starts on its connected mount reports.
pub(crate) struct Slept(Result<(), liveview::prelude::AsyncError<()>>);

#[liveview::prelude::live_view]
impl StreamInFor {
    fn mount(socket: &mut liveview::prelude::Socket) -> Self {
        if socket.connected() {
            socket.start_async("fill", async { Ok::<(), ()>(()) }, Slept);
        }
        StreamInFor::default()
    }

    #[info]
    fn slept(&mut self, msg: Slept) {
        if msg.0.is_ok() {
            self.items.extend(["a", "b", "c", "d"].map(str::to_owned));
        }
    }

    #[info]
    fn add(&mut self, msg: AddItems) {
        self.items.extend(msg.0.into_iter().map(str::to_owned));
    }

    fn render(&self) -> liveview::prelude::Rendered {
        use liveview::prelude::*;
        html! {
            for _i in [1] {
                <div>
                    <ul phx-update="stream" id="thelist">
                        for (dom_id, item) in &self.items, stream {
                            <li id={dom_id}>{item}</li>
                        }
                    </ul>
                </div>
            }
        }
    }
}

#[tokio::test]
async fn a_stream_inside_a_for_sends_its_inserts_when_nothing_else_changed() -> Result<(), TestError> {
    let router = liveview::LiveRouter::new().live::<StreamInFor>("/in-for");
    let mut lv = LiveTest::connect(router, "/in-for").await?;
    // Filled by the task its connected mount started.
    lv.await_async().await?;
    assert_eq!(lv.count("#thelist > li"), 4, "{}", lv.html());
    lv.send_info(AddItems(vec!["e"])).await?;
    assert_eq!(lv.text("#items-e")?, "e");
    assert_eq!(lv.count("#thelist > li"), 5, "{}", lv.html());
    Ok(())
}
