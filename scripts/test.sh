#!/usr/bin/env bash
# The README's test command: every check and test Quire has, failing on the first failure.
#   formatting; clippy (-D warnings) on the split browser build, and on every debug build
#   below as it compiles; unit, HTTP, process and data-layer tests on SQLite; the `cargo
#   leptos watch` loop; PostgreSQL (when QUIRE_TEST_POSTGRES_URL is set); then a release
#   build, its byte budget and Playwright (JS on and off, and through nginx) against it.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

# Each step's wall time is kept and printed at the end (where the minutes go).
timings=()
step_started=$SECONDS
step() {
  [[ -n "${current_step:-}" ]] && timings+=("$(printf '%5ds  %s' $((SECONDS - step_started)) "$current_step")")
  step_started=$SECONDS
  current_step="$*"
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}
loud() { printf '\n\033[1;33m!!! %s\033[0m\n' "$*"; }

# CI shows only the tail of a failed run: end it with what failed and why, not with a
# backtrace (cargo-leptos prints one under RUST_BACKTRACE=1, pushing its message out of view).
current_step="setup"
build_log=$(mktemp)
on_failure() {
  local rc=$?
  loud "FAILED (exit $rc) at: $current_step"
  printf 'Wall time of the steps before it (%d s in all so far):\n' "$SECONDS"
  printf '%s\n' "${timings[@]}"
  if [[ "$current_step" == release* && -s "$build_log" ]]; then
    echo "The release build's error lines:"
    sed 's/\x1b\[[0-9;]*m//g' "$build_log" | grep -iE 'error|failed|panicked' | tail -n 30 || true
  fi
  echo "Disk space:"
  df -h . "${TMPDIR:-/tmp}"
}
trap on_failure ERR
trap 'rm -f "$build_log"' EXIT

# Runs a cargo test command and fails unless it ran at least one test: a suite that ran
# nothing (a filter that matches nothing, a feature that compiled the tests out) is a failure.
# Each package named after the command (`--in NAME … --`) must also have run a test of its own.
counted() {
  local packages=()
  if [[ "$1" == --in ]]; then
    shift
    while [[ $# -gt 0 && "$1" != -- ]]; do packages+=("$1"); shift; done
    [[ $# -gt 0 ]] || { loud "counted --in: no -- before the command"; return 1; }
    shift
  fi
  local log
  log=$(mktemp)
  "$@" 2>&1 | tee "$log"
  local ran
  ran=$(grep -aoE 'test result: ok\. [0-9]+ passed' "$log" | awk '{ n += $4 } END { print n + 0 }')
  local package package_ran
  for package in "${packages[@]}"; do
    # Cargo prints "Running unittests src/lib.rs (target/debug/deps/NAME-HASH)" before each
    # binary's results: sum the results that follow this package's binaries.
    package_ran=$(awk -v name="$package" '
      /^ *Running / { mine = ($0 ~ ("/deps/" name "-[0-9a-f]+\\)")) }
      /^ *Doc-tests / { mine = ($2 == name) }
      mine && /test result: ok\./ { n += $4 }
      END { print n + 0 }' "$log")
    if [[ "$package_ran" -eq 0 ]]; then
      rm -f "$log"
      loud "no test of the $package package ran: $*"
      return 1
    fi
  done
  rm -f "$log"
  if [[ "$ran" -eq 0 ]]; then
    loud "no test ran: $*"
    return 1
  fi
  echo "($ran tests passed)"
}

# Quire's own code is linted while it compiles for the tests: clippy's driver as the
# workspace's compiler wrapper (as `cargo clippy` itself runs it), with warnings denied. A
# separate `cargo clippy` would type-check every dependency once more, in a build of its
# own. Only debug builds go through it: clippy turns MIR optimizations off, so release
# builds (what users run, what the byte budget weighs) stay plain rustc.
# The driver is found once, after setup: a plain assignment, so a missing one fails the run
# here instead of leaving the wrapper empty (Cargo would then build without linting).
linted() {
  RUSTC_WORKSPACE_WRAPPER="$clippy_driver" CLIPPY_ARGS=-Dwarnings "$@"
}

scripts/setup.sh
source scripts/env.sh
clippy_driver=$(rustup which clippy-driver)
"$clippy_driver" --version | grep -q '^clippy ' || { loud "$clippy_driver is not clippy's driver"; false; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (browser build, split per island as the release ships it)"
cargo clippy --lib --features hydrate,split-islands --target wasm32-unknown-unknown -- -D warnings

step "Rust tests, linted as they build: unit, HTTP, processes and data layer on SQLite, migrations"
counted --in quire migration -- linted timeout 1500 cargo test --workspace --features ssr,test-hooks

step "the development loop, linted as it builds: cargo leptos watch from a scratch copy serves, hydrates, rebuilds and reloads"
QUIRE_WATCH_CLIPPY_DRIVER="$clippy_driver" scripts/watch_check.sh

if [[ -n "${QUIRE_TEST_POSTGRES_URL:-}" ]]; then
  if ! pg_isready -q -d "$QUIRE_TEST_POSTGRES_URL" 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
    step "starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  fi
  step "data-layer and outage tests on PostgreSQL"
  counted linted timeout 600 cargo test --workspace --features ssr,test-hooks --test dal --test api -- --ignored
else
  loud "PostgreSQL was NOT tested: set QUIRE_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)"
fi

step "release build for the browser tests (server with test hooks)"
RUST_BACKTRACE=0 scripts/build_release.sh --bin-features ssr --bin-features test-hooks \
  2>&1 | tee "$build_log"

step "a release build run with nothing set is in production: it refuses to start without SESSION_SECRET"
refusal_dir=$(mktemp -d)
release_bin="$PWD/target/release/quire"
if refusal=$(cd "$refusal_dir" && env -i PATH="$PATH" HOME="$HOME" \
  DATABASE_URL="sqlite://$refusal_dir/quire.db" LEPTOS_SITE_ADDR=127.0.0.1:0 \
  timeout 30 "$release_bin" 2>&1); then
  loud "the release binary started without SESSION_SECRET"
  false
fi
rm -rf "$refusal_dir"
grep -q "SESSION_SECRET is not set" <<<"$refusal" || { echo "$refusal" | tail -n 5; false; }
echo "refused, as it must: $(grep -o 'SESSION_SECRET is not set[^.]*' <<<"$refusal" | head -n 1)"

step "byte budget: what a first visit to each page transfers (end2end/size.mjs)"
node end2end/size.mjs

step "Playwright (Chromium, JS on and off)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
QUIRE_E2E_PORT=$(free_port)
QUIRE_E2E_PORT_NOJS=$(free_port)
export QUIRE_E2E_PORT QUIRE_E2E_PORT_NOJS
(cd end2end && npx playwright test)

if [[ -n "${QUIRE_TEST_POSTGRES_URL:-}" ]]; then
  step "Playwright through nginx in front of two servers on PostgreSQL (JS on and off)"
  QUIRE_E2E_CLUSTER_PORT=$(free_port)
  export QUIRE_E2E_CLUSTER_PORT
  (cd end2end && npx playwright test -c cluster.config.ts)
fi

step "done"
printf '\n\033[1mWall time by step (%d s in all):\033[0m\n' "$SECONDS"
printf '%s\n' "${timings[@]}"

if [[ -z "${QUIRE_TEST_POSTGRES_URL:-}" ]]; then
  loud "Reminder: PostgreSQL was NOT tested in this run."
fi
