//! `/rtcounter`: two viewers share one count through pubsub.

use liveview::test::{TestApp, TestError};

#[tokio::test]
async fn rtcounter_viewers_see_each_others_clicks_through_pubsub() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let mut a = app.connect("/rtcounter").await?;
    let mut b = app.connect("/rtcounter").await?;
    a.click("#inc").await?;
    let after_a: i64 = a.text("#count")?.parse().expect("a number");
    b.sync().await?;
    assert_eq!(b.text("#count")?, after_a.to_string(), "b got a's broadcast");
    b.click("#inc").await?;
    b.click("#inc").await?;
    a.sync().await?;
    assert_eq!(a.text("#count")?, b.text("#count")?);
    assert_eq!(a.text("#count")?.parse::<i64>().expect("a number"), after_a + 2);
    Ok(())
}
