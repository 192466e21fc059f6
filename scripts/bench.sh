#!/usr/bin/env bash
# `make bench`: Quire's own performance figures, from a release build in production mode on
# a temporary SQLite store with the demo data, measured with wrk on this machine.
#   1. /posts idle: throughput and latency percentiles;
#   2. /posts while a flood of log-ins (made-up emails, so every one costs an argon2 hash)
#      runs against the same server: the same figures, and what the flood got.
# Figures only mean something next to each other, from one run on one machine.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

DURATION="${QUIRE_BENCH_SECONDS:-10}"
CONNECTIONS="${QUIRE_BENCH_CONNECTIONS:-32}"
FLOOD_CONNECTIONS="${QUIRE_BENCH_FLOOD_CONNECTIONS:-64}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

scripts/setup.sh
source scripts/env.sh
if ! command -v wrk >/dev/null; then
  say "installing Debian's wrk"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y wrk
fi

if [[ -z "${QUIRE_BENCH_SKIP_BUILD:-}" ]]; then
  say "release build"
  cargo leptos build --release --precompress --split
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
export DATABASE_URL="sqlite://$work/quire.db"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$PWD/target/site"
export LEPTOS_ENV=PROD
export QUIRE_SITE_ORIGIN="$base"
SESSION_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export SESSION_SECRET
export RUST_LOG=warn

cleanup() {
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

say "demo data (asked for explicitly: production never seeds by itself)"
./target/release/quire seed >/dev/null
./target/release/quire >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fs "$base/healthz" >/dev/null && break
  sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { cat "$work/server.log"; exit 1; }

# The log-in server function's address (it carries a hash) from the form that posts to it.
login_path=$(curl -fs "$base/login" | grep -o 'action="/api/login[^"]*"' | head -1 | cut -d'"' -f2)
[[ -n "$login_path" ]] || { echo "no log-in form found"; exit 1; }

cat >"$work/flood.lua" <<LUA
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Origin"] = "$base"
request = function()
  n = n + 1
  local body = "email=flood-" .. n .. "-" .. math.random(1e9) .. "%40example.test&password=Guess123%21x"
  return wrk.format(nil, "$login_path", nil, body)
end
LUA

p99() { awk '/^ +99%/ { print $2 }' "$1"; }
rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }

say "warming the cache"
wrk -t2 -c4 -d2s "$base/posts" >/dev/null

say "/posts idle (${DURATION}s, $CONNECTIONS connections)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$base/posts" | tee "$work/idle.txt"

say "/posts during a log-in flood ($FLOOD_CONNECTIONS connections of log-ins)"
wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$((DURATION + 4))s" --latency -s "$work/flood.lua" "$base" >"$work/flood.txt" &
flood=$!
sleep 2
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$base/posts" | tee "$work/busy.txt"
wait "$flood"
echo "The flood:"
grep -E 'Requests/sec|Non-2xx|requests in' "$work/flood.txt"
rss=$(awk '/VmHWM/ { printf "%d MB", $2 / 1024 }' "/proc/$server/status")

cat <<SUMMARY

Quire bench ($(nproc) cores, release build, production mode, SQLite, wrk -c$CONNECTIONS ${DURATION}s)
  /posts idle:            $(rps "$work/idle.txt") req/s, p99 $(p99 "$work/idle.txt")
  /posts during a flood:  $(rps "$work/busy.txt") req/s, p99 $(p99 "$work/busy.txt")
  log-in flood:           $(rps "$work/flood.txt") req/s answered (401 checked, or 503 busy)
  server peak memory:     $rss
SUMMARY

# The next part starts servers of its own: this one would only compete for the cores.
kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
server=""

if [[ -n "${QUIRE_BENCH_POSTGRES_URL:-${QUIRE_TEST_POSTGRES_URL:-}}" ]]; then
  scripts/bench_cluster.sh
else
  printf '\n\033[1;33m!!! %s\033[0m\n' "Two servers on PostgreSQL were NOT measured: set QUIRE_BENCH_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)"
fi
