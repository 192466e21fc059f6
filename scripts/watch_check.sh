#!/usr/bin/env bash
# The development loop as a new contributor meets it: plain `cargo leptos watch`, started
# from a scratch copy of this checkout with an empty environment (only PATH, HOME, and the
# two ports, so it cannot clash with a server already running), must serve a working Quire
# (dev mode, SQLite default, demo data, islands hydrated), then rebuild and reload the open
# page after a view's text changes (end2end/watch/watch.spec.ts), and stop cleanly. With
# QUIRE_WATCH_CLIPPY_DRIVER set to clippy's driver (the test command sets it), clippy lints
# what the watcher compiles.
# Prints how long the first build and the rebuild took. Run by scripts/test.sh.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/env.sh

FIRST_BUILD_LIMIT=${QUIRE_WATCH_FIRST_BUILD_LIMIT:-1500}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
reload_port=$(free_port)
scratch=$(mktemp -d)
watcher=""

stop_watcher() {
  [[ -n "$watcher" ]] || return 0
  # The watcher and the server it started are one process group (setsid).
  kill -TERM -- "-$watcher" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 -- "-$watcher" 2>/dev/null || { watcher=""; return 0; }
    sleep 0.2
  done
  echo "the watcher did not stop within 20 s of SIGTERM; killing it" >&2
  kill -KILL -- "-$watcher" 2>/dev/null || true
  watcher=""
  return 1
}
cleanup() {
  stop_watcher || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# The checkout as git sees it (tracked files and new ones not ignored), without target/.
# Extracted with new modification times (-m): the build directory is kept between runs, and
# sources carrying their old times would look older than the last build, which was made
# from the changed view, so the watcher would serve that stale build at once.
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xmf - -C "$scratch"
ln -s "$root/end2end/node_modules" "$scratch/end2end/node_modules"

# Build artifacts go under this checkout's target/, so a second run is warm. Its own folder:
# the watcher builds with `--cfg erase_components` (cargo-leptos does so in debug), which
# the tests' debug build must not (they check the HTML that release builds serve), and two
# builds with different RUSTFLAGS in one folder would rebuild each other's dependencies.
build_env=(CARGO_TARGET_DIR="$root/target/watch-check")
# The test command lints this build as it compiles (scripts/test.sh, `linted`): the server
# without test hooks and the browser build as the watcher makes them.
if [[ -n "${QUIRE_WATCH_CLIPPY_DRIVER:-}" ]]; then
  build_env+=(RUSTC_WORKSPACE_WRAPPER="$QUIRE_WATCH_CLIPPY_DRIVER" CLIPPY_ARGS=-Dwarnings)
fi

mkdir -p "$root/target"
started=$(date +%s)
(
  cd "$scratch"
  exec setsid env -i PATH="$PATH" HOME="$HOME" TERM=dumb "${build_env[@]}" \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_RELOAD_PORT="$reload_port" \
    cargo leptos watch
) > "$root/target/watch-check.log" 2>&1 &
watcher=$!

echo "waiting for cargo leptos watch to serve http://127.0.0.1:$port/posts (log: target/watch-check.log)"
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/posts" || true)" == 200 ]]; do
  if ! kill -0 "$watcher" 2>/dev/null; then
    tail -n 30 "$root/target/watch-check.log"
    echo "cargo leptos watch exited before serving" >&2
    exit 1
  fi
  if (( $(date +%s) - started > FIRST_BUILD_LIMIT )); then
    tail -n 30 "$root/target/watch-check.log"
    echo "cargo leptos watch did not serve within $FIRST_BUILD_LIMIT s" >&2
    exit 1
  fi
  sleep 2
done
first_build=$(( $(date +%s) - started ))
grep -q "dev mode: empty database seeded with demo data" "$root/target/watch-check.log" \
  || { echo "the watcher's server did not start in dev mode with the demo data" >&2; exit 1; }

result=$(cd end2end && QUIRE_WATCH_URL="http://127.0.0.1:$port" \
  QUIRE_WATCH_VIEW_FILE="$scratch/src/app.rs" npx playwright test -c watch.config.ts 2>&1) \
  || { echo "$result"; exit 1; }
echo "$result" | grep -v '^\[' | tail -n 5
rebuild=$(grep -o 'QUIRE_WATCH_REBUILD_SECONDS=[0-9.]*' <<<"$result" | cut -d= -f2)

stop_watcher
if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then
  echo "the server still answers after the watcher stopped" >&2
  exit 1
fi
echo "cargo leptos watch: first build and serve ${first_build} s, rebuild and reload after a view change ${rebuild} s; stopped cleanly"
