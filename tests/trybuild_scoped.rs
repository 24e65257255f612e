//! `html!`'s scoped styles: a crate with `LIVEVIEW_ROOT_TAG_ATTRIBUTE` set compiles them (the
//! README's example, run), one without gets the error that names the setting.
//!
//! The variable must reach the compiler that trybuild's cargo runs, where `html!` reads it, so
//! the second half runs in a child process of this test binary started with it set (setting it
//! in this process would need `unsafe`).

use std::process::Command;

const VAR: &str = "LIVEVIEW_ROOT_TAG_ATTRIBUTE";
const TEST: &str = "scoped_styles_need_the_root_tag_attribute_and_compile_with_it";

#[test]
fn scoped_styles_need_the_root_tag_attribute_and_compile_with_it() {
    if std::env::var_os(VAR).is_some() {
        // The child: the crate "sets" the attribute.
        trybuild::TestCases::new().pass("ui/scoped/pass/*.rs");
        return;
    }
    {
        let t = trybuild::TestCases::new();
        t.compile_fail("ui/scoped/fail/*.rs");
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let status = Command::new(exe)
        .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
        .env(VAR, "phx-r")
        .status()
        .expect("the test binary runs again");
    assert!(status.success(), "the scoped example did not compile or run with {VAR}=phx-r");
}
