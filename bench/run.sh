#!/usr/bin/env bash
# The benchmark suite, in one command: builds release binaries, starts each server (ours = the
# example gallery served bare by `liveview::serve`, axum = the same gallery as its axum app (only
# `/counter` ×10, to price the composition), LiveViewJS 0.8.1 on Node, the raw websocket echo
# server on our stack), runs every
# scenario against each with the same load generator, runs the criterion micro-benchmarks, prints
# one table and writes BENCHMARKS.md at the repository root.
#
#   bench/run.sh
#
# Method: the server under test is pinned to CPU 0 and the generator to CPU 1 (taskset). Memory
# scenarios (idle views) get a fresh server each. Throughput scenarios run in ROUNDS interleaved
# rounds (ours, LiveViewJS, echo, then the next round in rotated order; servers that are not being
# driven sit idle on CPU 0) and the report keeps each scenario's best round, so that a burst of
# unrelated load on the machine does not decide a comparison.
#
# Knobs (environment): ROUNDS=3, DURATION=5 (s per throughput run), WARMUP=1, IDLE_VIEWS=10000,
# IDLE_LIST_VIEWS=5000, IDLE_FEED_VIEWS=5000 (each sent 1,000 prepends first; the allocator grows
# the heap in steps of about 2 MiB, so 1,000 views measure per view only to about 2 KiB: at 1,000
# idle /list views the figure read 10.2 KiB where 2,000 and 5,000 read 14.3 and 14.1),
# SCALING_ROWS="1000 10000" (the report's Scaling table: /list?rows=N ×10, ours only, beside the
# 100-row `list`), SCALING_VIEWS="1000 5000" (idle /counter views, ours only, each on a fresh server,
# beside `idle-counter` at IDLE_VIEWS; either empty skips those rows), CRITERION=1 (0 skips
# the micro-benchmarks), PROFILE=1 (0 skips the perf profile of our server), SERVERS="ours axum
# lvjs echo" (a subset runs only those), PORT_OURS=4100, PORT_LVJS=4101, PORT_AXUM=4102,
# PORT_ECHO=4300, OUT=BENCHMARKS.md.
# Servers bind 127.0.0.1 only and are all stopped on exit, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
IDLE_VIEWS=${IDLE_VIEWS:-10000}
IDLE_LIST_VIEWS=${IDLE_LIST_VIEWS:-5000}
IDLE_FEED_VIEWS=${IDLE_FEED_VIEWS:-5000}
SCALING_ROWS=${SCALING_ROWS-1000 10000}
SCALING_VIEWS=${SCALING_VIEWS-1000 5000}
CRITERION=${CRITERION:-1}
PROFILE=${PROFILE:-1}
PORT_OURS=${PORT_OURS:-4100}
PORT_LVJS=${PORT_LVJS:-4101}
PORT_AXUM=${PORT_AXUM:-4102}
PORT_ECHO=${PORT_ECHO:-4300}
OUT=${OUT:-BENCHMARKS.md}
SERVERS=${SERVERS:-ours axum lvjs echo}
want() { [[ " $SERVERS " == *" $1 "* ]]; }

T0=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RUN_DIR="$ROOT/target/bench-results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN_DIR"
log() { printf '\n== %s\n' "$*" >&2; }

