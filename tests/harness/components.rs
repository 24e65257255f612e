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

mod relay {
    use liveview::prelude::*;

    /// Two lamps; switching lamp 1 makes it tell lamp 2 (a `send_update` from its `update`),
    /// and the view tells lamp 1 from `mount` (before any lamp exists).
    #[live_view]
    #[derive(Debug, Default)]
    pub(crate) struct Relay;

    #[live_view]
    impl Relay {
        fn mount(socket: &mut Socket) -> Self {
            if socket.connected() {
                socket.send_update::<Lamp>(1, LampProps { id: 1, on: Some(true) });
            }
            Relay
        }

        #[event("switch")]
        fn switch(&mut self, socket: &mut Socket) {
            socket.send_update::<Lamp>(1, LampProps { id: 1, on: Some(false) });
        }

        fn render(&self) -> Rendered {
            html! {
                <main>
                    <button id="switch" phx-click="switch">"switch"</button>
                    {live_component::<Lamp>(1, LampProps { id: 1, on: None })}
                    {live_component::<Lamp>(2, LampProps { id: 2, on: None })}
                </main>
            }
        }
    }

    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct LampProps {
        pub(crate) id: u32,
        pub(crate) on: Option<bool>,
    }

    #[live_component]
    #[derive(Debug, Default)]
    pub(crate) struct Lamp {
        id: u32,
        on: bool,
    }

    #[live_component]
    impl Lamp {
        fn update(&mut self, props: LampProps, socket: &mut Socket) {
            self.id = props.id;
            if let Some(on) = props.on {
                self.on = on;
                if self.id == 1 {
                    // Lamp 2 follows lamp 1 (Phoenix issue 3169: an update asked for inside
                    // update was never run).
                    socket.send_update::<Lamp>(2, LampProps { id: 2, on: Some(on) });
                }
            }
        }

        fn render(&self, socket: &Socket) -> Rendered {
            let _ = socket;
            let id = self.id;
            html! { <p id={format_args!("lamp-{id}")}>{if self.on { "on" } else { "off" }}</p> }
        }
    }
}

#[tokio::test]
async fn a_send_update_asked_for_in_mount_or_inside_update_runs_after_the_cycle() -> Result<(), TestError> {
    let router = liveview::LiveRouter::new().live::<relay::Relay>("/relay");
    let mut lv = LiveTest::connect(router, "/relay").await?;
    // mount's send_update reached lamp 1 once it existed, and lamp 1's reached lamp 2.
    lv.await_async().await.ok();
    assert_eq!(lv.text("#lamp-1")?, "on", "{}", lv.html());
    assert_eq!(lv.text("#lamp-2")?, "on", "{}", lv.html());
    lv.click("#switch").await?;
    assert_eq!(lv.text("#lamp-1")?, "off");
    assert_eq!(lv.text("#lamp-2")?, "off", "{}", lv.html());
    Ok(())
}
