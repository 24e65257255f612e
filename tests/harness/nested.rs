//! `/nested`: children driven through their own `LiveTest`, apart from the parent.

use liveview::test::{LiveTest, TestApp, TestError};

#[tokio::test]
async fn each_child_counts_on_its_own_and_the_parent_does_not_render() -> Result<(), TestError> {
    let mut parent = LiveTest::connect(super::gallery(), "/nested").await?;
    let renders = parent.text("#parent-renders")?;
    let mut a = parent.live_child("child-a").await?;
    let mut b = parent.live_child("child-b").await?;
    for _ in 0..3 {
        a.click("#child-a-inc").await?;
    }
    b.click("#child-b-inc").await?;
    assert_eq!((a.text("#child-a-count")?, b.text("#child-b-count")?), ("3".into(), "1".into()));
    parent.sync().await?;
    assert_eq!(parent.text("#parent-renders")?, renders, "children's events do not render the parent");
    parent.click("#parent-bump").await?;
    assert_ne!(parent.text("#parent-renders")?, renders);
    a.sync().await?;
    assert_eq!(a.text("#child-a-count")?, "3", "a parent render leaves the child alone");
    Ok(())
}

#[tokio::test]
async fn a_child_crash_is_the_childs_alone_and_a_new_join_mounts_it_afresh() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let mut parent = app.connect("/nested").await?;
    let mut a = parent.live_child("child-a").await?;
    let mut b = parent.live_child("child-b").await?;
    b.click("#child-b-inc").await?;
    a.click("#child-a-inc").await?;
    match a.click("#child-a-crash").await {
        Err(TestError::Crashed { reason, .. }) => assert!(reason.contains("child A crashed on purpose"), "{reason}"),
        other => panic!("expected the child to crash, got {other:?}"),
    }
    parent.click("#parent-bump").await?;
    b.click("#child-b-inc").await?;
    assert_eq!(b.text("#child-b-count")?, "2");
    let a = parent.live_child("child-a").await?;
    assert_eq!(a.text("#child-a-count")?, "0", "the rejoined child mounts afresh");
    Ok(())
}

#[tokio::test]
async fn live_child_names_what_is_wrong_with_the_id() -> Result<(), TestError> {
    let parent = LiveTest::connect(super::gallery(), "/nested").await?;
    assert!(matches!(parent.live_child("nobody").await, Err(TestError::NoMatch { .. })));
    let err = parent.live_child("parent-bump").await.unwrap_err();
    assert!(err.to_string().contains("not a nested LiveView's container"), "{err}");
    Ok(())
}