# --- every server we start is stopped on exit -------------------------------------------------
declare -A PIDS=()
PERF_PID=""
cleanup() {
  if [ -n "$PERF_PID" ]; then kill -INT "$PERF_PID" 2>/dev/null || true; fi
  for n in "${!PIDS[@]}"; do stop_server "$n"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop_server NAME
stop_server() {
  local pid=${PIDS[$1]:-}
  unset "PIDS[$1]"
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# --- pinning and limits ----------------------------------------------------------------------
CPUS=$(nproc --all 2>/dev/null || nproc)
if command -v taskset >/dev/null 2>&1 && [ "$CPUS" -ge 2 ]; then
  PIN_SERVER=(taskset -c 0)
  PIN_GEN=(taskset -c 1)
  PINNING="server pinned to CPU 0 and load generator to CPU 1 with \`taskset -c\` (criterion micro-benchmarks on CPU 1 with no server running)"
else
  PIN_SERVER=()
  PIN_GEN=()
  PINNING="not pinned (taskset missing or fewer than 2 CPUs)"
fi
NEED_FDS=$((IDLE_VIEWS + 1024))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$NEED_FDS" ]; then
  ulimit -Hn "$NEED_FDS" 2>/dev/null || true
fi
ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$NEED_FDS" ]; then
  echo "warning: open-file limit $(ulimit -n) < $NEED_FDS; idle-view scenarios will count connect errors" >&2
fi

# --- build -----------------------------------------------------------------------------------
log "building (release)"
if [ ! -f node_modules/phoenix_live_view/priv/static/phoenix_live_view.esm.js ]; then
  npm ci --no-audit --no-fund
fi
if [ ! -d bench/peers/liveviewjs/node_modules ]; then
  (cd bench/peers/liveviewjs && npm ci --no-audit --no-fund)
fi
cargo build --release -p liveview-bench --bin lvbench --bin ws-echo
if want ours || want axum; then
  cargo build --release -p liveview-examples --bin gallery
fi
if [ "$CRITERION" = 1 ]; then
  cargo bench -p liveview-core --bench render_diff --no-run || echo "warning: criterion benchmarks do not build; skipped" >&2
fi
LVBENCH="$ROOT/target/release/lvbench"
GALLERY="$ROOT/target/release/gallery"
ECHO="$ROOT/target/release/ws-echo"
gen() { "${PIN_GEN[@]}" "$LVBENCH" "$@"; }

port_of() { case $1 in ours) echo "$PORT_OURS" ;; axum) echo "$PORT_AXUM" ;; lvjs) echo "$PORT_LVJS" ;; echo) echo "$PORT_ECHO" ;; esac; }

# start_server NAME PORT CMD... : starts CMD pinned, waits until it answers HTTP; PIDS[NAME].
start_server() {
  local name=$1 port=$2 pid
  shift 2
  if "$LVBENCH" wait --base "http://127.0.0.1:$port" --timeout 0.3 2>/dev/null; then
    echo "error: port $port is already in use; set PORT_${name^^}=…" >&2
    return 1
  fi
  "${PIN_SERVER[@]}" "$@" >>"$RUN_DIR/$name.log" 2>&1 &
  pid=$!
  PIDS[$name]=$pid
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: $name exited at start; last log lines:" >&2
      tail -n 20 "$RUN_DIR/$name.log" >&2
      unset "PIDS[$name]"
      return 1
    fi
    if "$LVBENCH" wait --base "http://127.0.0.1:$port" --timeout 0.5 2>/dev/null; then
      return 0
    fi
  done
  echo "error: $name did not answer on port $port within 150 s" >&2
  stop_server "$name"
  return 1
}

SECRET=bench-secret-0123456789abcdef0123456789abcdef0123456789abcdef0123
# start NAME
start() {
  case $1 in
    ours) LIVEVIEW_SECRET=$SECRET RUST_LOG=warn start_server ours "$PORT_OURS" "$GALLERY" --bare --addr "127.0.0.1:$PORT_OURS" ;;
    axum) LIVEVIEW_SECRET=$SECRET RUST_LOG=warn start_server axum "$PORT_AXUM" "$GALLERY" --addr "127.0.0.1:$PORT_AXUM" ;;
    lvjs)
      # pushd, not a subshell: PIDS must stay in this shell.
      pushd bench/peers/liveviewjs >/dev/null
      local rc=0
      PORT=$PORT_LVJS HOST=127.0.0.1 start_server lvjs "$PORT_LVJS" node server.js || rc=$?
      popd >/dev/null
      return $rc
      ;;
    echo) start_server echo "$PORT_ECHO" "$ECHO" --addr "127.0.0.1:$PORT_ECHO" ;;
  esac
}

