//! `/hello` and `/hi/:name`: a toggle, and a path parameter read in `mount`.

use liveview::test::{Followed, LiveTest, TestError};

#[tokio::test]
async fn the_greeting_toggles_between_languages() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/hello").await?;
    assert_eq!(lv.text("#greeting")?, "Hello, world!");
    lv.click("#toggle").await?;
    assert_eq!(lv.text("#greeting")?, "¡Hola, mundo!");
    assert_eq!(lv.attr("#greeting", "lang")?.as_deref(), Some("es"));
    assert_eq!(lv.attr("#toggle", "aria-pressed")?.as_deref(), Some("true"));
    lv.click("#toggle").await?;
    assert_eq!(lv.text("#greeting")?, "Hello, world!");
    Ok(())
}

#[tokio::test]
async fn hi_greets_the_name_in_its_path_decoded_and_escaped() -> Result<(), TestError> {
    let lv = LiveTest::connect(super::gallery(), "/hi/Ada").await?;
    assert_eq!(lv.text("#hi")?, "Hi, Ada!");
    assert_eq!(lv.title(), Some("Hi, Ada"));

    let lv = LiveTest::connect(super::gallery(), "/hi/Zo%C3%AB%20%3Cb%3Ex%3C%2Fb%3E").await?;
    assert_eq!(lv.text("#hi")?, "Hi, Zoë <b>x</b>!");
    assert!(!lv.has("#hi b"), "the name is text, not markup");
    Ok(())
}

#[tokio::test]
async fn links_from_hello_navigate_live_to_hi_and_back() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/hello").await?;
    assert!(matches!(lv.follow_link("#hi-grace").await?, Followed::LiveNavigation));
    assert_eq!(lv.path(), "/hi/Grace");
    assert_eq!(lv.text("#hi")?, "Hi, Grace!");
    assert!(matches!(lv.follow_link("#back").await?, Followed::LiveNavigation));
    assert_eq!(lv.text("#greeting")?, "Hello, world!");
    Ok(())
}

#[tokio::test]
async fn hello_shows_the_time_zone_its_client_sends_as_a_connect_param() -> Result<(), TestError> {
    let app = liveview::test::TestApp::new(super::gallery())?;
    let lv = app.connect_with_params("/hello", serde_json::json!({"tz": "Pacific/Auckland"})).await?;
    assert_eq!(lv.text("#zone")?, "Pacific/Auckland");
    let lv = app.connect("/hello").await?;
    assert_eq!(lv.text("#zone")?, "(sent when the page connects)", "no param, no zone");
    Ok(())
}
