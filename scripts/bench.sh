#!/usr/bin/env bash
# `make bench`: Quire's own performance figures, from a release build in production mode on
# a temporary SQLite store with the demo data, measured with wrk on this machine.
#   1. /posts idle: throughput and latency percentiles;
#   2. /posts while a flood of log-ins (made-up emails, so every one costs an argon2 hash)
#      runs against the same server: the same figures, and what the flood got.
#   3. /posts and /blog/:slug signed out and /posts signed in, each with Accept-Encoding br
#      and identity, next to a bare axum handler serving the same bytes from memory (the
#      ceiling: examples/ceiling.rs), with the ratio to it.
#   4. memory: the server's peak resident memory (a) after a plain wrk run of /posts and of
#      a post page (no Accept-Encoding), and (b) after 1,000 signed-out GETs with distinct
#      query strings and paths (asking for brotli), each on a freshly started server;
#   5. two servers on PostgreSQL (scripts/bench_cluster.sh), when a PostgreSQL URL is set.
# QUIRE_BENCH_ONLY=pages (or flood, memory, cluster) runs one part. Figures only mean something next
# to each other, from one run on one machine.
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

only="${QUIRE_BENCH_ONLY:-flood,pages,memory,cluster}"
wants() { [[ ",$only," == *",$1,"* ]]; }

if [[ -z "${QUIRE_BENCH_SKIP_BUILD:-}" ]]; then
  say "release build"
  scripts/build_release.sh
  cargo build --release --example ceiling --features ssr
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
export QUIRE_TRUSTED_PROXIES=127.0.0.1

cleanup() {
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

say "demo data (asked for explicitly: production never seeds by itself)"
./target/release/quire seed >/dev/null
start_server() {
  ./target/release/quire >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    curl -fs "$base/healthz" >/dev/null && break
    sleep 0.1
  done
  curl -fs "$base/healthz" >/dev/null || { cat "$work/server.log"; exit 1; }
}
stop_server() {
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  server=""
}
peak_mb() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$server/status"; }
start_server

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
  -- From many addresses (behind the trusted local proxy), so the per-address log-in limit
  -- does not stop the flood before it reaches the hashing pool.
  wrk.headers["X-Forwarded-For"] = "10." .. (n % 250) .. "." .. math.random(250) .. "." .. math.random(250)
  return wrk.format(nil, "$login_path", nil, body)
end
LUA

p99() { awk '/^ +99%/ { print $2 }' "$1"; }
rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }

p99() { awk '/^ +99%/ { print $2 }' "$1"; }
p50() { awk '/^ +50%/ { print $2 }' "$1"; }
rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }

if wants flood; then
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

fi

