//! Embeds the gallery's source files: writes `$OUT_DIR/sources.rs`, a
//! `&[(&str, &str)]` of every `src/*.rs` file's name and `include_str!` of it, so that a page
//! added to the index (`index::EXAMPLES`) has its source served without another list to edit.
//! What is served is still only the files the index names (see `source.rs`).
//!
//! Also sets the crate's root tag attribute for `html!` (see `main`).

use std::path::Path;

fn main() {
    // Every `html!` template of this crate stamps `phx-r` on its root tags (Phoenix's global
    // `root_tag_attribute`), which bounds the scope of a `<style scoped>`.
    println!("cargo::rustc-env=LIVEVIEW_ROOT_TAG_ATTRIBUTE=phx-r");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR for build scripts");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let src = Path::new(&manifest).join("src");
    println!("cargo::rerun-if-changed=src");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&src)
        .expect("examples/src is readable")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let path = e.path().into_os_string().into_string().ok()?;
            (name.ends_with(".rs") && e.path().is_file()).then_some((name, path))
        })
        .collect();
    files.sort();
    let mut table = String::from("&[\n");
    for (name, path) in &files {
        table.push_str(&format!("    ({name:?}, include_str!({path:?})),\n"));
    }
    table.push_str("]\n");
    std::fs::write(Path::new(&out).join("sources.rs"), table).expect("OUT_DIR is writable");
}
