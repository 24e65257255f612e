//! The README's quickstart, built as a crate of its own exactly as a newcomer would write it:
//! its `Cargo.toml` dependencies and its `main.rs`, with only the `liveview` git dependency
//! pointed at this checkout. A dependency the code uses but the README does not list (as
//! `serde_json` once was) fails this test.
//!
//! The crate is checked in `target/quickstart` (its own target directory: the first run
//! compiles its dependencies, later runs are incremental), offline, with this workspace's
//! `Cargo.lock` so that it resolves the versions already downloaded.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The body of the first fenced block opening with ```` ```{lang} ```` after `heading`.
fn block<'a>(readme: &'a str, heading: &str, lang: &str) -> &'a str {
    let section = &readme[readme.find(heading).unwrap_or_else(|| panic!("README has no {heading:?}"))..];
    let fence = format!("```{lang}\n");
    let start = section.find(&fence).unwrap_or_else(|| panic!("no ```{lang} block after {heading:?}")) + fence.len();
    let len = section[start..].find("\n```").expect("an unterminated block");
    &section[start..start + len + 1]
}

#[test]
fn readme_quickstart_builds_as_a_standalone_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let toml = block(&readme, "## Quickstart", "toml");
    let main = block(&readme, "## Quickstart", "rust,no_run");

    let git_line = toml.lines().find(|l| l.starts_with("liveview = ")).expect("the quickstart depends on liveview");
    let path_dep = format!("liveview = {{ path = {:?} }}", root.join("liveview").display().to_string());
    let manifest = format!(
        "[package]\nname = \"quickstart\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         {}\n\n# Not a member of the repository's workspace.\n[workspace]\n",
        toml.replace(git_line, &path_dep)
    );

    let dir: PathBuf = root.join("target").join("quickstart-crate");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["check", "--offline", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target").join("quickstart"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the README quickstart does not build as written:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