if wants pages; then
  say "pages: signed out and signed in, br and identity, against the ceiling"
  cookie=$(curl -fs -o /dev/null -D - -H "Origin: $base" -H "Accept: application/json" \
    --data-urlencode "email=ada@quire.test" --data-urlencode "password=User123!x" \
    "$base$login_path" | grep -i '^set-cookie: session=' | head -1 | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
  [[ -n "$cookie" ]] || { echo "could not log in"; exit 1; }
  post=$(curl -fs "$base/posts" | grep -o 'href="/blog/[^"]*"' | head -1 | cut -d'"' -f2)
  printf '%-28s %-9s %10s %9s %9s\n' "page" "encoding" "req/s" "p50" "p99" >"$work/pages.txt"
  measure() { # name path encoding [cookie]
    local out="$work/page-$RANDOM.txt" args=(-t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Accept-Encoding: $3")
    [[ -n "${4:-}" ]] && args+=(-H "Cookie: $4")
    wrk -t2 -c4 -d1s "${args[@]:3}" "$base$2" >/dev/null 2>&1 || true
    wrk "${args[@]}" "$base$2" >"$out"
    printf '%-28s %-9s %10s %9s %9s\n' "$1" "$3" "$(rps "$out")" "$(p50 "$out")" "$(p99 "$out")" | tee -a "$work/pages.txt"
    rps "$out" >"$work/rps-$(echo "$1-$3" | tr -c 'a-z0-9' '_')"
  }
  for encoding in br identity; do
    measure "/posts signed out" /posts "$encoding"
    measure "/blog/:slug signed out" "$post" "$encoding"
    measure "/posts signed in" /posts "$encoding" "$cookie"
  done
  # The ceiling: the same bytes (/posts as a signed-out visitor gets them) from memory.
  curl -fs -H "Accept-Encoding: identity" "$base/posts" -o "$work/posts.html"
  curl -fs -H "Accept-Encoding: br" "$base/posts" -o "$work/posts.html.br"
  kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  server=""
  ceiling_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  for encoding in br identity; do
    file="$work/posts.html"; [[ "$encoding" == br ]] && file="$work/posts.html.br"
    ./target/release/examples/ceiling "$ceiling_port" "$file" $([[ "$encoding" == br ]] && echo br) &
    ceiling=$!
    for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$ceiling_port/" && break; sleep 0.1; done
    wrk -t2 -c4 -d1s "http://127.0.0.1:$ceiling_port/" >/dev/null
    out="$work/ceiling-$encoding.txt"
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$ceiling_port/" >"$out"
    kill "$ceiling"; wait "$ceiling" 2>/dev/null || true
    printf '%-28s %-9s %10s %9s %9s\n' "ceiling (same bytes)" "$encoding" "$(rps "$out")" "$(p50 "$out")" "$(p99 "$out")" | tee -a "$work/pages.txt"
    rps "$out" >"$work/rps-ceiling_$encoding"
  done
  echo
  echo "Pages ($(nproc) cores, release build, production mode, SQLite, wrk -t2 -c$CONNECTIONS ${DURATION}s):"
  cat "$work/pages.txt"
  for encoding in br identity; do
    ceiling=$(cat "$work/rps-ceiling_$encoding")
    for name in "/posts signed out" "/blog/:slug signed out"; do
      page=$(cat "$work/rps-$(echo "$name-$encoding" | tr -c 'a-z0-9' '_')")
      python3 -c "print(f'  {\"$name\":<24} {\"$encoding\":<9} {100 * $page / $ceiling:5.1f} % of the ceiling')"
    done
  done
fi

if wants memory; then
  say "memory: peak after a plain wrk run of /posts and a post page (fresh server)"
  stop_server; start_server
  post=$(curl -fs "$base/posts" | grep -o 'href="/blog/[^"]*"' | head -1 | cut -d'"' -f2)
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$base/posts" >"$work/mem-posts.txt"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$base$post" >"$work/mem-post.txt"
  plain_peak=$(peak_mb)
  say "memory: peak after 1,000 signed-out GETs with distinct query strings (fresh server)"
  stop_server; start_server
  python3 - "$base" >"$work/urls.txt" <<'PY'
import random, string, sys
base = sys.argv[1]
word = lambda n: "".join(random.choices(string.ascii_lowercase, k=n))
for n in range(1000):
    kind = n % 5
    if kind == 0: print(f"{base}/posts?x={word(12)}")
    elif kind == 1: print(f"{base}/posts?q={word(8)}")
    elif kind == 2: print(f"{base}/posts?page={random.randint(1, 10**9)}&utm={word(6)}")
    elif kind == 3: print(f"{base}/blog/{word(20)}")
    else: print(f"{base}/users/{word(10)}?ref={word(5)}")
PY
  xargs -P 8 -I{} curl -s -o /dev/null -H 'Accept-Encoding: br' {} <"$work/urls.txt"
  sleep 1
  distinct_peak=$(peak_mb)
  threads=$(awk '/^Threads/ { print $2 }' "/proc/$server/status")
  cat <<SUMMARY

Memory ($(nproc) cores, release build, production mode, SQLite):
  peak after wrk -c$CONNECTIONS ${DURATION}s of /posts ($(rps "$work/mem-posts.txt") req/s) and a post page ($(rps "$work/mem-post.txt") req/s): ${plain_peak} MB
  peak after 1,000 distinct signed-out GETs: ${distinct_peak} MB ($threads threads)
SUMMARY
fi

# The next part starts servers of its own: this one would only compete for the cores.
stop_server

if ! wants cluster; then
  :
elif [[ -n "${QUIRE_BENCH_POSTGRES_URL:-${QUIRE_TEST_POSTGRES_URL:-}}" ]]; then
  scripts/bench_cluster.sh
else
  printf '\n\033[1;33m!!! %s\033[0m\n' "Two servers on PostgreSQL were NOT measured: set QUIRE_BENCH_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)"
fi
