#!/usr/bin/env bash
# Starts the example gallery (default http://127.0.0.1:4000; pass --addr HOST:PORT to change it).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/phoenix_live_view/priv/static/phoenix_live_view.esm.js ]; then
  npm ci
fi
exec cargo run --release -p liveview-examples --bin gallery -- "$@"
