#!/usr/bin/env bash
# What ./test.sh needs, checked first and installed where missing; ./test.sh runs it before any
# test (CI runs ./test.sh, so CI installs through here too). Safe to run again: what is there is
# left alone.
#
#   scripts/setup.sh            check the toolchains, install missing packages
#   scripts/setup.sh --dry-run  the same checks; print the install commands instead of running them
#
# Prerequisites, checked but not installed (README "Set up"): Rust at least the workspace
# `rust-version` (Cargo.toml; rustup picks the pinned toolchain of rust-toolchain.toml by itself),
# Node and npm at least package.json "engines". The rest is installed here:
#   - Debian packages (SYSTEM_PACKAGES, the one list of them) with apt-get, as root or through
#     sudo; without either, it stops and prints the command to run as root;
#   - npm packages (package.json, package-lock.json) with `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian package, the variable through which the tests take another binary, and the binary the
# tests run by default. chromium: the browser suite (tests/e2e). redis-server: the pubsub tests,
# which start a private server of their own on a free port for each test (no server is needed
# beforehand).
SYSTEM_PACKAGES=(
  "chromium      CHROMIUM_BIN  /usr/bin/chromium"
  "redis-server  REDIS_SERVER  /usr/bin/redis-server"
)

DRY_RUN=0
case "${1:-}" in
  "") ;;
  --dry-run) DRY_RUN=1 ;;
  *) echo "usage: $0 [--dry-run]" >&2; exit 2 ;;
esac

# Prints "error: $1", then any further arguments a line each, and stops.
fail() {
  printf 'error: %s\n' "$1" >&2
  shift
  if [ $# -gt 0 ]; then printf '%s\n' "$@" >&2; fi
  exit 1
}

# Whether version $1 is at least version $2 (dotted numbers).
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

# --- Rust ----------------------------------------------------------------------------------------
rust_version=$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' Cargo.toml | head -n 1)
[ -n "$rust_version" ] || fail "no rust-version in Cargo.toml"
command -v cargo >/dev/null && command -v rustc >/dev/null ||
  fail "cargo and rustc not found: install Rust $rust_version or newer (https://rustup.rs)"
# (rustup may download the pinned toolchain here: its progress goes to the terminal.)
rustc_line=$(rustc --version) ||
  fail "rustc does not run here (see above)." \
    "With rustup, install the toolchain that rust-toolchain.toml pins:" "    rustup toolchain install"
rustc_version=$(printf '%s\n' "$rustc_line" | sed -n 's/^rustc \([0-9][0-9.]*\).*/\1/p')
[ -n "$rustc_version" ] || fail "cannot read the version of rustc in: $rustc_line"
version_at_least "$rustc_version" "$rust_version" ||
  fail "rustc $rustc_version is older than the workspace's rust-version $rust_version (Cargo.toml)." \
    "Install Rust $rust_version or newer; with rustup, the toolchain that rust-toolchain.toml pins:" \
    "    rustup toolchain install"
echo "rustc $rustc_version (workspace rust-version $rust_version): ok"

# --- Node and npm --------------------------------------------------------------------------------
engines() {
  node -e 'const v = (require("./package.json").engines || {})[process.argv[1]] || "";
           const m = /^>=\s*(\d+(\.\d+)*)$/.exec(v.trim());
           if (!m) { console.error(`package.json engines.${process.argv[1]}: expected ">=X.Y.Z", found "${v}"`); process.exit(1); }
           console.log(m[1]);' "$1"
}
command -v node >/dev/null && command -v npm >/dev/null ||
  fail "node and npm not found." \
    "Install Node.js with npm, at least the versions of package.json \"engines\" (https://nodejs.org)."
node_needed=$(engines node)
npm_needed=$(engines npm)
node_version=$(node --version)
node_version=${node_version#v}
npm_version=$(npm --version)
version_at_least "$node_version" "$node_needed" ||
  fail "Node $node_version is older than the browser suite needs: $node_needed (package.json engines.node)." \
    "(tests/e2e runs under node --test --test-concurrency, and playwright-core needs Node 20.)" \
    "Install Node.js $node_needed or newer (https://nodejs.org)."
version_at_least "$npm_version" "$npm_needed" ||
  fail "npm $npm_version is older than $npm_needed (package.json engines.npm; package-lock.json is lockfile v3)." \
    "Update it:" "    npm install -g npm@latest"
echo "node $node_version (needs $node_needed), npm $npm_version (needs $npm_needed): ok"

# --- Debian packages -----------------------------------------------------------------------------
missing=()
for entry in "${SYSTEM_PACKAGES[@]}"; do
  read -r package variable default <<<"$entry"
  if [ -n "${!variable:-}" ]; then
    # The tests run what the variable names, so that must exist; a package would not help.
    [ -x "${!variable}" ] || fail "$variable=${!variable} is not an executable file (unset it to use $default)"
    echo "$package: $variable=${!variable}: ok"
  elif [ -x "$default" ]; then
    echo "$package: $default: ok"
  else
    echo "$package: $default: missing"
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  install="apt-get install -y ${missing[*]}"
  command -v apt-get >/dev/null ||
    fail "missing ${missing[*]}, and this is no Debian system (no apt-get)." \
      "Install them with the system's package manager, or point the variables of SYSTEM_PACKAGES in" \
      "scripts/setup.sh at them; then run ./test.sh again."
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
    command_text="apt-get update && $install"
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
    command_text="sudo apt-get update && sudo $install"
  else
    fail "missing Debian packages: ${missing[*]}; not root, and no sudo to install them." \
      "Run this as root, then ./test.sh again:" \
      "    su -c 'apt-get update && $install'"
  fi
  echo "==> $command_text"
  if [ "$DRY_RUN" -eq 1 ]; then
    echo "(dry run: not installing)"
  else
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update && "${as_root[@]}" apt-get install -y "${missing[@]}" ||
      fail "installing ${missing[*]} failed." "Run it yourself, then ./test.sh again:" "    $command_text"
    for entry in "${SYSTEM_PACKAGES[@]}"; do
      read -r package _ default <<<"$entry"
      if [[ " ${missing[*]} " == *" $package "* ]] && [ ! -x "$default" ]; then
        fail "$default is still missing after installing $package"
      fi
    done
  fi
fi

# --- npm packages --------------------------------------------------------------------------------
# `npm ls` fails on a missing, extraneous or wrong-version package (node_modules vs package.json).
if npm ls --all >/dev/null 2>&1; then
  echo "node_modules: ok"
else
  echo "==> npm ci"
  if [ "$DRY_RUN" -eq 1 ]; then
    echo "(dry run: not installing)"
  else
    npm ci
  fi
fi
