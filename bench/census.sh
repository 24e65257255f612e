#!/usr/bin/env bash
# Where the bytes of an idle view go: the gallery with a counting allocator (`heap-census`,
# bench/census) holds idle bare sockets, /counter views and /list views in turn, as many as
# bench/run.sh's idle scenarios, a fresh server each, and prints per view what its heap gained,
# by allocation size, each size with backtraces of live allocations of that size (where they
# were made). BENCHMARKS.md's "Where the bytes of an idle view go" reads these.
#
#   bench/census.sh                                  # 10,000 sockets and counter views, 5,000 list views
#   IDLE_VIEWS=2000 IDLE_LIST_VIEWS=2000 bench/census.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
IDLE_VIEWS=${IDLE_VIEWS:-10000}
IDLE_LIST_VIEWS=${IDLE_LIST_VIEWS:-5000}
PORT=${PORT:-4190}
# One socket per view, as run.sh: raise the open-file limit as far as allowed.
ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
[ -f node_modules/phoenix_live_view/priv/static/phoenix_live_view.esm.js ] || npm ci --no-audit --no-fund
cargo build --release -p liveview-census
cargo build --release -p liveview-bench --bin lvbench
CENSUS="$ROOT/target/release/heap-census"
LVBENCH="$ROOT/target/release/lvbench"
export LIVEVIEW_SECRET=census-secret-0123456789abcdef0123456789abcdef0123456789abcdef RUST_LOG=warn
OUT=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$OUT"' EXIT

for sv in "idle-socket:$IDLE_VIEWS" "idle-counter:$IDLE_VIEWS" "idle-list:$IDLE_LIST_VIEWS"; do
  scenario=${sv%%:*} VIEWS=${sv#*:}
  "$CENSUS" --addr "127.0.0.1:$PORT" --per "$VIEWS" >"$OUT/$scenario.txt" 2>"$OUT/$scenario.err" &
  pid=$!
  "$LVBENCH" wait --base "http://127.0.0.1:$PORT" --timeout 30
  "$LVBENCH" run --server ours --base "http://127.0.0.1:$PORT" --scenario "$scenario" --views "$VIEWS" \
    --pid "$pid" --census --parallel 64 >/dev/null
  sleep 1
  kill "$pid"
  wait "$pid" || true
  echo "### $scenario ($VIEWS)"
  echo
  cat "$OUT/$scenario.txt"
  if [ ! -s "$OUT/$scenario.txt" ]; then
    echo "error: heap-census printed nothing for $scenario; its log:" >&2
    cat "$OUT/$scenario.err" >&2
    exit 1
  fi
done
