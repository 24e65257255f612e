//! Compile-time behaviour of `#[live_view]`: every supported handler shape compiles, and each
//! mistake gives one diagnostic on the token at fault.
//!
//! Refresh the expected output with `TRYBUILD=overwrite` and read the diff.

#[test]
fn live_view_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/live_view/pass/*.rs");
    t.compile_fail("ui/live_view/fail/*.rs");
}
