//! `/`: the index lists every gallery page, and every page it lists mounts.

use liveview::test::{TestApp, TestError};
use liveview_examples::index::EXAMPLES;

#[tokio::test]
async fn the_index_links_every_example_and_each_one_mounts() -> Result<(), TestError> {
    let app = TestApp::new(super::gallery())?;
    let index = app.connect("/").await?;
    for e in EXAMPLES {
        assert!(index.has(&format!("a[href=\"{}\"]", e.path)), "the index links {}", e.path);
        let source = e.source_path();
        assert!(index.has(&format!("a[href=\"{source}\"]")), "the index links {}'s source", e.path);
        assert!(liveview_examples::source::listed(e.source).is_some(), "{source} is served");
        assert!(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/src").join(e.source).is_file(),
            "{} names its source file {}",
            e.path,
            e.source
        );
        match app.connect(e.path).await {
            Ok(_) => {}
            // Behind the login of its live_session.
            Err(TestError::Redirected { to, .. }) if e.path == "/secret" => assert!(to.starts_with("/login"), "{to}"),
            Err(other) => panic!("{} does not mount: {other}", e.path),
        }
    }
    Ok(())
}
