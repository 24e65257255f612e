//! Compile-time behaviour of `html!`: what compiles, and the diagnostics of what does not.
//!
//! Refresh the expected output with `TRYBUILD=overwrite` and read the diff.

#[test]
fn html_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/html/pass/*.rs");
    t.compile_fail("ui/html/fail/*.rs");
}