# run_gen NAME ARGS... : one generator run against server NAME, appended to NAME.jsonl.
run_gen() {
  local name=$1
  shift
  gen run --server "$name" --base "http://127.0.0.1:$(port_of "$name")" --out "$RUN_DIR/$name.jsonl" \
    --warmup "$WARMUP" --duration "$DURATION" "$@" || true
}

ACTIVE=()
for n in ours axum lvjs echo; do
  if want "$n"; then ACTIVE+=("$n"); fi
done

# --- 1. memory: idle views, a fresh server for each scenario -----------------------------------
for n in "${ACTIVE[@]}"; do
  # The axum app serves the same views: its memory is the bare server's.
  if [ "$n" = axum ]; then continue; fi
  if [ "$n" = echo ]; then scens="idle-echo:$IDLE_VIEWS"; else scens="idle-counter:$IDLE_VIEWS idle-list:$IDLE_LIST_VIEWS idle-socket:$IDLE_VIEWS"; fi
  # /feed (streams) exists only in our gallery.
  # Its baseline: as many idle /counter views (the per-view figure depends on the count).
  if [ "$n" = ours ]; then scens="$scens idle-feed:$IDLE_FEED_VIEWS idle-feed-base:$IDLE_FEED_VIEWS"; fi
  # The Scaling table's other view counts (ours only), each under its own name (`idle-counter-N`).
  if [ "$n" = ours ]; then for v in $SCALING_VIEWS; do scens="$scens idle-counter-$v:$v"; done; fi
  for sv in $scens; do
    log "$n: ${sv#*:} ${sv%%:*} (fresh server)"
    if start "$n"; then
      run_gen "$n" --pid "${PIDS[$n]}" --scenario "${sv%%:*}" --views "${sv#*:}" --parallel 64
      stop_server "$n"
    fi
  done
done

# --- 2. throughput: all servers up, interleaved rounds -----------------------------------------
UP=()
for n in "${ACTIVE[@]}"; do
  if start "$n"; then UP+=("$n"); fi
