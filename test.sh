#!/usr/bin/env bash
# The project's test command: formatting, lints, Rust tests, docs, browser end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

# Toolchain versions, then what the tests need and is missing: Debian's chromium (browser suite)
# and redis-server (pubsub tests), the npm packages (the JS client the server tests load,
# playwright-core). Stops here, naming the command to run, where it cannot install.
step "scripts/setup.sh"
scripts/setup.sh

step "cargo fmt --all --check"
cargo fmt --all --check

step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test --workspace"
cargo test --workspace

step "cargo doc --workspace --no-deps --features liveview/test (warnings are errors)"
RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps --features liveview/test

step "npm run test:e2e"
npm run test:e2e
