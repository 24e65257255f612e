//! Compile-time behaviour of `socket.start_async`: the shapes of tasks and result messages
//! that compile, and one diagnostic per misuse (a future that borrows the view, is not `Send`,
//! does not return a `Result`, or whose error type the message does not take).
//!
//! Refresh the expected output with `TRYBUILD=overwrite` and read the diff.

#[test]
fn start_async_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/async/pass/*.rs");
    t.compile_fail("ui/async/fail/*.rs");
}
