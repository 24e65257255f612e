//! `/prints`: each position of the range input is sent with `phx-change` and the server answers
//! with its size, price and preview.

use liveview::test::{LiveTest, TestError};

#[tokio::test]
async fn each_slider_position_is_priced_by_the_server() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/prints").await?;
    assert_eq!(lv.text("#size")?, "5×7");
    assert_eq!(lv.text("#price")?, "$12.00");
    assert_eq!(lv.attr("#print-size", "value")?.as_deref(), Some("1"));
    assert_eq!(lv.attr("#print-size", "max")?.as_deref(), Some("4"));

    lv.change("#print-form", &[("size", "4")]).await?;
    assert_eq!(lv.text("#size")?, "11×14");
    assert_eq!(lv.text("#price")?, "$36.00");
    assert_eq!(lv.attr("#print-size", "value")?.as_deref(), Some("4"), "the server echoes the position");
    let style = lv.attr("#preview", "style")?.unwrap_or_default();
    assert!(style.contains("width: 224px; height: 176px"), "drawn to scale: {style}");

    lv.change("#print-form", &[("size", "0")]).await?;
    assert_eq!(lv.text("#size")?, "4×6");
    assert_eq!(lv.text("#price")?, "$10.00");
    Ok(())
}

#[tokio::test]
async fn a_position_the_slider_cannot_send_keeps_the_size() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/prints").await?;
    lv.change("#print-form", &[("size", "9")]).await?;
    assert_eq!(lv.text("#size")?, "5×7");
    lv.change("#print-form", &[("size", "big")]).await?; // does not decode: logged, ignored
    assert_eq!(lv.text("#price")?, "$12.00");
    lv.change("#print-form", &[("size", "2")]).await?;
    assert_eq!(lv.text("#size")?, "8×10", "the view kept running");
    Ok(())
}
