//! Compile-time behaviour of the JS command builder (`liveview::js`): commands in bindings
//! compile, and misused options are type errors that name the option.
//!
//! Refresh the expected output with `TRYBUILD=overwrite` and read the diff.

#[test]
fn js_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/js/pass/*.rs");
    t.compile_fail("ui/js/fail/*.rs");
}