done
for r in $(seq 1 "$ROUNDS"); do
  for i in $(seq 0 $((${#UP[@]} - 1))); do
    n=${UP[$(((i + r - 1) % ${#UP[@]}))]}
    log "round $r/$ROUNDS: $n"
    if [ "$n" = echo ]; then
      for c in 1 10 100; do run_gen echo --scenario echo --conns "$c"; done
      run_gen echo --pid "${PIDS[echo]}" --scenario upload-echo --conns 1
    elif [ "$n" = axum ]; then
      run_gen axum --pid "${PIDS[axum]}" --scenario counter --conns 10
    else
      # --pid: the server's CPU time per event (utime + stime over the measured window).
      for c in 1 10 100; do run_gen "$n" --pid "${PIDS[$n]}" --scenario counter --conns "$c"; done
      run_gen "$n" --pid "${PIDS[$n]}" --scenario list --conns 10
      # The Scaling table: the same one-row bump in longer lists (`list-N`, ours only).
      if [ "$n" = ours ]; then
        for rows in $SCALING_ROWS; do run_gen "$n" --pid "${PIDS[$n]}" --scenario list --rows "$rows" --conns 10; done
      fi
      if [ "$n" = ours ]; then run_gen "$n" --scenario feed --conns 10; fi
      # One card of /components clicked (a targeted event; ours only: LiveViewJS has no components).
      if [ "$n" = ours ]; then run_gen "$n" --scenario components --conns 10; fi
      # 50 MB over one socket to /upload-large (ours only: LiveViewJS has no such page).
      if [ "$n" = ours ]; then run_gen "$n" --pid "${PIDS[$n]}" --scenario upload --conns 1; fi
      run_gen "$n" --scenario dead-render --conns 50
    fi
  done
done

# perf profile of our server under counter x10 and list x10; these runs are not in the table.
PROFILES="$RUN_DIR/profiles.md"
: >"$PROFILES"
profile_ours() {
  local base="http://127.0.0.1:$PORT_OURS" pid=${PIDS[ours]}
  if ! command -v perf >/dev/null 2>&1 || ! perf record -o /dev/null -q -- true >/dev/null 2>&1; then
    echo "perf not usable: no profile" >&2
    return 0
  fi
  for scen in counter list; do
    log "ours: perf profile during $scen x10"
    perf record -F 1999 -q -o "$RUN_DIR/perf-$scen.data" -p "$pid" >/dev/null 2>&1 &
    PERF_PID=$!
    sleep 0.3
    gen run --server ours --base "$base" --out "$RUN_DIR/profile-runs.jsonl" --scenario "$scen" --conns 10 --warmup 0 --duration 4 || true
    kill -INT "$PERF_PID" 2>/dev/null || true
    wait "$PERF_PID" 2>/dev/null || true
    PERF_PID=""
    {
      echo "### \`$scen\`, 10 connections (\`perf record -F 1999 -p <server>\`, 4 s)"
      echo
      echo "Share of samples per binary, then the top symbols by self time:"
      echo
      echo '```'
      perf report -i "$RUN_DIR/perf-$scen.data" --no-children --sort dso --percent-limit 1 --stdio 2>/dev/null \
        | grep -v '^#' | grep -v '^$' | sed 's/ *$//' | head -n 8
      echo
      perf report -i "$RUN_DIR/perf-$scen.data" --no-children --sort dso,symbol --percent-limit 0.7 --stdio 2>/dev/null \
        | grep -v '^#' | grep -v '^$' | cut -c1-160 | sed 's/ *$//' | head -n 25
      echo '```'
      echo
    } >>"$PROFILES"
  done
}
if [ -n "${PIDS[ours]:-}" ] && [ "$PROFILE" = 1 ]; then profile_ours; fi
for n in "${UP[@]}"; do stop_server "$n"; done

# --- 3. criterion micro-benchmarks (in-process, no server running) -----------------------------
CRIT_SINCE=$(date +%s)
if [ "$CRITERION" = 1 ]; then
  log "criterion micro-benchmarks (liveview-core render_diff)"
  "${PIN_GEN[@]}" cargo bench -p liveview-core --bench render_diff -- --warm-up-time 1 --measurement-time 3 \
    2>&1 | tee "$RUN_DIR/criterion.log" | grep -B1 'time:' || echo "warning: criterion run failed" >&2
fi

# --- 4. report -----------------------------------------------------------------------------------
log "report"
VERSIONS="$(rustc --version 2>/dev/null | cut -d' ' -f1-2); Node $(node --version 2>/dev/null); LiveViewJS 0.8.1"
"$LVBENCH" report \
  --results "$RUN_DIR/ours.jsonl" "$RUN_DIR/axum.jsonl" "$RUN_DIR/lvjs.jsonl" "$RUN_DIR/echo.jsonl" \
  --criterion "$ROOT/target/criterion" --criterion-since "$CRIT_SINCE" \
  --profiles "$PROFILES" \
  --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --pinning "$PINNING" \
  --versions "$VERSIONS" \
  --load-before "$LOAD_BEFORE" \
  --settings "throughput: best of ${ROUNDS} interleaved rounds of ${DURATION} s (after ${WARMUP} s warm-up) per scenario; ${IDLE_VIEWS} idle counter views, ${IDLE_LIST_VIEWS} idle list views, ${IDLE_FEED_VIEWS} idle feed views after 1,000 prepends each; scaling: /list at 100${SCALING_ROWS:+, ${SCALING_ROWS// /, }} rows, idle counter views at ${SCALING_VIEWS:+${SCALING_VIEWS// /, }, }${IDLE_VIEWS}; reply timeout 5 s" \
  --wall-seconds "$(($(date +%s) - T0))" \
  --out "$OUT"
echo "raw results: $RUN_DIR" >&2
