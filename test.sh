#!/usr/bin/env bash
# The project's test command: formatting, lints, Rust tests, docs, browser end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

# The server tests load the official JS client from node_modules.
if [ ! -f node_modules/phoenix_live_view/package.json ] || [ ! -f node_modules/playwright-core/package.json ]; then
  step "npm ci"
  npm ci
fi

step "cargo fmt --all --check"
cargo fmt --all --check

step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test --workspace"
cargo test --workspace

step "cargo doc --workspace --no-deps (warnings are errors)"
RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps

step "npm run test:e2e"
npm run test:e2e
