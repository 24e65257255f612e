//! `/dashboard`: the stats change once a second, on the server's own timer, and on "Refresh".

use liveview::test::{LiveTest, TestError};
use liveview_examples::dashboard::EVERY;
use std::time::Duration;

/// The stats as shown: orders, sales in cents, rating.
fn stats(lv: &LiveTest) -> Result<(u32, u64, u8), TestError> {
    let orders = lv.text("#orders")?.parse().expect("#orders is a number");
    let sales = lv.text("#sales")?;
    let cents = sales.trim_start_matches('$').replace('.', "").parse().expect("#sales is $d.cc");
    let rating = lv.attr("#rating", "data-rating")?.and_then(|r| r.parse().ok()).expect("#rating has data-rating");
    Ok((orders, cents, rating))
}

fn assert_in_range(lv: &LiveTest) -> Result<(), TestError> {
    let (orders, cents, rating) = stats(lv)?;
    assert!((5..=20).contains(&orders), "orders {orders}");
    assert!((10_000..=100_000).contains(&cents), "sales {cents} cents");
    assert!((1..=5).contains(&rating), "rating {rating}");
    let stars = lv.text("#rating")?;
    assert_eq!(stars.chars().filter(|c| *c == '★').count(), usize::from(rating), "{stars}");
    assert_eq!(stars.chars().count(), 5, "{stars}");
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn the_server_updates_the_stats_every_second_by_itself() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/dashboard").await?;
    assert_eq!(lv.text("#ticks")?, "0");
    assert_in_range(&lv)?;

    lv.advance(EVERY - Duration::from_millis(1)).await?;
    assert_eq!(lv.text("#ticks")?, "0", "not due yet");
    lv.advance(Duration::from_millis(1)).await?;
    assert_eq!(lv.text("#ticks")?, "1");
    assert_in_range(&lv)?;
    for n in 2..=5 {
        lv.advance(EVERY).await?;
        assert_eq!(lv.text("#ticks")?, n.to_string(), "each tick schedules the next");
        assert_in_range(&lv)?;
    }
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn refresh_draws_new_numbers_without_a_tick() -> Result<(), TestError> {
    let mut lv = LiveTest::connect(super::gallery(), "/dashboard").await?;
    // Twenty draws all equal to the first would mean refresh draws nothing (odds ~ 1e-60).
    let first = stats(&lv)?;
    let mut changed = false;
    for _ in 0..20 {
        lv.click("#refresh").await?;
        assert_in_range(&lv)?;
        changed |= stats(&lv)? != first;
    }
    assert!(changed, "refresh draws new numbers");
    assert_eq!(lv.text("#ticks")?, "0", "a refresh is not a tick");
    Ok(())
}
