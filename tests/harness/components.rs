//! `/components`: clicks on a card go to that card (`phx-target={myself}` → the event's
//! `cid`, as the client sends it); the parent adds, removes and resets cards.

use liveview::test::{LiveTest, TestError};

#[tokio::test]
async fn a_targeted_click_reaches_only_its_card_and_the_total_follows() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/components").await?;
    assert_eq!(lv.text("#total")?, "0");
    for _ in 0..3 {
        lv.click("#card-2-inc").await?;
    }
    assert_eq!(lv.text("#card-2-count")?, "3");
    assert_eq!(lv.text("#card-1-count")?, "0");
    assert_eq!(lv.text("#card-3-count")?, "0");
    assert_eq!(lv.text("#total")?, "3");
    Ok(())
}

#[tokio::test]
async fn cards_are_added_removed_and_reset_by_the_parent() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/components").await?;
    lv.click("#card-1-inc").await?;
    lv.click("#add-card").await?;
    assert!(lv.has("#card-4"));
    lv.click("#card-4-inc").await?;
    lv.click("#card-4-inc").await?;
    assert_eq!(lv.text("#card-4-count")?, "2");
    assert_eq!(lv.text("#total")?, "3");
    lv.click("#remove-card").await?;
    assert!(!lv.has("#card-4"));
    assert_eq!(lv.text("#total")?, "1");
    lv.click("#reset-all").await?;
    assert_eq!(lv.text("#card-1-count")?, "0");
    assert_eq!(lv.text("#total")?, "0");
    Ok(())
}

#[tokio::test]
async fn a_removed_card_is_destroyed_as_the_client_would_and_comes_back_afresh() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/components").await?;
    lv.click("#card-3-inc").await?;
    lv.click("#card-3-inc").await?;
    assert_eq!(lv.text("#card-3-count")?, "2");
    // The harness reports the vanished card (cids_will_destroy, cids_destroyed) as the client
    // does; the server frees it, so card 3 comes back as a new instance at 0. Without the
    // destroy protocol it would come back with its old state.
    lv.click("#remove-card").await?;
    assert!(!lv.has("#card-3"));
    lv.click("#add-card").await?;
    assert_eq!(lv.text("#card-3-count")?, "0");
    assert_eq!(lv.text("#total")?, "0");
    Ok(())
}

mod selector_target {
    use liveview::prelude::*;
    use liveview::test::{LiveTest, TestError};

    #[live_component]
    #[derive(Default)]
    struct Note {
        name: String,
        hits: u32,
    }

    #[live_component]
    impl Note {
        fn update(&mut self, name: String) {
            self.name = name;
        }

        #[event("hit")]
        fn hit(&mut self) {
            self.hits += 1;
        }

        fn render(&self) -> Rendered {
            html! { <p id={format_args!("note-{}", self.name)}>{self.hits}</p> }
        }
    }

    #[live_view]
    #[derive(Default)]
    struct Notes;

    #[live_view]
    impl Notes {
        fn render(&self) -> Rendered {
            html! {
                {live_component::<Note>("a", "a".to_owned())}
                {live_component::<Note>("b", "b".to_owned())}
                <button id="hit-b" phx-click="hit" phx-target="#note-b">"hit b"</button>
            }
        }
    }

    #[tokio::test]
    async fn a_selector_target_sends_the_event_to_the_component_it_matches() -> Result<(), TestError> {
        let mut lv = LiveTest::connect(LiveRouter::new().live::<Notes>("/"), "/").await?;
        lv.click("#hit-b").await?;
        lv.click("#hit-b").await?;
        assert_eq!(lv.text("#note-b")?, "2");
        assert_eq!(lv.text("#note-a")?, "0");
        Ok(())
    }
}
